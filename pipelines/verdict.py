"""Is this page an article? The project's own extractor decides, by what it finds on the page.

An article has a headline, a publish time and a body of real length: at least
``MIN_BODY_CHARS`` Han characters in at least ``MIN_SENTENCES`` sentences. List pages, section
fronts, "about" and contact pages, galleries without text and search pages miss one of the three.
A headline is the page's own: one that is the text of a link to the site's front page (the
logo's site name) is what the extractor falls back to on a list page whose entries carry
summaries and dates; and a headline has at least ``MIN_TITLE_CHARS`` characters (a section name
has fewer).

Used by ``difang sites probe`` (to confirm learned URL patterns on a sample), by the spider when a
site file gives no ``article_urls`` (pages are then recognized by content) and by ``difang
rebuild`` for such a site (the same decision, taken again on the captures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipelines.article import Article, extract_article
from pipelines.text import decode_html

MIN_BODY_CHARS = 50
MIN_SENTENCES = 2
MIN_TITLE_CHARS = 5
_INDEX = re.compile(r"/(?:index|default|main)\.\w+")
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


def judge(article: Article, front_anchors: frozenset[str] = frozenset()) -> str:
    """"" when the extracted fields make an article, else the first thing missing.
    ``front_anchors``: texts of the page's links to the site's front page."""
    title = " ".join(article.title.split())
    if not title:
        return "no headline"
    if len(title) < MIN_TITLE_CHARS:
        return f"headline {title!r} too short"
    if title in front_anchors:
        return f"the headline {title[:30]!r} is the front page's link (the site's name)"
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
    reason = judge(article, _front_anchors(text, url))
    return PageVerdict(url, not reason, reason, article, text)


def _front_anchors(text: str, url: str) -> frozenset[str]:
    """Texts of the links to the front page of ``url``'s host (``/``, ``/index.html``…)."""
    from lxml import etree, html

    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return frozenset()
    host = urlsplit(url).netloc
    out = set()
    for el in root.iter("a"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        target = urlsplit(urljoin(url, href))
        front = target.path in ("", "/") or _INDEX.fullmatch(target.path) is not None
        if target.netloc == host and front and not target.query:
            anchor = " ".join(el.text_content().split())
            if anchor:
                out.add(anchor)
    return frozenset(out)
