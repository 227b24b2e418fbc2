"""Page templates, part one: broadcaster, county H5, government CMS, forum, aggregator, gallery and
digital-newspaper pages. Each takes a story and a variant (0 short … 3 long) and returns a Page."""

from __future__ import annotations

from datetime import timedelta

from .markup import Page, document, esc, headline_items, icp_footer, label
from .stories import Story, StoryMaker, body_lines

BUREAUS = {
    "renovation": "住房和城乡建设局",
    "homestay": "文化广电旅游体育局",
    "heritage": "文化馆",
    "bus": "交通运输局",
    "heating": "城市管理局",
    "doctor": "卫生健康局",
    "afterschool": "教育局",
    "forestfire": "林业局",
    "livestream": "商务局",
    "lantern": "文化广电旅游体育局",
}


def _ps(lines: list[str], indent: str = "", attrs: str = "") -> str:
    return "\n".join(f"<p{attrs}>{indent}{esc(line)}</p>" for line in lines)


def prov_tv(mk: StoryMaker, s: Story, v: int) -> Page:
    """Provincial broadcaster: video player, info bar with 时长, 文字稿 tab, credit line."""
    t = s.published.replace(second=7 if v == 2 else 0)
    url = f"https://news.{s.county_en.lower()}tv.cn/sxw/{t:%Y%m%d}/{mk.rng.randint(100000, 999999)}.shtml"
    source = f"{s.province}广播电视台"
    when = t.strftime("%Y年%m月%d日 %H:%M:%S") if v == 2 else t.strftime("%Y-%m-%d %H:%M")
    credit_in_text = v in (0, 2)
    staff = "　".join(s.reporters)
    info = [f"<span>发布时间：{when}</span>", f"<span>来源：{esc(source)}</span>",
            f"<span>栏目：《{esc(s.province)}新闻联播》</span>", f"<span>时长：0{mk.rng.randint(1, 4)}:{mk.rng.randint(10, 59)}</span>"]
    if not credit_in_text:
        info.append(f"<span>记者：{esc(staff)}</span>")
    text = _ps(body_lines(s))
    if credit_in_text:
        text += f"\n<p class=\"credit\">（记者：{esc(staff)}　摄像：{esc(s.photographer)}　编辑：{esc(s.editor)}）</p>"
    tail = "" if credit_in_text else f'<div class="v-editor">责任编辑：{esc(s.editor)}</div>'
    related = "\n".join(
        f'<li><a href="/sxw/{w:%Y%m%d}/{500000 + i}.shtml">{esc(h)}</a><em>0{i % 4 + 1}:2{i}</em><span>{w:%Y-%m-%d}</span></li>'
        for i, (h, w) in enumerate(mk.headlines(6))
    )
    body = f"""<div class="header"><a href="/">首页</a><a href="/news/">新闻</a><a href="/live/">直播</a><a href="/vod/">点播</a><a href="/app/">客户端下载</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 本省新闻</div>
<div class="video-box"><video id="player" src="https://vod.{s.county_en.lower()}tv.cn/{t:%Y%m%d}/a.mp4" poster="/img/poster.jpg" controls>您的浏览器不支持HTML5视频播放，请升级浏览器。</video></div>
<h1 class="v-title">{esc(s.title)}</h1>
<div class="v-info">{"".join(info)}</div>
<div class="v-tabs"><span class="on">文字稿</span><span>相关视频</span><span>评论</span></div>
<div class="v-text">
{text}
</div>
{tail}
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div class="related"><h3>相关视频</h3><ul>
{related}
</ul></div>
<div class="rank"><h3>热播榜</h3><ol>
{headline_items(mk, 5, "/sxw/", None)}
</ol></div>
{icp_footer(f"{s.province}广播电视台", mk)}"""
    html = document(f"{s.title}_{s.province}新闻_{s.province}网络广播电视台", body)
    authors = list(s.reporters)
    lab = label(s, url, "prov_tv", body_lines(s), t, source=source, authors=authors, editor=s.editor)
    return Page("", url, html, lab)


