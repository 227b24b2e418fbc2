"""Scoring extractors on the labelled set: the figures of bench/extract and of the quality gate.

Body F1 is over the bag of characters (multiset of non-space characters), the measure used by
the CleanEval-style evaluations of trafilatura and GNE; it is insensitive to line breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from pipelines.article import article_page_links, extract_article, merge_pages

from .golden import Case

_SPACE = re.compile(r"\s+")


def char_f1(got: str, want: str) -> float:
    """F1 of the character multisets of two texts, whitespace ignored."""
    got_chars = Counter(_SPACE.sub("", got))
    want_chars = Counter(_SPACE.sub("", want))
    if not got_chars and not want_chars:
        return 1.0
    common = sum((got_chars & want_chars).values())
    if not common:
        return 0.0
    precision = common / sum(got_chars.values())
    recall = common / sum(want_chars.values())
    return 2 * precision * recall / (precision + recall)


def leaked_lines(text: str, case: Case) -> list[str]:
    """Lines of ``text`` that are (or contain) furniture of the page rather than article text."""
    paragraphs = set(str(case.expected["text"]).split("\n"))
    furniture = [_SPACE.sub("", b) for b in case.boilerplate if len(_SPACE.sub("", b)) >= 4]
    leaked = []
    for line in text.split("\n"):
        if not line.strip() or line in paragraphs:
            continue
        compact = _SPACE.sub("", line)
        if any(f in compact or (compact in f and len(compact) >= 4) for f in furniture):
            leaked.append(line)
    return leaked


def extra_lines(text: str, case: Case) -> list[str]:
    """Lines of ``text`` that are no paragraph of the article."""
    paragraphs = set(str(case.expected["text"]).split("\n"))
    return [line for line in text.split("\n") if line.strip() and line not in paragraphs]


def difang(case: Case) -> dict[str, object]:
    """difang's record for a case, following the article's own pages like the spider does."""
    url, html = case.pages[0]
    first = extract_article(html, url)
    pages = [first]
    for link in article_page_links(html, url):
        page_html = case.page_html(link)
        if page_html is not None:
            pages.append(extract_article(page_html, link))
    return asdict(merge_pages(pages) if len(pages) > 1 else first)


@dataclass
class Figures:
    """Aggregate figures of one extractor over the set (None where it does not give a field)."""

    pages: int
    body_f1: float
    title_exact: float | None = None
    published_exact: float | None = None
    source_accuracy: float | None = None
    authors_accuracy: float | None = None
    editor_accuracy: float | None = None
    leaked_lines: int = 0
    extra_lines: int = 0


def score(cases: Iterable[Case], extractor: Callable[[Case], dict[str, object]],
          fields: tuple[str, ...] = ("title", "published_at", "source", "authors", "editor"),
          ) -> tuple[Figures, list[str]]:
    """Figures of ``extractor`` over ``cases``, and one line per mismatch for reading."""
    f1s: list[float] = []
    hits: Counter[str] = Counter()
    leaked = extra = 0
    problems: list[str] = []
    cases = list(cases)
    for case in cases:
        got = extractor(case)
        want = case.expected
        text = str(got.get("text") or "")
        f1 = char_f1(text, str(want["text"]))
        f1s.append(f1)
        if f1 < 0.99:
            problems.append(f"{case.name}: body F1 {f1:.3f}")
        for name in fields:
            ok = _same(name, got.get(name), want.get(name))
            hits[name] += ok
            if not ok:
                problems.append(f"{case.name}: {name} {got.get(name)!r} != {want.get(name)!r}")
        case_leaks = leaked_lines(text, case)
        leaked += len(case_leaks)
        extra += len(extra_lines(text, case))
        problems.extend(f"{case.name}: leaked {line[:60]!r}" for line in case_leaks)
    n = len(cases)

    def rate(name: str) -> float | None:
        return hits[name] / n if name in fields else None

    figures = Figures(pages=n, body_f1=sum(f1s) / n, title_exact=rate("title"),
                      published_exact=rate("published_at"), source_accuracy=rate("source"),
                      authors_accuracy=rate("authors"), editor_accuracy=rate("editor"),
                      leaked_lines=leaked, extra_lines=extra)
    return figures, problems


def _same(name: str, got: object, want: object) -> bool:
    if name == "authors":
        return sorted(got or []) == sorted(want or [])  # type: ignore[call-overload]
    return got == want
