"""extract_article: one decoded page in, one :class:`Article` out.

Stages: parse → page metadata (title, dates, language) from the untouched tree → cut page
furniture → find the body → keep its prose lines, routing bylines and editor lines to fields.
"""

from __future__ import annotations

from collections.abc import Mapping

from .boilerplate import is_boilerplate_line, prune_furniture
from .byline import find_authors, find_editor, find_source
from .content import find_body
from .dates import date_from_url, iso, parse_date
from .dom import iter_lines
from .model import Article
from .parse import parse_html
from .title import find_title


def extract_article(html: str, url: str, *, selectors: Mapping[str, str] | None = None,
                    timezone: str = "Asia/Shanghai") -> Article:
    """Extract the article fields of one page; ``selectors`` override the generic path per field."""
    root = parse_html(html)
    title, title_raw = find_title(root)
    page_lines = [line.text for line in iter_lines(root)]
    source = next((s for s in map(find_source, page_lines) if s), None)
    published = next((d for d in (parse_date(t, timezone) for t in page_lines if "时间" in t) if d), None)
    published = published or date_from_url(url, timezone)
    prune_furniture(root)
    body = find_body(root)
    text_lines: list[str] = []
    authors: list[str] = []
    editor: str | None = None
    if body is not None:
        for line in iter_lines(body):
            if line.link_density > 0.5 or line.text == title:
                continue
            if is_boilerplate_line(line.text):
                editor = editor or find_editor(line.text)
                continue
            text_lines.append(line.text)
    for page_line in page_lines[:80]:
        if len(page_line) < 60:
            authors.extend(a for a in find_authors(page_line) if a not in authors)
    return Article(title=title, title_raw=title_raw, text="\n".join(text_lines),
                   published_at=iso(published), source=source, authors=authors, editor=editor,
                   images=[], language="zh")