def rmt_h5(mk: StoryMaker, s: Story, v: int) -> Page:
    """County 融媒 H5 page: js_content body, byline-only first line, 责编/二审/终审, yearless time."""
    t = s.published
    url = f"https://m.{s.county_en.lower()}rmt.cn/h5/{t:%Y}/{t:%m%d}/{mk.rng.randint(10000, 99999)}.html"
    when = t.strftime("%m-%d %H:%M") if v in (1, 3) else t.strftime("%Y-%m-%d %H:%M")
    source = f"{s.county}融媒体中心"
    byline = "记者｜" + "　".join(s.reporters)
    if s.correspondents:
        byline += "　通讯员｜" + "　".join(s.correspondents)
    img_src = f"https://img.{s.county_en.lower()}rmt.cn/{t:%Y%m}/{mk.rng.randint(1000, 9999)}.jpg"
    parts = [f'<p style="text-align:center"><img data-src="{img_src}" src="{img_src}"></p>',
             f'<p style="text-align:center;font-size:12px;color:#888">{esc(s.captions[0])}</p>',
             f'<p><span style="font-size:15px;color:#3e3e3e">{esc(byline)}</span></p>']
    for line in body_lines(s):
        parts.append(f'<section style="margin:8px 0"><p><span style="font-size:16px;line-height:1.75">{esc(line)}</span></p></section>')
    parts.append(f'<p><span style="font-size:14px;color:#999">责编：{esc(s.editor)}　二审：{esc(s.reviewer)}　终审：{esc(mk.name())}</span></p>')
    title_el = f'<h2 class="article-title">{esc(s.title)}</h2>' if v % 2 == 0 else f'<div class="title">{esc(s.title)}</div>'
    recs = "\n".join(
        f'<a class="rec-item" href="/h5/{w:%Y}/{w:%m%d}/{20000 + i}.html"><div class="rec-t">{esc(h)}</div>'
        f'<div class="rec-m">{esc(s.county)}融媒　{w:%m-%d}</div></a>'
        for i, (h, w) in enumerate(mk.headlines(5))
    )
    body = f"""<div id="app">
<div class="topbar"><img src="/logo.png" alt="">{esc(s.county)}融媒<a class="open-app" href="/download">打开APP</a></div>
<div class="article">
{title_el}
<div class="article-meta"><span class="source">来源：{esc(source)}</span><span class="time">{when}</span></div>
<div class="content" id="js_content">
{chr(10).join(parts)}
</div>
<div class="read-count">阅读 {mk.rng.randint(2, 9)}.{mk.rng.randint(1, 9)}万</div><div class="like">赞 {mk.rng.randint(20, 900)}</div>
</div>
<div class="recommend"><div class="rec-title">精彩推荐</div>
{recs}
</div>
<div class="open-app-mask">打开{esc(s.county)}融媒APP，阅读体验更佳<a href="/download">立即打开</a></div>
</div>"""
    head = '<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">'
    html = document(s.title, body, head)
    images: list[dict[str, str | None]] = [{"src": img_src, "caption": s.captions[0]}]
    lab = label(s, url, "rmt_h5", body_lines(s), t, source=source, authors=s.authors, editor=s.editor, images=images)
    return Page("", url, html, lab)


def kaipu_gov(mk: StoryMaker, s: Story, v: int) -> Page:
    """District government 工作动态 on a 开普云-style CMS: xxgk_nav, td_title/td_content table,
    ``firstpublishedtime`` meta in its odd ``YYYY-MM-DD-HH:MM:SS`` format, a later ``lastmodifiedtime``."""
    t = s.published.replace(second=12 if v < 2 else 0)
    host = f"www.{s.county_en.lower()}.gov.cn"
    url = f"https://{host}/art/{t.year}/{t.month}/{t.day}/art_{mk.rng.randint(1200, 1299)}_{mk.rng.randint(100000, 999999)}.html"
    source = s.county + BUREAUS[s.topic.key]
    modified = t + timedelta(days=2, hours=3, minutes=17)
    head = (
        f'<meta name="SiteName" content="{esc(s.county)}人民政府">\n<meta name="ColumnName" content="工作动态">\n'
        f'<meta name="ArticleTitle" content="{esc(s.title)}">\n'
        f'<meta name="firstpublishedtime" content="{t:%Y-%m-%d-%H:%M:%S}">\n'
        f'<meta name="lastmodifiedtime" content="{modified:%Y-%m-%d-%H:%M:%S}">'
    )
    shown = f"发布日期：{t:%Y-%m-%d}" if v < 2 else f"发布时间：{t:%Y-%m-%d %H:%M}"
    author_info = f"　　作者：{esc('　'.join(s.reporters))}" if v == 2 else ""
    content = _ps(body_lines(s), attrs=' style="text-indent:2em;"')
    editor = s.editor if v in (1, 3) else None
    if editor:
        content += f"\n<p style=\"text-align:right\">（责任编辑：{esc(editor)}）</p>"
    body = f"""<div class="header"><div class="logo">{esc(s.county)}人民政府</div><div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div>
<ul class="menu"><li>首页</li><li>走进{esc(s.county)}</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
<div class="xxgk_nav">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1229/">政务公开</a> &gt; <a href="/col/col1230/">工作动态</a></div>
<table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">
<tr><td class="td_title">{esc(s.title)}</td></tr>
<tr><td class="td_info">{shown}　　信息来源：{esc(source)}{author_info}　　浏览次数：<span id="views">{mk.rng.randint(50, 3000)}</span>　　【字号：<a>大</a> <a>中</a> <a>小</a>】</td></tr>
<tr><td class="td_content">
{content}
</td></tr>
<tr><td class="td_tools"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></td></tr>
</table>
<div class="xgwz"><h4>相关文章</h4><ul>
{headline_items(mk, 5, "/art/", "%Y-%m-%d")}
</ul></div>
<div class="qrcode"><img src="/qr.png" alt="">扫一扫在手机打开当前页</div>
<div class="footer"><p><a>网站地图</a> | <a>联系我们</a> | <a>网站声明</a></p>
<p>主办单位：{esc(s.county)}人民政府办公室　政府网站标识码：{mk.rng.randint(3300000000, 3399999999)}</p>
<p>浙ICP备{mk.rng.randint(10000000, 99999999)}号　浙公网安备 {mk.rng.randint(10**13, 10**14 - 1)}号</p></div>"""
    html = document(f"{s.title} - 工作动态 - {s.county}人民政府", body, head)
    authors = list(s.reporters) if v == 2 else []
    lab = label(s, url, "kaipu_gov", body_lines(s), t, source=source, authors=authors, editor=editor)
    return Page("", url, html, lab)


