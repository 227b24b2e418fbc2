"""Shape of the fourth held-out set, and that the generator still writes exactly the committed pages."""

from __future__ import annotations

import re
from collections import Counter

from .generate import build, label_json
from .load import PAGES, load_pages

FIELDS = {"url", "template", "title", "text", "published_at", "source", "authors", "editor", "images", "language"}


def test_at_least_50_pages_in_at_least_12_templates() -> None:
    pages = load_pages()
    per_template = Counter(p.template for p in pages)
    assert len(pages) >= 50
    assert len(per_template) >= 12
    assert all(n == 4 for n in per_template.values())


def test_every_template_has_a_short_and_a_long_page() -> None:
    by_template: dict[str, list[int]] = {}
    for page in load_pages():
        by_template.setdefault(page.template, []).append(len(str(page.truth["text"]).split("\n")))
    for template, counts in by_template.items():
        # 1–2 story paragraphs; notices add 特此通知 and two 落款 lines, score pages their table rows
        assert min(counts) <= 7, template
        assert max(counts) >= 25, template


def test_labels_have_every_field_and_iso_dates() -> None:
    for page in load_pages():
        assert set(page.truth) == FIELDS, page.name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00", str(page.truth["published_at"]))
        assert page.truth["title"] and page.truth["text"], page.name
        for line in str(page.truth["text"]).split("\n"):
            assert line == line.strip() and line, page.name


def test_generator_writes_the_committed_pages() -> None:
    built = build()
    assert sorted(built) == sorted(p.stem for p in PAGES.glob("*.html"))
    for name, (html, label) in built.items():
        assert (PAGES / f"{name}.html").read_text(encoding="utf-8") == html, name
        assert (PAGES / f"{name}.json").read_text(encoding="utf-8") == label_json(label), name
