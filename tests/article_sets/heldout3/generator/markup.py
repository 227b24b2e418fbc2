"""Shared pieces of the third held-out set's page templates: the page record, its label, and
the boilerplate blocks (related lists, footers) that every portal carries in its own dress."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .stories import Story, StoryMaker


@dataclass
class Page:
    """One rendered page and its expected fields (written from the story, not from the page)."""

    name: str
    url: str
    html: str
    label: dict[str, Any]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def label(
    story: Story,
    url: str,
    template: str,
    lines: list[str],
    published: datetime,
    *,
    source: str | None,
    authors: list[str],
    editor: str | None,
    images: list[dict[str, str | None]] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    return {
        "url": url,
        "template": template,
        "title": title if title is not None else story.title,
        "text": "\n".join(line.strip() for line in lines),
        "published_at": iso(published),
        "source": source,
        "authors": authors,
        "editor": editor,
        "images": images or [],
        "language": "zh",
    }


def document(title_tag: str, body: str, head: str = "", lang: str = "zh-CN") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title_tag)}</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def headline_items(mk: StoryMaker, count: int, base: str, date_format: str | None) -> str:
    """``<li>`` items of other stories' headlines, with dates printed in ``date_format``."""
    items = []
    for i, (title, when) in enumerate(mk.headlines(count)):
        date = f"<span>{when.strftime(date_format)}</span>" if date_format else ""
        items.append(f'<li><a href="{base}{when:%Y%m}/t{when:%Y%m%d}_{7000 + i * 37}.html">{esc(title)}</a>{date}</li>')
    return "\n".join(items)


def icp_footer(owner: str, mk: StoryMaker) -> str:
    return (
        '<div class="footer">\n'
        f"<p>主办：{esc(owner)}　承办：{esc(owner)}信息中心</p>\n"
        f"<p>Copyright © 2024 {esc(owner)} 版权所有 未经授权禁止转载</p>\n"
        f"<p>ICP备{mk.rng.randint(10000000, 99999999)}号-1　公安机关备案号：{mk.rng.randint(10**13, 10**14 - 1)}</p>\n"
        "</div>"
    )


def short_date(when: datetime) -> str:
    """``2024年3月5日`` as a page prints it in running text."""
    return f"{when.year}年{when.month}月{when.day}日"
