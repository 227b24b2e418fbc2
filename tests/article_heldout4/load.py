"""Loads the fourth held-out set as the first set's scoring expects it (``HeldoutPage``)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.article_heldout.scoring import HeldoutPage

PAGES = Path(__file__).parent / "pages"


def load_pages() -> list[HeldoutPage]:
    """Every page with its label (``truth``), in name order."""
    return [
        HeldoutPage(p.stem, p.read_text("utf-8"), json.loads(p.with_suffix(".json").read_text("utf-8")))
        for p in sorted(PAGES.glob("*.html"))
    ]
