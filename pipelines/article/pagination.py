"""Multi-page articles: finding an article's own continuation pages and stitching them together.

Portals number an article's later pages in a few ways: ``stem_N.ext`` next to ``stem.ext``
(``content_7_2.htm``; TRS counts ``t20230303_99_1.html`` as page 2), a page parameter in the
query (``show.php?id=9&page=2``), or numbered files in the article's own folder
(``/a/123/`` → ``/a/123/2.html``, ``index.html`` → ``index_1.html``). The first is specific
enough to trust on the URL alone; a query parameter or a bare number in a folder is trusted only
on a link of a page bar (with 下一页/上一页, or a row of page numbers), because section folders
and list pages are numbered the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, parse_qsl, urlsplit

from lxml import etree

from .dom import tag_of, visible_text
from .model import Article
from .parse import ASCII_REFERENCE_BYTES, join_url, parse_html

_EXTENSION = re.compile(r"(\.[a-z]{2,5})$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<stem>.+)_(?P<n>\d{1,3})$")
# the text of a page-bar link: a page number ("2", "[2]", "第2页") or a step
_PAGE_NUMBER = re.compile(r"^[\[【(（]?\s*(?:第\s*)?\d{1,3}\s*[页頁]?\s*[\]】)）]?$")
_STEP = re.compile(r"^(?:下一?[页頁张張]|上一?[页頁张張]|末[页頁]|尾[页頁]|next|prev(?:ious)?|[»›>]{1,2}|[«‹<]{1,2})"
                   r"\s*[»›>]*$", re.IGNORECASE)
# wrappers between a page-bar link and its bar (<li><a>, <span><a>)
_LINK_WRAPPERS = frozenset({"li", "span", "em", "b", "strong", "font", "i", "td"})
# query parameters that carry a page number
_PAGE_PARAMS = frozenset({"page", "p", "pg", "pn", "paged", "pageno", "page_no", "pagenum", "pagenumber",
                          "pageindex", "curpage", "currentpage", "cp"})
# the first page of an article kept in a folder: the folder itself, index.*, default.*, 1.*
_FOLDER_FIRST = re.compile(r"^(?:index|default|1)(?:\.[a-z]{2,5})?$", re.IGNORECASE)
_FOLDER_PAGE = re.compile(r"^(?P<index>index_)?(?P<n>\d{1,3})(?:\.[a-z]{2,5}|/)?$", re.IGNORECASE)

Pages = dict[int, str]


def _bar(link: etree._Element) -> etree._Element | None:
    node = link.getparent()
    while node is not None and tag_of(node) in _LINK_WRAPPERS and node.getparent() is not None:
        node = node.getparent()
    return node


def _is_page_bar(bar: etree._Element) -> bool:
    """A block of links with a step (下一页) or at least two page numbers."""
    numbers = 0
    for link in bar.iter("a"):
        text = visible_text(link)
        if _STEP.match(text):
            return True
        numbers += bool(_PAGE_NUMBER.match(text))
    return numbers >= 2


def _pager_links(root: etree._Element) -> list[str]:
    """hrefs of the links that sit in a page bar."""
    verdicts: dict[etree._Element, bool] = {}
    found: list[str] = []
    for link in root.iter("a"):
        href = str(link.get("href") or "").strip()
        text = visible_text(link)
        if not href or not (_PAGE_NUMBER.match(text) or _STEP.match(text)):
            continue
        bar = _bar(link)
        if bar is None:
            continue
        if bar not in verdicts:
            verdicts[bar] = _is_page_bar(bar)
        if verdicts[bar]:
            found.append(href)
    return found


def _readings(path: str) -> list[tuple[str, str]]:
    """(stem, ext) readings of an article path: itself as page 1, or ``stem_N`` as page N."""
    match = _EXTENSION.search(path)
    ext = match.group(1) if match else ""
    base = path[: len(path) - len(ext)]
    readings = [(base, ext)]
    numbered = _NUMBERED.match(base)
    if numbered:
        readings.append((numbered.group("stem"), ext))
    return readings


def _page_number(path: str, stem: str, ext: str) -> int | None:
    """The page number of ``path`` if it is a page of the article ``stem``+``ext``, else None."""
    if path == stem + ext:
        return 1
    if not path.endswith(ext) or not path.startswith(stem + "_"):
        return None
    number = path[len(stem) + 1: len(path) - len(ext)]
    return int(number) if number.isdigit() and len(number) <= 3 else None


def _numbered_pages(own: SplitResult, targets: list[SplitResult], pager: list[SplitResult]) -> Pages:
    """``stem_N.ext`` pages; a lone ``_1`` (TRS's second page) only from a page bar."""
    for stem, ext in _readings(own.path):
        pages: Pages = {}
        for target in targets:
            number = _page_number(target.path, stem, ext)
            if number is not None:
                pages.setdefault(number, target._replace(query="").geturl())
        in_bar = any(_page_number(t.path, stem, ext) is not None for t in pager)
        if any(n > 1 for n in pages) or (pages and in_bar):
            return pages
    return {}


def _page_param(own: SplitResult, target: SplitResult) -> int | None:
    """The page number of ``target`` when its query differs from ``own``'s only in a page parameter."""
    mine, theirs = dict(parse_qsl(own.query)), dict(parse_qsl(target.query))
    changed = {k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)}
    if len(changed) != 1:
        return None
    key = changed.pop()
    value = theirs.get(key, "")
    return int(value) if key.lower() in _PAGE_PARAMS and value.isdigit() and len(value) <= 3 else None


