"""Page templates, part one: national-site local channels, government, app share, forum, mirror.

Each template turns a :class:`Story` into a page and writes the label from the same story, never
by parsing the page. The traps each template carries are listed in README.md.
"""

from __future__ import annotations

import json

from .markup import (
    Context,
    Page,
    body_p,
    esc,
    fused,
    image_for,
    link_list,
    make_label,
    text_lines,
)
from .stories import Story, person


def rm_local(story: Story, ctx: Context) -> Page:
    """人民网-style 地方频道 page: rm_txt_con body, 分享让更多人看到 bar, (责编：A、B)."""
    d = story.published
    host = f"{ctx.domain}.people-local.cn"
    url = f"http://{host}/n2/{d:%Y/%m%d}/c{190000 + ctx.serial}-{40700000 + ctx.serial * 13}.html"
    source = f"{story.province}日报"
    helper = person(ctx.rng)
    reporter = story.reporters[0]
    blocks = fused(story, f"本报讯（记者{reporter} 通讯员{helper}）")
    editors = story.editor if ctx.index % 2 == 0 else f"{story.editor}、{person(ctx.rng)}"
    images = []
    img_html = ""
    if ctx.index in (0, 2):
        img = image_for(ctx, story, host)
        images.append(img)
        img_html = (
            f'<p style="text-align: center;"><img src="{img["src"]}" width="600"></p>\n'
            f'<p style="text-align: center;">{esc(str(img["caption"]))}{esc(helper)}摄</p>\n'
        )
    body = body_p(blocks, style="text-indent: 2em;")
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(story.title)}--{story.province}频道--人民网</title>
<meta name="keywords" content="{esc(story.county)}">
<meta name="description" content="{esc(text_lines(blocks)[0][:60])}">
<meta name="publishdate" content="{d:%Y-%m-%d}">
</head><body>
<div class="header"><a href="/">人民网</a> <a href="/">首页</a> | <a href="/">时政</a> | <a href="/">地市</a> | <a href="/">县区</a> | <a href="/">法治</a> | <a href="/">视频</a></div>
<div class="route"><a href="http://www.people-local.cn/">人民网</a>&gt;&gt;<a href="/">{story.province}频道</a>&gt;&gt;<a href="/">地市</a></div>
<div class="layout rm_txt cf">
<div class="col col-1 fl">
<h1>{esc(story.title)}</h1>
<div class="col-1-1 fl">{d:%Y年%m月%d日%H:%M} | 来源：<a href="http://www.{ctx.domain}daily.cn/" target="_blank">{source}</a></div>
<div class="col-1-1 fr"><a href="#">小字号</a></div>
<div class="rm_txt_con cf">
{img_html}{body}
<div class="edit cf">(责编：{editors})</div>
</div>
<div class="share-demo"><div class="share-title">分享让更多人看到</div><div class="bdsharebuttonbox"><a class="bds_weixin">微信</a><a class="bds_tsina">微博</a><a class="bds_qzone">QQ空间</a></div></div>
<div class="rm_relevant"><h3>推荐阅读</h3>{link_list(ctx.others[:6], host=host, base=9100)}</div>
</div>
<div class="col col-2 fr"><div class="ph_list"><h3>热点排行</h3>{link_list(ctx.others[6:14], host=host, base=9200)}</div></div>
</div>
<div class="footer"><p>人民网版权所有，未经书面授权禁止使用</p><p>Copyright &copy; 1997-2024 by www.people-local.cn. all rights reserved</p></div>
</body></html>
"""
    authors = [reporter, helper]
    label = make_label("rm_local", url, story.title, text_lines(blocks), d, source, authors, editors, images)
    return Page(f"rm_local_{ctx.index}", html, label)


def xinhua_local(story: Story, ctx: Context) -> Page:
    """新华网-style local page: the time split over year/day/time spans, 【责任编辑:X】, 【纠错】."""
    d = story.published
    host = "www.xinhua-local.cn"
    url = f"http://{host}/local/{d:%Y%m%d}/{ctx.serial:04x}a9c1e2f3b4d5c6e7/c.html"
    a, *rest = story.reporters
    names = "、".join(story.reporters)
    blocks = fused(story, f"新华社{story.city}{d.month}月{d.day}日电（记者{names}）")
    body = body_p(blocks, indent="　　")
    html = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(story.title)}-新华网</title>
<meta name="keywords" content="{esc(story.county)},{esc(story.city)}">
</head><body>
<div class="topBar"><a href="/">新华网</a> <a href="/">新华网首页</a> <a href="/politics/">时政</a> <a href="/local/">地方</a> <a href="/fortune/">财经</a></div>
<div class="header domPC">
<div class="header-top"><div class="location"><a href="/">新华网</a> &gt; <a href="/local/">地方</a> &gt; 正文</div></div>
<div class="header-cont clearfix">
<div class="header-time left"><span class="year"><em> {d:%Y}</em></span><span class="day"><em> {d:%m}</em>/<em>{d:%d}</em></span><span class="time"> {d:%H:%M:%S}</span></div>
<div class="source"> 来源：新华网</div>
<div class="head-line clearfix"><h1><span class="title">{esc(story.title)} </span></h1>
<div class="pageShare"><div class="share">分享到：<a class="wx">微信</a><a class="wb">微博</a></div></div></div>
</div></div>
<div class="main clearfix"><div class="main-left left">
<div id="detail">
{body}
</div>
<div id="articleEdit"><span class="tiyi1"><a href="javascript:void(0)">【纠错】</a></span><span class="editor">【责任编辑:{story.editor}】</span></div>
<div class="relatedNews"><h3>相关新闻</h3>{link_list(ctx.others[:5], host=host, base=8300)}</div>
</div>
<div class="main-right right"><div class="columBox"><h3>新华推荐</h3>{link_list(ctx.others[5:11], host=host, base=8400)}</div></div>
</div>
<div class="foot">Copyright &copy; 2000-2024 XINHUA-LOCAL All Rights Reserved. 制作单位：新华网地方频道</div>
</body></html>
"""
    del a, rest
    label = make_label(
        "xinhua_local",
        url,
        story.title,
        text_lines(blocks),
        d,
        "新华网",
        list(story.reporters),
        story.editor,
        [],
    )
    return Page(f"xinhua_local_{ctx.index}", html, label)


