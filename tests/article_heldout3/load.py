"""Loads the third held-out set as the first set's scoring expects it (``HeldoutPage``)."""

from __future__ import annotations

import json

from tests.article_heldout.scoring import HeldoutPage

from .generate import PAGES


def load_pages() -> list[HeldoutPage]:
    """Every page with its label, in name order."""
    return [
        HeldoutPage(p.stem, p.read_text("utf-8"), json.loads(p.with_suffix(".json").read_text("utf-8")))
        for p in sorted(PAGES.glob("*.html"))
    ]
