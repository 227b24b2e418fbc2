"""Page templates of Chinese regional portals and content farms, for the labelled set.

Each template renders an invented :class:`Story` into one or more pages and states what a
perfect extractor returns for them (the label) and which furniture lines must not leak.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin

import opencc

from . import noise
from .stories import ORGS, VILLAGES, Picture, Story, person

_TRADITIONAL = opencc.OpenCC("s2t")


@dataclass
class Rendered:
    """A rendered article: its pages (url, html), the label, the furniture lines."""

    pages: list[tuple[str, str]]
    expected: dict[str, object]
    boilerplate: list[str] = field(default_factory=list)


def _doc(title_raw: str, body: str, head: str = "", lang: str = "zh-CN", prolog: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f'{prolog}<!DOCTYPE html>\n<html{lang_attr}><head><meta charset="utf-8">'
            f"<title>{escape(title_raw)}</title>{head}</head>\n<body>\n{body}\n</body></html>\n")


def _label(story: Story, title: str, title_raw: str, paragraphs: list[str], *, published: str | None,
           source: str | None, authors: list[str], editor: str | None,
           images: list[dict[str, str]] | None = None) -> dict[str, object]:
    return {"title": title, "title_raw": title_raw, "text": "\n".join(paragraphs), "published_at": published,
            "source": source, "authors": authors, "editor": editor, "images": images or [], "language": "zh"}


def _paragraphs_html(paragraphs: list[str], style: str = "") -> str:
    attr = f' style="{style}"' if style else ""
    return "".join(f"<p{attr}>{escape(p)}</p>\n" for p in paragraphs)


def _pictures(rng: random.Random, story: Story, url: str, n: int, prefix: str) -> list[Picture]:
    pictures = []
    for i in range(n):
        src = f"{prefix}{story.year}{story.month:02d}/{story.day:02d}/{rng.randint(10**8, 10**9)}_{i}.jpg"
        caption = f"图为{rng.choice(VILLAGES)}{rng.choice(('村民正在采摘茶叶', '项目施工现场', '志愿者为老人测量血压', '新建成的文化广场'))}。"
        pictures.append(Picture(src, urljoin(url, src), caption))
    return pictures


def gov_portal(story: Story, rng: random.Random, n: int) -> Rendered:
    """County government portal: 发布时间/来源 table, TRS editor body, t20230303_ URL."""
    site = f"{story.place}人民政府"
    url = f"http://www.gov{n}.example.cn/zwgk/gzdt/{story.year}{story.month:02d}/t{story.date('')}_{4000 + n}.html"
    title_raw = f"{story.title}_{site}"
    nav, nav_lines = noise.nav(rng, site)
    crumb, crumb_lines = noise.breadcrumb(site, "工作动态")
    tools, tool_lines = noise.tool_line()
    foot, foot_lines = noise.footer(rng, site)
    body_paras = "".join(f'<p style="text-indent:2em;">{escape(p)}</p>\n<p>&nbsp;</p>\n' for p in story.paragraphs)
    body = f"""{nav}{crumb}
<div class="article">
  <div class="article-title">{escape(story.title)}</div>
  <table class="info"><tr><td>发布时间：{story.date()} {story.clock()}</td><td>来源：{story.source}</td>
  <td>浏览次数：{rng.randint(50, 5000)}</td></tr></table>
  {tools}
  <div class="TRS_Editor">{body_paras}<p style="text-align:right">（责任编辑：{story.editor}）</p></div>
