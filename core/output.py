"""Printing results: readable tables (CJK-width aware) for people, JSON/JSONL for scripts."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, columns: int) -> str:
    """``text`` cut (with an ellipsis) and padded to exactly ``columns`` terminal columns."""
    text = " ".join(str(text).split())
    if width(text) > columns:
        out, used = [], 0
        for ch in text:
            w = width(ch)
            if used + w > columns - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (columns - width(text))


def table(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[Any]],
          max_widths: Sequence[int] | None = None) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        widths = [max(w, width(" ".join(c.split()))) for w, c in zip(widths, row, strict=True)]
    if max_widths:
        widths = [min(w, m) for w, m in zip(widths, max_widths, strict=True)]
    print("  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    for row in cells:
        print("  ".join(fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def emit_json(out: TextIO, value: Any) -> None:
    print(dumps(value, indent=1), file=out)


def emit_jsonl(out: TextIO, rows: Iterable[Any]) -> None:
    for row in rows:
        print(dumps(row), file=out)
