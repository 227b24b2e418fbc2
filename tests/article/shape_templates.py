"""Templates for page shapes that need a rule of their own: the story only in script data, forum
threads with relative times and quoting replies, one-paragraph print views, tables in the body,
wire leads with glued credits and a date printed in pieces, Traditional pages with bracketed
credits and mid-body reading boxes.

Field names, nesting and markup vary from page to page, so the set guards the rules rather than
one portal's spelling of them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import opencc

from . import noise
from .stories import CITIES, Story, person
from .templates import Rendered, _doc, _label, _paragraphs_html

_TRADITIONAL = opencc.OpenCC("s2t")


def _stamp(story: Story, second: int = 0) -> str:
    return f"{story.date()} {story.clock()}:{second:02d}"


def _iso(story: Story, second: int = 0) -> str:
    return f"{story.date()}T{story.clock()}:{second:02d}+08:00"


def script_state(story: Story, rng: random.Random, n: int) -> Rendered:
    """App share page: an HTML stub (headline, source, day, "open the app") and the story in a JSON
    state object of a <script>, under field names that differ per app; the body is HTML (with
    ``<\\/`` escapes) or plain text with newlines; the time a string or Unix milliseconds."""
    app = f"{story.place[:2]}{rng.choice(['新闻', '发布', '头条'])}"
    url = f"https://h5.app{n}.example.cn/detail/{rng.randint(10**9, 10**10)}?share=wx"
    paragraphs = story.paragraphs
    second = rng.randint(0, 59)
    keys = [("title", "content", "publishTime", "author", "editor", "source"),
            ("headline", "body", "pub_time", "writer", "chargeEditor", "sourceName"),
            ("newsTitle", "richText", "releaseTime", "authors", "responsible_editor", "source"),
            ("title", "contentHtml", "publish_date", "authorName", "editor", "copyfrom"),
            ("name", "text", "ctime", "reporter", "dutyEditor", "media")][n % 5]
    body = "\n".join(paragraphs) if n % 2 else "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    moment = datetime(story.year, story.month, story.day, story.hour, story.minute, second,
                      tzinfo=ZoneInfo("Asia/Shanghai"))
    when: object = int(moment.timestamp() * 1000) if n % 3 == 0 else _stamp(story, second)
    authors: object = [{"name": a} for a in story.authors] if n % 2 else "、".join(story.authors)
    article = {"id": rng.randint(10**6, 10**7), keys[0]: story.title, keys[2]: when, keys[3]: authors,
               keys[4]: story.editor, keys[5]: story.source, keys[1]: body, "likes": rng.randint(1, 900)}
    related = [{"id": i, "title": t, "summary": "点击查看详情"} for i, t in enumerate(noise.headlines(rng, 4))]
    state = {"code": 0, "data": {"article": article, "related": related}} if n % 2 else {
        "detail": article, "recommend": related, "user": {"login": False}}
    data = json.dumps(state, ensure_ascii=n % 2 == 0).replace("</", "<\\/")
    var = ["window.__INITIAL_STATE__", "window.__DATA__", "var pageData", "window.g_article"][n % 4]
    head = (f'<meta name="viewport" content="width=device-width"><script>window.ga=function(){{}};</script>'
            f"<script>{var} = {data};</script>")
    stub = f"""<div id="app"><div class="stub"><h1 class="stub-title">{escape(story.title)}</h1>
