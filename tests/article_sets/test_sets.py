"""Every labelled set has the shape its set.json gives, and a set's generator (its provenance)
still writes exactly the committed pages and labels."""

from __future__ import annotations

import importlib
import re
from collections import Counter

import pytest

from .sets import ArticleSet, article_set, set_names

SETS = set_names()
ISO_SHANGHAI = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00")


@pytest.mark.parametrize("name", SETS)
def test_every_page_has_a_label_and_every_label_a_page(name: str) -> None:
    found = article_set(name)
    pages = sorted(p.stem for p in found.pages.iterdir())
    assert pages and pages == sorted(p.stem for p in found.labels.iterdir())
    assert {p.suffix for p in found.pages.iterdir()} == {".html"}
    assert {p.suffix for p in found.labels.iterdir()} == {".json"}


@pytest.mark.parametrize("name", SETS)
def test_pages_and_templates_as_set_json_says(name: str) -> None:
    found = article_set(name)
    shape = found.about()["shape"]
    per_template = Counter(page.template for page in found.load())
    assert sum(per_template.values()) == shape["pages"]
    assert len(per_template) == shape["templates"]
    assert set(per_template.values()) == {shape["pages_per_template"]}


@pytest.mark.parametrize("name", SETS)
def test_labels_have_every_field(name: str) -> None:
    found = article_set(name)
    fields = found.about()["shape"]["label_fields"]
    for page in found.load():
        truth = page.truth
        assert list(truth) == fields, page.name
        assert truth["url"] and truth["title"] and truth["text"], page.name
        assert ISO_SHANGHAI.fullmatch(truth["published_at"]), page.name
        assert all(line and line == line.strip() for line in truth["text"].split("\n")), page.name


@pytest.mark.parametrize("name", SETS)
def test_every_template_has_a_short_and_a_long_page(name: str) -> None:
    found = article_set(name)
    shape = found.about()["shape"]
    lines: dict[str, list[int]] = {}
    for page in found.load():
        lines.setdefault(page.template, []).append(len(page.truth["text"].split("\n")))
    for template, counts in lines.items():
        short = shape["short_page_lines"].get(template, shape["short_page_lines"]["*"])
        assert min(counts) <= short, template
        assert max(counts) >= shape["long_page_lines"], template


GENERATED = [name for name in SETS if ArticleSet(name).about().get("generated")]


@pytest.mark.parametrize("name", GENERATED)
def test_generator_writes_the_committed_files(name: str) -> None:
    """A set made by a generator (``"generated": true``) keeps it in NAME/generator/generate.py,
    whose ``files()`` gives every page and label as committed."""
    found = ArticleSet(name)
    written = importlib.import_module(f"tests.article_sets.{name}.generator.generate").files()
    assert sorted(written) == sorted(p.stem for p in found.pages.glob("*.html"))
    for page, (html, label) in written.items():
        assert (found.pages / f"{page}.html").read_bytes() == html.encode("utf-8"), page
        assert (found.labels / f"{page}.json").read_bytes() == label.encode("utf-8"), page
