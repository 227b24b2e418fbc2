"""Every stored article page of the labelled set and of tests/article_sets, with the URL it was served at.

Used by the checks that must hold on all pages we have (the pagination pre-check, the speed
benchmark, the identity check of a refactoring), not only on the labelled set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.article_sets.sets import article_set, set_names

TESTS = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class StoredPage:
    """One stored page: where it lives, the URL it was served at, and its decoded HTML."""

    name: str  # path relative to tests/, e.g. article/golden/x_0.2.html
    url: str
    html: str


def stored_pages() -> list[StoredPage]:
    """All pages of tests/article/golden, then of every set of tests/article_sets, in a fixed order."""
    golden = TESTS / "article" / "golden"
    pages: list[StoredPage] = []
    for label_path in sorted(golden.glob("*.json")):
        for page in json.loads(label_path.read_text(encoding="utf-8"))["pages"]:
            path = golden / page["file"]
            pages.append(StoredPage(str(path.relative_to(TESTS)), page["url"], path.read_text(encoding="utf-8")))
    for name in set_names():
        found = article_set(name)
        prefix = found.pages.relative_to(TESTS)
        pages += [StoredPage(f"{prefix}/{page.name}.html", page.truth["url"], page.html) for page in found.load()]
    return pages
