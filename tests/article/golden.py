"""The labelled set on disk: golden/NAME.html (+ NAME.2.html … for later pages) and NAME.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


@dataclass
class Case:
    """One labelled article: its pages as served, the expected fields, the furniture lines."""

    name: str
    template: str
    pages: list[tuple[str, str]]  # (url, html), first page first
    expected: dict[str, object]
    boilerplate: list[str]

    @property
    def url(self) -> str:
        return self.pages[0][0]

    def page_html(self, url: str) -> str | None:
        return next((html for page_url, html in self.pages if page_url == url), None)


def load_cases(folder: Path = GOLDEN) -> list[Case]:
    cases = []
    for label_path in sorted(folder.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        pages = [(page["url"], (folder / page["file"]).read_text(encoding="utf-8")) for page in label["pages"]]
        cases.append(Case(label_path.stem, label["template"], pages, label["expected"], label["boilerplate"]))
    return cases
