"""Writes the third held-out set: ``python -m tests.article_sets.heldout3.generator.generate``
renders every template's four stories into ``pages/NAME.html`` with the expected fields in
``labels/NAME.json``.

Seeded, so the committed pages are exactly what this script writes (tests/article_sets/test_sets.py
checks it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.article_sets.sets import ArticleSet

from . import templates_a as a
from . import templates_b as b
from .markup import Page
from .stories import StoryMaker

SEED = 20240305
SET = ArticleSet(Path(__file__).resolve().parents[1].name)  # the set this generator wrote

Template = Callable[[StoryMaker, object, int], Page]
TEMPLATES: list[Callable[..., Page]] = [
    a.prov_tv, a.rmt_h5, a.kaipu_gov, a.forum_portal, a.aggregator, a.gallery, a.epaper,
    b.time_nav, b.footnote_theory, b.bilingual, b.div_styles, b.blockquote_feature, b.entity_cjk, b.reprint_chain,
]
NO_SUBHEADS = {"gallery", "bilingual"}


def paragraph_count(mk: StoryMaker, template_index: int, variant: int) -> int:
    """Variant 0 is short (1 or 2 paragraphs), 1 and 2 medium, 3 long (25 or more)."""
    if variant == 0:
        return 1 + template_index % 2 + (1 if template_index == 5 else 0)  # a gallery needs a picture
    if variant == 1:
        return mk.rng.randint(4, 6)
    if variant == 2:
        return mk.rng.randint(8, 12)
    return mk.rng.randint(25, 30)


def build() -> list[Page]:
    mk = StoryMaker(SEED)
    pages = []
    for ti, template in enumerate(TEMPLATES):
        for variant in range(4):
            name = template.__name__
            count = paragraph_count(mk, ti, variant)
            story = mk.story(count, subheads=variant == 3 and name not in NO_SUBHEADS, topic_index=ti * 4 + variant)
            page = template(mk, story, variant)
            page.name = f"{name}_{variant}"
            pages.append(page)
    return pages


def render(page: Page) -> tuple[str, str]:
    return page.html, json.dumps(page.label, ensure_ascii=False, indent=1) + "\n"


def files() -> dict[str, tuple[str, str]]:
    """Every page as committed: name -> (HTML, label JSON)."""
    return {page.name: render(page) for page in build()}


def main() -> None:
    SET.write(files())


if __name__ == "__main__":
    main()
