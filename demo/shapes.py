"""Portal shapes for measuring ``difang sites probe``: eight fictional portals on their own loopback
addresses (127.0.3.x), separate from the demo portal (demo/portal.py) that tests and digests pin.

Each shape is a layout Chinese regional portals really use, with the pages that make probing hard:

- ``rmt-trs``     county 融媒体 centre on a TRS-style CMS: ``/xwzx/bdxw/202611/t20261109_5501.shtml``,
                  lists ``index.shtml`` then ``index_1.shtml``…; video pages of the article shape.
- ``rmt-hanweb``  county platform on a Hanweb-style CMS: ``/art/2026/11/9/art_1201_34567.html``,
                  columns ``/col/col1201/index.html?uid=…&pageNum=2``; leader profile pages; a
                  gateway page at ``/`` whose script sends browsers to ``/index.html``.
- ``platform``    a provincial platform hosting county sub-sites under one host (``/yunxi/``,
                  ``/baihe/``…) whose home pages also link the platform's and neighbours' stories.
- ``php-query``   a PHP CMS: ``/show.php?catid=2&id=1234``, lists ``/list.php?catid=2&page=2``.
- ``feeds-only``  lists filled by scripts; an RSS feed announced in the head lists every story.
- ``sitemap-only`` a front page with three stories; robots.txt names a sitemap index (news and
                  monthly sitemaps, some of their entries list pages).
- ``js-list``     channel lists filled by scripts from a JSON endpoint, no feed, no sitemap.
- ``trad-portal`` a Taiwanese portal in Traditional script, WordPress-style dated slug URLs,
                  ``/category/local/page/2/``, times stated with +08:00.

Every shape knows its hand-written site file (:meth:`Shape.definition`), its article URLs and its
pages that are not articles. ``python -m demo.shapes`` serves them until interrupted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import cache, partial
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from demo.portal import (
    CST,
    Article,
    Response,
    chunked,
    compose_article,
    esc,
    news_sitemap,
    paragraphs_html,
    rss_feed,
    sitemap_index,
    urlset,
)
from demo.server import LoopbackSites

SHAPE_ADDRESSES: dict[str, str] = {
    "rmt-trs": "127.0.3.1",
    "rmt-hanweb": "127.0.3.2",
    "platform": "127.0.3.3",
    "php-query": "127.0.3.4",
    "feeds-only": "127.0.3.5",
    "sitemap-only": "127.0.3.6",
    "js-list": "127.0.3.7",
    "trad-portal": "127.0.3.8",
}
EPOCH = datetime(2026, 11, 9, 18, 0, tzinfo=CST)
HTML = "text/html; charset=utf-8"


@cache
def stories(seed: str, count: int, first_id: int, hours_apart: int = 9) -> tuple[Article, ...]:
    """``count`` stories of a shape, newest first, each from its own seed."""
    out = []
    for index in range(count):
        rng = random.Random(f"shape-{seed}-{index}")
        published = EPOCH - timedelta(hours=hours_apart * index, minutes=rng.randint(0, 50))
        out.append(compose_article(rng, first_id + index, published))
    return tuple(out)


@cache
def _traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


def frame(title: str, brand: str, nav: str, main: str, *, head: str = "", lang: str = "zh-CN") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
            f'{head}\n</head>\n<body>\n<div class="header"><div class="logo"><a href="/">{esc(brand)}</a></div>\n'
            f'<div class="nav">{nav}</div></div>\n<div class="wrap">\n{main}\n</div>\n'
            f'<div class="footer"><p>主办：{esc(brand)}　备案号：示例ICP备00000000号</p>'
            '<p><a href="http://beian.example.invalid/">网站备案</a></p></div>\n</body>\n</html>\n')


def anchors(items: Sequence[tuple[str, str]]) -> str:
    return " ".join(f'<a href="{esc(href)}">{esc(text)}</a>' for href, text in items)


def pager(current: int, total: int, href: Callable[[int], str]) -> str:
    parts = [f'<a href="{esc(href(current - 1))}">上一页</a>'] if current > 1 else []
    parts += [f"<span>{n}</span>" if n == current else f'<a href="{esc(href(n))}">{n}</a>' for n in range(1, total + 1)]
    if current < total:
        parts.append(f'<a href="{esc(href(current + 1))}">下一页</a>')
    return '<div class="page">' + " ".join(parts) + "</div>"


def news_list(items: Sequence[tuple[str, Article]], date_format: str = "%Y-%m-%d") -> str:
    rows = "\n".join(f'<li><a href="{esc(href)}" target="_blank">{esc(a.title)}</a>'
                     f"<span>{a.published.strftime(date_format)}</span></li>" for href, a in items)
    return f'<ul class="news-list">\n{rows}\n</ul>'


class Shape:
    """One portal shape: its routes, hand-written site file and ground truth."""

    name = ""
    brand = ""
    lang = "zh-CN"

    def __init__(self, port: int) -> None:
        self.port = port
        self.address = SHAPE_ADDRESSES[self.name]
        self.routes: dict[str, Callable[[], Response]] = {}
        self.non_articles: list[str] = []  # paths of pages that look like articles and are not
        self.articles: list[tuple[str, Article]] = []  # (path, story)
        self.build()

    def build(self) -> None:
        raise NotImplementedError

    @property
    def base(self) -> str:
        return f"http://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def probe_url(self) -> str:
        """Where a user would point the probe."""
        return self.url("/")

    def article_urls(self) -> list[str]:
        return [self.url(path) for path, _ in self.articles]

    def non_article_urls(self) -> list[str]:
        return [self.url(path) for path in self.non_articles]

    def respond(self, target: str) -> Response:
        handler = self.routes.get(target) or self.routes.get(target.split("?", 1)[0])
        if handler is None:
            return self.html("404 页面不存在", "<h1>404</h1><p>您访问的页面不存在。</p>", status=404)
        return handler()

    def html(self, title: str, main: str, *, head: str = "", status: int = 200) -> Response:
        text = frame(title, self.brand, self.nav(), main, head=head, lang=self.lang)
        return Response(status, HTML, self.localized(text).encode("utf-8"))

    def localized(self, text: str) -> str:
        return text

    def nav(self) -> str:
        return ""

    def robots(self, extra: str = "") -> None:
        self.routes["/robots.txt"] = lambda: Response(
            200, "text/plain; charset=utf-8", f"User-agent: *\nDisallow: /search\n{extra}".encode())

    def definition(self) -> dict[str, Any]:
        raise NotImplementedError

    def story(self, story: Article) -> Response:
        raise NotImplementedError

    def add_section(self, items: list[tuple[str, Article]], per_page: int, target: Callable[[int], str],
                    list_page: Callable[[list[Sequence[tuple[str, Article]]], int], Response]) -> None:
        """Route a section's articles and its list pages (``target(n)``: page n's path)."""
        self.articles += items
        for path, story in items:
            self.routes[path] = partial(self.story, story)
        pages = chunked(items, per_page)
        for number in range(1, len(pages) + 1):
            self.routes[target(number)] = partial(list_page, pages, number)

    def site(self, **values: Any) -> dict[str, Any]:
        base = {"name": self.name, "title": self.brand, "schedule": "*/30 * * * *", "timezone": "Asia/Shanghai",
                "script": "zh-Hans", "render": False}
        return {**base, **values}

    def article_page(self, story: Article, *, info: str, body_class: str = "article-content",
                     head: str = "", extra: str = "") -> Response:
        main = (f'<div class="article"><h1>{esc(story.title)}</h1>\n<div class="info">{info}</div>\n'
                f'<div class="{body_class}">\n{paragraphs_html(story.paragraphs)}\n</div>\n'
                f'<p class="editor">责任编辑：{esc(story.editor)}</p>{extra}</div>')
        return self.html(f"{story.title}_{self.brand}", main, head=head)


class RmtTrs(Shape):
    """云溪县融媒体中心 on a TRS-style CMS."""

    name = "rmt-trs"
    brand = "云溪县融媒体中心"
    SECTIONS = (("xwzx/bdxw", "本地新闻"), ("xwzx/xzdt", "乡镇动态"), ("zwgk/tzgg", "通知公告"))
    PER_PAGE = 5

    def nav(self) -> str:
        return anchors([("/", "首页"), *((f"/{d}/", t) for d, t in self.SECTIONS), ("/spzx/", "视频"),
                        ("/gywm/index.shtml", "关于我们")])

    def build(self) -> None:
        self.robots()
        for number, (directory, _title) in enumerate(self.SECTIONS):
            items = [(f"/{directory}/{a.published:%Y%m}/t{a.published:%Y%m%d}_{a.id}.shtml", a)
                     for a in stories(f"trs-{directory}", 12, 5501 + 100 * number)]
            self.add_section(items, self.PER_PAGE, partial(self.list_path, directory),
                             partial(self.list_page, directory))
            self.routes[f"/{directory}/"] = self.routes[self.list_path(directory, 1)]
        videos = [(f"/spzx/{a.published:%Y%m}/t{a.published:%Y%m%d}_{a.id}.shtml", a)
                  for a in stories("trs-video", 6, 9001)]
        for path, story in videos:
            self.routes[path] = partial(self.video, story)
            self.non_articles.append(path)
        self.routes["/spzx/"] = self.routes["/spzx/index.shtml"] = partial(self.video_list, videos)
        self.routes["/gywm/index.shtml"] = self.about
        self.non_articles.append("/gywm/index.shtml")
        latest = sorted(self.articles, key=lambda x: x[1].published, reverse=True)[:8]
        self.routes["/"] = self.routes["/index.shtml"] = partial(self.home, latest, videos[:4])

    def list_path(self, directory: str, page: int) -> str:
        return f"/{directory}/index.shtml" if page == 1 else f"/{directory}/index_{page - 1}.shtml"

    def home(self, latest: list[tuple[str, Article]], videos: list[tuple[str, Article]]) -> Response:
        main = (f'<div class="yw"><h2>要闻</h2>{news_list(latest)}</div>\n'
                f'<div class="sp"><h2>视频</h2>{news_list(videos)}</div>\n'
                '<div class="zt"><h2>专题</h2><a href="/zt/2026/dongji/index.shtml">冬季安全生产专题</a></div>')
        return self.html(f"首页_{self.brand}", main)

    def list_page(self, directory: str, pages: list[Sequence[tuple[str, Article]]], page: int) -> Response:
        title = dict(self.SECTIONS)[directory]
        main = (f'<div class="list"><h2>{esc(title)}</h2>{news_list(pages[page - 1])}\n'
                f'{pager(page, len(pages), partial(self.list_path, directory))}</div>')
        return self.html(f"{title}_{self.brand}", main)

    def story(self, story: Article) -> Response:
        info = f"发布时间：{story.published:%Y-%m-%d %H:%M}　来源：{esc(self.brand)}　作者：{esc(story.author)}"
        return self.article_page(story, info=info, body_class="TRS_Editor")

    def video(self, story: Article) -> Response:
        main = (f'<div class="article"><h1>{esc(story.title)}</h1>\n<div class="info">发布时间：'
                f'{story.published:%Y-%m-%d %H:%M}　来源：{esc(self.brand)}</div>\n'
                f'<div class="video"><video src="/v/{story.id}.mp4" controls></video><p>视频时长：2分13秒</p></div></div>')
        return self.html(f"{story.title}_{self.brand}", main)

    def video_list(self, videos: list[tuple[str, Article]]) -> Response:
        return self.html(f"视频_{self.brand}", f'<div class="list"><h2>视频</h2>{news_list(videos)}</div>')

    def about(self) -> Response:
        return self.html(f"关于我们_{self.brand}", '<div class="about"><h1>关于我们</h1><p>云溪县融媒体中心成立于'
                         "2019年，整合了原县广播电视台、县新闻中心等单位，负责全县新闻宣传、舆论引导和公共服务工作。"
                         "中心现有采编人员六十余人，运营县电视台、县新闻网、云溪发布客户端和多个新媒体账号。</p>"
                         "<p>联系电话：0000-1234567，地址：云溪县人民路88号。我们欢迎广大群众提供新闻线索。</p></div>")

    def definition(self) -> dict[str, Any]:
        return self.site(
            start_urls=[self.url(f"/{d}/") for d, _ in self.SECTIONS],
            article_urls=[r"/(xwzx/\w+|zwgk/tzgg)/\d{6}/t\d{8}_\d+\.shtml$"],
            follow_urls=[r"/index_\d+\.shtml$"], max_depth=2)


class RmtHanweb(Shape):
    """白河县人民政府门户网站 on a Hanweb-style platform."""

    name = "rmt-hanweb"
    brand = "白河县人民政府"
    COLUMNS = ((1201, "白河要闻"), (1202, "部门动态"), (1203, "乡镇街道"))
    PER_PAGE = 4
    UID = 4823

    def nav(self) -> str:
        return ('<ul id="menu">' + "".join(f'<li><a href="{self.col_path(c)}">{t}</a></li>' for c, t in self.COLUMNS)
                + '<li><a href="/zfxxgk/ldxx/index.html">领导信息</a></li></ul>')

    @staticmethod
    def col_path(column: int) -> str:
        return f"/col/col{column}/index.html"

    def page_target(self, column: int, page: int) -> str:
        return self.col_path(column) if page == 1 else f"{self.col_path(column)}?uid={self.UID}&pageNum={page}"

    def build(self) -> None:
        self.robots()
        for number, (column, _title) in enumerate(self.COLUMNS):
            items = [(f"/art/{a.published.year}/{a.published.month}/{a.published.day}/art_{column}_{a.id}.html", a)
                     for a in stories(f"hanweb-{column}", 10, 34567 + 50 * number, hours_apart=11)]
            self.add_section(items, self.PER_PAGE, partial(self.page_target, column), partial(self.column_page, column))
        leaders = [("/zfxxgk/ldxx/ld_1.html", "县长 王建国"), ("/zfxxgk/ldxx/ld_2.html", "副县长 李明"),
                   ("/zfxxgk/ldxx/ld_3.html", "副县长 张丽")]
        for path, who in leaders:
            self.routes[path] = partial(self.leader, who)
            self.non_articles.append(path)
        self.routes["/zfxxgk/ldxx/index.html"] = lambda: self.html(
            f"领导信息_{self.brand}", '<ul class="ld">' + "".join(f'<li><a href="{p}">{w}</a></li>' for p, w in leaders)
            + "</ul>")
        latest = sorted(self.articles, key=lambda x: x[1].published, reverse=True)[:7]
        self.routes["/index.html"] = partial(self.home, latest)
        # the host's root is a gateway page that sends browsers on, as many government portals do
        self.routes["/"] = lambda: Response(200, HTML, (
            '<html><head><meta charset="utf-8"><title>白河县人民政府</title></head><body>'
            '<script>window.location.href = "/index.html";</script></body></html>').encode())

    def home(self, latest: list[tuple[str, Article]]) -> Response:
        main = (f'<div class="tt"><h2>今日白河</h2>{news_list(latest, "%m-%d")}'
                f'<a href="{self.col_path(1201)}" class="more">更多</a></div>')
        return self.html(self.brand, main)

    def column_page(self, column: int, pages: list[Sequence[tuple[str, Article]]], page: int) -> Response:
        title = dict(self.COLUMNS)[column]
        main = (f'<div class="column"><h2>{title}</h2>{news_list(pages[page - 1])}'
                f'{pager(page, len(pages), partial(self.page_target, column))}</div>')
        return self.html(f"{title}_{self.brand}", main)

    def story(self, story: Article) -> Response:
        info = f"发布日期：{story.published:%Y-%m-%d %H:%M}　信息来源：县政府办　浏览次数：{story.id % 900 + 100}"
        return self.article_page(story, info=info, body_class="zoom")

    def leader(self, who: str) -> Response:
        main = (f'<div class="ld-info"><h1>{esc(who)}</h1><p>男，汉族，1972年生，研究生学历，中共党员。负责县政府全面工作，'
                "分管审计、财政、发展改革等方面工作。</p><p>曾任县委办公室主任、副县长等职。联系单位：县政府办公室、"
                "县财政局、县审计局、县发展和改革局。</p></div>")
        return self.html(f"{who}_{self.brand}", main)

    def definition(self) -> dict[str, Any]:
        return self.site(
            start_urls=[self.url(self.col_path(c)) for c, _ in self.COLUMNS],
            article_urls=[r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"],
            follow_urls=[r"/col/col\d+/index\.html\?uid=\d+&pageNum=\d+$"], max_depth=2)


class Platform(Shape):
    """A provincial platform: county sub-sites under one host; the probe is pointed at one."""

    name = "platform"
    brand = "青山省政务服务平台"
    COUNTIES = (("yunxi", "云溪县"), ("baihe", "白河县"), ("qingshan", "青山区"))
    CHANNELS = (("xwdt", "新闻动态"), ("tzgg", "通知公告"))
    PER_PAGE = 5
    TARGET = "yunxi"

    @property
    def probe_url(self) -> str:
        return self.url(f"/{self.TARGET}/")

    def build(self) -> None:
        self.robots()
        province = [(f"/sheng/xwdt/content_{a.id}.html", a) for a in stories("platform-sheng", 6, 9101)]
        for path, story in province:
            self.routes[path] = partial(self.county_story, "sheng", story)
        by_county: dict[str, list[tuple[str, Article]]] = {}
        for number, (county, _title) in enumerate(self.COUNTIES):
            items: list[tuple[str, Article]] = []
            for offset, (channel, _ctitle) in enumerate(self.CHANNELS):
                chan = [(f"/{county}/{channel}/content_{a.id}.html", a)
                        for a in stories(f"platform-{county}-{channel}", 9, 4101 + 1000 * number + 100 * offset)]
                for path, story in chan:
                    self.routes[path] = partial(self.county_story, county, story)
                pages = chunked(chan, self.PER_PAGE)
                for page in range(1, len(pages) + 1):
                    self.routes[self.list_path(county, channel, page)] = partial(
                        self.channel_page, county, channel, pages, page)
                self.routes[f"/{county}/{channel}/"] = self.routes[self.list_path(county, channel, 1)]
                items += chan
            by_county[county] = items
            latest = sorted(items, key=lambda x: x[1].published, reverse=True)[:6]
            self.routes[f"/{county}/"] = self.routes[f"/{county}/index.html"] = partial(
                self.county_home, county, latest, province[:5])
        self.articles = by_county[self.TARGET]
        self.routes["/"] = partial(self.home, province)

    def list_path(self, county: str, channel: str, page: int) -> str:
        return f"/{county}/{channel}/index.html" if page == 1 else f"/{county}/{channel}/index_{page}.html"

    def nav(self) -> str:
        return anchors([("/", "省平台首页"), *((f"/{c}/", t) for c, t in self.COUNTIES)])

    def home(self, province: list[tuple[str, Article]]) -> Response:
        return self.html(self.brand, f'<div class="sheng"><h2>全省要闻</h2>{news_list(province)}</div>')

    def county_home(self, county: str, latest: list[tuple[str, Article]],
                    province: list[tuple[str, Article]]) -> Response:
        title = dict(self.COUNTIES)[county]
        channels = anchors([(f"/{county}/{c}/", t) for c, t in self.CHANNELS])
        main = (f'<div class="sub-nav">{channels}</div>\n<div class="county"><h2>{title}动态</h2>{news_list(latest)}</div>\n'
                f'<div class="sheng"><h2>全省要闻</h2>{news_list(province)}</div>')
        return self.html(f"{title}_{self.brand}", main)

    def channel_page(self, county: str, channel: str, pages: list[Sequence[tuple[str, Article]]],
                     page: int) -> Response:
        title = f"{dict(self.COUNTIES)[county]}{dict(self.CHANNELS)[channel]}"
        main = (f'<div class="sub-nav">{anchors([(f"/{county}/{c}/", t) for c, t in self.CHANNELS])}</div>'
                f'<div class="list"><h2>{title}</h2>{news_list(pages[page - 1])}'
                f'{pager(page, len(pages), partial(self.list_path, county, channel))}</div>')
        return self.html(f"{title}_{self.brand}", main)

    def county_story(self, county: str, story: Article) -> Response:
        source = dict(self.COUNTIES).get(county, "青山省人民政府")
        return self.article_page(story, info=f"时间：{story.published:%Y-%m-%d %H:%M:%S}　来源：{source}")

    def definition(self) -> dict[str, Any]:
        county = self.TARGET
        return self.site(
            start_urls=[self.url(f"/{county}/{c}/") for c, _ in self.CHANNELS],
            article_urls=[rf"^https?://[^/]+/{county}/\w+/content_\d+\.html$"],
            follow_urls=[rf"/{county}/\w+/index_\d+\.html$"], max_depth=2)


class PhpQuery(Shape):
    """临江新闻网 on a PHP CMS: query-string ids and ``&page=`` pagination."""

    name = "php-query"
    brand = "临江新闻网"
    CATEGORIES = ((2, "要闻"), (5, "社会"), (9, "文旅"))
    PER_PAGE = 3

    def nav(self) -> str:
        return anchors([("/", "首页"), *((f"/list.php?catid={c}", t) for c, t in self.CATEGORIES),
                        ("/page.php?id=3", "关于本站")])

    def list_target(self, catid: int, page: int) -> str:
        return f"/list.php?catid={catid}" if page == 1 else f"/list.php?catid={catid}&page={page}"

    def build(self) -> None:
        self.robots()
        for number, (catid, _title) in enumerate(self.CATEGORIES):
            items = [(f"/show.php?catid={catid}&id={a.id}", a)
                     for a in stories(f"php-{catid}", 8, 1201 + 40 * number, hours_apart=13)]
            self.add_section(items, self.PER_PAGE, partial(self.list_target, catid), partial(self.list_page, catid))
        self.routes["/page.php?id=3"] = self.about
        self.non_articles.append("/page.php?id=3")
        latest = sorted(self.articles, key=lambda x: x[1].published, reverse=True)[:6]
        self.routes["/"] = self.routes["/index.php"] = partial(
            lambda items: self.html(self.brand, f'<div class="focus"><h2>今日关注</h2>{news_list(items)}</div>'), latest)

    def list_page(self, catid: int, pages: list[Sequence[tuple[str, Article]]], page: int) -> Response:
        # each entry with its summary: prose and dates on a page that is not an article
        title = dict(self.CATEGORIES)[catid]
        rows = "\n".join(f'<li><h3><a href="{esc(href)}">{esc(a.title)}</a></h3><p class="summary">'
                         f'{esc(a.paragraphs[0][:90])}……</p><span class="date">{a.published:%Y-%m-%d %H:%M}</span></li>'
                         for href, a in pages[page - 1])
        main = (f'<div class="catlist"><h2>{title}</h2><ul>{rows}</ul>'
                f'{pager(page, len(pages), partial(self.list_target, catid))}</div>')
        return self.html(f"{title}_{self.brand}", main)

    def story(self, story: Article) -> Response:
        info = f"{story.published:%Y年%m月%d日 %H:%M}　来源：临江日报　{esc(story.author)}"
        return self.article_page(story, info=info, body_class="con")

    def about(self) -> Response:
        return self.html(f"关于本站_{self.brand}", '<div class="page"><h1>关于本站</h1><p>临江新闻网是临江市重点新闻网站，'
                         "由临江日报社主办，提供本地新闻、社会民生和文化旅游资讯。网站坚持正确舆论导向，服务全市发展大局。"
                         "</p><p>本站所有稿件未经许可不得转载。投稿邮箱见页面底部。</p></div>")

    def definition(self) -> dict[str, Any]:
        return self.site(
            start_urls=[self.url(self.list_target(c, 1)) for c, _ in self.CATEGORIES],
            article_urls=[r"/show\.php\?catid=\d+&id=\d+$"],
            follow_urls=[r"/list\.php\?catid=\d+&page=\d+$"], max_depth=2)


JS_LIST = """<ul id="list" data-src="{api}"></ul>
<script>
fetch(document.getElementById('list').getAttribute('data-src')).then(function (r) {{ return r.json(); }})
  .then(function (data) {{
    var list = document.getElementById('list');
    data.items.forEach(function (item) {{
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = item.url; a.textContent = item.title; li.appendChild(a); list.appendChild(li);
    }});
  }});
