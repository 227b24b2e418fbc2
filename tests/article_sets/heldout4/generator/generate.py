"""Write the fourth held-out set: `pages/NAME.html` and its expected fields `labels/NAME.json`.

Seeded, so running it again writes the same bytes (tests/article_sets/test_sets.py checks that):

    .venv/bin/python -m tests.article_sets.heldout4.generator.generate
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tests.article_sets.sets import ArticleSet

from . import templates_a as a
from . import templates_b as b
from .markup import Rendered, iso
from .stories import SPORTS, TOPICS, Story, Topic, make_story

SEED = 20240404
SET = ArticleSet(Path(__file__).resolve().parents[1].name)  # the set this generator wrote

Template = Callable[[Story, int, random.Random, str], Rendered]

# name, template, URL pattern ({y} {m} {d} {id}), topics (None: every topic in turn)
TEMPLATES: list[tuple[str, Template, str, list[Topic] | None]] = [
    ("baoye_dl", a.baoye_dl, "https://www.ljnews.cn/content/{y}-{m}/{d}/content_{id}.htm", None),
    ("notice_attach", a.notice_attach, "https://www.dhq.gov.cn/tzgg/{y}/{m}{d}/{id}.html", None),
    ("health_press", a.health_press, "https://wjw.jiangnan.gov.cn/art/{y}/{m}/{d}/art_1523_{id}.html",
     [t for t in TOPICS if t.name in ("school_canteen", "senior_college")]),
    ("town_emoji", a.town_emoji, "https://www.taoyuan.gov.cn/zcdt/{y}{m}/t{y}{m}{d}_{id}.html", None),
    ("live_blog", a.live_blog, "https://live.yynews.cn/zb/{id}.html", None),
    ("qa_press", a.qa_press, "https://www.qxx.gov.cn/zcjd/{y}{m}/t{y}{m}{d}_{id}.html", None),
    ("sports_scores", a.sports_scores, "https://sports.ajwb.com/{y}-{m}-{d}/{id}.shtml", [SPORTS]),
    ("ul_paragraphs", b.ul_paragraphs, "https://m.bhrm.cn/a/{id}", None),
    ("h2_headline", b.h2_headline, "https://www.qhnews.com.cn/news/{y}/{m}/{d}/{id}.html", None),
    ("latin_byline", b.latin_byline, "https://ic.zechuan.cn/zh/{y}-{m}-{d}/a{id}.html", None),
    ("farm_interleaved", b.farm_interleaved, "https://www.jrzx-news.com/news/{id}.html", None),
    ("sidebar_first", b.sidebar_first, "https://www.slxw.cn/bdxw/{y}{m}{d}/{id}.html", None),
    ("xhtml_gbk", b.xhtml_gbk, "http://www.bfx.gov.cn/xwzx/{y}-{m}/{d}/content_{id}.shtml", None),
    ("hidden_spam", b.hidden_spam, "https://www.nprx.cn/html/{y}/{m}{d}/{id}.html", None),
]


def paragraph_count(rng: random.Random, template_index: int, variant: int, name: str) -> int:
    """Variant 0 short (1–2 paragraphs), 1 has 4–6, 2 has 8–12, 3 is long (25–30)."""
    if variant == 0:
        return 2 if name == "live_blog" else 1 + template_index % 2
    return {1: rng.randint(4, 6), 2: rng.randint(8, 12), 3: rng.randint(25, 30)}[variant]


def build() -> dict[str, tuple[str, dict[str, object]]]:
    """Every page's HTML and label, by page name."""
    rng = random.Random(SEED)
    out: dict[str, tuple[str, dict[str, object]]] = {}
    for t_index, (name, template, pattern, topics) in enumerate(TEMPLATES):
        for variant in range(4):
            topic = (topics or TOPICS)[(t_index * 4 + variant) % len(topics or TOPICS)]
            published = datetime(2024, rng.randint(1, 11), rng.randint(1, 28), rng.randint(7, 19), rng.randint(0, 59))
            key = f"{name}_{variant}"
            story = make_story(rng, key, topic, paragraph_count(rng, t_index, variant, name),
                               variant == 3 and name != "live_blog", published)
            url = pattern.format(y=f"{published:%Y}", m=f"{published:%m}", d=f"{published:%d}",
                                 id=rng.randint(10000, 999999))
            page = template(story, variant, rng, url)
            label: dict[str, object] = {
                "url": url, "template": name, "title": page.title, "text": "\n".join(page.text),
                "published_at": iso(page.published_at), "source": page.source, "authors": page.authors,
                "editor": page.editor, "images": page.images, "language": "zh",
            }
            out[key] = (page.html, label)
    return out


def label_json(label: dict[str, object]) -> str:
    return json.dumps(label, ensure_ascii=False, indent=1) + "\n"


def files() -> dict[str, tuple[str, str]]:
    """Every page as committed: name -> (HTML, label JSON)."""
    return {key: (html, label_json(label)) for key, (html, label) in build().items()}


def main() -> None:
    SET.write(files())


if __name__ == "__main__":
    main()