</div>
<div class="bottom-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
{foot}"""
    html = _doc(title_raw, body, head='<meta name="SiteName" content="' + site + '">')
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[], editor=story.editor)
    return Rendered([(url, html)], label, nav_lines + crumb_lines + tool_lines + foot_lines)


def newspaper_edition(story: Story, rng: random.Random, n: int) -> Rendered:
    """Newspaper e-edition: 版面 header, 本报讯 lead with reporters, date only in the masthead."""
    paper = story.source
    url = f"http://epaper.paper{n}.example.cn/html/{story.year}-{story.month:02d}/{story.day:02d}/content_{900 + n}.htm"
    title_raw = f"{story.title}--{paper}数字报"
    helper = person(rng)
    lead = f"本报讯（记者 {' '.join(story.authors)} 通讯员 {helper}）{story.paragraphs[0]}"
    paragraphs = [lead] + story.paragraphs[1:]
    pages = "".join(f'<a href="node_{i}.htm">第A0{i}版</a> ' for i in range(1, 6))
    body = f"""<table class="masthead"><tr><td>{paper}</td><td>{story.date_cn()} 星期五</td></tr></table>
<div class="banci">第A03版：要闻　{pages}</div>
<table><tr><td class="left-list"><ul>{''.join(f'<li><a href="content_{i}.htm">{escape(t)}</a></li>' for i, t in enumerate(noise.headlines(rng, 6)))}</ul></td>
<td><div class="yt">——{story.place}{rng.choice(('聚焦', '关注', '走进'))}基层一线</div>
<h1>{escape(story.title)}</h1>
<div id="ozoom"><founder-content>{_paragraphs_html(paragraphs)}</founder-content></div></td></tr></table>
<div class="footer"><p>{paper}社版权所有 未经授权不得转载</p></div>"""
    html = _doc(title_raw, body, lang="", prolog='<?xml version="1.0" encoding="gb2312"?>\n')
    label = _label(story, story.title, title_raw, paragraphs, published=story.iso(with_time=False), source=None,
                   authors=story.authors + [helper], editor=None)
    return Rendered([(url, html)], label, ["第A03版：要闻", f"{paper}社版权所有 未经授权不得转载"])


def discuz_farm(story: Story, rng: random.Random, n: int) -> Rendered:
    """Discuz-style content farm: <br>-separated post, 发表于 date, replies and hot threads."""
    farm = f"{story.place[:2]}生活网"
    url = f"http://bbs.farm{n}.example.com/thread-{30000 + n}-1-1.html"
    title_raw = f"{story.title} - 本地新闻 - {farm} - Powered by Discuz!"
    author = story.authors[0]
    post = "<br />\r\n<br />\r\n".join(escape(p) for p in story.paragraphs)
    replies = ["顶一个，支持家乡发展！", "沙发", "好消息，期待早日建成。"]
    reply_html = "".join(f'<table class="plhin"><tr><td class="pls">网友{i}</td><td class="t_f" id="postmessage_{i}">{r}</td></tr></table>'
                         for i, r in enumerate(replies))
    hot, hot_lines = noise.hot_ranking(rng, "热门帖子")
    day = f"{story.year}-{story.month}-{story.day} {story.clock()}"
    body = f"""<div id="hd"><a href="/">{farm}</a> <a href="/forum.php">论坛</a> <a href="/home.php">家园</a></div>
<div id="pt" class="bm cl"><a href="/">{farm}</a> <em>&rsaquo;</em> <a href="/f-2.html">本地新闻</a></div>
<div id="ct"><div id="postlist"><h1 class="ts"><span id="thread_subject">{escape(story.title)}</span></h1>
<table class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1" href="/space-uid-8.html">bendi_xiaobian</a></div></td>
<td class="plc"><div class="authi"><em id="authorposton1">发表于 {day}</em> | 只看该作者</div>
<div class="pct"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_{n}">
<i class="pstatus"> 本帖最后由 bendi_xiaobian 于 {story.year}-{story.month}-{story.day} 23:01 编辑 </i><br />
来源：{story.source}　作者：{author}<br />\r\n<br />\r\n{post}<br />\r\n<br />\r\n（责任编辑：{story.editor}）</td></tr></table></div></div></td></tr></table>
{reply_html}</div><div id="sd">{hot}</div></div>
<div id="ft"><p>Powered by Discuz! X3.4 &copy; 2001-2023 Comsenz Inc.</p><p>粤ICP备{rng.randint(10**7, 10**8)}号</p></div>"""
    html = _doc(title_raw, body, lang="", head='<meta name="generator" content="Discuz! X3.4">')
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=story.editor)
    return Rendered([(url, html)], label, replies + hot_lines + ["只看该作者", "本帖最后由 bendi_xiaobian"])


def wordpress(story: Story, rng: random.Random, n: int) -> Rendered:
    """WordPress-like blog: og/article meta, <time datetime>, share bar, tags and comments."""
    blog = f"{story.place}观察"
    url = f"https://blog{n}.example.com/{story.year}/{story.month:02d}/{story.day:02d}/p{700 + n}/"
    title_raw = f"{story.title} – {blog}"
    iso = story.iso()
    head = (f'<meta property="og:title" content="{escape(story.title)}">'
            f'<meta property="article:published_time" content="{iso}">'
            f'<meta property="og:site_name" content="{blog}">')
    share, share_lines = noise.share_bar()
    talk, talk_lines = noise.comments(rng)
    related_html, related_lines = noise.related(rng, "相关文章", 4, css="jp-relatedposts")
    author = story.authors[0]
    body = f"""<header id="masthead" class="site-header"><p class="site-title"><a href="/">{blog}</a></p>
