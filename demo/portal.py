"""The demo portal's content and routing: pure functions from (host, path) to a response.

Five fictional news sites, each on its own loopback address, built from the texts and page
templates in ``demo/content/`` (written for difang; nothing is copied). Every response is a
deterministic function of the port, the host, the path and the size of the bench site, so a test
can ask for the exact bytes a crawler was sent. Nothing here touches a socket: ``demo/server.py``
serves it.

- ``demo-utf8``  127.0.0.2  UTF-8 city daily: paginated lists, RSS, robots.txt with a sitemap index
  (urlset + gzip urlset) and a Disallow the list pages tempt, a three-page article, fault URLs.
- ``demo-gbk``   127.0.0.3  county government portal in GBK, declared gb2312 in a meta tag only.
- ``demo-big5``  127.0.0.4  content farm in Big5(-HKSCS): decorated headlines, pinyin notes,
  related/hot lists, a Google news sitemap, two republished demo-utf8 stories.
- ``demo-js``    127.0.0.5  list pages filled by JavaScript from a JSON endpoint.
- ``demo-bench`` 127.0.0.6  N generated articles for benchmarks.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import cache, partial
from pathlib import Path
from string import Template
from typing import Any

import yaml

CONTENT = Path(__file__).parent / "content"
DEMO_PORT = 8701
CST = timezone(timedelta(hours=8))
BENCH_ARTICLES_ENV = "DIFANG_DEMO_BENCH_ARTICLES"
BENCH_ARTICLES_DEFAULT = 30
OVERSIZE_BYTES = 12 * 1024 * 1024 + 512 * 1024  # just over a 12 MiB download cap
GZIP_LEVEL = 6
BENCH_EPOCH = datetime(2026, 11, 1, tzinfo=CST)

SITE_ADDRESSES: dict[str, str] = {
    "demo-utf8": "127.0.0.2",
    "demo-gbk": "127.0.0.3",
    "demo-big5": "127.0.0.4",
    "demo-js": "127.0.0.5",
    "demo-bench": "127.0.0.6",
}


@dataclass(frozen=True)
class Response:
    """One HTTP response: a small body in memory, or a large one generated chunk by chunk."""

    status: int
    content_type: str | None
    body: bytes = b""
    location: str | None = None
    chunks: Callable[[], Iterator[bytes]] | None = None
    chunks_length: int = 0

    @property
    def compressible(self) -> bool:
        """Text the server gzips when asked to; streamed and binary bodies go as they are."""
        kind = (self.content_type or "").split(";")[0]
        return self.chunks is None and (kind.startswith("text/") or kind.endswith(("xml", "json")))

    def payload(self, accept_gzip: bool) -> bytes:
        """The body bytes as sent (``mtime=0`` keeps gzip output identical on every request)."""
        if self.chunks is not None:
            return b"".join(self.chunks())
        if accept_gzip and self.compressible:
            return gzip.compress(self.body, compresslevel=GZIP_LEVEL, mtime=0)
        return self.body

    def headers(self, accept_gzip: bool) -> list[tuple[str, str]]:
        """Headers except Content-Length (the server adds it from what it sends)."""
        headers = []
        if self.content_type:
            headers.append(("Content-Type", self.content_type))
        if self.location:
            headers.append(("Location", self.location))
        if self.compressible:
            headers.append(("Vary", "Accept-Encoding"))
            if accept_gzip:
                headers.append(("Content-Encoding", "gzip"))
        return headers


@dataclass(frozen=True)
class Article:
    """One story as the content files give it; ``pages`` holds paragraphs per page."""

    id: int
    published: datetime
    title: str
    pages: tuple[tuple[str, ...], ...]
    author: str = ""
    editor: str = ""
    source: str = ""
    republished_from: int | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for page in self.pages for p in page)

    @property
    def stamp(self) -> str:
        return self.published.strftime("%Y-%m-%d %H:%M:%S")


@cache
def load_content(name: str) -> dict[str, Any]:
    """A site's content file (demo/content/NAME.yaml)."""
    with open(CONTENT / f"{name}.yaml", encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def load_articles(name: str) -> tuple[Article, ...]:
    """The site's stories, newest first."""
    articles = []
    for raw in load_content(name)["articles"]:
        pages = raw.get("pages") or [raw["paragraphs"]]
        articles.append(Article(
            id=int(raw["id"]),
            published=datetime.strptime(raw["published"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST),
            title=raw["title"],
            pages=tuple(tuple(page) for page in pages),
            author=raw.get("author", ""),
            editor=raw.get("editor", ""),
            source=raw.get("source", ""),
            republished_from=raw.get("republished_from"),
        ))
    return tuple(sorted(articles, key=lambda a: (a.published, a.id), reverse=True))


@cache
def _template(name: str) -> Template:
    return Template((CONTENT / "templates" / f"{name}.html").read_text(encoding="utf-8"))


def fill(name: str, **values: object) -> str:
    """A page template from demo/content/templates with ``$name`` slots filled."""
    return _template(name).substitute(values)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs_html(paragraphs: Sequence[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


def chunked(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def numbered_pager(current: int, total: int, href: Callable[[int], str],
                   previous: str = "上一页", following: str = "下一页") -> str:
    """Page links as Chinese portals print them: 上一页 1 2 3 下一页."""
    parts = []
    if current > 1:
        parts.append(f'<a href="{href(current - 1)}">{previous}</a>')
    for number in range(1, total + 1):
        parts.append(f"<span class=\"current\">{number}</span>" if number == current
                     else f'<a href="{href(number)}">{number}</a>')
    if current < total:
        parts.append(f'<a href="{href(current + 1)}" class="next">{following}</a>')
    return " ".join(parts)


def xml_text(text: str) -> str:
    return html.escape(text, quote=False)


def rss_feed(title: str, link: str, entries: Sequence[tuple[str, str, datetime, str]]) -> bytes:
    """An RSS 2.0 channel of (title, url, published, summary) entries."""
    items = "".join(
        f"<item><title>{xml_text(t)}</title><link>{xml_text(u)}</link>"
        f'<guid isPermaLink="true">{xml_text(u)}</guid>'
        f"<pubDate>{format_datetime(d)}</pubDate><description>{xml_text(s)}</description></item>\n"
        for t, u, d, s in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{xml_text(title)}</title><link>{xml_text(link)}</link>"
        f"<description>{xml_text(title)}</description><language>zh-cn</language>\n"
        f"{items}</channel>\n</rss>\n"
    ).encode()


def atom_feed(title: str, link: str, entries: Sequence[tuple[str, str, datetime, str]]) -> bytes:
    """An Atom 1.0 feed of (title, url, published, summary) entries."""
    updated = max((d for _, _, d, _ in entries), default=datetime(2026, 11, 1, tzinfo=CST))
    items = "".join(
        f'<entry><title>{xml_text(t)}</title><link rel="alternate" type="text/html" href="{esc(u)}"/>'
        f"<id>{xml_text(u)}</id><published>{d.isoformat()}</published><updated>{d.isoformat()}</updated>"
        f"<summary>{xml_text(s)}</summary></entry>\n"
        for t, u, d, s in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'<title>{xml_text(title)}</title><link href="{esc(link)}"/><id>{xml_text(link)}</id>'
        f"<updated>{updated.isoformat()}</updated>\n{items}</feed>\n"
    ).encode()


def urlset(urls: Sequence[tuple[str, datetime]]) -> bytes:
    rows = "".join(f"<url><loc>{xml_text(u)}</loc><lastmod>{d.isoformat()}</lastmod></url>\n" for u, d in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n').encode()


def sitemap_index(urls: Sequence[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{xml_text(u)}</loc></sitemap>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</sitemapindex>\n').encode()


def news_sitemap(publication: str, entries: Sequence[tuple[str, str, datetime]]) -> bytes:
    """A Google news sitemap of (title, url, published) entries."""
    rows = "".join(
        f"<url><loc>{xml_text(u)}</loc><news:news><news:publication><news:name>{xml_text(publication)}"
        "</news:name><news:language>zh-tw</news:language></news:publication>"
        f"<news:publication_date>{d.isoformat()}</news:publication_date>"
        f"<news:title>{xml_text(t)}</news:title></news:news></url>\n"
        for t, u, d in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{rows}</urlset>\n").encode()


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF (what a portal serves under an article-like URL for an attachment)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass
class Site:
    """What every demo site shares: its address, its base URL, its HTML encoding and frame."""

    name: str
    port: int
    frame: str = ""
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    address: str = field(init=False)
    articles: tuple[Article, ...] = field(init=False, default=())
    routes: dict[str, Callable[[], Response]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.address = SITE_ADDRESSES[self.name]

    @property
    def base(self) -> str:
        return f"http://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def respond(self, path: str) -> Response:
        """The response for a path (the query string does not matter unless a route says so)."""
        handler = self.routes.get(path.split("?", 1)[0])
        return handler() if handler else self.not_found()

    def list_path(self, number: int) -> str:
        raise NotImplementedError

    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def article_paths(self) -> list[str]:
        return [self.article_path(a) for a in self.articles]

    def add_pages(self, list_count: int, list_page: Callable[[int], Response],
                  article_page: Callable[[int], Response]) -> None:
        """Route list pages 1..list_count and every article (by its index in ``articles``)."""
        for number in range(1, list_count + 1):
            self.routes[self.list_path(number)] = partial(list_page, number)
        for index, article in enumerate(self.articles):
            self.routes[self.article_path(article)] = partial(article_page, index)

    def fault_paths(self) -> dict[str, str]:
        return {}

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        raise NotImplementedError

    def page(self, page_title: str, main: str, head_extra: str = "", status: int = 200) -> Response:
        content = load_content(self.name)
        text = fill(self.frame, page_title=esc(page_title), main=main, head_extra=head_extra,
                    site_title=esc(content["title"]), icp=esc(content["icp"]),
                    copyright=esc(content["copyright"]))
        return Response(status, self.content_type, text.encode(self.encoding))

    def not_found(self) -> Response:
        return self.page("404 页面不存在", '<div class="error"><h1>404</h1><p>您访问的页面不存在或已被删除。</p>'
                         '<p><a href="/">返回首页</a></p></div>', status=404)

    def redirect(self, path: str, status: int = 302) -> Response:
        target = self.url(path)
        body = f'<html><body>Moved: <a href="{esc(target)}">{esc(target)}</a></body></html>'
        return Response(status, "text/html; charset=utf-8", body.encode(), location=target)

    @staticmethod
    def text(body: str, content_type: str = "text/plain; charset=utf-8") -> Response:
        return Response(200, content_type, body.encode())

    @staticmethod
    def xml(body: bytes) -> Response:
        return Response(200, "application/xml", body)

    def site_definition(self, *, start: str, article: str, follow: str, feeds: Sequence[str] = (),
                        sitemaps: Sequence[str] = (), max_depth: int = 3, timezone_name: str = "Asia/Shanghai",
                        render: bool = False, schedule: str = "*/30 * * * *") -> dict[str, Any]:
        """The site's YAML definition (keys per DESIGN.md "Site definition")."""
        return {
            "name": self.name,
            "title": load_content(self.name)["title"] if (CONTENT / f"{self.name}.yaml").exists() else self.name,
            "start_urls": [self.url(start)],
            "feeds": [self.url(p) for p in feeds],
            "sitemaps": [self.url(p) for p in sitemaps],
            "article_urls": [article],
            "follow_urls": [follow],
            "max_depth": max_depth,
            "schedule": schedule,
            "timezone": timezone_name,
            "script": "zh-Hans",
            "render": render,
            "selectors": {},
        }


class Utf8Site(Site):
    """江川新闻网: the UTF-8 city daily, with every discovery path and every fault case."""

    LIST_PAGES = 3
    PER_LIST = 4
    NOT_FOUND = "/2026-11/04/content_1404.htm"
    OLD_URL = "/2026-10/30/content_0902.htm"  # moved to content_1002
    LOOP = ("/2026-11/06/content_1801.htm", "/2026-11/06/content_1802.htm")
    PDF = "/2026-11/07/content_1701.htm"
    OVERSIZE = "/2026-11/08/content_1601.htm"
    PRIVATE = "/private/secret.html"

    def __init__(self, port: int) -> None:
        super().__init__("demo-utf8", port, frame="utf8_frame")
        self.articles = load_articles(self.name)
        self.by_id = {a.id: a for a in self.articles}
        self.routes.update({
            "/": self.home,
            "/robots.txt": self.robots,
            "/rss.xml": self.rss,
            "/sitemap.xml": self.sitemap,
            "/sitemap-news.xml": lambda: self.xml(urlset(self._dated_urls()[:5])),
            "/sitemap-archive.xml.gz": self.archive_sitemap,
            self.PRIVATE: self.private,
            self.NOT_FOUND: self.not_found,
            self.OLD_URL: lambda: self.redirect(self.article_path(self.by_id[1002])),
            self.LOOP[0]: lambda: self.redirect(self.LOOP[1]),
            self.LOOP[1]: lambda: self.redirect(self.LOOP[0]),
            self.PDF: lambda: Response(200, "application/pdf", tiny_pdf("Jiangchuan heating tariffs 2026")),
            self.OVERSIZE: self.oversize,
        })
        self.add_pages(self.LIST_PAGES, self.list_page, self.article_page)
        for index, article in enumerate(self.articles):  # the further pages of multi-page articles
            for number in range(2, len(article.pages) + 1):
                self.routes[self.article_path(article, number)] = partial(self.article_page, index, number)

    def list_path(self, number: int) -> str:
        return f"/news/list_{number}.html"

    def article_path(self, article: Article, number: int = 1) -> str:
        suffix = "" if number == 1 else f"_{number}"
        return f"/{article.published:%Y-%m}/{article.published:%d}/content_{article.id}{suffix}.htm"

    def fault_paths(self) -> dict[str, str]:
        return {"not_found": self.NOT_FOUND, "redirect": self.OLD_URL, "redirect_loop": self.LOOP[0],
                "pdf": self.PDF, "oversize": self.OVERSIZE, "disallowed": self.PRIVATE}

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        return self.site_definition(start=self.list_path(1), article=r"/\d{4}-\d{2}/\d{2}/content_\d+\.htm$",
                                    follow=r"/news/list_\d+\.html$", feeds=["/rss.xml"], sitemaps=["/robots.txt"])

    def _dated_urls(self) -> list[tuple[str, datetime]]:
        return [(self.url(self.article_path(a)), a.published) for a in self.articles]

    def home(self) -> Response:
        items = "\n".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in self.articles[:5])
        main = f'<div class="main"><h2>要闻</h2><ul>\n{items}\n</ul><a href="{self.list_path(1)}">更多&gt;&gt;</a></div>'
        return self.page(load_content(self.name)["title"], main)

    def robots(self) -> Response:
        return self.text(f"User-agent: *\nDisallow: /private/\nDisallow: /search\n\nSitemap: {self.url('/sitemap.xml')}\n")

    def rss(self) -> Response:
        entries = [(a.title, self.url(self.article_path(a)), a.published, a.paragraphs[0]) for a in self.articles]
        return Response(200, "application/rss+xml; charset=utf-8",
                        rss_feed(load_content(self.name)["title"], self.url("/"), entries))

    def sitemap(self) -> Response:
        return self.xml(sitemap_index([self.url("/sitemap-news.xml"), self.url("/sitemap-archive.xml.gz")]))

    def archive_sitemap(self) -> Response:
        # a stale sitemap still lists the moved URL, as real ones do
        urls = self._dated_urls()[5:] + [(self.url(self.OLD_URL), self.by_id[1002].published)]
        return Response(200, "application/x-gzip", gzip.compress(urlset(urls), compresslevel=GZIP_LEVEL, mtime=0))

    def _fault_items(self, number: int) -> list[tuple[str, str, str]]:
        faults = {
            2: [(self.NOT_FOUND, "市区部分路段临时交通管制的通告", "2026-11-04"),
                (self.OLD_URL, self.by_id[1002].title, "2026-10-30")],
            3: [(self.LOOP[0], "江川大桥夜间施工封闭公告", "2026-11-06"),
                (self.PDF, "2026年冬季供暖收费标准（附件）", "2026-11-07"),
                (self.OVERSIZE, "江川市志（2000—2025）全文连载", "2026-11-08")],
        }
        return faults.get(number, [])

    def list_page(self, number: int) -> Response:
        pages = chunked(self.articles, self.PER_LIST)
        rows = [(self.article_path(a), a.title, f"{a.published:%Y-%m-%d}") for a in pages[number - 1]]
        rows += self._fault_items(number)
        items = "\n".join(f'<li><a href="{p}" target="_blank">{esc(t)}</a><span class="date">{d}</span></li>'
                          for p, t, d in rows)
        side = "\n".join([
            f'<li><a href="{self.PRIVATE}">内部通知：年度考核材料（内部资料）</a></li>',
            '<li><a href="/about.html">停水停电公告</a></li>',
            '<li><a href="/about.html">公交线路查询</a></li>',
        ])
        main = fill("utf8_list", items=items, side=side,
                    pager=numbered_pager(number, len(pages), self.list_path))
        return self.page(f"本地新闻_第{number}页_江川新闻网", main)

    def article_page(self, index: int, number: int = 1) -> Response:
        article = self.articles[index]
        pages = len(article.pages)
        pager = ""
        if pages > 1:
            pager = '<div class="pages">' + numbered_pager(
                number, pages, lambda n: self.article_path(article, n).rsplit("/", 1)[1]) + "</div>"
        others = [a for a in self.articles if a.id != article.id][:3]
        related = "\n".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in others)
        main = fill("utf8_article", title=esc(article.title), published=article.stamp,
                    outlet=esc(load_content(self.name)["outlet"]), author=esc(article.author),
                    editor=esc(article.editor), body=paragraphs_html(article.pages[number - 1]),
                    pager=pager, related=related)
        head = f'<link rel="canonical" href="{self.url(self.article_path(article, number))}">'
        return self.page(f"{article.title}_江川新闻网", main, head_extra=head)

    def private(self) -> Response:
        return self.page("内部资料", '<div class="main"><h1>内部资料 请勿外传</h1><p>此页面禁止抓取。</p></div>')

    def oversize(self) -> Response:
        """A 12.5 MiB article, generated while it is sent: a size cap must stop it, not memory."""
        marker = "\x00BODY\x00"
        shell = fill("utf8_article", title="江川市志（2000—2025）全文连载", published="2026-11-08 08:00:00",
                     outlet="江川日报", author="", editor="刘芳", body=marker, pager="", related="")
        prefix, suffix = (part.encode() for part in self.page("江川市志全文连载_江川新闻网", shell)
                          .body.decode().split(marker))
        paragraph = ("<p>" + "江川地处江南丘陵北缘，境内河网密布，自古为鱼米之乡。" * 8 + "</p>\n").encode()
        count = (OVERSIZE_BYTES - len(prefix) - len(suffix)) // len(paragraph) + 1
        block = 512

        def chunks() -> Iterator[bytes]:
            yield prefix
            for start in range(0, count, block):
                yield paragraph * min(block, count - start)
            yield suffix

        return Response(200, "text/html; charset=utf-8", chunks=chunks,
                        chunks_length=len(prefix) + count * len(paragraph) + len(suffix))


class GbkSite(Site):
    """云溪县人民政府: a government portal in GBK that declares gb2312 in a meta tag only."""

    PER_LIST = 3

    def __init__(self, port: int) -> None:
        # no charset in the header: the meta tag is the only declaration, and it is wrong (GBK, not gb2312)
        super().__init__("demo-gbk", port, frame="gbk_frame", encoding="gbk", content_type="text/html")
        self.articles = load_articles(self.name)
        self.list_pages = chunked(self.articles, self.PER_LIST)
        self.routes.update({
            "/": lambda: self.list_page(1),
            "/robots.txt": lambda: self.text("User-agent: *\nDisallow: /manage/\n"),
            "/atom.xml": self.atom,
        })
        self.add_pages(len(self.list_pages), self.list_page, self.article_page)

    def list_path(self, number: int) -> str:
        return "/xwzx/zwdt/index.html" if number == 1 else f"/xwzx/zwdt/index_{number - 1}.html"

    def article_path(self, article: Article) -> str:
        return f"/xwzx/zwdt/{article.published:%Y%m}/t{article.published:%Y%m%d}_{article.id}.html"

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        return self.site_definition(start=self.list_path(1), article=r"/xwzx/zwdt/\d{6}/t\d{8}_\d+\.html$",
                                    follow=r"/xwzx/zwdt/index(_\d+)?\.html$", feeds=["/atom.xml"])

    def atom(self) -> Response:
        entries = [(a.title, self.url(self.article_path(a)), a.published, a.paragraphs[0]) for a in self.articles]
        return Response(200, "application/atom+xml; charset=utf-8",
                        atom_feed(load_content(self.name)["title"], self.url("/"), entries))

    def list_page(self, number: int) -> Response:
        items = "\n".join(f'<li><a href="{self.article_path(a)}" target="_blank" title="{esc(a.title)}">'
                          f'{esc(a.title)}</a><span>{a.published:%Y-%m-%d}</span></li>'
                          for a in self.list_pages[number - 1])
        total = len(self.list_pages)
        pager = (f"共{total}页　<a href=\"{self.list_path(1)}\">首页</a> "
                 + numbered_pager(number, total, self.list_path)
                 + f" <a href=\"{self.list_path(total)}\">尾页</a>")
        return self.page(f"政务动态_{load_content(self.name)['title']}", fill("gbk_list", items=items, pager=pager))

    def article_page(self, index: int) -> Response:
        article = self.articles[index]
        near = []
        if index + 1 < len(self.articles):
            older = self.articles[index + 1]
            near.append(f'<p>上一篇：<a href="{self.article_path(older)}">{esc(older.title)}</a></p>')
        if index > 0:
            newer = self.articles[index - 1]
            near.append(f'<p>下一篇：<a href="{self.article_path(newer)}">{esc(newer.title)}</a></p>')
        main = fill("gbk_article", title=esc(article.title), source=esc(article.source),
                    published=article.published.strftime("%Y-%m-%d %H:%M"), author=esc(article.author),
                    body=paragraphs_html(article.paragraphs), near="\n".join(near))
        return self.page(f"{article.title}_{load_content(self.name)['title']}", main)


class Big5Site(Site):
    """環球報資訊網: a Big5 content farm that republishes other outlets' stories."""

    PER_LIST = 3

    def __init__(self, port: int) -> None:
        # the pinyin tone letters exist only in HKSCS, so the bytes are big5hkscs though they say big5
        super().__init__("demo-big5", port, frame="big5_frame", encoding="big5hkscs",
                         content_type="text/html; charset=big5")
        self.articles = load_articles(self.name)
        self.list_pages = chunked(self.articles, self.PER_LIST)
        self.routes.update({
            "/": lambda: self.list_page(1),
            "/robots.txt": lambda: self.text(
                f"User-agent: *\nDisallow: /search\n\nSitemap: {self.url('/sitemap_news.xml')}\n"),
            "/sitemap_news.xml": lambda: self.xml(news_sitemap(load_content(self.name)["title"], [
                (a.title, self.url(self.article_path(a)), a.published) for a in self.articles])),
        })
        self.add_pages(len(self.list_pages), self.list_page, self.article_page)

    def list_path(self, number: int) -> str:
        return f"/news/p{number}.html"

    def article_path(self, article: Article) -> str:
        return f"/news/{article.published:%Y%m}/{article.published:%d}/{article.id}.html"

    def republished(self) -> dict[int, int]:
        """Which demo-utf8 story (id) each republished article (id) copies."""
        return {a.id: a.republished_from for a in self.articles if a.republished_from is not None}

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        return self.site_definition(start=self.list_path(1), article=r"/news/\d{6}/\d{2}/\d+\.html$",
                                    follow=r"/news/p\d+\.html$", sitemaps=["/robots.txt"],
                                    timezone_name="Asia/Taipei")

    def hot(self, skip: int) -> str:
        # the ranking is the same on every page, as on real farms: it is boilerplate, not body
        ranked = [a for a in sorted(self.articles, key=lambda a: a.id % 7) if a.id != skip][:5]
        return "\n".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in ranked)

    def list_page(self, number: int) -> Response:
        items = "\n".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a><em>{a.published:%m-%d}</em></li>'
                          for a in self.list_pages[number - 1])
        pager = numbered_pager(number, len(self.list_pages), self.list_path, "上一頁", "下一頁")
        return self.page(f"資訊_第{number}頁_環球報資訊網", fill("big5_list", items=items, pager=pager, hot=self.hot(0)))

    def article_page(self, index: int) -> Response:
        article = self.articles[index]
        related = [a for a in self.articles if a.id != article.id][index % 3:][:4]
        main = fill("big5_article", title=esc(article.title), published=article.stamp, source=esc(article.source),
                    body=paragraphs_html(article.paragraphs), hot=self.hot(article.id),
                    related="\n".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                                      for a in related))
        return self.page(article.title, main)


class JsSite(Site):
    """溪口融媒: list pages whose article list a script fills from a JSON endpoint."""

    PER_LIST = 4

    def __init__(self, port: int) -> None:
        super().__init__("demo-js", port, frame="js_frame")
        self.articles = load_articles(self.name)
        self.list_pages = chunked(self.articles, self.PER_LIST)
        # no robots.txt, no feed, no sitemap: the script is the only way to the articles
        self.routes["/"] = partial(self.list_page, 1)
        self.add_pages(len(self.list_pages), self.list_page, self.article_page)
        for number in range(1, len(self.list_pages) + 1):
            self.routes[self.api_path(number)] = partial(self.api_list, number)

    def list_path(self, number: int) -> str:
        return f"/news/list_{number}.html"

    @staticmethod
    def api_path(number: int) -> str:
        return f"/api/list_{number}.json"

    def article_path(self, article: Article) -> str:
        return f"/article/{article.published:%Y/%m}/{article.id}.html"

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        return self.site_definition(start=self.list_path(1), article=r"/article/\d{4}/\d{2}/\d+\.html$",
                                    follow=r"/news/list_\d+\.html$", render=render_js)

    def list_page(self, number: int) -> Response:
        main = fill("js_list", api=self.api_path(number),
                    pager=numbered_pager(number, len(self.list_pages), self.list_path))
        return self.page(f"要闻_{load_content(self.name)['title']}", main)

    def api_list(self, number: int) -> Response:
        items = [{"title": a.title, "url": self.article_path(a), "date": f"{a.published:%Y-%m-%d}"}
                 for a in self.list_pages[number - 1]]
        body = json.dumps({"page": number, "pages": len(self.list_pages), "items": items}, ensure_ascii=False)
        return Response(200, "application/json; charset=utf-8", body.encode())

    def article_page(self, index: int) -> Response:
        article = self.articles[index]
        main = fill("js_article", title=esc(article.title), iso=article.published.isoformat(),
                    published=article.published.strftime("%Y年%m月%d日 %H:%M"),
                    outlet=esc(load_content(self.name)["outlet"]), author=esc(article.author),
                    editor=esc(article.editor), body=paragraphs_html(article.paragraphs))
        return self.page(f"{article.title}_{load_content(self.name)['title']}", main)


@cache
def _bench_words() -> dict[str, Any]:
    words = load_content("demo-bench")
    # cumulative Zipf-like weights over the frequent characters, most frequent first
    weights, total = [], 0.0
    for rank in range(len(words["common"])):
        total += 1.0 / (rank + 8)
        weights.append(total)
    return {**words, "common_weights": weights}


def _composed_sentence(rng: random.Random, words: dict[str, Any], values: dict[str, Any]) -> str:
    """A sentence no other article is likely to have: words of the site's lists glued with
    frequent characters (what two different stories share is words and short phrases)."""
    def glue(low: int, high: int) -> str:
        return "".join(rng.choices(words["common"], cum_weights=words["common_weights"], k=rng.randint(low, high)))

    parts = [rng.choice((values["place"], rng.choice(words["places"]))), rng.choice(words["nouns"]),
             rng.choice(words["verbs"]), glue(3, 9), rng.choice(words["fillers"]), rng.choice(words["nouns"]),
             str(rng.randint(2, 9999)), rng.choice(words["fillers"]), glue(2, 8), rng.choice(words["nouns"])]
    return "".join(parts) + "。"


def bench_article(index: int) -> Article:
    """Article ``index`` (1-based) of demo-bench, assembled from the word lists with its own seed:
    a few of the site's stock sentences, the rest composed (see ``_composed_sentence``)."""
    return compose_article(random.Random(f"demo-bench-{index}"), index, BENCH_EPOCH + timedelta(minutes=7 * index))


def compose_article(rng: random.Random, ident: int, published: datetime) -> Article:
    """A story from the demo-bench word lists, drawn with ``rng`` (demo/shapes.py's stories too)."""
    words = _bench_words()
    topic = rng.choice(words["topics"])
    values = {
        **topic, "place": rng.choice(words["places"]), "person": rng.choice(words["people"]),
        "role": rng.choice(words["roles"]), "number": rng.randint(120, 9800), "amount": rng.randint(300, 60000),
        "small": rng.randint(2, 40), "percent": rng.randint(55, 99), "month": rng.randint(1, 10),
        "date": f"{published.month}月{published.day}日",
    }
    stock = [s.format(**values) for s in rng.sample(words["sentences"], words["stock_sentences"])]
    wanted = rng.randint(4, 8)
    sentences = [_composed_sentence(rng, words, values) for _ in range(wanted * 3)]
    for sentence in stock:  # the stock phrases land anywhere in the article
        sentences.insert(rng.randrange(len(sentences) + 1), sentence)
    paragraphs: list[str] = []
    while len(sentences) >= 2 and len(paragraphs) < wanted:
        take = rng.randint(2, 3)
        paragraphs.append("".join(sentences[:take]))
        del sentences[:take]
    return Article(id=ident, published=published, title=rng.choice(words["titles"]).format(**values),
                   pages=(tuple(paragraphs),), author=f"记者 {rng.choice(words['people'])}",
                   editor=rng.choice(words["people"]))


class BenchSite(Site):
    """北湖新闻网: N generated articles (N from DIFANG_DEMO_BENCH_ARTICLES), 50 links per list page."""

    PER_LIST = 50
    ARTICLE = re.compile(r"/content/\d{6}/\d{2}/(\d{6})\.html")
    LIST = re.compile(r"/list_(\d+)\.html")

    def __init__(self, port: int, size: int) -> None:
        super().__init__("demo-bench", port, frame="bench_frame")
        self.size = size
        self.list_count = max(1, -(-size // self.PER_LIST))
        self.routes["/"] = partial(self.list_page, 1)
        self.routes["/robots.txt"] = partial(self.text, "User-agent: *\nDisallow:\n")

    def respond(self, path: str) -> Response:
        # routed by pattern, not by table: the site may hold a million articles
        bare = path.split("?", 1)[0]
        if found := self.ARTICLE.fullmatch(bare):
            index = int(found[1])
            if 1 <= index <= self.size and bare == self.bench_path(index):
                return self.article_page(index)
        if (found := self.LIST.fullmatch(bare)) and 1 <= int(found[1]) <= self.list_count:
            return self.list_page(int(found[1]))
        return super().respond(path)

    def list_path(self, number: int) -> str:
        return f"/list_{number}.html"

    @staticmethod
    def bench_path(index: int) -> str:
        published = BENCH_EPOCH + timedelta(minutes=7 * index)
        return f"/content/{published:%Y%m}/{published:%d}/{index:06d}.html"

    def article_path(self, article: Article) -> str:
        return self.bench_path(article.id)

    def article_paths(self) -> list[str]:
        return [self.bench_path(index) for index in range(1, self.size + 1)]

    def definition(self, render_js: bool = False) -> dict[str, Any]:
        # list page 1 links every list page, so two hops reach every article of any size
        return self.site_definition(start=self.list_path(1), article=r"/content/\d{6}/\d{2}/\d{6}\.html$",
                                    follow=r"/list_\d+\.html$", max_depth=2)

    def list_page(self, number: int) -> Response:
        first = (number - 1) * self.PER_LIST + 1
        rows = []
        for index in range(first, min(first + self.PER_LIST, self.size + 1)):
            article = bench_article(index)
            rows.append(f'<li><a href="{self.bench_path(index)}">{esc(article.title)}</a>'
                        f"<span>{article.published:%Y-%m-%d}</span></li>")
        window = range(max(1, number - 5), min(self.list_count, number + 5) + 1)
        pager = " ".join(f'<a href="{self.list_path(n)}">{n}</a>' if n != number else f"<span>{n}</span>"
                         for n in window)
        if number < self.list_count:
            pager += f' <a href="{self.list_path(number + 1)}">下一页</a>'
        archive = ""
        if number == 1:
            archive = '<div class="archive">往期：' + " ".join(
                f'<a href="{self.list_path(n)}">第{n}页</a>' for n in range(2, self.list_count + 1)) + "</div>"
        main = fill("bench_list", items="\n".join(rows), pager=pager, archive=archive)
        return self.page(f"新闻_第{number}页_{load_content(self.name)['title']}", main)

    def article_page(self, index: int) -> Response:
        article = bench_article(index)
        main = fill("bench_article", title=esc(article.title), published=article.stamp,
                    outlet=esc(load_content(self.name)["outlet"]), author=esc(article.author),
                    editor=esc(article.editor), body=paragraphs_html(article.paragraphs))
        return self.page(f"{article.title}_{load_content(self.name)['title']}", main)


SITE_CLASSES: dict[str, Callable[[int], Site]] = {
    "demo-utf8": Utf8Site,
    "demo-gbk": GbkSite,
    "demo-big5": Big5Site,
    "demo-js": JsSite,
}


def bench_size(bench_articles: int | None = None) -> int:
    """The number of demo-bench articles: the argument, else $DIFANG_DEMO_BENCH_ARTICLES, else 30."""
    if bench_articles is not None:
        return bench_articles
    return int(os.environ.get(BENCH_ARTICLES_ENV) or BENCH_ARTICLES_DEFAULT)


class Portal:
    """All demo sites for one port: routes (host, path) to the site at that address."""

    def __init__(self, port: int, bench_articles: int | None = None) -> None:
        self.port = port
        self.sites: dict[str, Site] = {name: make(port) for name, make in SITE_CLASSES.items()}
        self.sites["demo-bench"] = BenchSite(port, bench_size(bench_articles))
        self._by_address = {site.address: site for site in self.sites.values()}

    def site_at(self, host: str) -> Site | None:
        """The site served at ``host`` (an address, with or without ``:port``)."""
        return self._by_address.get(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)

    def respond(self, host: str, path: str) -> Response:
        site = self.site_at(host)
        if site is None:
            return Response(421, "text/plain; charset=utf-8", b"misdirected request\n")
        return site.respond(path)
