"""Templates for rules about page structure and field labels: picture galleries (slides of one picture
and a text, an intro beside them, ``N/M`` counters), feeds with card lists (linked headline, a full
sentence of summary, account, time) inside or after ``<article>``, broadcaster pages whose info bar
glues 来源, 栏目 and 时长, bilingual pages with glossed labels (``记者 Reporter：``) and English dates,
and newspaper editions with 引题/副题 headings around the headline and closing notices.

Markup, class names and list headings vary from page to page, so the set guards the structural rule
rather than one portal's words (the card lists' headings are no words of the related-news list).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from . import noise
from .stories import CITIES, Story, make_story, person
from .templates import Rendered, _doc, _label, _paragraphs_html

_ENGLISH = ["The county has set up a special working group to follow the project.",
            "Local residents said the new services have made daily life much easier.",
            "More funding will be provided to rural areas over the next three years.",
            "Officials promised to publish the progress of the work every month.",
            "The programme now covers every township in the county.",
            "Volunteers have been trained to help elderly people use the new facilities."]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def slide_gallery(story: Story, rng: random.Random, n: int) -> Rendered:
    """图集: an intro block, then one unit per picture (picture, counter, its paragraph), slides as
    <li> or <div> under varying class names; the counter as ``2/5`` or ``( 2 / 5 )``."""
    url = f"https://www.pic{n}.example.cn/tuji/{story.date('')}/{rng.randint(1000, 9999)}.html"
    intro, slides = story.paragraphs[0], story.paragraphs[1:4 + n % 3]
    photographer = person(rng)
    role = ["文/", "记者：", "文｜"][n % 3]
    total = len(slides)
    counters = [f"{i}/{total}" if n % 2 else f"( {i} / {total} )" for i in range(1, total + 1)]
    unit, box = [("li", "ul"), ("div", "div")][n % 2]
    cls = rng.choice(["slide", "pic-item", "photo-unit", "tj-item"])
    items = "".join(
        f'<{unit} class="{cls}"><img src="/upload/{story.year}/{i}.jpg" alt="{escape(story.title)}">'
        f'<div class="{cls}-txt"><em>{counters[i]}</em><p>{escape(text)}</p></div></{unit}>\n'
        for i, text in enumerate(slides))
    more = noise.headlines(rng, 4)
    more_html = "".join(f'<li><a href="/tuji/{i}.html">{escape(h)}</a><em>{rng.randint(3, 12)}图</em></li>'
                        for i, h in enumerate(more))
    body = f"""<div class="nav"><a>首页</a><a>图片</a><a>视频</a></div>
