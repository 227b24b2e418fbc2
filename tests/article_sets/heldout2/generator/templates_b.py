"""Page templates, part two: city portals with inline ads, tables, <br> bodies, baidu spans,
Traditional farms, AMP, print views and a page that carries a second (related) article.
"""

from __future__ import annotations

import json

import opencc

from .markup import (
    Context,
    Page,
    body_br,
    body_p,
    esc,
    image_for,
    iso,
    link_list,
    make_label,
    table_html,
    text_lines,
)
from .stories import Block, Story, Subhead, Table, person


def inline_ads(story: Story, ctx: Context) -> Page:
    """City portal whose body is cut by ad iframes and 「延伸阅读」 boxes between paragraphs."""
    d = story.published
    host = f"www.da{ctx.domain}.com"
    url = f"https://{host}/news/{d:%Y%m}/{ctx.serial:06d}.shtml"
    source = f"{story.city}晚报"
    boxed = ctx.index in (0, 2)
    parts: list[str] = []
    lines = text_lines(story.blocks)
    for k, block in enumerate(story.blocks):
        parts.append(body_p([block]))
        if k in (0, 3, 9, 20) and k < len(story.blocks) - 1 or len(story.blocks) <= 2 and k == 0:
            parts.append(
                f'<div class="ad-inline"><span class="ad-label">广告</span><iframe src="https://ads.union-demo.cn/show?slot={ctx.serial}{k}" width="640" height="90" frameborder="0" scrolling="no"></iframe></div>'
                if k % 2 == 0
                else f'<div class="ad-inline"><script>(window.slotbydup=window.slotbydup||[]).push({{id:"u{6500000 + ctx.serial}",container:"_ad{k}",async:true}});</script><div id="_ad{k}"></div></div>'
            )
        if k in (1, 12) and k < len(story.blocks) - 1 or len(story.blocks) <= 2 and k == 0:
            heads = ctx.others[k % 5 : k % 5 + 3]
            if boxed:
                parts.append(
                    f'<div class="yanshen"><div class="ys-title">延伸阅读</div>{link_list(heads, host=host, base=6000 + k)}</div>'
                )
            else:
                parts.append("<p><strong>「延伸阅读」</strong></p>")
                parts.extend(
                    f'<p><a href="https://{host}/news/{6100 + k + j}.shtml">{esc(h)}</a></p>'
                    for j, h in enumerate(heads)
                )
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)}_新闻中心_大{story.city}网</title></head><body>
<div class="topnav"><a href="/">大{story.city}网</a> <a>新闻</a> <a>房产</a> <a>汽车</a> <a>教育</a> <a>旅游</a></div>
<div class="crumb">您的位置：<a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; <a>本地新闻</a></div>
<div class="article">
<h1 class="art-title">{esc(story.title)}</h1>
<div class="art-info"><span class="time">{d:%Y-%m-%d %H:%M:%S}</span> <span class="src">来源：{source}</span> <span class="author">作者：{story.reporters[0]}</span></div>
<div class="art-body" id="artibody">
{"".join(parts)}
<p class="art-editor">（编辑：{story.editor}）</p>
</div>
<div class="art-share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="tuijian"><h3>为你推荐</h3>{link_list(ctx.others[5:12], host=host, base=6200, dated=True)}</div>
</div>
<div class="footer">大{story.city}网 版权所有 未经授权禁止复制或建立镜像 {story.province[0]}ICP证{40000 + ctx.serial}号</div>
</body></html>
"""
    label = make_label(
        "inline_ads", url, story.title, lines, d, source, [story.reporters[0]], story.editor, []
    )
    return Page(f"inline_ads_{ctx.index}", html, label)


def table_article(story: Story, ctx: Context, table: Table) -> Page:
    """County news page whose body holds a table (price list or timetable); rows are text lines."""
    d = story.published
    host = f"www.{ctx.domain}news.cn"
    url = f"http://{host}/html/{d:%Y-%m/%d}/content_{50000 + ctx.serial}.htm"
    source = f"{story.county}融媒体中心"
    intro = "附：" + (
        f"{d.month}月{d.day}日县城农贸市场主要农副产品价格"
        if table.rows[0][0] == "品名"
        else "新开通公交线路运营时刻表"
    )
    at = min(len(story.blocks), 2)
    blocks: list[Block] = [*story.blocks[:at], intro, table, *story.blocks[at:]]
    word_table = ctx.index % 2 == 1
    parts = []
    for b in blocks:
        parts.append(
            table_html(b, cell_p=True, klass="MsoTableGrid")
            if isinstance(b, Table) and word_table
            else body_p([b])
        )
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)} - {story.county}新闻网</title></head><body>
<div class="nav"><a href="/">首页</a> <a>{story.county[:2]}要闻</a> <a>乡镇动态</a> <a>民生服务</a> <a>图片新闻</a></div>
<div class="news-detail">
<h1>{esc(story.title)}</h1>
<div class="news-info">发布时间：{d.year}年{d.month}月{d.day}日 {d:%H:%M}　来源：{source}　作者：{story.reporters[0]}　浏览量：<span id="views">{500 + ctx.serial}</span></div>
<div class="news-content">
{"".join(parts)}
</div>
<div class="news-editor">责任编辑：{story.editor}</div>
<div class="prev-next"><p>上一篇：<a>{esc(ctx.others[0])}</a></p><p>下一篇：<a>{esc(ctx.others[1])}</a></p></div>
</div>
<div class="sidebar"><h3>热点新闻</h3>{link_list(ctx.others[2:9], host=host, base=5100)}</div>
<div class="footer">{story.county}融媒体中心 主办 联系电话：0797-{6300000 + ctx.serial}</div>
</body></html>
"""
    label = make_label(
        "table_article",
        url,
        story.title,
        text_lines(blocks),
        d,
        source,
        [story.reporters[0]],
        story.editor,
        [],
    )
    return Page(f"table_article_{ctx.index}", html, label)


