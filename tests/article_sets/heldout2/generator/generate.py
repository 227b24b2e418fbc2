"""Writes the second held-out set: ``python -m tests.article_sets.heldout2.generator.generate``.

56 pages (14 templates x 4) with their labels, rendered from seeded invented stories. The output
is deterministic: tests/article_sets/test_sets.py checks that this script still writes exactly the
committed files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tests.article_sets.sets import ArticleSet

from .markup import Context, Page
from .stories import PLACES, TOPICS, Story, make_story, price_table, schedule_table
from .templates_a import discuz_forum, rm_local, toutiao_mirror, trs_gov, xinhua_local, xxqg_share
from .templates_b import (
    amp_page,
    baidu_spans,
    br_indent,
    inline_ads,
    print_view,
    table_article,
    trad_hk,
    two_articles,
)

SET = ArticleSet(Path(__file__).resolve().parents[1].name)  # the set this generator wrote
SEED = 20240305
DOMAINS = [
    "yudu",
    "taoyuan",
    "huoshan",
    "langzhong",
    "guangshan",
    "songyang",
    "yinan",
    "yangshuo",
    "zigui",
    "jiangle",
    "chenggu",
    "leishan",
    "neiqiu",
    "qinan",
]

TEMPLATES = [
    "rm_local",
    "xinhua_local",
    "trs_gov",
    "xxqg_share",
    "discuz_forum",
    "toutiao_mirror",
    "inline_ads",
    "table_article",
    "br_indent",
    "baidu_spans",
    "trad_hk",
    "amp_page",
    "print_view",
    "two_articles",
]
# Templates that print seconds somewhere; elsewhere stories are published on the minute.
WITH_SECONDS = {"xinhua_local", "xxqg_share", "inline_ads", "br_indent", "baidu_spans"}

Render = Callable[[Story, Context], Page]


def _length(rng: random.Random, t: int, index: int) -> int:
    """Paragraph count: a very short page, two middling, one long (30+ on every other template)."""
    if index == 0:
        return 1 if t % 2 == 0 else 2
    if index == 1:
        return rng.randrange(4, 7)
    if index == 2:
        return rng.randrange(8, 13)
    return rng.randrange(30, 35) if t % 2 == 0 else rng.randrange(15, 19)


def _published(rng: random.Random, seconds: bool) -> datetime:
    day = datetime(2023, 9, 1) + timedelta(days=rng.randrange(0, 300))
    return day.replace(
        hour=rng.randrange(6, 23), minute=rng.randrange(0, 60), second=rng.randrange(1, 60) if seconds else 0
    )


def _headlines(rng: random.Random, count: int) -> list[str]:
    """Headlines of other invented stories, for related lists and rankings."""
    out = []
    for _ in range(count):
        s = make_story(rng, rng.choice(sorted(TOPICS)), 1, _published(rng, False), rng.choice(PLACES))
        out.append(s.title)
    return out


def build() -> list[Page]:
    """Every page of the set, in a fixed order."""
    rng = random.Random(SEED)
    topics = sorted(TOPICS)
    pages: list[Page] = []
    serial = 0
    for t, name in enumerate(TEMPLATES):
        for index in range(4):
            serial += 1
            p = (t * 4 + index) % len(PLACES)
            topic = topics[(t * 3 + index) % len(topics)]
            reporters = (
                2
                if (name == "xinhua_local" and index % 2 == 1) or (name == "print_view" and index == 2)
                else 1
            )
            story = make_story(
                rng,
                topic,
                _length(rng, t, index),
                _published(rng, name in WITH_SECONDS),
                PLACES[p],
                reporters=reporters,
                subheads=index == 3,
            )
            ctx = Context(rng=rng, index=index, serial=serial, others=_headlines(rng, 14), domain=DOMAINS[p])
            pages.append(_render(name, story, ctx, rng))
    return pages


def _render(name: str, story: Story, ctx: Context, rng: random.Random) -> Page:
    if name == "table_article":
        table = price_table(rng) if ctx.index % 2 == 0 else schedule_table(rng, story)
        return table_article(story, ctx, table)
    if name == "two_articles":
        related = make_story(
            rng,
            rng.choice(sorted(TOPICS)),
            rng.randrange(2, 5),
            story.published - timedelta(days=3),
            PLACES[ctx.serial % len(PLACES)],
        )
        return two_articles(story, ctx, related)
    renders: dict[str, Render] = {
        "rm_local": rm_local,
        "xinhua_local": xinhua_local,
        "trs_gov": trs_gov,
        "xxqg_share": xxqg_share,
        "discuz_forum": discuz_forum,
        "toutiao_mirror": toutiao_mirror,
        "inline_ads": inline_ads,
        "br_indent": br_indent,
        "baidu_spans": baidu_spans,
        "trad_hk": trad_hk,
        "amp_page": amp_page,
        "print_view": print_view,
    }
    return renders[name](story, ctx)


def label_json(page: Page) -> str:
    """The committed form of a label."""
    return json.dumps(page.label, ensure_ascii=False, indent=1) + "\n"


def files() -> dict[str, tuple[str, str]]:
    """Every page as committed: name -> (HTML, label JSON)."""
    return {page.name: (page.html, label_json(page)) for page in build()}


def main() -> None:
    SET.write(files())


if __name__ == "__main__":
    main()