def _query_pages(own: SplitResult, targets: list[SplitResult], pager: list[SplitResult]) -> Pages:
    """``?page=N`` pages of the article's own URL, from a page bar."""
    pages: Pages = {}
    for target in pager:
        if target.path == own.path:
            number = _page_param(own, target)
            if number is not None:
                pages.setdefault(number, target.geturl())
    own_number = next((int(v) for k, v in parse_qsl(own.query) if k.lower() in _PAGE_PARAMS and v.isdigit()),
                      None)
    # without a page parameter the article's URL is the first page: ?page=1 (or ?page=0) again
    first = own_number if own_number is not None else (0 if 0 in pages else 1)
    pages.pop(first, None)
    return pages


def _folder_pages(own: SplitResult, targets: list[SplitResult], pager: list[SplitResult]) -> Pages:
    """``/a/123/2.html`` or ``/a/123/index_1.html`` pages of an article kept in a folder, from a page bar."""
    folder, _, name = own.path.rpartition("/")
    if name and not _FOLDER_FIRST.match(name):
        return {}
    pages: Pages = {}
    for target in pager:
        if not target.path.startswith(folder + "/") or target.path == own.path:
            continue
        match = _FOLDER_PAGE.match(target.path[len(folder) + 1:])
        if match is None:
            continue
        number = int(match.group("n"))
        if match.group("index") or number > 1:  # a bare 1.html is the first page again
            pages.setdefault(number, target._replace(query="").geturl())
    return pages


_HREFS = etree.XPath("//a/@href")
_FINDERS: tuple[Callable[[SplitResult, list[SplitResult], list[SplitResult]], Pages], ...] = (
    _numbered_pages, _query_pages, _folder_pages)


# How a query key that carries a page number shows in a page's text, lower-cased ("?page=2",
# "&amp;p=3"); a key may also be written with percent escapes, which parse_qsl decodes.
# (every key holds a 'p': from there on it is one literal start, which a regex scans for fast)
_PAGE_KEY_IN_TEXT = re.compile(rb"p(?:" + "|".join(sorted({key[key.index("p") + 1:] for key in _PAGE_PARAMS},
                                                           key=len, reverse=True)).encode() + rb")=")
# (a page key is letters and '_' once decoded, so each of its characters is one of those or an
# escape; its '&' may be written &amp;)
_PERCENT_ESCAPE = re.compile(rb"%[0-9A-Fa-f]{2}")  # a literal start: a fast scan, unlike [?&]
_ESCAPED_KEY = re.compile(rb"[?&](?:amp;)?(?:[A-Za-z_]|%[0-9A-Fa-f]{2})*%[0-9A-Fa-f]{2}(?:[A-Za-z_]|%[0-9A-Fa-f]{2})*=")
# Character references that may spell what the pre-check looks for (an underscore, a digit, a
# letter of a key, '=', '%', a dropped line break). &amp; is not among them: it leaves its '&' in
# the text, and '&' is no part of a key or of a file name the check looks for (a name holding one
# is parsed anyway).
_SPELLING_REFERENCE = ASCII_REFERENCE_BYTES
# characters urlsplit drops from anywhere in a URL, and the NUL that parse_html drops
_DROPPED = (b"\t", b"\r", b"\n", b"\x00")