</script>"""


class FeedsOnly(Shape):
    """南岭日报 client site: lists drawn by scripts, every story in the announced RSS feed."""

    name = "feeds-only"
    brand = "南岭日报"

    def build(self) -> None:
        self.robots()
        items = [(f"/a/{a.published:%Y/%m/%d}/{hashlib.md5(str(a.id).encode()).hexdigest()[:16]}.html", a)
                 for a in stories("feeds", 20, 6001, hours_apart=7)]
        self.articles = items
        for path, story in items:
            self.routes[path] = partial(self.story, story)
        self.routes["/rss/news.xml"] = lambda: Response(200, "application/rss+xml; charset=utf-8", rss_feed(
            self.brand, self.url("/"), [(a.title, self.url(p), a.published, a.paragraphs[0]) for p, a in items]))
        self.routes["/api/latest.json"] = lambda: Response(200, "application/json; charset=utf-8", json.dumps(
            {"items": [{"title": a.title, "url": p} for p, a in items[:8]]}, ensure_ascii=False).encode())
        self.routes["/"] = lambda: self.html(
            self.brand, f'<h2>最新</h2>{JS_LIST.format(api="/api/latest.json")}',
            head='<link rel="alternate" type="application/rss+xml" title="南岭日报" href="/rss/news.xml">')

    def story(self, story: Article) -> Response:
        head = f'<meta property="article:published_time" content="{story.published.isoformat()}">'
        return self.article_page(story, info=f"{story.published:%Y-%m-%d %H:%M} 南岭日报", head=head)

    def definition(self) -> dict[str, Any]:
        return self.site(feeds=[self.url("/rss/news.xml")],
                         article_urls=[r"/a/\d{4}/\d{2}/\d{2}/[0-9a-f]+\.html$"])


class SitemapOnly(Shape):
    """东川网: a front page of three stories; the sitemaps list the rest."""

    name = "sitemap-only"
    brand = "东川网"

    def build(self) -> None:
        self.robots(f"Sitemap: {self.url('/sitemap_index.xml')}\n")
        items = [(f"/html/{a.published:%Y-%m}/{a.published:%d}/c_{a.id}.htm", a)
                 for a in stories("sitemap", 30, 3001, hours_apart=30)]
        self.articles = items
        for path, story in items:
            self.routes[path] = partial(self.story, story)
        months: dict[str, list[tuple[str, Article]]] = {}
        for path, story in items:
            months.setdefault(f"{story.published:%Y-%m}", []).append((path, story))
        sections = [("/html/list/shehui.htm", "社会"), ("/html/list/wenhua.htm", "文化")]
        for path, title in sections:
            self.routes[path] = partial(self.section, title)
        self.routes["/about.htm"] = lambda: self.html(f"关于_{self.brand}", "<h1>关于东川网</h1><p>东川网由东川传媒集团主办。</p>")
        self.routes["/sitemaps/news.xml"] = lambda: Response(200, "application/xml", news_sitemap(
            self.brand, [(a.title, self.url(p), a.published) for p, a in items[:10]]))
        for month, entries in months.items():
            dated = [(self.url(p), a.published) for p, a in entries]
            if month == max(months):
                dated += [(self.url(p), EPOCH) for p, _ in sections] + [(self.url("/about.htm"), EPOCH)]
            self.routes[f"/sitemaps/{month}.xml"] = partial(lambda rows: Response(200, "application/xml", urlset(rows)),
                                                            dated)
        children = ["/sitemaps/news.xml", *(f"/sitemaps/{m}.xml" for m in sorted(months, reverse=True))]
        self.routes["/sitemap_index.xml"] = lambda: Response(200, "application/xml",
                                                              sitemap_index([self.url(c) for c in children]))
        self.routes["/"] = lambda: self.html(self.brand, f'<div class="focus">{news_list(items[:3])}</div>'
                                             f'<div>{anchors(sections)} <a href="/about.htm">关于</a></div>')

    def section(self, title: str) -> Response:
        return self.html(f"{title}_{self.brand}", f"<h1>{title}</h1><p>栏目改版中，敬请期待。</p>")

    def story(self, story: Article) -> Response:
        return self.article_page(story, info=f"{story.published:%Y-%m-%d %H:%M:%S}　东川网")

    def definition(self) -> dict[str, Any]:
        return self.site(sitemaps=[self.url("/robots.txt")], article_urls=[r"/html/\d{4}-\d{2}/\d{2}/c_\d+\.htm$"])


class JsList(Shape):
    """西岭融媒: channel lists a script fills from JSON; a plain fetch sees three stories."""

    name = "js-list"
    brand = "西岭融媒"
    CHANNELS = (("local", "本地"), ("society", "社会"))
    PER_PAGE = 6

    def nav(self) -> str:
        return anchors([("/", "首页"), *((f"/channel/{c}.html", t) for c, t in self.CHANNELS)])

    def build(self) -> None:
        self.robots()
        for number, (channel, _title) in enumerate(self.CHANNELS):
            items = [(f"/content/{a.published:%Y%m%d}/{a.id}.html", a)
                     for a in stories(f"js-{channel}", 12, 39001 + 100 * number, hours_apart=8)]
            self.articles += items
            for path, story in items:
                self.routes[path] = partial(self.story, story)
            pages = chunked(items, self.PER_PAGE)
            for page in range(1, len(pages) + 1):
                self.routes[f"/channel/{channel}.html?page={page}"] = partial(self.channel, channel, page, len(pages))
                self.routes[f"/api/channel?name={channel}&page={page}"] = partial(self.api, pages[page - 1])
            self.routes[f"/channel/{channel}.html"] = self.routes[f"/channel/{channel}.html?page=1"]
        latest = sorted(self.articles, key=lambda x: x[1].published, reverse=True)
        self.routes["/api/latest"] = partial(self.api, latest[:10])
        self.routes["/"] = partial(lambda top: self.html(
            self.brand, f'<div class="top"><h2>头条</h2>{news_list(top)}</div><h2>最新</h2>{JS_LIST.format(api="/api/latest")}'),
            latest[:3])

    def channel(self, channel: str, page: int, total: int) -> Response:
        title = dict(self.CHANNELS)[channel]
        main = (f"<h2>{title}</h2>{JS_LIST.format(api=f'/api/channel?name={channel}&amp;page={page}')}"
                f"{pager(page, total, lambda n: f'/channel/{channel}.html?page={n}')}")
        return self.html(f"{title}_{self.brand}", main)

    @staticmethod
    def api(items: Sequence[tuple[str, Article]]) -> Response:
        body = json.dumps({"items": [{"title": a.title, "url": p} for p, a in items]}, ensure_ascii=False)
        return Response(200, "application/json; charset=utf-8", body.encode())

    def story(self, story: Article) -> Response:
        return self.article_page(story, info=f"{story.published:%Y年%m月%d日 %H:%M}　来源：西岭融媒")

    def definition(self) -> dict[str, Any]:
        return self.site(start_urls=[self.url(f"/channel/{c}.html") for c, _ in self.CHANNELS],
                         article_urls=[r"/content/\d{8}/\d+\.html$"],
                         follow_urls=[r"/channel/\w+\.html\?page=\d+$"], max_depth=2, render=True)


class TradPortal(Shape):
    """花蓮在地報 (Taiwan): Traditional script, dated slug URLs, +08:00 times."""

    name = "trad-portal"
    brand = "花莲在地报"
    lang = "zh-TW"
    CATEGORIES = (("local", "地方"), ("society", "社会"))
    PER_PAGE = 5
    SLUG_WORDS = ("hualien", "county", "market", "school", "bridge", "festival", "library", "harbor", "farmers",
                  "station", "river", "village", "night", "tourism", "council", "health")

    def localized(self, text: str) -> str:
        return str(_traditional().convert(text))

    def nav(self) -> str:
        return anchors([("/", "首页"), *((f"/category/{c}/", t) for c, t in self.CATEGORIES)])

    def slug(self, story: Article) -> str:
        rng = random.Random(f"slug-{story.id}")
        return "-".join(rng.sample(self.SLUG_WORDS, 4))

    def list_path(self, category: str, page: int) -> str:
        return f"/category/{category}/" if page == 1 else f"/category/{category}/page/{page}/"

    def build(self) -> None:
        self.robots()
        for number, (category, _title) in enumerate(self.CATEGORIES):
            items = [(f"/{a.published:%Y/%m/%d}/{self.slug(a)}/", a)
                     for a in stories(f"trad-{category}", 12, 7001 + 100 * number, hours_apart=10)]
            self.add_section(items, self.PER_PAGE, partial(self.list_path, category), partial(self.category, category))
        latest = sorted(self.articles, key=lambda x: x[1].published, reverse=True)[:6]
        self.routes["/"] = partial(lambda items: self.html(self.brand, f"<h2>焦点新闻</h2>{news_list(items)}"), latest)

    def category(self, category: str, pages: list[Sequence[tuple[str, Article]]], page: int) -> Response:
        title = dict(self.CATEGORIES)[category]
        main = (f"<h2>{title}新闻</h2>{news_list(pages[page - 1])}"
                f"{pager(page, len(pages), partial(self.list_path, category))}")
        return self.html(f"{title}新闻 - {self.brand}", main)

    def story(self, story: Article) -> Response:
        head = f'<meta property="article:published_time" content="{story.published.isoformat()}">'
        info = f'<time datetime="{story.published.isoformat()}">{story.published:%Y/%m/%d %H:%M}</time> 记者 {esc(story.author[3:])}'
        return self.article_page(story, info=info, head=head)

    def definition(self) -> dict[str, Any]:
        return self.site(start_urls=[self.url(self.list_path(c, 1)) for c, _ in self.CATEGORIES],
                         article_urls=[r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$"],
                         follow_urls=[r"/category/[a-z]+/page/\d+/$"], max_depth=2, timezone="Asia/Taipei",
                         script="zh-TW", title=str(_traditional().convert(self.brand)))


SHAPES: dict[str, type[Shape]] = {cls.name: cls for cls in (
    RmtTrs, RmtHanweb, Platform, PhpQuery, FeedsOnly, SitemapOnly, JsList, TradPortal)}


class ShapePortals(LoopbackSites):
    """The shapes on loopback (all of them, or those named)."""

    def __init__(self, port: int = 0, names: Sequence[str] | None = None) -> None:
        super().__init__(port)
        self.names = list(names or SHAPES)
        self.shapes = {name: SHAPES[name](port) for name in self.names}

    def addresses(self) -> dict[str, str]:
        return {name: SHAPE_ADDRESSES[name] for name in self.names}

    def respond(self, site: str, target: str) -> Response:
        return self.shapes[site].respond(target)

    def bound(self, port: int) -> None:
        if port != self.port:
            self.shapes = {name: SHAPES[name](port) for name in self.names}
        self.port = port

    def host_of(self, name: str) -> str:
        return urlsplit(self.shapes[name].base).hostname or ""


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the probe's portal shapes on loopback.")
    parser.add_argument("--port", type=int, default=8702)
    args = parser.parse_args()
    stopped = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with ShapePortals(args.port) as portals:
        for name, shape in portals.shapes.items():
            print(f"{name:13} {shape.probe_url}", flush=True)
        stopped.wait()


if __name__ == "__main__":
    main()