<div class="stub-meta"><span>来源：{story.source}</span> <span>{story.date()}</span></div>
<p class="stub-tip">打开“{app}”客户端，阅读全文</p><a class="open" href="/download">立即打开</a></div></div>
<script src="/static/js/app.{rng.randint(1000, 9999)}.js"></script>"""
    html = _doc(story.title, stub, head=head)
    label = _label(story, story.title, story.title, paragraphs, published=_iso(story, second), source=story.source,
                   authors=story.authors, editor=story.editor)
    return Rendered([(url, html)], label, [f"打开“{app}”客户端，阅读全文"] + [str(r["title"]) for r in related])


def forum_thread(story: Story, rng: random.Random, n: int) -> Rendered:
    """A local forum thread: the forum's name shown as a line and in <title>, a [分类] tag before the
    subject, ``本帖最后由 … 编辑`` glued to the post by a <br>, the post time as "N 天前" with the
    absolute time in ``title`` (on some pages), replies a few minutes later, one quoting the post."""
    forum = f"{story.place[:2]}论坛"
    board = rng.choice(["本地新闻", "民生热线", "城事播报"])
    url = f"http://bbs.forum{n}.example.cn/read.php?tid={rng.randint(10**5, 10**6)}"
    poster = f"{story.place[:2]}小编"
    paragraphs = story.paragraphs[:1] if n % 2 == 0 else story.paragraphs
    day = f"{story.year}-{story.month}-{story.day}"
    when = f"{day} {story.hour}:{story.minute:02d}"
    shown = (f'<span title="{when}">{rng.randint(2, 6)}&nbsp;天前</span>' if n % 3 != 2 else when)
    later = f"{day} {min(story.hour + 1, 23)}:{rng.randint(10, 59)}"
    post = "<br />\n<br />\n".join(escape(p) for p in paragraphs)
    users = [f"网友{person(rng)}" for _ in range(3)]
    signature = f"关注{story.place[:2]}，分享身边事！"
    replies = ["请问在哪里报名？有没有电话？", "家门口的好事，支持！", "转给家里老人看看。"]
    quote = (f'<blockquote><font color="#999">{poster} 发表于 {when}</font><br />{escape(paragraphs[0])}'
             f"</blockquote><br />")
    reply_html = "".join(
        f'<div class="floor"><div class="floor-user">{u}</div><div class="floor-info">{i + 2}楼 发表于 {later}</div>'
        f'<div class="floor-body">{quote if i == 1 else ""}{escape(r)}</div></div>'
        for i, (u, r) in enumerate(zip(users, replies, strict=True)))
    body = f"""<div class="forum-logo"><a href="/">{forum}</a></div>
<div class="crumb"><a href="/">{forum}</a> &raquo; <a href="/b/2">{board}</a> &raquo; 正文</div>
<div class="thread"><h1><a class="tag" href="/b/2?type=1">[{rng.choice(['本地资讯', '民生', '转载'])}]</a> <span>{escape(story.title)}</span></h1>
<div class="floor first"><div class="floor-user">{poster}</div><div class="floor-info">楼主 发表于 {shown}</div>
<div class="floor-body"><i class="edited"> 本帖最后由 {poster} 于 {later} 编辑 </i><br />
<br />
{post}</div><div class="signature">{signature}</div></div>
{reply_html}</div>
<div class="copy">Powered by phpwind &copy; 2003-2024 {forum}</div>"""
    html = _doc(f"{story.title} - {board} - {forum}", body, lang="")
    label = _label(story, story.title, f"{story.title} - {board} - {forum}", paragraphs,
                   published=story.iso(), source=None, authors=[], editor=None)
    return Rendered([(url, html)], label, replies + [f"{poster} 发表于 {when}", signature])


def print_page(story: Story, rng: random.Random, n: int) -> Rendered:
    """Print view: title in a <b> of a table cell, no h1, often one paragraph, the page's own
    address (本文网址/本文链接) and a 【免责声明】 as punctuated as any prose."""
    site = f"{story.place[:2]}新闻网"
    url = f"http://www.print{n}.example.cn/print.asp?id={rng.randint(10**4, 10**5)}"
    paragraphs = story.paragraphs[:1] if n % 2 == 0 else story.paragraphs[:3]
    address = f"http://www.news{n}.example.cn/content/{story.year}-{story.month:02d}/{story.day:02d}/content_{rng.randint(10**4, 10**5)}.htm"
    label_word = rng.choice(["本文网址", "本文链接", "原文地址"])
    notice = "【免责声明】本站转载文章仅为传递更多信息，不代表本站观点，对其真实性不作任何保证，如有侵权请联系删除。"
    author = story.authors[0]
    in_body = f"<p>{notice}</p>" if n % 2 else ""
    own_row = "" if n % 2 else f"<tr><td>{notice}</td></tr>"
    body = f"""<div align="right"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