def _utf8(text: str) -> bytes:
    # surrogatepass: a page may hold lone surrogates (parse_html has a fallback for them)
    return text.encode("utf-8", "surrogatepass")


def _names_a_page(data: bytes, name: bytes) -> bool:
    """Whether ``data`` holds ``name`` + ``_`` + a digit (the file of page N of ``name``); any
    character beyond ASCII after the underscore counts as a digit, for it may be one."""
    start = data.find(name + b"_")
    while start >= 0:
        after = start + len(name) + 1
        if after < len(data) and (data[after:after + 1].isdigit() or data[after] >= 0x80):
            return True
        start = data.find(name + b"_", start + 1)
    return False


def _may_have_pages(html: str, own: SplitResult) -> bool:
    """False when no link of the page can be another page of the article, read off the page's
    text without parsing it (most article pages are one page). Each finder needs something the
    text must then hold: a link named like the article's own file plus ``_N`` (``stem_N.ext``, or
    the stem's own file when this is page N), a page parameter in a query, or an article URL that
    is a folder's first page. Read as UTF-8 bytes: searching and ASCII lower-casing are several
    times cheaper there than on CJK text."""
    path = own.path
    folder_name = path.rpartition("/")[2]
    if not folder_name or _FOLDER_FIRST.match(folder_name) or "&" in folder_name:
        return True
    data = _utf8(html)
    for char in _DROPPED:
        if char in data:
            data = data.replace(char, b"")
    if _SPELLING_REFERENCE.search(data):
        return True
    readings = _readings(path)
    if any(_names_a_page(data, _utf8(stem.rpartition("/")[2])) for stem, _ in readings):
        return True
    if len(readings) > 1:
        stem, ext = readings[1]
        if _utf8(stem.rpartition("/")[2] + ext) in data:
            return True
    # parse_qsl's keys are compared lower-cased, and only ASCII letters lower to a key's letters
    lowered = data.lower()
    if _PAGE_KEY_IN_TEXT.search(lowered):
        return True
    return bool(_PERCENT_ESCAPE.search(data)) and bool(_ESCAPED_KEY.search(data))


def article_page_links(html: str, url: str) -> list[str]:
    """Absolute URLs of the other pages of this article (``…_2.html``, ``?page=2``,
    ``…/2.html``), in page order."""
    own = urlsplit(url)._replace(fragment="")
    if not _may_have_pages(html, own):
        return []
    return page_links_of_tree(parse_html(html), url, own)


def page_links_of_tree(root: etree._Element, url: str, own: SplitResult | None = None) -> list[str]:
    """:func:`article_page_links` of a parsed page, without the pre-check on its text."""
    if own is None:
        own = urlsplit(url)._replace(fragment="")
    netloc, own_place = own.netloc, (own.path, own.query)

    def same_site(hrefs: list[str]) -> list[SplitResult]:
        found = []
        for href in hrefs:
            joined = join_url(url, href.strip())
            if joined is None:
                continue
            target = urlsplit(joined)._replace(fragment="")
            if target.netloc == netloc and (target.path, target.query) != own_place:
                found.append(target)
        return found

    targets = [t for t in same_site([str(h) for h in _HREFS(root)]) if t.path != own.path]
    pager = same_site(_pager_links(root))
    for finder in _FINDERS:
        pages = finder(own, targets, pager)
        if pages:
            return [pages[n] for n in sorted(pages)]
    return []


def merge_pages(pages: list[Article]) -> Article:
    """One article from its pages: metadata of the first, texts concatenated, images joined.

    A page whose text repeats an earlier page (a page bar that links page 1 under a second URL)
    adds nothing.
    """
    if not pages:
        raise ValueError("merge_pages needs at least one page")
    first = pages[0]
    images: list[dict[str, str]] = []
    seen: set[str] = set()
    for page in pages:
        for image in page.images:
            if image.get("src") not in seen:
                seen.add(image.get("src", ""))
                images.append(image)
    texts: list[str] = []
    for page in pages:
        if page.text and page.text not in texts:
            texts.append(page.text)
    authors = list(first.authors)
    return Article(title=first.title, title_raw=first.title_raw, text="\n".join(texts),
                   published_at=first.published_at, source=first.source, authors=authors,
                   editor=next((p.editor for p in reversed(pages) if p.editor), None),
                   images=images, language=first.language)