<nav class="main-navigation"><ul><li><a href="/">首页</a></li><li><a href="/c/news/">新闻</a></li><li><a href="/about/">关于</a></li></ul></nav></header>
<main id="main" class="site-main"><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{escape(story.title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{iso}">{story.year}年{story.month}月{story.day}日</time>
作者：<a href="/author/a/">{author}</a></div></header>
<div class="entry-content">{_paragraphs_html(story.paragraphs)}<p>来源：{story.source}</p>
{share}{related_html}</div>
<footer class="entry-footer">分类：<a href="/c/news/">新闻</a> 标签：<a href="/t/1/">{story.place}</a></footer>
</article>{talk}</main>
<footer id="colophon"><p>&copy; {story.year} {blog} · 由 WordPress 强力驱动</p></footer>"""
    html = _doc(title_raw, body, head=head)
    label = _label(story, story.title, title_raw, story.paragraphs, published=iso, source=story.source,
                   authors=[author], editor=None)
    return Rendered([(url, html)], label, share_lines + talk_lines + related_lines)


def mobile(story: Story, rng: random.Random, n: int) -> Rendered:
    """Mobile page: lazy images (data-src), /20230303/ URL, 打开APP prompts, card recommendations."""
    site = f"{story.place[:2]}新闻"
    url = f"https://m.news{n}.example.cn/news/{story.date('')}/{rng.randint(10**6, 10**7)}.html"
    pictures = _pictures(rng, story, url, 1, "//img.example.cn/m/")
    pictures[0].caption = ""
    pic = pictures[0]
    paras = story.paragraphs
    middle = len(paras) // 2
    content = (_paragraphs_html(paras[:middle]) +
               f'<p><img class="lazy" src="/static/placeholder.gif" data-src="{pic.src}" alt=""></p>' +
               _paragraphs_html(paras[middle:]))
    cards = noise.headlines(rng, 4)
    card_html = "".join(f'<a class="card" href="/n/{i}.html"><img src="/t/{i}.jpg"><p>{escape(t)}</p></a>' for i, t in enumerate(cards))
    body = f"""<div class="top-bar"><a href="/">{site}</a><span>打开APP</span></div>
<section class="article"><h1 class="art-title">{escape(story.title)}</h1>
<div class="art-info"><span>来源：{story.source}</span> <span>{story.date()} {story.clock()}</span></div>
<div class="art-content">{content}</div>
<div class="open-app">打开APP，阅读更多精彩内容</div></section>
<section class="recommend"><h2>相关推荐</h2>{card_html}</section>
<footer><p>{site} 版权所有</p></footer>"""
    html = _doc(story.title, body, head='<meta name="viewport" content="width=device-width,initial-scale=1">')
    label = _label(story, story.title, story.title, paras, published=story.iso(), source=story.source,
                   authors=[], editor=None, images=[{"src": pic.absolute, "caption": ""}])
    return Rendered([(url, html)], label, cards + ["打开APP，阅读更多精彩内容", "打开APP"])


def jsonld_only(story: Story, rng: random.Random, n: int) -> Rendered:
    """A page whose date and authors exist only in JSON-LD; <p> nested in <div>s."""
    site = f"{story.place[:2]}在线"
    url = f"https://www.online{n}.example.cn/article/{rng.randint(10**5, 10**6)}.html"
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "datePublished": story.iso(), "dateModified": story.iso(),
            "author": [{"@type": "Person", "name": a} for a in story.authors],
            "publisher": {"@type": "Organization", "name": site}}
    head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    title_raw = f"{story.title}_{site}"
    related_html, related_lines = noise.related(rng, "相关阅读", 5, css="xgyd")
    foot, foot_lines = noise.footer(rng, site)
    nested = "".join(f'<div class="para"><p>{escape(p)}</p></div>\n' for p in story.paragraphs)
    body = f"""<div class="header"><a href="/">{site}</a></div>
<div class="container"><div class="left"><h1>{escape(story.title)}</h1>
<div class="meta-line">来源：{story.source}</div>
<div class="article-body">{nested}</div>{related_html}</div>
<div class="right"><div class="hot">{noise.hot_ranking(rng)[0]}</div></div></div>{foot}"""
    html = _doc(title_raw, body, head=head)
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=story.authors, editor=None)
    return Rendered([(url, html)], label, related_lines + foot_lines)


def traditional_farm(story: Story, rng: random.Random, n: int) -> Rendered:
    """Traditional-character farm like the seed page: decorated headline, byline line,
    (相關資料圖) caption and bare headline lists straight under the body."""
    t = _TRADITIONAL.convert
    deco = rng.choice(["全球看點", "環球快訊", "今日要聞", "天天熱議"])
    title = f"{deco}:{t(story.title)}"
    title_raw = f"{title}_環球報資訊"
    url = f"http://news.farm{n}.example.com/xw/{story.date()}/{rng.randint(10**5, 10**6)}.html"
    paragraphs = [t(p) for p in story.paragraphs]
    outlet = t(story.source)
    reporter = t(story.authors[0])
    img = f"/uploads/{story.date('')}/{n}.jpg"
    related_titles = [t(h) for h in noise.headlines(rng, 10)]
    listing = "".join(f'<li><a href="/xw/{i}.html">{escape(h)}</a></li>' for i, h in enumerate(related_titles))
    ranking_titles = related_titles[:5]
    ranking = "".join(f'<li><span>{i + 1}</span> <a href="/hot/{i}.html">{escape(h)}</a></li>' for i, h in enumerate(ranking_titles))
    body = f"""<div class="top"><a href="/">環球報資訊</a> <a href="/xw/">資訊</a> <a href="/cj/">財經</a></div>
<div class="main"><h1>{escape(title)}</h1>
<div class="info">{story.date()} {story.clock()}　來源：{outlet}</div>
<div class="content"><p><img src="{img}"></p><p>(相關資料圖)</p>
<p>{outlet}客戶端 | 記者 {reporter}</p>
{_paragraphs_html(paragraphs)}
<ul>{listing}</ul><ul class="list2">{ranking}</ul></div></div>
<div class="foot">Copyright © 2023 環球報資訊 版權所有 備案號：粵ICP備{rng.randint(10**7, 10**8)}號</div>"""
    html = _doc(title_raw, body, lang="zh-Hant")
    label = _label(story, title, title_raw, paragraphs, published=story.iso(), source=outlet, authors=[reporter],
                   editor=None, images=[{"src": urljoin(url, img), "caption": "(相關資料圖)"}])
    return Rendered([(url, html)], label, related_titles + [f"{outlet}客戶端 | 記者 {reporter}", "(相關資料圖)"])


def multipage(story: Story, rng: random.Random, n: int) -> Rendered:
    """A portal article split over 2-3 pages (…_2.shtml), pager with 上一页/下一页."""
    site = f"{story.place[:2]}新闻网"
    pages_n = 2 + n % 2
    base = f"http://www.multi{n}.example.cn/system/{story.year}/{story.month:02d}/{story.day:02d}/{rng.randint(10**6, 10**7)}"
    urls = [base + ".shtml"] + [f"{base}_{i}.shtml" for i in range(2, pages_n + 1)]
    title_raw = f"{story.title}_{site}"
    size = -(-len(story.paragraphs) // pages_n)
    chunks = [story.paragraphs[i * size:(i + 1) * size] for i in range(pages_n)]
    author = story.authors[0]
    rendered = []
    for index, (url, chunk) in enumerate(zip(urls, chunks, strict=True)):
        links = " ".join(f'<a href="{u.rsplit("/", 1)[1]}">{i + 1}</a>' for i, u in enumerate(urls))
        nxt = f'<a href="{urls[index + 1].rsplit("/", 1)[1]}">下一页</a>' if index + 1 < pages_n else ""
        prev = f'<a href="{urls[index - 1].rsplit("/", 1)[1]}">上一页</a>' if index else ""
        editor = f"<p>（编辑：{story.editor}）</p>" if index == pages_n - 1 else ""
        related_html, _ = noise.bare_related(random.Random(n), "相关新闻", 4)
        body = f"""<div class="nav"><a href="/">{site}</a> <a href="/xw/">新闻</a></div>
<div class="main"><h1>{escape(story.title)}</h1>
<div class="source">{story.date_cn()} {story.clock()}　来源：{story.source}　作者：{author}</div>
<div class="text" id="text">{_paragraphs_html(chunk)}{editor}</div>
<div class="page">{prev} {links} {nxt}</div>{related_html}</div>
<div class="footer">Copyright {site} All Rights Reserved</div>"""
        rendered.append((url, _doc(title_raw, body)))
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=story.editor)
    return Rendered(rendered, label, ["下一页", "上一页"] + noise.bare_related(random.Random(n), "相关新闻", 4)[1])


def captioned(story: Story, rng: random.Random, n: int) -> Rendered:
    """News with photos: centred caption lines (图为…（记者 X 摄）) and a <figure>."""
    site = f"{story.place[:2]}网"
    url = f"https://www.pic{n}.example.cn/{story.year}-{story.month:02d}/{story.day:02d}/c_{rng.randint(10**6, 10**7)}.htm"
    title_raw = f"{story.title}-{site}"
    pictures = _pictures(rng, story, url, 2, "../../images/")
    photographer = person(rng)
    paras = story.paragraphs
    first = pictures[0]
    second = pictures[1]
    first_caption = f"{first.caption}（记者 {photographer} 摄）"
    content = (_paragraphs_html(paras[:1]) +
               f'<p style="text-align: center;"><img src="{first.src}" border="0"></p>\n'
               f'<p style="text-align: center;">{escape(first_caption)}</p>\n' +
               _paragraphs_html(paras[1:3]) +
               f'<figure class="image"><img src="{second.src}" alt=""><figcaption>{escape(second.caption)}</figcaption></figure>\n' +
               _paragraphs_html(paras[3:]))
    share, share_lines = noise.share_bar()
    body = f"""<div class="nav"><a href="/">{site}</a><a href="/local/">本地</a></div>
<div class="wrap"><h1>{escape(story.title)}</h1>
<div class="info">{story.date_cn()} {story.clock()}　来源：{story.source}</div>
<div class="byline">记者 {' '.join(story.authors)}</div>
<div class="article-content">{content}</div>{share}
<div class="editor">责任编辑：{story.editor}</div></div>
<div class="footer">{site} 版权所有</div>"""
    html = _doc(title_raw, body)
    images = [{"src": first.absolute, "caption": first_caption}, {"src": second.absolute, "caption": second.caption}]
    label = _label(story, story.title, title_raw, paras, published=story.iso(), source=story.source,
                   authors=story.authors, editor=story.editor, images=images)
    return Rendered([(url, html)], label, share_lines + [first_caption, second.caption])


def logo_headline(story: Story, rng: random.Random, n: int) -> Rendered:
    """<h1> is the site logo, the headline sits in a div; <title> carries section and site suffixes;
    paragraphs are <div>s and <p>s inside <div>s; one info line holds every label."""
    site = f"{story.place[:2]}网"
    url = f"http://www.logo{n}.example.cn/news/{story.year}/{story.month:02d}{story.day:02d}/{rng.randint(10**4, 10**5)}.html"
    title_raw = f"{story.title}_本地新闻_{site}"
    author = story.authors[0]
    paras = "".join(f"<div>{escape(p)}</div>\n" if i % 2 else f"<div><p>{escape(p)}</p></div>\n"
                    for i, p in enumerate(story.paragraphs))
    hot, hot_lines = noise.hot_ranking(rng)
    body = f"""<div class="head"><h1 class="logo"><a href="/">{site}</a></h1></div>
<div class="main"><div class="biaoti">{escape(story.title)}</div>
<div class="xinxi">时间：{story.date()} {story.clock()}　来源：{story.source}　作者：{author}　编辑：{story.editor}</div>
<div id="zoom">{paras}</div></div><div class="side">{hot}</div>
<div class="foot">{site}版权所有 ICP备案号：浙ICP备{rng.randint(10**7, 10**8)}号</div>"""
    html = _doc(title_raw, body)
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=story.editor)
    return Rendered([(url, html)], label, hot_lines)


def county_media(story: Story, rng: random.Random, n: int) -> Rendered:
    """County media centre (融媒体中心): one <div> of &nbsp;-indented <br> paragraphs, 年月日 date,
    several reporters separated by 、 plus a 通讯员."""
    site = f"{story.place}融媒体中心"
    url = f"http://www.rmt{n}.example.cn/xwzx/{story.year}{story.month:02d}/{story.day:02d}/{rng.randint(10**4, 10**5)}.html"
    title_raw = f"{story.title} - {site}"
    helper = person(rng)
    authors = story.authors
    text = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{escape(p)}<br>" for p in story.paragraphs)
    body = f"""<div class="top-nav"><a href="/">{site}</a> <a href="/xwzx/">新闻中心</a> <a href="/zwgk/">政务公开</a></div>
<div class="article"><h1>{escape(story.title)}</h1>
<div class="attr">{story.date_cn()} {story.clock()}　来源：{site}　作者：{'、'.join(authors)} 通讯员 {helper}　点击：{rng.randint(10, 9999)}</div>
<div class="article-content"><p>&nbsp;</p>{text}<p>&nbsp;</p><p>编辑：{story.editor}</p></div></div>
<div class="copyright">{site} 版权所有　技术支持：某某科技</div>"""
    html = _doc(title_raw, body, lang="")
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=site,
                   authors=authors + [helper], editor=story.editor)
    return Rendered([(url, html)], label, [f"编辑：{story.editor}"])


def table_layout(story: Story, rng: random.Random, n: int) -> Rendered:
    """An old table-layout portal: nested tables, <font>, 2023/03/03 date without time, tool line."""
    site = f"{story.place[:2]}信息港"
    url = f"http://info{n}.example.cn/news/html/{rng.randint(10**5, 10**6)}.html"
    author = story.authors[0]
    left = "".join(f'<tr><td><a href="/n/{i}.html">{escape(h)}</a></td></tr>' for i, h in enumerate(noise.headlines(rng, 6)))
    tools, tool_lines = noise.tool_line()
    body = f"""<table width="960" align="center"><tr><td><a href="/">{site}</a> | <a href="/news/">新闻</a> | <a href="/bbs/">论坛</a></td></tr></table>
<table width="960" align="center"><tr><td width="220" valign="top"><table>{left}</table></td>
<td valign="top"><table width="100%"><tr><td align="center"><b><font size="4">{escape(story.title)}</font></b></td></tr>
<tr><td align="center">发布日期：{story.date('/')}　　来源：{story.source}　　作者：{author}</td></tr>
<tr><td class="content" id="fontzoom"><font size="3">{_paragraphs_html(story.paragraphs)}</font></td></tr>
<tr><td>{tools}</td></tr></table></td></tr></table>
<table width="960" align="center"><tr><td align="center">Copyright &copy; {site} 闽ICP备{rng.randint(10**7, 10**8)}号</td></tr></table>"""
    html = _doc(story.title, body, lang="",
                head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    label = _label(story, story.title, story.title, story.paragraphs, published=story.iso(with_time=False),
                   source=story.source, authors=[author], editor=None)
    return Rendered([(url, html)], label, tool_lines)


def url_dated_farm(story: Story, rng: random.Random, n: int) -> Rendered:
    """A farm page with the date only in its URL, inline ads in the body, 文/ byline and a
    classless 延伸阅读 list right after the body."""
    site = f"{story.place[:2]}资讯"
    url = f"https://www.zx{n}.example.com/caijing/{story.year}{story.month:02d}/t{story.date('')}_{rng.randint(10**6, 10**7)}.shtml"
    title_raw = f"{story.title}|{site}"
    author = story.authors[0]
    ad_html, ad_lines = noise.ad(rng)
    middle = len(story.paragraphs) // 2
    content = (f"<p>文/{author}</p>\n" + _paragraphs_html(story.paragraphs[:middle]) + ad_html +
               _paragraphs_html(story.paragraphs[middle:]) + f"<p>本文来源：{story.source}</p>")
    extra, extra_lines = noise.bare_related(rng, "延伸阅读", 5)
    prevnext, pn_lines = noise.prev_next(rng)
    body = f"""<div class="menu"><a href="/">{site}</a> <a href="/caijing/">财经</a> <a href="/keji/">科技</a></div>
<div class="detail"><h1>{escape(story.title)}</h1>
<div class="detail-text">{content}</div>{extra}{prevnext}</div>
<div class="footer">{site} 版权所有 沪ICP备{rng.randint(10**7, 10**8)}号</div>"""
    html = _doc(title_raw, body)
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(with_time=False),
                   source=story.source, authors=[author], editor=None)
    return Rendered([(url, html)], label, ad_lines + extra_lines + pn_lines + [f"文/{author}"])


def meta_pubdate(story: Story, rng: random.Random, n: int) -> Rendered:
    """A government-style portal whose time is only in <meta name="PubDate">; bare 相关新闻."""
    site = f"{story.place}{rng.choice(ORGS)}"
    url = f"http://www.meta{n}.example.cn/art/{story.year}/{story.month}/{story.day}/art_{1200 + n}_{rng.randint(10**6, 10**7)}.html"
    title_raw = f"{site} {story.title}"
    head = (f'<meta name="ArticleTitle" content="{escape(story.title)}">'
            f'<meta name="PubDate" content="{story.date()} {story.clock()}">'
            f'<meta name="ContentSource" content="{story.source}">')
    extra, extra_lines = noise.bare_related(rng, "相关新闻", 3)
    body = f"""<div class="nav"><a href="/">{site}</a></div>
<div class="main"><h2 class="title">{escape(story.title)}</h2>
<div class="attrs">日期：{story.date()}　信息来源：{story.source}</div>
<div class="TRS_UEDITOR">{_paragraphs_html(story.paragraphs)}</div>{extra}</div>
<div class="footer">主办：{site}　网站标识码：{rng.randint(10**9, 10**10)}</div>"""
    html = _doc(title_raw, body, head=head)
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[], editor=None)
    return Rendered([(url, html)], label, extra_lines)


TEMPLATES: dict[str, Callable[[Story, random.Random, int], Rendered]] = {
    "gov_portal": gov_portal,
    "newspaper_edition": newspaper_edition,
    "discuz_farm": discuz_farm,
    "wordpress": wordpress,
    "mobile": mobile,
    "jsonld_only": jsonld_only,
    "traditional_farm": traditional_farm,
    "multipage": multipage,
    "captioned": captioned,
    "logo_headline": logo_headline,
    "county_media": county_media,
    "table_layout": table_layout,
    "url_dated_farm": url_dated_farm,
    "meta_pubdate": meta_pubdate,
}