def forum_portal(mk: StoryMaker, s: Story, v: int) -> Page:
    """Local forum portal's news channel: the 小编's first post is the article, replies quote it."""
    t = s.published
    url = f"https://www.{s.county_en.lower()}lou.com/forum/thread-{mk.rng.randint(10**7, 10**8)}-1-1.html"
    source = f"{s.city}日报"
    lines = body_lines(s)
    has_byline = v in (0, 2)
    editor = s.editor if v in (1, 3) else None
    post = []
    if has_byline:
        post.append("记者 " + " ".join(s.reporters) + ("　通讯员 " + " ".join(s.correspondents) if s.correspondents else ""))
    post += lines
    post.append(f"来源：{source}")
    if editor:
        post.append(f"编辑：{editor}")
    replies = []
    for i in range(mk.rng.randint(3, 5)):
        rt = t + timedelta(hours=i * 5 + 1, minutes=13 * i)
        quote = f"<blockquote>引用：{esc(lines[0][:24])}…</blockquote>" if i == 1 else ""
        comment = ["支持，早就该这样了！", "我们小区什么时候也能轮到？", "点赞，希望越办越好", "上周刚去过，确实变化很大。", "顶一个"][i]
        replies.append(
            f'<div class="post reply"><div class="author"><a class="uname">{esc(mk.name())}{i}88</a><span class="lv">Lv.{i + 2}</span></div>'
            f'<div class="post-time">发表于 {rt:%Y-%m-%d %H:%M}</div><div class="post-body">{quote}<p>{comment}</p></div>'
            f'<div class="floor">{i + 2}楼</div></div>'
        )
    last = t + timedelta(days=2, hours=4)
    body = f"""<div class="topnav"><a>首页</a><a>新闻</a><a>房产</a><a>家居</a><a>亲子</a><a>情感</a><a>美食</a><span class="login"><a>登录</a> | <a>注册</a></span></div>
<div class="channel">{esc(s.city)}新闻频道 &gt; 民生</div>
<div class="thread">
<h1 class="post-title" id="thread_subject">{esc(s.title)}</h1>
<div class="thread-stat">查看: {mk.rng.randint(500, 9000)} | 回复: {len(replies)}</div>
<div class="post first-post">
<div class="author"><a class="uname">{esc(s.city)}新闻小编</a><span class="lv">Lv.9</span><span class="badge">认证编辑</span></div>
<div class="post-time">发表于 {t:%Y-%m-%d %H:%M}</div>
<div class="post-body">
{_ps(post)}
</div>
<div class="post-actions"><a>赞 {mk.rng.randint(3, 90)}</a><a>收藏</a><a>分享</a><a>举报</a></div>
<div class="floor">楼主</div>
</div>
{chr(10).join(replies)}
<div class="lastreply">最后回复 {last:%Y-%m-%d %H:%M}</div>
<div class="reply-box"><textarea placeholder="说点什么吧"></textarea><button>发表回复</button></div>
</div>
<div class="hot"><h3>热帖排行</h3><ol>
{headline_items(mk, 6, "/forum/", None)}
</ol></div>
{icp_footer(f"{s.city}生活网", mk)}"""
    html = document(f"{s.title}-{s.city}新闻-{s.city}生活网", body)
    authors = s.authors if has_byline else []
    lab = label(s, url, "forum_portal", lines, t, source=source, authors=authors, editor=editor)
    return Page("", url, html, lab)


