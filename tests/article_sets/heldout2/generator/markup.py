"""Shared pieces of the page templates: body rendering, label building, boilerplate lists."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .stories import Block, Story, Subhead, Table


@dataclass
class Page:
    """One rendered page and its expected fields (the label)."""

    name: str
    html: str
    label: dict[str, Any]


@dataclass
class Context:
    """What a template gets besides the story: the page's seed, its slot, other headlines."""

    rng: random.Random
    index: int  # 0..3 within the template: 0 short, 3 long
    serial: int  # unique number for URLs and ids
    others: list[str]  # headlines of other invented stories (related lists, rankings)
    domain: str  # pinyin-ish code of the county, for host names


def esc(text: str) -> str:
    """HTML-escape text (quotes too, for attributes)."""
    return html.escape(text, quote=True)


def text_lines(blocks: list[Block]) -> list[str]:
    """The article text lines a body prints: paragraphs, subheads, one line per table row.

    Table rows become one line each, cells joined by one space (documented in README.md).
    """
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(" ".join(cell.strip() for cell in row) for row in block.rows)
        elif isinstance(block, Subhead):
            lines.append(block.text)
        else:
            lines.append(block.strip())
    return lines


def table_html(table: Table, *, cell_p: bool = False, klass: str = "") -> str:
    """A body table; ``cell_p`` wraps each cell in a <p> as Word-pasted tables do."""
    rows = []
    for r, row in enumerate(table.rows):
        tag = "th" if r == 0 and not cell_p else "td"
        cells = "".join(
            f"<{tag}><p>{esc(c)}</p></{tag}>" if cell_p else f"<{tag}>{esc(c)}</{tag}>" for c in row
        )
        rows.append(f"<tr>{cells}</tr>")
    attrs = f' class="{klass}"' if klass else ' border="1" cellspacing="0" cellpadding="4"'
    return f"<table{attrs}><tbody>{''.join(rows)}</tbody></table>"


def body_p(blocks: list[Block], *, indent: str = "", style: str = "", strong_sub: bool = True) -> str:
    """Blocks as <p> paragraphs (subheads bold), tables as tables."""
    out = []
    st = f' style="{style}"' if style else ""
    for block in blocks:
        if isinstance(block, Table):
            out.append(table_html(block))
        elif isinstance(block, Subhead):
            inner = f"<strong>{esc(block.text)}</strong>" if strong_sub else esc(block.text)
            out.append(f"<p{st}>{indent}{inner}</p>")
        else:
            out.append(f"<p{st}>{indent}{esc(block)}</p>")
    return "\n".join(out)


def body_br(blocks: list[Block], *, indent: str, sep: str = "<br><br>\n") -> str:
    """Blocks as text runs separated by blank <br>s only, no <p> at all."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(table_html(block))
        elif isinstance(block, Subhead):
            out.append(f"{indent}<b>{esc(block.text)}</b>{sep}")
        else:
            out.append(f"{indent}{esc(block)}{sep}")
    return "".join(out)


def iso(dt: datetime) -> str:
    """The label form of a time: ISO 8601 with the +08:00 offset of every site in the set."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def make_label(
    template: str,
    url: str,
    title: str,
    lines: list[str],
    published: datetime,
    source: str | None,
    authors: list[str],
    editor: str | None,
    images: list[dict[str, str | None]],
) -> dict[str, Any]:
    """The expected fields of one page, in the order the JSON files keep."""
    return {
        "url": url,
        "template": template,
        "title": title,
        "text": "\n".join(lines),
        "published_at": iso(published),
        "source": source,
        "authors": authors,
        "editor": editor,
        "images": images,
    }


def link_list(headlines: list[str], *, host: str, base: int, dated: bool = False) -> str:
    """<li> links to other stories, as related lists and rankings print them."""
    items = []
    for k, h in enumerate(headlines):
        date = f"<span>03-{(k * 7) % 27 + 1:02d}</span>" if dated else ""
        items.append(
            f'<li><a href="https://{host}/content/{base + k}.html" target="_blank">{esc(h)}</a>{date}</li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def fused(story: Story, lead_prefix: str) -> list[Block]:
    """The story's blocks with a byline prefix fused into the lead paragraph."""
    blocks = list(story.blocks)
    for i, b in enumerate(blocks):
        if isinstance(b, str):
            blocks[i] = lead_prefix + b
            break
    return blocks


def image_for(ctx: Context, story: Story, host: str, k: int = 0) -> dict[str, str | None]:
    """An article image with an invented caption."""
    d = story.published
    src = f"https://{host}/upload/{d:%Y%m}/{d:%d}/{ctx.serial:05d}{k}.jpg"
    caption = f"图为{story.county}{['施工现场', '活动现场', '群众在现场', '工作人员正在作业'][(ctx.serial + k) % 4]}。"
    return {"src": src, "caption": caption}