def br_indent(story: Story, ctx: Context) -> Page:
    """Old CMS page whose body is text runs split by <br><br> with &nbsp; (or U+3000) indents."""
    d = story.published
    host = f"www.{ctx.domain}xw.gov.cn"
    url = f"http://{host}/Article/ShowArticle.asp?ArticleID={8800 + ctx.serial}"
    source = f"{story.county}{['宣传部', '新闻中心', '广播电视台', '委办'][ctx.index]}"
    timed = ctx.index != 0
    published = d if timed else d.replace(hour=0, minute=0, second=0)
    stamp = f"{d:%Y-%m-%d %H:%M:%S}" if timed else f"{d.year}-{d.month}-{d.day}"
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if ctx.index % 2 == 0 else "　　"
    sep = "<br><br>\n" if ctx.index < 2 else "<br />\n<br />\n"
    editor_line = f"{indent}（编辑：{story.editor}）<br>" if ctx.index != 1 else ""
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(story.title)}--{story.county}新闻网</title></head><body>
<div class="top">{story.county}新闻网 | <a>首页</a> <a>本县新闻</a> <a>部门动态</a> <a>乡镇传真</a></div>
<div class="main">
<div class="biaoti">{esc(story.title)}</div>
<div class="xinxi">【时间：{stamp}】【来源：{source}】【作者：{story.reporters[0]}】【点击数：<span id="hits">{90 + ctx.serial}</span>】</div>
<div id="zoom" class="zoom">
{body_br(story.blocks, indent=indent, sep=sep)}{editor_line}
</div>
<div class="gn">【<a href="javascript:window.print()">打印此页</a>】【<a href="javascript:window.close()">关闭窗口</a>】【<a href="#">返回顶部</a>】</div>
<div class="xg"><b>相关文章：</b>{link_list(ctx.others[:5], host=host, base=4100)}</div>
</div>
<div class="bottom">版权所有：{story.county}新闻网　技术支持：{story.city}网络公司</div>
</body></html>
"""
    editor = story.editor if ctx.index != 1 else None
    label = make_label(
        "br_indent",
        url,
        story.title,
        text_lines(story.blocks),
        published,
        source,
        [story.reporters[0]],
        editor,
        [],
    )
    return Page(f"br_indent_{ctx.index}", html, label)


def baidu_spans(story: Story, ctx: Context) -> Page:
    """Portal printing date, source, author and editor in pubtime_baidu/source_baidu/... spans."""
    d = story.published
    host = f"www.{ctx.domain}.com.cn"
    url = f"http://{host}/xw/bd/{d:%Y%m}/{ctx.serial:05d}.html"
    source = f"{story.city}{['日报', '广播电视台', '新闻网', '晚报'][ctx.index]}"
    forms = [
        f"{d:%Y-%m-%d %H:%M:%S}",
        f"{d:%Y/%m/%d %H:%M}",
        f"{d.year}年{d:%m}月{d:%d}日 {d:%H:%M}",
        f"发布时间：{d:%Y-%m-%d %H:%M}",
    ]
    published = d if ctx.index == 0 else d.replace(second=0)
    images = []
    img_html = ""
    if ctx.index in (0, 1):
        img = image_for(ctx, story, host)
        images.append(img)
        img_html = f'<p align="center"><img src="{img["src"]}" alt=""></p><p align="center"><font color="#0000ff">{esc(str(img["caption"]))}</font></p>'
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)}_{story.city}新闻_{story.city}在线</title></head><body>
<div class="nav">{story.city}在线：<a>首页</a> <a>本地</a> <a>区县</a> <a>民生</a> <a>专题</a></div>
<div class="text_title"><h1>{esc(story.title)}</h1>
<div class="text_c"><span id="pubtime_baidu">{forms[ctx.index]}</span>&nbsp;&nbsp;<span id="source_baidu">来源：<a href="http://{host}/" target="_blank">{source}</a></span>&nbsp;&nbsp;<span id="author_baidu">作者：{story.reporters[0]}</span>&nbsp;&nbsp;<span id="editor_baidu">责任编辑：{story.editor}</span></div></div>
<div class="text_con" id="text_con">
{img_html}{body_p(story.blocks)}
</div>
<div class="text_share">【<a>收藏</a>】【<a>打印</a>】【<a>关闭</a>】</div>
<div class="side"><div class="update"><h3>最近更新</h3>{link_list(ctx.others[:6], host=host, base=3100, dated=True)}</div>
<div class="rank"><h3>点击排行</h3>{link_list(ctx.others[6:12], host=host, base=3200)}</div></div>
<div class="foot">{story.city}在线 版权所有 Copyright 2008-2024 增值电信业务经营许可证：{story.province[0]}B2-{20080000 + ctx.serial}</div>
</body></html>
"""
    label = make_label(
        "baidu_spans",
        url,
        story.title,
        text_lines(story.blocks),
        published,
        source,
        [story.reporters[0]],
        story.editor,
        images,
    )
    return Page(f"baidu_spans_{ctx.index}", html, label)