def trs_gov(story: Story, ctx: Context) -> Page:
    """TRS county government 政务公开 page: 索引号/发文机关/成文日期/发布日期 table above the body."""
    d = story.published
    host = f"www.{ctx.domain}.gov.cn"
    url = f"http://{host}/zwgk/c{100200 + ctx.serial}/{d:%Y%m}/t{d:%Y%m%d}_{2300000 + ctx.serial * 7}.html"
    agency = f"{story.county}{['农业农村局', '住房和城乡建设局', '教育体育局', '卫生健康委员会'][ctx.index]}"
    written = d.replace(day=max(1, d.day - 3))
    timed = ctx.index in (1, 3)
    published = d if timed else d.replace(hour=0, minute=0, second=0)
    info_time = f"<span>发布时间：{d:%Y-%m-%d %H:%M}</span>" if timed else ""
    editor = story.editor if ctx.index >= 2 else None
    editor_html = f'<div class="zrbj">【责任编辑：{editor}】</div>' if editor else ""
    images = []
    img_html = ""
    if ctx.index == 0:
        img = image_for(ctx, story, host)
        images.append({"src": img["src"], "caption": None})
        img_html = f'<p style="text-align:center"><img src="{img["src"]}" border="0" oldsrc="W0{ctx.serial}.jpg"></p>\n'
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)}_{story.county}人民政府</title>
<meta name="SiteName" content="{story.county}人民政府"><meta name="ColumnName" content="工作动态">
</head><body>
<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a> <a href="/zwfw/">政务服务</a> 无障碍 长者模式</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="#">工作动态</a></div>
<div class="xxgk_top"><table class="xxgk_table" width="100%">
<tr><td class="t1">索引号：</td><td>11{360700 + ctx.serial}MB{1800000 + ctx.serial}X/{d:%Y}-{12000 + ctx.serial:07d}</td><td class="t1">分类：</td><td>工作动态 ; 通知</td></tr>
<tr><td class="t1">发文机关：</td><td>{agency}</td><td class="t1">成文日期：</td><td>{written:%Y-%m-%d}</td></tr>
<tr><td class="t1">标　　题：</td><td colspan="3">{esc(story.title)}</td></tr>
<tr><td class="t1">发文字号：</td><td></td><td class="t1">发布日期：</td><td>{d:%Y-%m-%d}</td></tr>
<tr><td class="t1">有 效 性：</td><td>有效</td><td class="t1">主题词：</td><td></td></tr>
</table></div>
<div class="article">
<div class="tit">{esc(story.title)}</div>
<div class="info">{info_time}<span>信息来源：{agency}</span><span>浏览次数：<script>document.write("{300 + ctx.serial}")</script></span><span>【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{img_html}{body_p(story.blocks, indent="　　")}
</div></div>
{editor_html}
<div class="fujian">附件：<a href="./P0{d:%Y%m%d}{ctx.serial}.docx">{d.year}年工作安排表.docx</a></div>
<div class="btns"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="ewm"><img src="/images/ewm.png">扫一扫在手机打开当前页</div>
</div>
<div class="footer"><p>主办：{story.county}人民政府办公室　承办：{story.county}政务服务数据管理局</p><p>网站标识码：{3607310000 + ctx.serial}　{story.province[0]}ICP备{12345678 + ctx.serial}号</p></div>
</body></html>
"""
    label = make_label(
        "trs_gov", url, story.title, text_lines(story.blocks), published, agency, [], editor, images
    )
    return Page(f"trs_gov_{ctx.index}", html, label)


def xxqg_share(story: Story, ctx: Context) -> Page:
    """学习强国-style share page: the body is HTML inside JSON in a <script>; the HTML is a stub."""
    d = story.published
    host = "h5.qiangguo-share.cn"
    art_id = 17090000000000000 + ctx.serial * 7919
    url = f"https://{host}/articles/index.html?art_id={art_id}&source=share&share_to=wx_single"
    source = f"{story.county}融媒体中心"
    content = "".join(f"<p>{esc(line)}</p>" for line in text_lines(story.blocks))
    images = []
    if ctx.index in (0, 3):
        img = image_for(ctx, story, "boot-source.qiangguo-share.cn")
        images.append(img)
        content = (
            f'<p><img src="{img["src"]}"/></p><p style="text-align:center">{esc(str(img["caption"]))}</p>'
            + content
        )
    data = {
        "code": 200,
        "data": {
            "identity": {"item_id": str(art_id)},
            "title": story.title,
            "source": source,
            "author": story.reporters[0],
            "editor": story.editor,
            "publish_time": f"{d:%Y-%m-%d %H:%M:%S}",
            "content": content,
            "read_count": 1200 + ctx.serial,
        },
    }
    blob = json.dumps(data, ensure_ascii=ctx.index % 2 == 1).replace("</", "<\\/")
    html = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">
<title>{esc(story.title)}</title>
<link rel="stylesheet" href="https://{host}/static/css/app.3f9c2.css">
<script>window.__ARTICLE_DATA__ = {blob};</script>
</head><body>
<div id="root"><div class="fallback">
<h1 class="fallback-title">{esc(story.title)}</h1>
<div class="fallback-meta"><span>来源：{source}</span> <span>{d:%Y-%m-%d}</span></div>
<p class="fallback-tip">打开“强国”客户端，阅读全文</p>
<a class="open-app" href="https://{host}/download">立即打开</a>
</div></div>
<div class="download-bar">下载客户端 看更多精彩内容</div>
<script src="https://{host}/static/js/vendor.8e1a.js"></script>
<script src="https://{host}/static/js/article.77b2.js"></script>
</body></html>
"""
    label = make_label(
        "xxqg_share",
        url,
        story.title,
        text_lines(story.blocks),
        d,
        source,
        [story.reporters[0]],
        story.editor,
        images,
    )
    return Page(f"xxqg_share_{ctx.index}", html, label)


