"""Links of a portal page as the probe reads them: where they point, their anchor text, whether
they sit in page furniture (navigation, header, footer), the feeds the page announces, and which
of them page through a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.discovery import FEED_TYPES
from crawler.probe.urlshapes import shape_of

# class/id words of page furniture, as CSS authors name it (not any one site's names)
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|header|topbar|footer|foot|bottom|"
                        r"breadcrumb|crumb|sitemap|copyright|links|friendlink|flink)(?:$|[\s_\d-])", re.I)
_FURNITURE_TAGS = {"nav", "header", "footer"}
_PAGE_NUMBER = re.compile(r"^\[?\s*\d{1,4}\s*\]?$")
# what pagers print next to the numbers, in the languages Chinese portals use
_PAGER_WORDS = re.compile(r"^(?:下一?页|上一?页|后页|前页|尾页|末页|首页|下一頁|上一頁|尾頁|末頁|首頁|"
                          r"next|prev(?:ious)?|last|first|more|»|«|›|‹|>>?|<<?)$", re.I)
_SKIPPED_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".pdf",
                       ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".gz",
                       ".mp3", ".mp4", ".avi", ".flv", ".wmv", ".apk", ".exe", ".txt", ".wps", ".ofd")


@dataclass(frozen=True)
class Link:
    """One link of a page."""

    url: str  # absolute, without fragment
    text: str  # anchor text, whitespace collapsed
    furniture: bool  # in navigation, header or footer
    source: str  # how the probe met it: home, list, feed, sitemap, rendered
    page: str  # the page (or feed, sitemap) it was found on


def parse(text: str) -> etree._Element | None:
    try:
        return html.document_fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return None


def base_of(root: etree._Element, url: str) -> str:
    for el in root.iter("base"):
        href = el.get("href")
        if href:
            return urljoin(url, href.strip())
    return url


def is_page_url(url: str) -> bool:
    """An http(s) URL that may hold an HTML page (not an image, a script or a document download)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not parts.path.lower().endswith(_SKIPPED_EXTENSIONS)


def page_links(root: etree._Element, url: str, source: str) -> list[Link]:
    """Every <a href> and <area href> of a parsed page, absolute, each URL once (its first link)."""
    base = base_of(root, url)
    out: list[Link] = []
    seen: set[str] = set()
    for el in root.iter("a", "area"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        target = urljoin(base, href).split("#", 1)[0]
        if target in seen or not is_page_url(target):
            continue
        seen.add(target)
        text = " ".join((el.text_content() if el.tag == "a" else el.get("alt") or "").split())
        out.append(Link(target, text or (el.get("title") or "").strip(), _in_furniture(el), source, url))
    return out


def _in_furniture(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node.tag in _FURNITURE_TAGS:
            return True
        for attr in ("class", "id"):
            if _FURNITURE.search(node.get(attr) or ""):
                return True
        node = node.getparent()
    return False


def announced_feeds(root: etree._Element, url: str) -> list[str]:
    """Feeds a page announces: ``<link rel="alternate" type="application/rss+xml" href>``."""
    base = base_of(root, url)
    out = []
    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower().split()
        kind = (el.get("type") or "").lower().strip()
        if "alternate" in rel and kind in FEED_TYPES and el.get("href"):
            out.append(urljoin(base, (el.get("href") or "").strip()))
    return out


_REFRESH = re.compile(r"^\s*\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"\s]+)", re.I)
_SCRIPT_REDIRECT = re.compile(r"(?:window\.|self\.|top\.|document\.)?location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]"
                              r"|location\.(?:replace|assign)\(\s*['\"]([^'\"]+)['\"]\s*\)")


def forwarded_to(root: etree._Element, url: str) -> str | None:
    """Where an entry page sends the browser: ``<meta http-equiv="refresh" content="0;url=…">`` or
    a script that sets ``location`` (gateway pages of government portals do both)."""
    base = base_of(root, url)
    for el in root.iter("meta"):
        if (el.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH.match(el.get("content") or "")
            if found:
                return urljoin(base, found.group(1))
    for el in root.iter("script"):
        found = _SCRIPT_REDIRECT.search(el.text or "")
        if found:
            return urljoin(base, found.group(1) or found.group(2))
    return None


def has_scripts(root: etree._Element) -> bool:
    return any(True for _ in root.iter("script"))


def pagination_links(list_url: str, links: Sequence[Link]) -> list[Link]:
    """The links of a list page that page through it: a page number or a pager word as anchor
    text, a URL in the list's own directory (or the list's path with another query), and digits
    where the list's page number can go."""
    base = urlsplit(list_url)
    directory = base.path if base.path.endswith("/") else base.path.rsplit("/", 1)[0] + "/"
    out = []
    for link in links:
        parts = urlsplit(link.url)
        if link.url == list_url or parts.netloc != base.netloc:
            continue
        if not (_PAGE_NUMBER.match(link.text) or _PAGER_WORDS.match(link.text)):
            continue
        same_place = parts.path == base.path or parts.path.rsplit("/", 1)[0] + "/" == directory \
            or parts.path.startswith(directory)
        shape = shape_of(link.url)
        if same_place and shape is not None and shape.digits:
            out.append(link)
    return out


def link_texts(links: Iterable[Link]) -> dict[str, str]:
    """URL -> its longest anchor text among ``links``."""
    out: dict[str, str] = {}
    for link in links:
        if len(link.text) > len(out.get(link.url, "")):
            out[link.url] = link.text
        else:
            out.setdefault(link.url, link.text)
    return out
