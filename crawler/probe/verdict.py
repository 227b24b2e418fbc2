"""Is this page an article? The project's own extractor decides, by what it finds on the page.

An article has a headline, a publish time and a body of real length: at least
``MIN_BODY_CHARS`` Han characters in at least ``MIN_SENTENCES`` sentences. List pages, section
fronts, "about" and contact pages, galleries without text and search pages miss one of the three.
Used by ``difang sites probe`` (to confirm learned URL patterns on a sample) and by the spider
when a site file gives no ``article_urls`` (pages are then recognized by content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.article import Article, extract_article
from pipelines.text import decode_html

MIN_BODY_CHARS = 50
MIN_SENTENCES = 2
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[。！？!?；…](?:[”」』\"）)]*)")


@dataclass(frozen=True)
class PageVerdict:
    """What the extractor made of one page, and whether that is an article."""

    url: str
    is_article: bool
    reason: str  # why it is not an article ("" when it is)
    article: Article | None
    text: str  # the decoded page (for links, script and time-zone evidence)


def judge(article: Article) -> str:
    """"" when the extracted fields make an article, else the first thing missing."""
    if not article.title.strip():
        return "no headline"
    if not article.published_at:
        return "no publish time"
    chars = len(_HAN.findall(article.text))
    if chars < MIN_BODY_CHARS:
        return f"body of {chars} Han characters (an article has {MIN_BODY_CHARS} or more)"
    sentences = len(_SENTENCE_END.findall(article.text))
    if sentences < MIN_SENTENCES:
        return f"body of {sentences} sentence(s)"
    return ""


def page_verdict(body: bytes, content_type: str | None, url: str, timezone: str = "Asia/Shanghai") -> PageVerdict:
    """Decode and extract one HTML page and judge it. Never raises: a page the extractor fails
    on is not an article, and the reason says why."""
    try:
        text = decode_html(body, content_type).text
    except Exception as exc:  # a decoder bug: not an article we could read
        return PageVerdict(url, False, f"not decoded: {type(exc).__name__}: {exc}"[:200], None, "")
    try:
        article = extract_article(text, url, timezone=timezone)
    except Exception as exc:
        return PageVerdict(url, False, f"not extracted: {type(exc).__name__}: {exc}"[:200], None, text)
    reason = judge(article)
    return PageVerdict(url, not reason, reason, article, text)
