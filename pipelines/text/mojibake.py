"""Round-trip repairs of text decoded with the wrong codec: UTF-8 read as GBK (`鍖椾含` -> `北京`)
and UTF-8 read as Latin-1/cp1252 (`Ã¤`, `åŒ—äº¬`). A repair is taken only where it is unambiguous:
the re-encoded bytes are valid UTF-8 and the result reads clearly better than what it replaces."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.text.charclass import char_class
from pipelines.text.gbk_bytes import decoded_pairs
from pipelines.text.plausibility import char_model

# nats per character the repaired span must gain over the damaged one
MIN_GAIN_PER_CHAR = 2.0
_LATIN1_MOJIBAKE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")
_C1 = re.compile("[\x80-\x9f]")
_BYTE_RANGE = [*range(0x80, 0xC0), *range(0xE0, 0xF0)]
# two UTF-8 encoded CJK characters in a row: what a misread phrase must contain
_UTF8_CJK_PAIR = re.compile(rb"(?:[\xe3-\xe9][\x80-\xbf]{2}){2}")


def repair_latin1(text: str) -> tuple[str, int]:
    if not _LATIN1_MOJIBAKE.search(text):
        return text, 0
    import ftfy  # here: most pages need no repair, and the import is ~60 ms of a crawl's start-up

    count = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _LATIN1_MOJIBAKE.search(line):
            fixed = line
            for _ in range(6):  # to a fixed point, so that normalizing twice changes nothing
                again = ftfy.fix_encoding(fixed)
                if again == fixed:
                    # C1 controls left over block ftfy; the chain drops them anyway
                    again = _C1.sub("", fixed)
                    if again == fixed:
                        break
                fixed = again
            if fixed != line:
                lines[i] = fixed
                count += 1
    return "\n".join(lines), count


@lru_cache(maxsize=1)
def _suspicious_run() -> re.Pattern[str]:
    """Runs of two or more characters whose GBK bytes could be slices of UTF-8 CJK bytes."""
    chars = {ch for _, _, ch in decoded_pairs(_BYTE_RANGE, _BYTE_RANGE, "gbk") if ch >= "\x80"}
    return re.compile(f"[{char_class(chars)}]{{2,}}")


def repair_utf8_as_gbk(text: str) -> tuple[str, int]:
    count = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        span = m.group()
        # cheap test first: clean text has such runs, but rarely ones that hide UTF-8 bytes
        if not _UTF8_CJK_PAIR.search(span.encode("gbk", "replace")):
            return span
        start, end = m.span()
        fixed = _repair_span(span, text[start - 1] if start else "", text[end : end + 1])
        if fixed is None:
            return span
        count += 1
        return fixed

    return _suspicious_run().sub(fix, text), count


def _repair_span(span: str, left: str, right: str) -> str | None:
    if len(span) < 2:
        return None
    model = char_model()
    best: tuple[float, str] | None = None
    # the damaged chars may sit inside correct ones: try trimming a little on both sides
    for a in range(0, min(3, len(span) - 1)):
        for b in range(len(span), max(a + 1, len(span) - 3), -1):
            try:
                candidate = span[a:b].encode("gbk").decode("utf-8")
            except UnicodeError:
                continue
            if candidate.isascii():
                continue
            before = model.cost(left + span + right)
            after = model.cost(left + span[:a] + candidate + span[b:] + right)
            gain = (before - after) / (b - a)
            if gain >= MIN_GAIN_PER_CHAR and (best is None or after < best[0]):
                best = (after, span[:a] + candidate + span[b:])
    return best[1] if best else None