def _convert(cc: opencc.OpenCC, blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            out.append(Table([[cc.convert(c) for c in row] for row in b.rows]))
        elif isinstance(b, Subhead):
            out.append(Subhead(cc.convert(b.text)))
        else:
            out.append(cc.convert(b))
    return out


def trad_hk(story: Story, ctx: Context) -> Page:
    """Traditional-character HK/Taiwan-flavoured farm: 發佈時間/來源, 記者 X／報導 byline line."""
    d = story.published
    cc = opencc.OpenCC("s2hk" if ctx.index % 2 == 0 else "s2tw")
    host = ["www.hk-dianxun.com", "www.tw-kuaibao.net"][ctx.index % 2]
    site = ["點訊網", "快報網"][ctx.index % 2]
    url = f"https://{host}/news/{d:%Y%m%d}/{ctx.serial:06d}.html"
    title = cc.convert(story.title)
    source = cc.convert(f"{story.city}日报")
    reporter = cc.convert(story.reporters[0])
    editor = cc.convert(story.editor)
    blocks = _convert(cc, story.blocks)
    label_time = "發佈時間" if ctx.index % 2 == 0 else "發布時間"
    byline = f"記者 {reporter}／綜合報導" if ctx.index % 2 == 0 else f"（記者{reporter}／報導）"
    images = []
    img_html = ""
    if ctx.index in (0, 3):
        img = image_for(ctx, story, host)
        cap = "(相關資料圖)"
        images.append({"src": img["src"], "caption": cap})
        img_html = (
            f'<p style="text-align:center"><img src="{img["src"]}"></p><p style="text-align:center">{cap}</p>'
        )
    hot = [cc.convert(h) for h in ctx.others[:8]]
    html = f"""<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>{esc(title)}_{site}</title>
<meta name="description" content="{esc(title)}"></head><body>
<div class="header"><a href="/">{site}</a> <a>首頁</a> <a>財經</a> <a>國內</a> <a>科技</a> <a>生活</a></div>
<div class="article-head"><h1>{esc(title)}</h1>
<div class="meta">{label_time}：{d:%Y-%m-%d %H:%M}　來源：{source}</div></div>
<div class="article-body">
{img_html}<p>{byline}</p>
{body_p(blocks)}
<p>責任編輯：{editor}</p>
</div>
<div class="disclaimer">【免責聲明】本文僅代表作者本人觀點，與本網站無關。本網站對文中陳述、觀點判斷保持中立，不對所包含內容的準確性、可靠性或完整性提供任何明示或暗示的保證。</div>
<div class="related"><h3>相關閱讀</h3>{link_list(hot[:4], host=host, base=2100)}</div>
<div class="hot"><h3>熱門推薦</h3>{link_list(hot[4:], host=host, base=2200)}</div>
<div class="footer">Copyright &copy; 2024 {site} 版權所有 聯繫郵箱：news@{host[4:]}</div>
</body></html>
"""
    label = make_label("trad_hk", url, title, text_lines(blocks), d, source, [reporter], editor, images)
    return Page(f"trad_hk_{ctx.index}", html, label)


def amp_page(story: Story, ctx: Context) -> Page:
    """AMP article: amp-img, amp-ad between paragraphs, JSON-LD NewsArticle, amp-social-share."""
    d = story.published
    host = f"m.{ctx.domain}daily.cn"
    url = f"https://{host}/amp/{d:%Y%m%d}/{ctx.serial:06d}.html"
    site = f"{story.city}日报"
    source = site if ctx.index % 2 == 0 else f"{story.county}融媒体中心"
    modified = d.replace(hour=min(23, d.hour + 2))
    img = image_for(ctx, story, f"img.{ctx.domain}daily.cn")
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": iso(d),
        "dateModified": iso(modified),
        "image": [img["src"]],
        "author": [{"@type": "Person", "name": story.reporters[0]}],
        "publisher": {"@type": "Organization", "name": site},
    }
    parts = []
    for k, b in enumerate(story.blocks):
        parts.append(body_p([b]))
        if k == 1 or k == 15:
            parts.append(
                f'<amp-ad width="300" height="250" type="adsense" data-ad-client="ca-pub-{ctx.serial}" data-ad-slot="{k}"><div placeholder>广告加载中</div></amp-ad>'
            )
    html = f"""<!doctype html>
<html ⚡ lang="zh-CN"><head><meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<title>{esc(story.title)} - {site}</title>
<link rel="canonical" href="https://www.{ctx.domain}daily.cn/content/{d:%Y%m%d}/{ctx.serial:06d}.html">
<meta name="viewport" content="width=device-width">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<style amp-custom>.article-body p{{line-height:1.8;margin:0 0 1em}} .caption{{color:#888;font-size:13px}}</style>
</head><body>
<header class="amp-header"><a href="/">{site}</a><button on="tap:menu.toggle">菜单</button></header>
<amp-sidebar id="menu" layout="nodisplay"><ul><li><a>要闻</a></li><li><a>县区</a></li><li><a>民生</a></li><li><a>视频</a></li></ul></amp-sidebar>
<article>
<h1>{esc(story.title)}</h1>
<div class="byline"><span class="author">记者 {story.reporters[0]}</span> <time datetime="{iso(d)}">{d:%Y-%m-%d %H:%M}</time> <span class="source">来源：{source}</span></div>
<amp-img src="{img["src"]}" width="800" height="533" layout="responsive" alt="{esc(str(img["caption"]))}"></amp-img>
<p class="caption">{esc(str(img["caption"]))}</p>
<div class="article-body">
{"".join(parts)}
</div>
<p class="editor">责任编辑：{story.editor}</p>
<div class="share">分享：<amp-social-share type="wechat" width="32" height="32"></amp-social-share><amp-social-share type="weibo" width="32" height="32"></amp-social-share></div>
</article>
<section class="related"><h2>相关新闻</h2>{link_list(ctx.others[:5], host=host, base=1100)}</section>
<footer>&copy; 2024 {site} 版权所有 <a href="https://www.{ctx.domain}daily.cn/">访问电脑版</a></footer>
</body></html>
"""
    label = make_label(
        "amp_page",
        url,
        story.title,
        text_lines(story.blocks),
        d,
        source,
        [story.reporters[0]],
        story.editor,
        [img],
    )
    return Page(f"amp_page_{ctx.index}", html, label)