_REPLIES = [
    "支持！家门口的好事，希望早点办成。",
    "我们村也在弄，确实比以前方便多了。",
    "楼主辛苦了，转发给家里老人看看。",
    "希望后续管理也能跟上，别虎头蛇尾。",
    "顶一个，为家乡点赞！",
    "请问具体什么时候开始？有没有联系电话？",
]


def discuz_forum(story: Story, ctx: Context) -> Page:
    """Discuz! X thread of local news: only the 楼主 post is the article, replies are not."""
    d = story.published
    host = f"bbs.{ctx.domain}.cc"
    tid = 310000 + ctx.serial
    url = f"http://{host}/forum.php?mod=viewthread&tid={tid}&extra=page%3D1"
    poster = f"{story.county[:2]}小编"
    with_source = ctx.index in (1, 2)
    source = f"{story.county}融媒体中心" if with_source else None
    edited = d.replace(minute=min(59, d.minute + 17))
    posted = f"{d.year}-{d.month}-{d.day} {d:%H:%M}"
    relative = ctx.index in (0, 3)
    post_time = f'发表于 <span title="{posted}">3&nbsp;天前</span>' if relative else f"发表于 {posted}"
    lines = text_lines(story.blocks)
    font = ctx.index % 2 == 0
    parts = [f'<font size="3">{esc(x)}</font>' if font else esc(x) for x in lines]
    message = "<br />\r\n<br />\r\n".join(parts)
    tail = f"<br />\r\n<br />\r\n来源：{source}" if source else ""
    images = []
    attach = ""
    if ctx.index == 0:
        img = image_for(ctx, story, host)
        images.append({"src": img["src"], "caption": None})
        attach = f'<ignore_js_op><img id="aimg_{tid}" aid="{tid}" src="{img["src"]}" zoomfile="{img["src"]}" class="zoom" width="600" /></ignore_js_op>'
    replies = []
    for k in range(4 + ctx.index % 3):
        pid = tid * 10 + k + 1
        who = ["沙发", "板凳", "地板", "4#", "5#", "6#"][k]
        rt = d.replace(minute=min(59, d.minute + 5 + k * 6))
        quote = (
            f'<div class="quote"><blockquote><font size="2"><font color="#999999">{poster} 发表于 {posted}</font></font><br />{esc(lines[0][:40])}</blockquote></div><br />'
            if k == 1
            else ""
        )
        replies.append(
            f"""<div id="post_{pid}"><table id="pid{pid}" class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1">网友{person(ctx.rng)}</a></div></td>
<td class="plc"><div class="pi"><strong><a>{who}</a></strong><div class="pti"><div class="authi"><em id="authorposton{pid}">发表于 {rt.year}-{rt.month}-{rt.day} {rt:%H:%M}</em></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table><tr><td class="t_f" id="postmessage_{pid}">{quote}{esc(_REPLIES[(k + ctx.serial) % len(_REPLIES)])}</td></tr></table></div></div></div>
<div class="po"><a>回复</a> <a>支持</a> <a>反对</a></div></td></tr></table></div>"""
        )
    html = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(story.title)} - {story.county[:2]}新闻 - {story.county[:2]}论坛 - Powered by Discuz!</title>
