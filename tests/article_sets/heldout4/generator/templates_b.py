"""Templates of the fourth held-out set, part B: `<ul><li>` bodies, `<h2>` headlines under an `<h1>`
banner, Latin bylines, injected 热门推荐, sidebar-first layouts, XHTML with a GBK prolog, and
hidden spam with HTML comments.
"""

from __future__ import annotations

import random

from .markup import Rendered, esc, footer, head, image, link_items, names, nav, ymd_hm
from .stories import Story, related_titles

WEEKDAYS = "一二三四五六日"


def ul_paragraphs(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Body printed as `<ul><li>` items, dotted date `2024.03.05 10:21`, related list also a `<ul>`."""
    site = story.county[:-1] + "融媒"
    items = []
    for kind, line in story.body:
        cls = ' class="sub"' if kind == "h" else ""
        inner = f"<b>{esc(line)}</b>" if kind == "h" else esc(line)
        items.append(f"<li{cls}>{inner}</li>")
    authors = [p.han for p in story.reporters[: 1 + (v == 2)]]
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{story.title}|{site}") + "<body>\n"
            + nav(site, ["首页", "要闻", "乡镇", "部门", "视听"])
            + f'<div class="art"><h1>{esc(story.title)}</h1>\n'
            + f'<div class="meta"><span>{story.published:%Y.%m.%d %H:%M}</span><span>作者：{names(story.reporters[: 1 + (v == 2)])}</span>'
            + f'<span>来源：{esc(story.outlet)}</span><span>责编：{esc(story.editor.han)}</span></div>\n'
            + '<ul class="art-body">\n' + "\n".join(items) + "\n</ul>\n"
            + '<div class="like">点赞 <i>0</i>　收藏　分享</div>\n</div>\n'
            + '<div class="recommend"><h3>推荐阅读</h3><ul class="list">' + link_items(rng, related_titles(rng, 6), "/yw", story.published, "%Y.%m.%d")
            + "</ul></div>\n" + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, [line for _, line in story.body], story.published, story.outlet, authors,
                    story.editor.han, [])


def h2_headline(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Site banner in `<h1>`, headline in `<h2>`, 副题 in `<h4>` on two pages, weekday in the date."""
    site = story.city[:-1] + "新闻网"
    parts = []
    images = []
    for i, (kind, line) in enumerate(story.body):
        parts.append(f"<p><strong>{esc(line)}</strong></p>" if kind == "h" else f"<p>{esc(line)}</p>")
        if i == 1 and v >= 2:
            src = f"https://pic.{story.key[:4]}.cn/{story.published:%Y/%m%d}/{rng.randint(10**5, 10**6)}.png"
            parts.append(f'<div class="pic"><img src="{src}"><p class="pic-note">{esc(story.captions[1])}</p></div>')
            images.append(image(src, story.captions[1]))
    sub = f'<h4 class="subtitle">——{esc(story.county)}{esc(story.captions[0])}侧记</h4>\n' if v in (1, 3) else ""
    doc_title = site if v in (0, 2) else f"{story.title} - {site}"
    when = f"{story.published.year}年{story.published.month}月{story.published.day}日 星期{WEEKDAYS[story.published.weekday()]} {story.published:%H:%M}"
    authors = [story.reporters[0].han, story.correspondents[0].han]
    page = ("<!DOCTYPE html>\n<html>\n" + head(doc_title) + "<body>\n"
            + f'<header><h1 class="banner"><img src="/img/logo.png" alt="">{esc(site)} · 权威发布</h1></header>\n'
            + nav(site, ["首页", "新闻", "区县", "图片", "专题"])
            + f'<section class="article"><h2 class="art-title">{esc(story.title)}</h2>\n{sub}'
            + f'<div class="art-date">{when}</div>\n<div class="art-src">来源：{esc(story.outlet)}</div>\n'
            + f'<div class="art-author">记者：{authors[0]}　通讯员：{authors[1]}</div>\n'
            + '<div class="art-text">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<div class="edit">编辑：{esc(story.editor.han)}</div>\n</section>\n'
            + '<aside><h2>图片新闻</h2><ul>' + link_items(rng, related_titles(rng, 3), "/tp")
            + '</ul><h2>热点排行</h2><ol>' + link_items(rng, related_titles(rng, 6), "/rd") + "</ol></aside>\n"
            + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, [line for _, line in story.body], story.published, story.outlet, authors,
                    story.editor.han, images)


def latin_byline(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Chinese article with a Latin-script byline (`By Zhang Wei and Li Na`), once as a body line."""
    site = story.city[:-1] + "国际传播中心"
    people = [p.latin for p in story.reporters]
    if v == 1:
        people = [p.latin for p in story.reporters] + [story.correspondents[0].latin]
    people = people[:3] if v != 0 else people[:1]
    if len(people) == 1:
        byline = f"By {people[0]}"
    elif len(people) == 2:
        byline = f"By {people[0]} and {people[1]}"
    else:
        byline = f"By {', '.join(people[:-1])} and {people[-1]}"
    parts = []
    if v == 2:
        parts.append(f"<p><em>{esc(byline)}</em></p>")
    for kind, line in story.body:
        parts.append(f"<h3>{esc(line)}</h3>" if kind == "h" else f"<p>{esc(line)}</p>")
    editor = story.editor.latin if v == 3 else story.editor.han
    closing = f'<p class="edited">Edited by {esc(editor)}</p>' if v == 3 else f'<p class="edited">责任编辑：{esc(editor)}</p>'
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n" + head(f"{story.title}_{site}") + "<body>\n"
            + nav(site, ["首页", "Home", "要闻", "World", "Culture"])
            + f'<article><h1>{esc(story.title)}</h1>\n'
            + ("" if v == 2 else f'<div class="byline">{esc(byline)}</div>\n')
            + f'<div class="dateline">{ymd_hm(story.published)} | 来源：{esc(story.outlet)}</div>\n'
            + '<div class="story">\n' + "\n".join(parts) + f"\n</div>\n{closing}\n</article>\n"
            + '<div class="more"><h3>More / 更多</h3><ul>' + link_items(rng, related_titles(rng, 5), "/en", story.published)
            + "</ul></div>\n" + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, [line for _, line in story.body], story.published, story.outlet, people,
                    editor, [])


def farm_interleaved(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Content farm that injects 热门推荐 headlines between paragraphs."""
    site = "今日" + story.city[:2] + "资讯网"
    source = story.city[:-1] + "在线"
    published = story.published.replace(second=rng.randint(1, 59))
    parts = []
    for i, (kind, line) in enumerate(story.body):
        parts.append(f"<p><strong>{esc(line)}</strong></p>" if kind == "h" else f"<p>{esc(line)}</p>")
        if i % 3 == 1 or (len(story.body) <= 2 and i == 0):
            head_line = related_titles(rng, 1)[0]
            href = f"/news/{rng.randint(10**5, 10**6)}.html"
            if v % 2 == 0:
                parts.append(f'<p><strong>热门推荐</strong>：<a href="{href}">{esc(head_line)}</a></p>')
            else:
                parts.append(f'<div class="hot-insert"><span>热门推荐</span><a href="{href}">{esc(head_line)}</a></div>')
    authors = [story.reporters[0].han] if v in (2, 3) else []
    who = f"　作者：{authors[0]}" if authors else ""
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{story.title}_{site}", '<meta name="keywords" content="资讯,新闻,热点">\n')
            + "<body>\n" + nav(site, ["首页", "财经", "社会", "科技", "娱乐", "地方"])
            + f'<div class="article"><h1>{esc(story.title)}</h1>\n'
            + f'<div class="info">{published:%Y-%m-%d %H:%M:%S}　来源：{esc(source)}{who}</div>\n'
            + '<div class="content">\n' + "\n".join(parts) + "\n"
            + f"<p>（责任编辑：{esc(story.editor.han)}）</p>\n</div>\n"
            + '<div class="disclaimer">免责声明：本站转载此文出于传递更多信息之目的，不代表本站观点。</div>\n</div>\n'
            + '<div class="guess"><h3>猜你喜欢</h3><ul>' + link_items(rng, related_titles(rng, 8), "/news", published)
            + "</ul></div>\n" + footer(site, rng) + "</body>\n</html>\n")
    text = [line for _, line in story.body]
    return Rendered(page, story.title, text, published, source, authors, story.editor.han, [])


def sidebar_first(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Two-column page whose sidebar (dated lists, a notice blurb) comes before the article in the HTML."""
    site = story.county + "新闻网"
    later = story.published.replace(hour=9, minute=0)
    side_items = "".join(
        f'<li><a href="/n/{rng.randint(1000, 9999)}.html">{esc(t)}</a><span>{ymd_hm(later)}</span></li>'
        for t in related_titles(rng, 5))
    blurb = (f"{story.county}新闻网是{story.county}融媒体中心主办的综合性新闻网站，及时发布全县重要新闻、"
             "政策解读和便民信息，欢迎广大网友提供新闻线索。")
    side = ('<div class="col-side">\n<div class="box"><h3>最新发布</h3><ul>' + side_items + "</ul></div>\n"
            + f'<div class="box"><h3>关于本站</h3><p>{esc(blurb)}</p></div>\n'
            + '<div class="box"><h3>专题</h3><a href="/zt/1/"><img src="/zt/1.jpg" alt="专题"></a></div>\n</div>\n')
    parts = []
    for kind, line in story.body:
        parts.append(f"<p><b>{esc(line)}</b></p>" if kind == "h" else f"<p>{esc(line)}</p>")
    authors = [p.han for p in story.reporters[:2]]
    main = ('<div class="col-main">\n<div class="crumb">首页 &gt; 本地新闻</div>\n'
            + f"<h1>{esc(story.title)}</h1>\n"
            + f'<div class="info">时间：{ymd_hm(story.published)}　来源：{esc(story.outlet)}　作者：{"　".join(authors)}　编辑：{esc(story.editor.han)}</div>\n'
            + '<div class="text">\n' + "\n".join(parts) + "\n</div>\n"
            + '<div class="prev-next">上一篇：<a href="#">' + esc(related_titles(rng, 1)[0]) + "</a></div>\n</div>\n")
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{story.title}-{site}", "<style>.col-side{float:right;width:300px}.col-main{margin-right:320px}</style>\n")
            + "<body>\n" + nav(site, ["首页", "本地", "乡镇", "民生", "视频"])
            + '<div class="wrap">\n' + side + main + "</div>\n" + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, [line for _, line in story.body], story.published, story.outlet, authors,
                    story.editor.han, [])


def xhtml_gbk(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """XHTML 1.0 page with an `<?xml … encoding="gb2312"?>` prolog and a GBK charset meta."""
    site = story.county + "人民政府门户网站"
    source = story.county + "人民政府办公室"
    parts = []
    for kind, line in story.body:
        parts.append(f"<p><strong>{esc(line)}</strong></p>" if kind == "h" else f"<p>&#160;&#160;&#160;&#160;{esc(line)}</p>")
    author = story.reporters[0].han
    heading = (f'<h1 class="biaoti">{esc(story.title)}</h1>' if v % 2 == 0
               else f'<div class="biaoti"><strong>{esc(story.title)}</strong></div>')
    charset = "gb2312" if v < 2 else "gbk"
    page = (f'<?xml version="1.0" encoding="{charset}"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-CN">\n<head>\n'
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n'
            f"<title>{esc(story.title)} - {esc(site)}</title>\n"
            '<script type="text/javascript">\n//<![CDATA[\nvar siteId = 12;\n//]]>\n</script>\n</head>\n<body>\n'
            + nav(site, ["网站首页", "政务公开", "新闻中心", "办事服务"])
            + '<table width="100%" class="main"><tr><td>\n' + heading + "\n"
            + f'<div class="xx">日期：{ymd_hm(story.published)}　来源：{esc(source)}　作者：{author}　【<a href="javascript:window.close()">关闭</a>】</div>\n'
            + '<div id="fontzoom">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<div class="zrbj">[责任编辑：{esc(story.editor.han)}]</div>\n'
            + '</td></tr></table>\n<div class="xglj"><h4>相关链接</h4><ul>' + link_items(rng, related_titles(rng, 4), "/xw")
            + "</ul></div>\n" + footer(site, rng, gov=True).replace("<br>", "<br />") + "</body>\n</html>\n")
    return Rendered(page, story.title, [line for _, line in story.body], story.published, source, [author],
                    story.editor.han, [])


SPAM = ["临江新闻 临江最新消息 临江本地资讯 临江头条 今日热点 免费看", "本文由 www.kuaixun-seo.com 自动采集，转载请保留链接",
        "相关搜索：招商加盟 代理 批发 高清图片 在线观看", "关键词：民生 实事 新闻 最新 今日 热点 排行榜"]


def hidden_spam(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """HTML comments and hidden (`display:none`, `hidden`) spam paragraphs between real ones."""
    site = story.city[:-1] + "热线"
    parts = [f"<!-- 正文开始 {story.published:%Y%m%d} -->",
             "<!-- 旧版发布时间：2023-11-20 08:00 -->"]
    text = []
    hides = ['style="display:none"', 'style="display: none;"', "hidden", 'style="DISPLAY: none"']
    for i, (kind, line) in enumerate(story.body):
        if kind == "h":
            parts.append(f"<p><strong>{esc(line)}</strong></p>")
            text.append(line)
            continue
        if v in (1, 3) and i % 4 == 2:
            # a hidden watermark inside a visible paragraph: visible text is the paragraph alone
            cut = len(line) // 2
            parts.append(f'<p>{esc(line[:cut])}<span style="display:none">{esc(rng.choice(SPAM))}</span>{esc(line[cut:])}</p>')
        else:
            parts.append(f"<p>{esc(line)}</p>")
        text.append(line)
        if i % 2 == 0:
            parts.append(f"<p {hides[i % len(hides)]}>{esc(rng.choice(SPAM))}</p>")
        if i == 1:
            parts.append(f"<!-- <p>{esc(related_titles(rng, 1)[0])}（草稿，勿删）</p> -->")
    parts.append("<!-- 正文结束 -->")
    authors = [p.han for p in story.reporters[:1]]
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{story.title}_{site}") + "<body>\n"
            + nav(site, ["首页", "热线", "曝光台", "民生", "房产"])
            + f'<div class="news"><h1>{esc(story.title)}</h1>\n'
            + f'<div class="source">发布时间：{ymd_hm(story.published)}　来源：{esc(story.outlet)}　作者：{authors[0]}</div>\n'
            + '<div class="news-body">\n' + "\n".join(parts) + "\n"
            + f"<p>（编辑：{esc(story.editor.han)}）</p>\n</div></div>\n"
            + '<div style="display:none" class="seo-links">' + "".join(f"<a href='/s/{i}'>{esc(s)}</a>" for i, s in enumerate(SPAM))
            + "</div>\n" + '<div class="hot"><h3>热点推荐</h3><ul>' + link_items(rng, related_titles(rng, 6), "/rx", story.published)
            + "</ul></div>\n" + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, text, story.published, story.outlet, authors, story.editor.han, [])