def print_view(story: Story, ctx: Context) -> Page:
    """打印版: bare table layout, title in <b>, 【打印】【关闭】, 本文网址 line; no date in the URL."""
    d = story.published
    host = f"www.{ctx.domain}news.com"
    url = f"http://{host}/system/print.php?contentid={70000 + ctx.serial}"
    source = f"{story.city}日报"
    reporters = "　".join(story.reporters)
    title_tag = esc(story.title) if ctx.index % 2 == 0 else f"{esc(story.title)}-打印页"
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title_tag}</title>
<style>@media print {{ .noprint {{ display:none }} }} body {{ font-size:14px }}</style></head>
<body>
<div class="noprint" align="right"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
<table width="700" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td align="center" class="ptitle"><b>{esc(story.title)}</b></td></tr>
<tr><td align="center" class="pinfo">发布时间：{d:%Y-%m-%d %H:%M}　来源：{source}　作者：{reporters}</td></tr>
<tr><td class="pcontent">
{body_p(story.blocks, indent="　　")}
</td></tr>
<tr><td class="pfoot">本文网址：http://{host}/content/{d:%Y-%m}/{d:%d}/content_{70000 + ctx.serial}.htm</td></tr>
</table>
<div class="pcopy" align="center">Copyright &copy; {story.city}新闻网 版权所有</div>
</body></html>
"""
    label = make_label(
        "print_view",
        url,
        story.title,
        text_lines(story.blocks),
        d.replace(second=0),
        source,
        list(story.reporters),
        None,
        [],
    )
    return Page(f"print_view_{ctx.index}", html, label)


def two_articles(story: Story, ctx: Context, related: Story) -> Page:
    """A page carrying the main article and a 相关 short article with its own title and body."""
    d = story.published
    r = related.published
    host = f"www.{ctx.domain}ribao.com"
    url = f"https://{host}/p/{d:%Y-%m-%d}/{ctx.serial:06d}.html"
    source = f"{story.county}融媒体中心"
    images = []
    img_html = ""
    if ctx.index == 0:
        img = image_for(ctx, story, host)
        images.append(img)
        img_html = (
            f'<figure><img src="{img["src"]}"><figcaption>{esc(str(img["caption"]))}</figcaption></figure>'
        )
    related_html = f"""<div class="related-article"><div class="label">相关</div>
