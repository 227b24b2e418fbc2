"""Scores article extractors on a labelled set: body F1, field accuracy, leaked lines.

Shared by the gate (tests/article_sets/test_gate.py, difang only) and the bench
(``bench/extract_sets``, difang next to trafilatura and GNE), so both compute every figure the
same way, on every set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from .sets import LabelledPage

SHANGHAI = timezone(timedelta(hours=8))
FIELDS = ("title", "published_at", "source", "authors", "editor")


@dataclass
class Prediction:
    """What one extractor said about one page; fields it does not offer stay out of `offers`."""

    text: str = ""
    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    offers: frozenset[str] = frozenset(FIELDS)


def difang_prediction(page: LabelledPage) -> Prediction:
    from pipelines.article import extract_article

    article = extract_article(page.html, page.truth["url"])
    published = article.published_at
    return Prediction(
        text=article.text or "", title=article.title,
        published_at=published.isoformat() if isinstance(published, datetime) else published,
        source=article.source, authors=list(article.authors or []), editor=article.editor)


# ------------------------------------------------------------------------------ body measures
def _chars(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _f1(overlap: int, predicted: int, truth: int) -> float:
    if predicted == 0 or truth == 0:
        return 1.0 if predicted == truth else 0.0
    precision, recall = overlap / predicted, overlap / truth
    return 0.0 if overlap == 0 else 2 * precision * recall / (precision + recall)


def char_f1(predicted: str, truth: str) -> float:
    """F1 over the bag of non-space characters."""
    p, t = Counter(_chars(predicted)), Counter(_chars(truth))
    return _f1(sum((p & t).values()), sum(p.values()), sum(t.values()))


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö), so pages score in ms."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def lcs_f1(predicted: str, truth: str) -> float:
    """F1 over the longest common subsequence of non-space characters: order matters too."""
    p, t = _chars(predicted), _chars(truth)
    return _f1(lcs_length(p, t), len(p), len(t))


def leaked_lines(predicted: str, truth: str) -> list[str]:
    """Predicted lines that occur nowhere in the true text (white space ignored)."""
    whole = _chars(truth)
    return [line.strip() for line in predicted.split("\n") if _chars(line) and _chars(line) not in whole]


def missing_lines(predicted: str, truth: str) -> list[str]:
    whole = _chars(predicted)
    return [line for line in truth.split("\n") if _chars(line) not in whole]


# ------------------------------------------------------------------------------ field measures
_WHEN = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?"
                   r"(?:[T\s]*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")


def parse_instant(value: str | None) -> datetime | None:
    """Lenient: ISO 8601, `2024-05-08 10:21`, `2024年05月08日`, `2024/5/8`; naive means Shanghai."""
    if not value:
        return None
    m = _WHEN.search(value)
    if not m:
        return None
    year, month, day, hour, minute, second, offset = m.groups()
    tz = SHANGHAI
    if offset == "Z":
        tz = UTC
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    return re.sub(r"\s+", " ", value).strip() or None if value else None


def field_ok(name: str, predicted: Prediction, truth: dict[str, Any]) -> bool:
    if name == "published_at":
        got, want = parse_instant(predicted.published_at), parse_instant(truth["published_at"])
        return got is not None and want is not None and got == want
    if name == "published_day":
        got, want = parse_instant(predicted.published_at), parse_instant(truth["published_at"])
        return got is not None and want is not None and got.astimezone(SHANGHAI).date() == want.date()
    if name == "authors":
        return {a.strip() for a in predicted.authors if a.strip()} == set(truth["authors"])
    value = getattr(predicted, name)
    return _clean(value) == _clean(truth[name])


# ------------------------------------------------------------------------------ figures
@dataclass
class PageScore:
    page: LabelledPage
    predicted: Prediction
    char_f1: float
    lcs_f1: float
    leaked: list[str]
    missing: list[str]
    fields: dict[str, bool]


def score_page(page: LabelledPage, predicted: Prediction) -> PageScore:
    truth = page.truth["text"]
    names = [*(n for n in FIELDS if n in predicted.offers)]
    if "published_at" in predicted.offers:
        names.append("published_day")
    return PageScore(page, predicted, char_f1(predicted.text, truth), lcs_f1(predicted.text, truth),
                     leaked_lines(predicted.text, truth), missing_lines(predicted.text, truth),
                     {n: field_ok(n, predicted, page.truth) for n in names})


def figures(scores: list[PageScore]) -> dict[str, Any]:
    """Mean body F1s, field accuracies (only for fields the extractor offers), leaked lines."""
    n = len(scores)
    out: dict[str, Any] = {
        "pages": n,
        "body_f1_char": round(sum(s.char_f1 for s in scores) / n, 4),
        "body_f1_lcs": round(sum(s.lcs_f1 for s in scores) / n, 4),
        "leaked_lines": sum(len(s.leaked) for s in scores),
        "pages_with_leaks": sum(1 for s in scores if s.leaked),
    }
    for name in (*FIELDS, "published_day"):
        judged = [s.fields[name] for s in scores if name in s.fields]
        out[f"{name}_exact"] = round(sum(judged) / len(judged), 4) if judged else None
    return out


def difang_scores(pages: list[LabelledPage]) -> list[PageScore]:
    return [score_page(p, difang_prediction(p)) for p in pages]