<meta name="keywords" content="{esc(story.title)}" /><meta name="generator" content="Discuz! X3.4" />
</head><body>
<div id="hd"><div class="hdc"><a href="./">{story.county[:2]}论坛</a></div><div id="nv"><ul><li><a>首页</a></li><li><a>论坛</a></li><li><a>便民</a></li><li><a>招聘</a></li></ul></div></div>
<div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm">{story.county[:2]}论坛</a> <em>&rsaquo;</em> <a href="forum-2-1.html">{story.county[:2]}新闻</a> <em>&rsaquo;</em> <a href="#">{esc(story.title)}</a></div></div>
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0"><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> <span class="xi1">{3000 + ctx.serial}</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">{len(replies)}</span></div></td>
<td class="plc ptm pbn vwthd"><h1 class="ts"><a href="forum.php?mod=forumdisplay&fid=2&filter=typeid&typeid=5">[本地资讯]</a> <span id="thread_subject">{esc(story.title)}</span></h1><span class="xg1"><a href="#">[复制链接]</a></span></td></tr></table>
<div id="post_{tid}"><table id="pid{tid}" class="plhin"><tr><td class="pls" rowspan="2"><div class="pi"><div class="authi"><a class="xw1">{poster}</a></div></div>
<dl class="pil cl"><dt>积分</dt><dd>{12000 + ctx.serial}</dd><dt>帖子</dt><dd>{800 + ctx.serial}</dd></dl></td>
<td class="plc"><div class="pi"><strong><a>楼主</a></strong><div class="pti"><div class="authi"><em id="authorposton{tid}">{post_time}</em> <span class="pipe">|</span><a>只看该作者</a> <span class="pipe">|</span><a>倒序浏览</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_{tid}">
<i class="pstatus"> 本帖最后由 {poster} 于 {edited.year}-{edited.month}-{edited.day} {edited:%H:%M} 编辑 </i><br />
<br />
{message}{tail}</td></tr></table>
{attach}</div></div></div>
<div class="sign">家在{story.county}，关注身边事。欢迎投稿爆料！</div>
<div class="po"><a>回复</a> <a>支持</a> <a>反对</a> <a>举报</a></div></td></tr></table></div>
{"".join(replies)}
</div>
<div id="ft">Powered by Discuz! X3.4 &copy; 2001-2024 Tencent Cloud. {story.province[0]}ICP备{10000000 + ctx.serial}号</div>
</body></html>
"""
    label = make_label("discuz_forum", url, story.title, lines, d, source, [], None, images)
    return Page(f"discuz_forum_{ctx.index}", html, label)


def toutiao_mirror(story: Story, ctx: Context) -> Page:
    """今日头条/一点资讯-style mirror: account bar, syl-article body, closing 来源/记者/编辑 lines."""
    d = story.published
    host = "www.toutiao-mirror.cn"
    url = f"https://{host}/article/{7340000000000000000 + ctx.serial * 104729}/"
    credits = ctx.index in (1, 3)
    account = f"{story.county[:2]}融媒" if credits else f"{story.county[:2]}身边事"
    source = f"{story.county}融媒体中心" if credits else None
    reviewer = person(ctx.rng)
    closing = (
        f"<p>来源：{source}</p><p>记者：{story.reporters[0]}</p><p>编辑：{story.editor}　审核：{reviewer}</p>"
        if credits
        else ""
    )
    images = []
    parts = []
    for k, line in enumerate(text_lines(story.blocks)):
        if k == 1 or (ctx.index == 0 and k == 0):
            img = image_for(ctx, story, "p3-sign.toutiao-mirror-img.cn", k)
            images.append(img)
            parts.append(
                f'<div class="pgc-img"><img src="{img["src"]}" img_width="1080" img_height="720"><p class="pgc-img-caption">{esc(str(img["caption"]))}</p></div>'
            )
        parts.append(f"<p>{esc(line)}</p>")
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(story.title)} - 今日头条</title>
<meta property="og:title" content="{esc(story.title)}">
<meta name="description" content="{esc(text_lines(story.blocks)[0][:70])}">
</head><body>
<div class="toutiao-header"><a href="/">首页</a> <a>下载头条</a> <a>登录</a></div>
<div class="main"><div class="article-content">
<h1>{esc(story.title)}</h1>
<div class="article-meta"><span class="original-mark">原创</span><span class="dot">·</span><span class="name"><a href="/c/user/{ctx.serial}/">{account}</a></span><span class="dot">·</span><span>{d:%Y-%m-%d %H:%M}</span><span class="dot">·</span><span>{story.province}</span></div>
<article class="syl-article-base tt-article-content syl-page-article syl-device-pc">
{"".join(parts)}{closing}
</article>
<div class="article-tags"><a>{story.county}</a><a>民生</a></div>
<div class="detail-side-interaction"><span>{20 + ctx.serial}</span> 点赞 <span>评论</span> <span>收藏</span> <span>分享</span> <span class="report">举报</span></div>
</div>
<div class="side-drawer"><div class="user-card"><a>{account}</a><span>{1000 + ctx.serial}粉丝</span><button>关注</button></div>
<div class="related"><h3>相关推荐</h3>{link_list(ctx.others[:8], host=host, base=7100)}</div></div>
<div class="open-app-bar">打开App看更多精彩内容</div>
</div>
<div class="footer">&copy; 2024 头条镜像 中国互联网举报中心 网络谣言曝光台</div>
</body></html>
"""
    authors = [story.reporters[0]] if credits else []
    editor = story.editor if credits else None
    label = make_label(
        "toutiao_mirror", url, story.title, text_lines(story.blocks), d, source, authors, editor, images
    )
    return Page(f"toutiao_mirror_{ctx.index}", html, label)