def aggregator(mk: StoryMaker, s: Story, v: int) -> Page:
    """Self-media aggregator: body inside ``<article>``, 相关推荐 cards with summaries (inside the
    article element on variants 2 and 3), IP location glued to the time, platform statement."""
    t = s.published
    url = f"https://www.kandian{mk.rng.randint(1, 9)}.cn/a/{mk.rng.randint(10**11, 10**12)}"
    account = f"{s.county}生活圈"
    has_writer = v in (0, 2)
    source = f"{s.city}日报" if v in (1, 3) else None
    editor = s.editor if v == 3 else None
    parts = []
    if has_writer:
        parts.append(f"<p>文｜{esc(s.reporters[0])}</p>")
    img = f"https://p{v}.kandian-img.cn/{mk.rng.randint(10**8, 10**9)}.jpeg"
    parts.append(f'<div class="img-wrap"><img src="{img}"><p class="img-desc">{esc(s.captions[1])}</p></div>')
    parts.append(_ps(body_lines(s)))
    if source:
        parts.append(f"<p>本文来源：{esc(source)}</p>")
    if editor:
        parts.append(f"<p>责任编辑：{esc(editor)}</p>")
    cards = []
    for i in range(4):
        other = mk.story(1, False)
        cards.append(
            f'<div class="card"><img src="/c/{i}.jpg"><h4><a href="/a/{10**11 + i}">{esc(other.title)}</a></h4>'
            f'<p class="card-desc">{esc(other.paragraphs[0])}</p><span class="acc">{esc(other.county)}发布</span><span>{i + 1}天前</span></div>'
        )
    rec = '<div class="rec-cards"><h3>相关推荐</h3>\n' + "\n".join(cards) + "\n</div>"
    inside = rec if v >= 2 else ""
    outside = rec if v < 2 else ""
    body = f"""<header class="site-header"><a class="logo">看点资讯</a><input placeholder="搜索"><a>登录</a></header>
<main><div class="main-col">
<article class="post">
<h1 class="post-title">{esc(s.title)}</h1>
<div class="post-meta"><a class="account">{esc(account)}</a><span class="fans">粉丝 {mk.rng.randint(1, 9)}.{mk.rng.randint(1, 9)}万</span><span class="time">{t:%Y-%m-%d %H:%M}·{esc(s.province)}</span><button>+关注</button></div>
<div class="post-body">
{chr(10).join(parts)}
</div>
{inside}
<footer class="post-foot">声明：本文由入驻看点资讯平台的作者撰写，除官方账号外，观点仅代表作者本人，不代表平台立场。<a>举报</a></footer>
</article>
{outside}
</div>
<aside class="side"><h3>24小时热文</h3><ul>
{headline_items(mk, 6, "/a/", None)}
</ul></aside></main>"""
    html = document(f"{s.title}_看点资讯", body)
    authors = [s.reporters[0]] if has_writer else []
    images: list[dict[str, str | None]] = [{"src": img, "caption": s.captions[1]}]
    lab = label(s, url, "aggregator", body_lines(s), t, source=source, authors=authors, editor=editor, images=images)
    return Page("", url, html, lab)