<table width="680" align="center"><tr><td align="center"><b>{escape(story.title)}</b></td></tr>
<tr><td align="center">发布时间：{story.date()} {story.clock()}　来源：{story.source}　作者：{author}</td></tr>
<tr><td>{_paragraphs_html(paragraphs)}{in_body}</td></tr>
<tr><td>{label_word}：{address}</td></tr>{own_row}</table>
<p align="center">Copyright &copy; {site} 版权所有</p>"""
    title_raw = story.title if n % 3 else f"{story.title}-打印页"
    html = _doc(title_raw, body, lang="")
    label = _label(story, story.title, title_raw, paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=None)
    return Rendered([(url, html)], label, [f"{label_word}：{address}", notice])


def _table(rng: random.Random, word_cells: bool) -> tuple[str, list[str]]:
    """A price list or a bus timetable: its HTML and its rows as lines (cells joined by a space)."""
    if rng.random() < 0.5:
        head = ["品名", "单位", "均价（元）", "较上周"]
        rows = [[item, unit, f"{rng.uniform(2, 40):.2f}", rng.choice(["持平", f"上涨{rng.randint(1, 15)}%",
                                                                   f"下降{rng.randint(1, 9)}%"])]
                for item, unit in rng.sample([("白菜", "斤"), ("土豆", "斤"), ("鸡蛋", "斤"), ("菜籽油", "升"),
                                              ("猪肉（后腿）", "斤"), ("豆腐", "块"), ("大米", "斤")], 5)]
    else:
        head = ["线路", "起点", "终点", "首班", "末班"]
        stops = ["汽车站", "人民医院", "工业园区", "实验中学", "高铁站", "城东市场"]
        rows = [[f"{i}路", *rng.sample(stops, 2), f"0{rng.randint(5, 7)}:{rng.choice(['00', '20', '30'])}",
                 f"{rng.randint(17, 21)}:{rng.choice(['00', '30'])}"] for i in range(1, 5)]
    cell = (lambda t, tag: f"<{tag}><p>{escape(t)}</p></{tag}>") if word_cells else (
        lambda t, tag: f"<{tag}>{escape(t)}</{tag}>")
    html_rows = [("".join(cell(c, "th" if i == 0 and not word_cells else "td") for c in row))
                 for i, row in enumerate([head, *rows])]
    css = ' class="MsoTableGrid" border="1"' if word_cells else ' border="1" cellpadding="4"'
    html = f"<table{css}><tbody>{''.join(f'<tr>{r}</tr>' for r in html_rows)}</tbody></table>"
    return html, [" ".join(row) for row in [head, *rows]]


def body_table(story: Story, rng: random.Random, n: int) -> Rendered:
    """County news with a table in the body, introduced by a 附： paragraph: at the end of the body
    or followed by more text; plain cells or Word-pasted cells with a <p> in each."""
    site = f"{story.place[:2]}新闻网"
    url = f"https://www.county{n}.example.cn/news/{story.year}{story.month:02d}/{rng.randint(10**5, 10**6)}.html"
    table_html, rows = _table(rng, word_cells=n % 2 == 1)
    intro = f"附：{story.month}月{story.day}日{story.place}{rng.choice(['主要农副产品价格', '城区公交线路运行时间'])}"
    split = 2 if n % 3 == 0 else len(story.paragraphs)
    before, after = story.paragraphs[:split], story.paragraphs[split:]
    paragraphs = [*before, intro, *rows, *after]
    prevnext, pn_lines = noise.prev_next(rng)
    hot, hot_lines = noise.hot_ranking(rng, "热点新闻")
    body = f"""<div class="nav"><a href="/">{site}</a> <a href="/news/">要闻</a></div>
<div class="detail"><h1>{escape(story.title)}</h1>
<div class="detail-info">发布时间：{story.date_cn()} {story.clock()}　来源：{story.source}</div>
<div class="detail-body">{_paragraphs_html(before)}<p>{escape(intro)}</p>{table_html}{_paragraphs_html(after)}</div>
<div class="detail-editor">责任编辑：{story.editor}</div>{prevnext}</div><div class="side">{hot}</div>"""
    html = _doc(f"{story.title} - {site}", body)
    label = _label(story, story.title, f"{story.title} - {site}", paragraphs, published=story.iso(),
                   source=story.source, authors=[], editor=story.editor)
    return Rendered([(url, html)], label, pn_lines + hot_lines)


def wire_lead(story: Story, rng: random.Random, n: int) -> Rendered:
    """A national portal's local channel: the time printed in pieces above the headline (year,
    month/day and clock in their own spans), the reporters only in the lead's credit bracket with
    no space after 记者 (新华社X电（记者A、B）, 本报讯（记者A 通讯员B）), a subhead before the lead on
    some pages, and two editors after 责编."""
    site = rng.choice(["新华网", "人民网", "中新网"])
    year, stamp = story.year, f"{story.month:02d}/{story.day:02d}"
    second = rng.randint(0, 59)
    url = (f"http://www.wire{n}.example.cn/local/{story.date('')}/{rng.randint(10**9, 10**10)}/c.html"
           if n % 2 else f"http://www.wire{n}.example.cn/n1/{rng.randint(10**6, 10**7)}.html")
    reporters = story.authors[:2]
    if n % 2:
        city = rng.choice(CITIES)
        credit = f"新华社{city}{story.month}月{story.day}日电（记者{'、'.join(reporters)}）"
        authors = reporters
    else:
        helper = person(rng)
        credit = f"本报讯（记者{reporters[0]} 通讯员{helper}）"
        authors = [reporters[0], helper]
    lead = credit + story.paragraphs[0]
    subhead = [f"一、{rng.choice(['抓项目，促发展', '办实事，解民忧', '强基础，补短板'])}"] if n % 3 == 0 else []
    paragraphs = [*subhead, lead, *story.paragraphs[1:]]
    body_html = "".join(f"<p><strong>{escape(p)}</strong></p>" if p in subhead else f"<p>　　{escape(p)}</p>"
                        for p in paragraphs)
    second_editor = person(rng)
    editors = f"{story.editor}、{second_editor}" if n % 2 == 0 else story.editor
    editor_html = f"(责编：{editors})" if n % 2 == 0 else f"【责任编辑:{editors}】"
    related, related_lines = noise.related(rng, "相关新闻", 4)
    body = f"""<div class="top"><a href="/">{site}</a> &gt; <a href="/local/">地方</a> &gt; 正文</div>
