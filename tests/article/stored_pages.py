"""Every stored article page of the labelled set and the held-out sets, with the URL it was served at.

Used by the checks that must hold on all pages we have (the pagination pre-check, the speed
benchmark, the identity check of a refactoring), not only on the labelled set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class StoredPage:
    """One stored page: where it lives, the URL it was served at, and its decoded HTML."""

    name: str  # path relative to tests/, e.g. article/golden/x_0.2.html
    url: str
    html: str


def _label_pages(label_path: Path) -> list[tuple[str, str]]:
    """(file name, url) of the pages a label names: a golden label lists them, a held-out label
    names one page, the HTML file of the same stem."""
    label = json.loads(label_path.read_text(encoding="utf-8"))
    if "pages" in label:
        return [(page["file"], page["url"]) for page in label["pages"]]
    return [(label_path.stem + ".html", label["url"])]


def stored_pages() -> list[StoredPage]:
    """All pages of tests/article/golden and tests/article_heldout*/pages, in a fixed order."""
    folders = [TESTS / "article" / "golden", *sorted(TESTS.glob("article_heldout*/pages"))]
    pages: list[StoredPage] = []
    for folder in folders:
        for label_path in sorted(folder.glob("*.json")):
            for file, url in _label_pages(label_path):
                path = folder / file
                pages.append(StoredPage(str(path.relative_to(TESTS)), url, path.read_text(encoding="utf-8")))
    return pages