def gallery(mk: StoryMaker, s: Story, v: int) -> Page:
    """图集: an intro paragraph, then one paragraph per picture with a 1/N counter."""
    t = s.published.replace(second=33)
    url = f"https://pic.{s.county_en.lower()}news.cn/tuji/{t:%Y%m}/{t:%d}/{mk.rng.randint(1000, 9999)}.html"
    source = f"{s.city}新闻网"
    intro, rest = s.paragraphs[0], s.paragraphs[1:]
    credit = f"文/{'　'.join(s.reporters)}　图/{s.photographer}" if v % 2 == 0 else f"记者：{'　'.join(s.reporters)}　摄影：{s.photographer}"
    slides: list[str] = []
    images: list[dict[str, str | None]] = []
    for i, para in enumerate(rest):
        src = f"https://pic.{s.county_en.lower()}news.cn/upload/{t:%Y%m}/{i + 1:02d}.jpg"
        images.append({"src": src, "caption": para})
        slides.append(
            f'<div class="slide"><img src="{src}" alt="{esc(s.title)}"><div class="slide-text">'
            f'<span class="num">{i + 1}/{len(rest)}</span><p>{esc(para)}</p></div></div>'
        )
    more = "\n".join(f'<li><a href="/tuji/{w:%Y%m}/{w:%d}/{3000 + i}.html">{esc(h)}</a><em>{6 + i}图</em></li>'
                     for i, (h, w) in enumerate(mk.headlines(4)))
    body = f"""<div class="nav"><a>首页</a><a>图片</a><a>视频</a><a>专题</a></div>
<h1>{esc(s.title)}</h1>
<div class="info">{t:%Y-%m-%d %H:%M:%S}　来源：{esc(source)}　{esc(credit)}</div>
<div class="gallery-intro"><p>{esc(intro)}</p></div>
<div class="gallery" id="gallery">
{chr(10).join(slides)}
</div>
<div class="gallery-ctrl"><a>上一张</a><a>下一张</a><a>查看原图</a><a>自动播放</a></div>
<div class="editor">责任编辑：{esc(s.editor)}</div>
<div class="more-gallery"><h3>更多图集</h3><ul>
{more}
</ul></div>
{icp_footer(source, mk)}"""
    html = document(f"{s.title}_图片频道_{source}", body)
    lab = label(s, url, "gallery", s.paragraphs, t, source=source, authors=list(s.reporters), editor=s.editor,
                images=images)
    return Page("", url, html, lab)


def epaper(mk: StoryMaker, s: Story, v: int) -> Page:
    """数字报 text page: edition date and 版 names, 引题/副题, ideographic indents, ``founder-content``,
    上一篇/下一篇 and 本版其他文章 carrying other stories' headlines."""
    t = s.published.replace(hour=0, minute=0)
    paper = f"{s.city}日报"
    url = f"https://szb.{s.county_en.lower()}daily.cn/html/{t:%Y-%m}/{t:%d}/content_{mk.rng.randint(10000, 99999)}_{mk.rng.randint(1000, 9999)}.htm"
    week = "一二三四五六日"[t.weekday()]
    yinti = f'<h3 class="yinti">{esc(s.topic.subheads[v % 6])}</h3>' if v in (1, 3) else ""
    futi = f'<h2 class="futi">——{esc(s.county)}{esc(s.topic.subheads[(v + 2) % 6])}见闻</h2>' if v >= 2 else ""
    byline = "本报记者 " + " ".join(s.reporters) + ("　通讯员 " + " ".join(s.correspondents) if s.correspondents else "")
    editor = s.editor if v >= 2 else None
    pn = mk.headlines(2)
    cur = ' class="cur"'
    layouts = "".join(
        f'<a href="node_{i}.htm"{cur if i == 3 else ""}>第A0{i}版：{name}</a>'
        for i, name in enumerate(["要闻", "综合", "要闻", "经济", "民生"], start=1)
    )
    body = f"""<div class="paper-head"><img src="/logo.gif" alt="">{esc(paper)} 数字报</div>
<div class="paper-date">{t.year}年{t:%m}月{t:%d}日 星期{week}</div>
<div class="layout-nav">{layouts}</div>
<table width="100%"><tr><td class="left"><img src="../../../images/{t:%Y-%m/%d}/A03/page.jpg" usemap="#PagePicMap"><map name="PagePicMap"></map></td>
<td class="right"><div class="article">
{yinti}
<h1>{esc(s.title)}</h1>
{futi}
<div class="author">{esc(byline)}</div>
<founder-content>
{_ps(body_lines(s), indent="　　")}
</founder-content>
{f'<div class="zbbj">责任编辑：{esc(editor)}</div>' if editor else ""}
</div>
<div class="prev-next"><p>上一篇：<a href="content_1.htm">{esc(pn[0][0])}</a></p><p>下一篇：<a href="content_2.htm">{esc(pn[1][0])}</a></p></div>
<div class="layout-list"><h4>本版其他文章</h4><ul>
{headline_items(mk, 5, "content_", None)}
</ul></div></td></tr></table>
<div class="paper-foot">{esc(paper)}社 版权所有 未经书面授权不得复制或建立镜像</div>"""
    html = document(f"{paper}数字报-{s.title}", body)
    lab = label(s, url, "epaper", body_lines(s), t, source=None, authors=s.authors, editor=editor)
    return Page("", url, html, lab)