<h2>{esc(related.title)}</h2>
<div class="info">{r:%Y-%m-%d %H:%M} 来源：{related.county}融媒体中心 记者：{related.reporters[0]}</div>
<div class="content">{body_p(related.blocks)}</div></div>"""
    inside = ctx.index in (1, 3)
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)} - {story.county[:2]}日报网</title>
<meta property="og:title" content="{esc(story.title)}"></head><body>
<div class="nav"><a href="/">首页</a> <a>时政</a> <a>县域</a> <a>民生</a></div>
<div class="wrap">
<div class="main-article">
<h1>{esc(story.title)}</h1>
<div class="info">{d:%Y-%m-%d %H:%M} 来源：{source} 记者：{story.reporters[0]}</div>
<div class="content">
{img_html}{body_p(story.blocks)}
{related_html if inside else ""}
</div>
<div class="editor">责任编辑：{story.editor}</div>
</div>
{"" if inside else related_html}
<div class="more"><h3>更多新闻</h3>{link_list(ctx.others[:6], host=host, base=1300)}</div>
</div>
<div class="footer">{story.county[:2]}日报网 版权所有 举报电话：12345</div>
</body></html>
"""
    label = make_label(
        "two_articles",
        url,
        story.title,
        text_lines(story.blocks),
        d.replace(second=0),
        source,
        [story.reporters[0]],
        story.editor,
        images,
    )
    return Page(f"two_articles_{ctx.index}", html, label)


__all__ = [
    "amp_page",
    "baidu_spans",
    "br_indent",
    "inline_ads",
    "person",
    "print_view",
    "table_article",
    "trad_hk",
    "two_articles",
]
