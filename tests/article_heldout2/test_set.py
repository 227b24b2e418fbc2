"""The second held-out set's shape, and that its generator still writes exactly the committed pages."""

from __future__ import annotations

import json
from collections import Counter

from .generate import PAGES, build, label_json

FIELDS = ["url", "template", "title", "text", "published_at", "source", "authors", "editor", "images"]


def test_set_has_enough_pages_and_templates() -> None:
    labels = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PAGES.glob("*.json"))]
    assert len(labels) >= 50
    per_template = Counter(label["template"] for label in labels)
    assert len(per_template) >= 12
    assert min(per_template.values()) >= 4
    for label in labels:
        assert list(label) == FIELDS
        assert label["title"] and label["text"]
        assert label["published_at"].endswith("+08:00")


def test_generator_writes_the_committed_pages() -> None:
    pages = build()
    assert {p.name for p in pages} == {p.stem for p in PAGES.glob("*.html")}
    for page in pages:
        assert (PAGES / f"{page.name}.html").read_bytes() == page.html.encode("utf-8"), page.name
        assert (PAGES / f"{page.name}.json").read_text(encoding="utf-8") == label_json(page), page.name


def test_long_and_short_pages_are_there() -> None:
    lengths = [
        len(json.loads(p.read_text(encoding="utf-8"))["text"].split("\n")) for p in PAGES.glob("*.json")
    ]
    assert min(lengths) == 1
    assert max(lengths) >= 30