<h1>{escape(story.title)}</h1>
<div class="meta">{story.date()} {story.clock()}　来源：{story.source}　{role}{story.authors[0]}　图/{photographer}</div>
<div class="{rng.choice(['intro', 'tj-summary', 'lead-box'])}"><p>{escape(intro)}</p></div>
<{box} class="{rng.choice(['gallery', 'tj-list', 'pics'])}">
{items}</{box}>
<div class="ctrl"><a>上一张</a><a>下一张</a><a>查看原图</a></div>
<div class="zb">责任编辑：{story.editor}</div>
<div class="more-pics"><h3>更多图集</h3><ul>{more_html}</ul></div>"""
    html = _doc(f"{story.title}_图集", body)
    label = _label(story, story.title, f"{story.title}_图集", [intro, *slides], published=story.iso(),
                   source=story.source, authors=[story.authors[0]], editor=story.editor)
    return Rendered([(url, html)], label, counters + more + ["上一张", "查看原图"])


def card_feed(story: Story, rng: random.Random, n: int) -> Rendered:
    """Aggregator post of one or two paragraphs with cards under it, inside <article> on even pages:
    each card a linked headline, a summary of full sentences, an account and a relative time. The
    post's time has no year (``03-05 10:21``); the URL carries it."""
    url = f"https://www.feed{n}.example.com/post/{story.year}/{story.month:02d}{story.day:02d}/{rng.randint(10**5, 10**6)}.html"
    paragraphs = story.paragraphs[:1 + n % 2]
    account = f"{story.place}生活圈"
    heading = rng.choice(["大家都在看", "你可能感兴趣", "看了又看"])
    card_tag = rng.choice(["div", "section"])
    cls = rng.choice(["card", "feed-item", "rec-unit"])
    cards, leaks = [], [heading]
    for i in range(4):
        other = make_story(rng, 2)
        summary = other.paragraphs[0]
        cards.append(f'<{card_tag} class="{cls}"><img src="/c/{i}.jpg"><h4><a href="/post/{10**6 + i}.html">'
                     f'{escape(other.title)}</a></h4><p>{escape(summary)}</p><span>{other.place}发布</span>'
                     f'<span>{i + 1}小时前</span></{card_tag}>')
        leaks += [other.title, summary]
    card_box = f'<div class="{cls}s"><h3>{heading}</h3>{"".join(cards)}</div>'
    inside, after = (card_box, "") if n % 2 == 0 else ("", card_box)
    body = f"""<header class="top"><a class="logo">看看资讯</a></header>
<main><article class="post"><h1>{escape(story.title)}</h1>
<div class="post-meta"><a class="acc">{account}</a><span>{story.month:02d}-{story.day:02d} {story.clock()}·{rng.choice(CITIES)}</span></div>
<div class="post-text"><p>文｜{story.authors[0]}</p>{_paragraphs_html(paragraphs)}<p>本文来源：{story.source}</p></div>
{inside}</article>{after}</main>"""
    html = _doc(story.title, body)
    label = _label(story, story.title, story.title, paragraphs, published=story.iso(), source=story.source,
                   authors=[story.authors[0]], editor=None)
    return Rendered([(url, html)], label, leaks)


def broadcast_page(story: Story, rng: random.Random, n: int) -> Rendered:
    """Broadcaster news page: the info bar glues 来源, 栏目 and 时长 with nothing between them, the
    time to the second only in a meta written ``YYYY-MM-DD-hh:mm:ss``, and the credits close the text
    in one bracket (记者, 摄像, 编辑) or in lines right after its element."""
    station = f"{story.place[:-1]}广播电视台"
    url = f"https://www.tv{n}.example.cn/news/{story.date('')}/{rng.randint(10**5, 10**6)}.shtml"
    second = rng.randint(1, 59)
    cameraman = person(rng)
    stamp = f"{story.date()}-{story.clock()}:{second:02d}"
    published = f"{story.date()}T{story.clock()}:{second:02d}+08:00"
    bar = (f"<span>发布日期：{story.date()}</span><span>来源：{station}</span>"
           f"<span>栏目：《{story.place[:2]}新闻联播》</span><span>时长：0{rng.randint(1, 5)}:{rng.randint(10, 59)}</span>")
    reporters = "　".join(story.authors)
    if n % 2:
        credit = f"（记者：{reporters}　摄像：{cameraman}　编辑：{story.editor}）"
        inside, outside = f"<p>{credit}</p>", ""
    else:
        credit = f"记者：{reporters}　摄像：{cameraman}"
        inside, outside = "", f'<p class="credit">{credit}</p><p class="zb">责任编辑：{story.editor}</p>'
    body = f"""<div class="menu"><a>首页</a><a>新闻</a><a>直播</a></div>
<div class="video-box"><h1>{escape(story.title)}</h1><div class="bar">{bar}</div>
<video src="/v/{n}.mp4">您的浏览器不支持视频播放</video></div>
<div class="script-text">{_paragraphs_html(story.paragraphs)}{inside}</div>{outside}
{noise.related(rng, "相关视频", 4)[0]}"""
    head = f'<meta name="firstpublishedtime" content="{stamp}">'
    html = _doc(f"{story.title}_{station}", body, head=head)
    label = _label(story, story.title, f"{story.title}_{station}", story.paragraphs, published=published,
                   source=station, authors=story.authors, editor=story.editor)
    return Rendered([(url, html)], label, [credit])


