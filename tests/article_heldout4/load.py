"""Read the fourth held-out set: each page's HTML with its expected fields."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGES = Path(__file__).parent / "pages"


@dataclass
class LabelledPage:
    """One page of the set and what a perfect extractor returns for it."""

    name: str
    html: str
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.expected["url"])

    @property
    def template(self) -> str:
        return str(self.expected["template"])


def load_pages() -> list[LabelledPage]:
    """Every labelled page, sorted by name."""
    return [LabelledPage(p.stem, p.read_text(encoding="utf-8"), json.loads(p.with_suffix(".json").read_text(encoding="utf-8")))
            for p in sorted(PAGES.glob("*.html"))]
