"""Reading what points at articles: RSS/Atom feeds and sitemaps (urlset, index, news, gzip).

Plain functions over bytes, shared by the portal spider and ``difang sites probe``; each raises
:class:`DiscoveryError` with a short reason on a document it cannot read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be read; the message says why, ``kind`` names it."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The article links of an RSS 2.0 / RSS 1.0 / Atom document, absolute, in document order."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(str(exc)) from None
    if root is None:
        raise DiscoveryError("no XML document")
    links = [el.text.strip() for item in root.iter("item", "{*}item") for el in item.findall("{*}link")
             if el.text]
    for entry in root.iter(f"{ATOM}entry"):
        for link in entry.findall(f"{ATOM}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                links.append(link.get("href", ""))
    return [urljoin(base_url, link) for link in links]


@dataclass(frozen=True)
class SitemapEntries:
    """A sitemap's locations: child sitemaps (``index``) or pages (``urlset``)."""

    is_index: bool
    urls: list[str]


def sitemap_entries(body: bytes, base_url: str) -> SitemapEntries:
    """The locations a sitemap lists (gzip-compressed or not), absolute."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        except OSError as exc:
            raise DiscoveryError(f"gzip: {exc}") from None
        except ValueError as exc:  # over max_size: a decompression bomb, or a sitemap far too big
            raise DiscoveryError(f"gzip: {exc}", "too_large") from None
    try:
        sitemap = Sitemap(body)
    except Exception as exc:  # lxml raises several types on garbage
        raise DiscoveryError(str(exc) or type(exc).__name__) from None
    urls = [urljoin(base_url, loc) for loc in _locations(sitemap)]
    return SitemapEntries(is_index=sitemap.type == "sitemapindex", urls=urls)


def _locations(sitemap: Sitemap) -> Iterator[str]:
    for entry in sitemap:
        loc = entry.get("loc", "").strip()
        if loc:
            yield loc