<div class="head"><div class="head-time"><span class="y"><em>{year}</em></span><span class="md"><em>{stamp[:2]}</em>/<em>{stamp[3:]}</em></span><span class="hms"> {story.clock()}:{second:02d}</span></div>
<div class="head-source">来源：{story.source}</div><h1><span>{escape(story.title)}</span></h1></div>
<div id="detail">{body_html}</div><div class="edit">{editor_html}</div>{related}"""
    title_raw = f"{story.title}-{site}"
    html = _doc(title_raw, body)
    label = _label(story, story.title, title_raw, paragraphs, published=_iso(story, second), source=story.source,
                   authors=authors, editor=editors)
    return Rendered([(url, html)], label, related_lines + [editor_html])


def bracket_credit(story: Story, rng: random.Random, n: int) -> Rendered:
    """Traditional-script portal: fields of the info bar each in 【】, the reporter only in a
    bracketed credit line (（記者X／報導）), a 「延伸閱讀」 box of linked headlines or an AMP ad slot
    (廣告載入中) between paragraphs, and a 【免責聲明】 under the body."""
    t = _TRADITIONAL.convert
    site = t(f"{story.place[:2]}資訊網")
    url = f"https://www.hk{n}.example.com/article/{story.date('')}/{rng.randint(10**5, 10**6)}.html"
    title = t(story.title)
    paragraphs = [t(p) for p in story.paragraphs]
    reporter = t(story.authors[0])
    outlet = t(story.source)
    credit = f"（記者{reporter}／報導）" if n % 2 else f"記者 {reporter}／綜合報導"
    middle = max(1, len(paragraphs) // 2)
    if n % 2:
        reads = [t(h) for h in noise.headlines(rng, 3)]
        inset = "<p><strong>「延伸閱讀」</strong></p>" + "".join(
            f'<p><a href="/article/{i}.html">{escape(h)}</a></p>' for i, h in enumerate(reads))
        leaks = reads + ["「延伸閱讀」"]
    else:
        inset = '<amp-ad width="300" height="250" type="adsense"><div placeholder>廣告載入中</div></amp-ad>'
        leaks = ["廣告載入中"]
    notice = "【免責聲明】本文僅代表作者本人觀點，與本網站無關，本網站對文中陳述保持中立。"
    body = f"""<div class="header"><a href="/">{site}</a> <a>首頁</a> <a>港聞</a> <a>兩岸</a></div>
<div class="article"><h1>{escape(title)}</h1>
<div class="info">【發佈時間：{story.date()} {story.clock()}】【來源：{outlet}】【點擊：{rng.randint(10, 999)}】</div>
<div class="article-text"><p>{credit}</p>{_paragraphs_html(paragraphs[:middle])}{inset}{_paragraphs_html(paragraphs[middle:])}</div>
<div class="notice">{notice}</div></div>"""
    html = _doc(f"{title}_{site}", body, lang="zh-Hant")
    label = _label(story, title, f"{title}_{site}", paragraphs, published=story.iso(), source=outlet,
                   authors=[reporter], editor=None)
    return Rendered([(url, html)], label, leaks + [credit, notice])


SHAPE_TEMPLATES: dict[str, Callable[[Story, random.Random, int], Rendered]] = {
    "script_state": script_state,
    "forum_thread": forum_thread,
    "print_page": print_page,
    "body_table": body_table,
    "wire_lead": wire_lead,
    "bracket_credit": bracket_credit,
}
