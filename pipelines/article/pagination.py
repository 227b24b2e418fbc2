"""Multi-page articles: finding an article's own continuation pages and stitching them together."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .model import Article
from .parse import parse_html

_EXTENSION = re.compile(r"(\.[a-z]{2,5})$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<stem>.+)_(?P<n>\d{1,3})$")


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


def article_page_links(html: str, url: str) -> list[str]:
    """Absolute URLs of the other pages of this article (``…_2.html``), in page order."""
    own = urlsplit(url)._replace(fragment="")
    root = parse_html(html)
    targets = []
    for href in root.xpath("//a/@href"):
        target = urlsplit(urljoin(url, str(href).strip()))._replace(fragment="")
        if target.netloc == own.netloc and target.path != own.path:
            targets.append(target)
    for stem, ext in _readings(own.path):
        pages: dict[int, str] = {}
        for target in targets:
            number = _page_number(target.path, stem, ext)
            if number is not None:
                pages.setdefault(number, target._replace(query="").geturl())
        if any(n > 1 for n in pages):
            return [pages[n] for n in sorted(pages)]
    return []


def merge_pages(pages: list[Article]) -> Article:
    """One article from its pages: metadata of the first, texts concatenated, images joined."""
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
    text = "\n".join(page.text for page in pages if page.text)
    authors = list(first.authors)
    return Article(title=first.title, title_raw=first.title_raw, text=text,
                   published_at=first.published_at, source=first.source, authors=authors,
                   editor=next((p.editor for p in reversed(pages) if p.editor), None),
                   images=images, language=first.language)