def bilingual_page(story: Story, rng: random.Random, n: int) -> Rendered:
    """中英 page: each Chinese paragraph followed by an English one, an English subtitle, the time as
    ``Published: Mar 5, 2024 10:21`` on odd pages, labels glossed in English, credits after the body."""
    url = f"https://en{n}.example.gov.cn/bilingual/{story.date('')}/{rng.randint(1000, 9999)}.html"
    translator = person(rng)
    english = rng.sample(_ENGLISH, k=min(len(_ENGLISH), len(story.paragraphs)))
    paragraphs: list[str] = []
    for chinese, translated in zip(story.paragraphs, english, strict=False):
        paragraphs += [chinese, translated]
    when = (f"Published: {_MONTHS[story.month - 1]} {story.day}, {story.year} {story.clock()}" if n % 2
            else f"发布时间：{story.date()} {story.clock()}")
    body_html = "".join(f'<p class="{"en" if i % 2 else "cn"}">{escape(p)}</p>\n' for i, p in enumerate(paragraphs))
    reporters = "、".join(story.authors)
    credit = f"记者 Reporter：{reporters}　翻译 Translator：{translator}"
    body = f"""<div class="nav"><a>首页 Home</a><a>新闻 News</a></div>
<h1>{escape(story.title)}</h1><h2 class="en-title">{escape(english[0])}</h2>
<div class="info">{when}　来源：{story.source} | Source: {story.place} Media Center</div>
<div class="bi-text">{body_html}</div>
<p class="trans">{credit}</p><div class="ed">编辑 Editor：{story.editor}</div>
{noise.related(rng, "更多新闻 More", 4)[0]}"""
    html = _doc(story.title, body)
    label = _label(story, story.title, story.title, paragraphs, published=story.iso(), source=story.source,
                   authors=story.authors, editor=story.editor)
    return Rendered([(url, html)], label, [credit])


def paper_edition(story: Story, rng: random.Random, n: int) -> Rendered:
    """数字报 article page: 引题 heading above the headline (odd pages), 副题 ``——…`` below it (pages
    not divisible by 3), an edition date only, and a closing bracket: the writer's affiliation or a
    reprint notice with its takedown promise."""
    paper = f"{rng.choice(CITIES)}日报"
    url = f"https://epaper{n}.example.cn/html/{story.year}-{story.month:02d}/{story.day:02d}/content_{rng.randint(100, 999)}.htm"
    kicker = f"{story.place}{rng.choice(['多措并举', '聚焦民生', '真抓实干'])}"
    subtitle = f"——{story.place}{rng.choice(['基层治理', '民生实事', '产业发展'])}见闻"
    above = f"<h3>{kicker}</h3>" if n % 2 else ""
    below = f'<h2 class="{rng.choice(["futi", "sub", "fb"])}">{subtitle}</h2>' if n % 3 else ""
    closing = (f"（作者单位：{story.place}委党校）" if n % 2
               else f"（本文转自“{story.place}发布”微信公众号，原载于{paper}，如有侵权请联系删除）")
    paras = "".join(f"<p>　　{escape(p)}</p>\n" for p in story.paragraphs)
    body = f"""<div class="paper-head">{paper} 数字报</div>
<div class="paper-date">{story.year}年{story.month:02d}月{story.day:02d}日</div>
<div class="article">{above}<h1>{escape(story.title)}</h1>{below}
<div class="byline">本报记者 {'　'.join(story.authors)}</div>
<div class="text">{paras}<p>　　{closing}</p></div></div>
{noise.prev_next(rng)[0]}"""
    html = _doc(f"{story.title}-{paper}", body)
    label = _label(story, story.title, f"{story.title}-{paper}", story.paragraphs, published=story.iso(False),
                   source=None, authors=story.authors, editor=None)
    leaks = [closing] + ([kicker] if above else []) + ([subtitle] if below else [])
    return Rendered([(url, html)], label, leaks)


UNIT_TEMPLATES: dict[str, Callable[[Story, random.Random, int], Rendered]] = {
    "slide_gallery": slide_gallery,
    "card_feed": card_feed,
    "broadcast_page": broadcast_page,
    "bilingual_page": bilingual_page,
    "paper_edition": paper_edition,
}
