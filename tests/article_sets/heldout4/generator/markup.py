"""Pieces of page markup shared by the fourth held-out set's templates, and the label they build.

A template fills a :class:`Rendered`: the HTML it prints and, alongside, the expected fields it
knows from the story (never parsed back out of the HTML).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .stories import Person


@dataclass
class Rendered:
    """A page's HTML and its expected fields."""

    html: str
    title: str
    text: list[str]
    published_at: datetime
    source: str | None
    authors: list[str]
    editor: str | None
    images: list[dict[str, str | None]] = field(default_factory=list)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def ymd_hm(dt: datetime, sep: str = "-") -> str:
    return dt.strftime(f"%Y{sep}%m{sep}%d %H:%M")


def cn_date(dt: datetime, pad: bool = True) -> str:
    if pad:
        return dt.strftime("%Y年%m月%d日")
    return f"{dt.year}年{dt.month}月{dt.day}日"


def names(people: list[Person], sep: str = "　") -> str:
    return sep.join(p.han for p in people)


def head(title: str, extra: str = "", charset: str = "utf-8") -> str:
    """A `<head>` with the page title, a stylesheet and whatever meta the template adds."""
    return (f'<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/static/css/main.css">\n{extra}</head>\n')


def nav(site: str, sections: list[str]) -> str:
    items = "".join(f'<li><a href="/{i}/">{esc(s)}</a></li>' for i, s in enumerate(sections))
    return f'<div class="nav"><a class="logo" href="/">{esc(site)}</a><ul>{items}</ul></div>\n'


def link_items(rng: random.Random, titles: list[str], base: str, dated: datetime | None = None,
               fmt: str = "%m-%d") -> str:
    """`<li>` headline links, optionally each with a nearby date."""
    out = []
    for title in titles:
        href = f"{base}/{rng.randint(100000, 999999)}.html"
        date = ""
        if dated is not None:
            day = dated - timedelta(days=rng.randint(0, 6))
            date = f'<span class="date">{day.strftime(fmt)}</span>'
        out.append(f'<li><a href="{href}" target="_blank">{esc(title)}</a>{date}</li>')
    return "\n".join(out)


def footer(site: str, rng: random.Random, gov: bool = False) -> str:
    """Copyright, ICP and (for government sites) the 网站标识码 lines."""
    icp = f"备案号：云ICP备{rng.randint(10000000, 99999999)}号-{rng.randint(1, 3)}"
    extra = f"<p>网站标识码：{rng.randint(1000000000, 9999999999)}　{icp}</p>" if gov else f"<p>{icp}</p>"
    return (f'<div class="footer"><p>版权所有：{esc(site)}　未经授权禁止复制或建立镜像</p>{extra}'
            f'<p>公安机关备案号 {rng.randint(10000000000000, 99999999999999)}</p></div>\n')


def image(src: str, caption: str | None) -> dict[str, str | None]:
    return {"src": src, "caption": caption}

