"""The third held-out set's shape, and that ``generate.py`` still writes exactly the committed pages."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .generate import PAGES, build, render

FIELDS = {"url", "template", "title", "text", "published_at", "source", "authors", "editor", "images", "language"}


def _labels() -> dict[str, dict[str, object]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(PAGES.glob("*.json"))}


def test_set_has_enough_pages_and_templates() -> None:
    labels = _labels()
    per_template = Counter(str(lab["template"]) for lab in labels.values())
    assert len(labels) >= 50
    assert len(per_template) >= 12
    assert all(count >= 4 for count in per_template.values())
    for name, lab in labels.items():
        assert set(lab) == FIELDS, name
        assert Path(PAGES / f"{name}.html").is_file()


def test_every_template_has_a_short_and_a_long_page() -> None:
    lines: dict[str, list[int]] = {}
    for lab in _labels().values():
        lines.setdefault(str(lab["template"]), []).append(len(str(lab["text"]).split("\n")))
    for template, counts in lines.items():
        # bilingual pages print two lines (中/英) per paragraph, a gallery an intro plus a picture,
        # a feature its two paragraphs plus one quote
        short_limit = {"bilingual": 4, "gallery": 3, "blockquote_feature": 3}.get(template, 2)
        assert min(counts) <= short_limit, template
        assert max(counts) >= 25, template


def test_generator_writes_the_committed_pages() -> None:
    for page in build():
        markup, expected = render(page)
        assert (PAGES / f"{page.name}.html").read_text(encoding="utf-8") == markup, page.name
        assert (PAGES / f"{page.name}.json").read_text(encoding="utf-8") == expected, page.name
