"""Writes the held-out extraction set: thirteen portal templates, four pages each, with labels.

Run ``python -m tests.article_sets.heldout1.generator.generate`` to rewrite ``pages/`` and
``labels/``. The generator is seeded, so its output is stable; the labels are written from the story data the page was rendered from,
never by parsing the page, and follow the rules in README.md.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import opencc
from pypinyin import Style, lazy_pinyin

from tests.article_sets.sets import ArticleSet

from .stories import TOPICS, Story, headline_pool, make_story

SET = ArticleSet(Path(__file__).resolve().parents[1].name)  # the set this generator wrote
SEED = 20240508


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def short(place: str) -> str:
    """邵阳市 -> 邵阳, 恩施州 -> 恩施, 隆回县 -> 隆回."""
    return place[:-1] if place[-1] in "市州县省区" else place


def initials(place: str) -> str:
    """邵阳市 -> sy: portals name their hosts after the place."""
    return "".join(lazy_pinyin(short(place), style=Style.FIRST_LETTER))


def links(items: list[str], cls: str = "", dates: list[str] | None = None) -> str:
    rows = []
    for i, item in enumerate(items):
        date = f"<span class=\"date\">{dates[i]}</span>" if dates else ""
        rows.append(f"<li><a href=\"/news/{7000 + i * 37}.html\" title=\"{attr(item)}\">{esc(item)}</a>{date}</li>")
    return f"<ul class=\"{cls}\">" + "".join(rows) + "</ul>"


@dataclass
class Page:
    name: str
    url: str
    html: str
    label: dict[str, Any]


def label(url: str, template: str, title: str, text: list[str], published: datetime, source: str | None,
          authors: list[str], editor: str | None, images: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    return {
        "url": url, "template": template, "title": title, "text": "\n".join(text),
        "published_at": iso(published), "source": source, "authors": authors, "editor": editor,
        "images": [{"src": s, "caption": c} for s, c in (images or [])],
    }


# ---------------------------------------------------------------- T01 provincial government
def gov_province(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{s.province}应急管理厅"
    when = s.published_at.replace(second=0)
    source = rng.choice([site, f"{s.city}应急管理局", f"{s.county}人民政府"])
    url = f"https://yjt.{initials(s.province)}.gov.cn/art/{when.year}/{when.month}/{when.day}/art_{3421 + i}_{1080000 + rng.randint(0, 99999)}.html"
    text = list(s.paragraphs)
    body_parts = []
    heads = ["一、强化组织领导", "二、突出重点领域", "三、严格督导问效"]
    for k, p in enumerate(s.paragraphs):
        if len(s.paragraphs) >= 15 and k in (2, 7, 12):
            h = heads[(2, 7, 12).index(k)]
            body_parts.append(f"<p style=\"text-indent: 2em;\"><strong>{esc(h)}</strong></p>")
            text.insert(text.index(p), h)
        body_parts.append(f"<p style=\"text-indent: 2em; font-family: 仿宋_GB2312; font-size: 16pt;\">{esc(p)}</p>")
    editor = s.editor if i % 2 == 0 else None
    meta = "" if i == 3 else (
        f"<meta name=\"SiteName\" content=\"{site}\">\n<meta name=\"ColumnName\" content=\"工作动态\">\n"
        f"<meta name=\"ArticleTitle\" content=\"{attr(s.title)}\">\n"
        f"<meta name=\"PubDate\" content=\"{when:%Y-%m-%d %H:%M}\">\n<meta name=\"ContentSource\" content=\"{source}\">\n")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(s.title)}_{site}</title>
{meta}<meta name="keywords" content="应急管理,安全生产">
<link rel="stylesheet" href="/images/2023/style.css">
<script src="/js/jquery-1.12.4.min.js"></script>
</head><body>
<div class="top-bar"><div class="w1200"><span>欢迎访问{site}门户网站</span><a href="/">无障碍</a> <a href="/">长者模式</a> <a href="/">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}"></div>
<div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/col1/">机构概况</a></li><li><a href="/col/col2/">新闻中心</a></li><li><a href="/col/col3/">政务公开</a></li><li><a href="/col/col4/">政务服务</a></li><li><a href="/col/col5/">互动交流</a></li><li><a href="/col/col6/">专题专栏</a></li></ul></div>
<div class="w1200 position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col2/">新闻中心</a> &gt; <a href="/col/col2/index.html">工作动态</a></div>
<div class="w1200 main-article">
<div class="pages-title">{esc(s.title)}</div>
<div class="pages-date">发布时间：{when:%Y-%m-%d %H:%M} 来源：{source}
<span class="font">【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
<span>浏览次数：<span id="hits"></span></span></div>
<div class="pages_content" id="UCAP-CONTENT">
{''.join(body_parts)}
</div>
{f'<div class="editor">责任编辑：{editor}</div>' if editor else ''}
<div class="pages-share"><span>分享到：</span><a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ空间</a></div>
<div class="pages-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="qrcode"><img src="/images/qr.png" alt=""><p>扫一扫在手机打开当前页</p></div>
<div class="related"><div class="related-title">相关链接</div>{links(related[:4])}</div>
</div>
<div class="footer"><p>主办：{site}　承办：{site}信息中心</p>
<p>地址：{s.city}人民路{rng.randint(10, 300)}号　邮编：{rng.randint(410000, 730000)}　联系电话：0731-8{rng.randint(1000000, 9999999)}</p>
<p>网站标识码：{rng.randint(4300000000, 4399999999)}　<a href="https://beian.miit.gov.cn">湘ICP备{rng.randint(10000000, 99999999)}号-1</a>　湘公网安备 {rng.randint(43010000000000, 43019999999999)}号</p>
<p><a href="/">政府网站找错</a>　<a href="/">网站地图</a>　<a href="/">联系我们</a></p></div>
<script>var hits = document.getElementById("hits"); hits.innerHTML = "{rng.randint(100, 9000)}";</script>
</body></html>"""
    return url, page, label(url, "gov_province", s.title, text, when, source, [], editor)


# ---------------------------------------------------------------- T02 city daily newspaper
def city_daily(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    paper = f"{short(s.city)}日报"
    when = s.published_at.replace(second=0)
    url = f"https://www.{initials(s.city) + 'rb'}.com.cn/content/{when:%Y-%m}/{when:%d}/content_{rng.randint(100000, 999999)}.htm"
    reporter, stringer = s.reporters[0], s.others[0]
    authors = [reporter, stringer] if i != 1 else [reporter]
    byline = f"记者 {reporter}" + (f" 通讯员 {stringer}" if i != 1 else "")
    text = list(s.paragraphs)
    if i in (0, 2):  # byline fused into the lead paragraph: the paragraph stays whole in `text`
        text[0] = f"本报讯（{byline}）" + text[0]
    date_shown = f"{when:%Y-%m-%d %H:%M}" if i % 2 == 0 else f"{when:%Y年%m月%d日 %H:%M}"
    body = []
    images: list[tuple[str, str]] = []
    for k, p in enumerate(text):
        body.append(f"<p>{esc(p)}</p>")
        if k == 0 and i != 3:
            src = f"/res/{when:%Y%m}/{when:%d}/{rng.randint(10000, 99999)}.jpg"
            cap = f"{s.town}一景。记者 {reporter} 摄"
            images.append((f"{url.split('/content/')[0]}{src}", cap))
            body.append(f"<p style=\"text-align: center;\"><img src=\"{src}\" border=\"0\"></p>"
                        f"<p style=\"text-align: center;\">{esc(cap)}</p>")
    kicker = f"<div class=\"yinti\">{esc(rng.choice(['聚焦民生实事', '奋进新征程 建功新时代', '一线探访']))}</div>" if i != 1 else ""
    subtitle = f"<h2 class=\"futi\">——{esc(s.county)}{rng.choice(['扎实推进', '多措并举', '用心用情'])}办好民生实事</h2>" if i in (0, 3) else ""
    reviewer, proof = s.others[1], s.others[2]
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(s.title)} - {paper}</title>
<meta name="description" content="{attr(s.paragraphs[0][:60])}">
<link rel="stylesheet" href="/static/css/detail.css?v=20230901">
</head><body>
<header class="site-header"><a class="logo" href="/"><img src="/static/img/logo.png" alt="{paper}"></a>
<nav><a href="/">首页</a><a href="/node_2.htm">时政</a><a href="/node_3.htm">社会</a><a href="/node_4.htm">县区</a><a href="/node_5.htm">文体</a><a href="/node_6.htm">数字报</a></nav></header>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/node_4.htm">县区</a> &gt; 正文</div>
<div class="container"><div class="main">
<div class="article-head">{kicker}<h1>{esc(s.title)}</h1>{subtitle}</div>
<div class="article-info"><span class="time">{date_shown}</span><span class="src">来源：{paper}</span><span class="author">作者：{byline}</span></div>
<div class="article-content">
{''.join(body)}
</div>
<div class="article-editor"><p>编辑：{s.editor}　校对：{proof}　审核：{reviewer}</p></div>
<div class="article-share">分享到：<a>微信</a><a>微博</a><a>复制链接</a> <a class="jc" href="/jiucuo">【纠错】</a></div>
<div class="article-related"><h3>相关新闻</h3>{links(related[:5])}</div>
</div>
<aside class="side"><div class="box"><h3>24小时热文</h3>{links(related[5:10], 'rank')}</div>
<div class="box"><h3>{paper}数字报</h3><a href="/epaper/"><img src="/static/img/epaper.jpg" alt=""></a></div></aside></div>
<footer><p>{paper}社主办　版权所有 未经授权禁止复制或建立镜像</p><p>互联网新闻信息服务许可证编号：{rng.randint(43120170000, 43120179999)}　湘ICP备{rng.randint(10000000, 99999999)}号</p><p>违法和不良信息举报电话：0739-{rng.randint(5000000, 5999999)}</p></footer>
</body></html>"""
    return url, page, label(url, "city_daily", s.title, text, when, paper, authors, s.editor, images)


# ---------------------------------------------------------------- T03 county media centre CMS
def county_rmt(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    centre = f"{s.county}融媒体中心"
    when = s.published_at.replace(second=0)
    host = initials(s.county) + "xw"
    url = f"http://www.{host}.cn/xwzx/xzdt/{when:%Y%m}/t{when:%Y%m%d}_{rng.randint(1000000, 9999999)}.html"
    authors = [s.reporters[0]] if i % 2 else [s.reporters[0], s.reporters[1]]
    shown_authors = "　".join(authors) if i != 2 else "、".join(authors)
    body = "".join(
        f"<p align=\"justify\" style=\"text-indent: 2em; line-height: 2em;\"><span style=\"font-size: 16px;\">&nbsp;&nbsp;{esc(p)}</span></p>"
        for p in s.paragraphs)
    reviewer = s.others[1]
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(s.title)}-{centre}</title>
<link href="../../../images/css.css" rel="stylesheet" type="text/css" />
</head><body>
<div class="head"><div class="logo"><img src="../../../images/logo.png" /></div><div class="date"><script>showDate();</script></div></div>
<div class="menu"><a href="../../../">首页</a>|<a href="../../">新闻中心</a>|<a href="../../../zwgk/">政务公开</a>|<a href="../../../msfw/">民生服务</a>|<a href="../../../ly/">魅力{short(s.county)}</a>|<a href="../../../sp/">视频</a></div>
<div class="wz">当前位置：<a href="../../../">首页</a> &gt; <a href="../../">新闻中心</a> &gt; <a href="../">乡镇动态</a></div>
<div class="content_box">
<div class="detail_title">{esc(s.title)}</div>
<div class="detail_info">发布时间：{when:%Y年%m月%d日 %H:%M}　　信息来源：{centre}　　作者：{shown_authors}　　浏览次数：<script language="javascript">document.write(GetHits("{rng.randint(10000, 99999)}"));</script></div>
<div class="detail_con"><div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
<p align="right">（编辑：{s.editor}　审核：{reviewer}）</p>
</div></div></div>
<div class="detail_tool">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<div class="detail_page"><p>上一篇：<a href="./t{when:%Y%m%d}_1.html">{esc(related[0])}</a></p><p>下一篇：<a href="./t{when:%Y%m%d}_2.html">{esc(related[1])}</a></p></div>
</div>
<div class="foot">Copyright © {when.year} {centre} All Rights Reserved<br />主办：中共{s.county}委宣传部　承办：{centre}<br />备案号：<a href="https://beian.miit.gov.cn/">ICP备{rng.randint(10000000, 99999999)}号</a></div>
</body></html>"""
    return url, page, label(url, "county_rmt", s.title, s.paragraphs, when, centre, authors, s.editor)


# ---------------------------------------------------------------- T04 news-app share page
def app_share(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    app = f"掌上{short(s.city)}"
    station = f"{s.city}广播电视台"
    when = s.published_at.replace(second=0)
    url = f"https://m.zs{initials(s.city)}.cn/share/article/{rng.randint(10**8, 10**9)}?from=timeline&isappinstalled=0"
    a, b = s.reporters
    byline = f"{app}记者 {a} {b}" if i % 2 == 0 else f"记者 {a}"
    authors = [a, b] if i % 2 == 0 else [a]
    sections = "".join(f"<section class=\"para\">{esc(p)}</section>" if k % 2 else f"<section><p>{esc(p)}</p></section>"
                       for k, p in enumerate(s.paragraphs))
    state = json.dumps({"article": {"id": rng.randint(1000, 9999), "title": s.title, "likeCount": rng.randint(1, 900),
                                    "shareUrl": url}}, ensure_ascii=False)
    recs = "".join(f"<section class=\"rec-item\"><div class=\"rec-title\">{esc(t)}</div><div class=\"rec-meta\"><span>{app}</span><span>{rng.randint(1, 23)}小时前</span></div></section>"
                   for t in related[:6])
    page = f"""<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{esc(s.title)}</title>
<meta property="og:title" content="{attr(s.title)}"><meta property="og:site_name" content="{app}">
<link rel="stylesheet" href="https://cdn.zs.cn/share/css/app.8c1f2.css"></head>
<body><div id="app">
<header class="dl-bar"><img src="/img/icon.png" alt=""><div><b>{app}</b><span>{s.city}人的新闻客户端</span></div><a class="btn-open">打开</a></header>
<article class="article"><h1 class="art-title">{esc(s.title)}</h1>
<div class="art-meta"><span class="src">来源：{station}</span><span class="time">{when:%Y-%m-%d %H:%M}</span></div>
<section class="art-body" style="max-height: 1200px; overflow: hidden;">
<section class="byline"><p>{esc(byline)}</p></section>
{sections}
<section class="editor"><p>责任编辑：{s.editor}</p></section>
</section>
<div class="read-more">展开全文<i class="arrow"></i></div>
<div class="open-app-mask"><p class="mask-text">打开APP阅读全文</p><a class="mask-btn">打开{app}APP，查看更多精彩内容</a></div>
</article>
<div class="zan"><span>点赞 {rng.randint(2, 300)}</span><span>分享</span></div>
<section class="recommend"><h3 class="rec-head">推荐阅读</h3>{recs}</section>
<footer class="share-foot"><p>声明：本文由{app}原创，转载请注明出处。</p><p>{station} 版权所有</p></footer>
</div>
<script>window.__INITIAL_STATE__ = {state};</script>
<script src="https://cdn.zs.cn/share/js/app.3d9e1.js"></script>
</body></html>"""
    return url, page, label(url, "app_share", s.title, s.paragraphs, when, station, authors, s.editor)


# ---------------------------------------------------------------- T05 self-media (网易号-style)
def self_media(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    account = rng.choice([f"{short(s.county)}身边事", f"爱{short(s.city)}", f"{short(s.city)}生活圈", f"{short(s.county)}头条"])
    when = s.published_at
    url = f"https://www.{['163yue', 'neteasy-dy', 'dyhao', 'wyhao'][i]}.com/dy/article/J{rng.randint(10**8, 10**9):X}0553{rng.randint(1000, 9999)}.html"
    body = []
    images: list[tuple[str, str]] = []
    for k, p in enumerate(s.paragraphs):
        body.append(f"<p id=\"{k}\">{esc(p)}</p>")
        if k == 1:
            src = f"https://dingyue.ws.127img.cn/{when:%Y-%m-%d}/{rng.randint(10**6, 10**7)}.jpeg"
            images.append((src, ""))
            body.append(f"<p class=\"f_center\"><img src=\"{src}\" alt=\"\"><br></p><p class=\"f_center\">（图片来源网络，侵删）</p>")
    authors = [s.reporters[0]] if i == 2 else []
    tail = f"<p>文/{s.reporters[0]}</p>" if i == 2 else ""
    comments = rng.randint(0, 400)
    page = f"""<!DOCTYPE HTML><html id="ne_wrap" data-publishtime="{when:%Y-%m-%d %H:%M:%S}"><head>
<meta charset="utf-8"><title>{esc(s.title)}|{short(s.county)}_网易订阅</title>
<meta name="keywords" content="{attr(s.county)}"><meta name="description" content="{attr(s.title)},{attr(s.county)}">
<meta name="author" content="网易">
<link rel="stylesheet" href="https://static.ws.126.net/cnews/css13/endpage.css"></head>
<body><div class="N-nav-channel"><a href="/">网易首页</a><a>新闻</a><a>体育</a><a>娱乐</a><a>财经</a><a>汽车</a><a>科技</a><a>手机</a><a>数码</a><a>房产</a></div>
<div class="post_main">
<h1 class="post_title">{esc(s.title)}</h1>
<div class="post_info">{when:%Y-%m-%d %H:%M:%S}　来源: <a href="/dy/media/T{rng.randint(10**9, 10**10)}.html">{account}</a>
<a class="post_report" href="https://www.163.com/special/0077jt/tipoff.html" target="_blank">举报</a></div>
<div class="post_content"><div class="post_body">
{''.join(body)}{tail}
</div>
<div class="post_statement">特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。</div>
<p class="post_statement_en">Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.</p>
<div class="post_tools"><a>跟贴 {comments}</a><a>分享</a><a class="post_report">举报</a></div>
</div>
<div class="post_recommends"><h3>相关推荐</h3>{links(related[:8], 'post_recommend_list')}</div>
<div class="post_comment"><h3>热门跟贴</h3><p class="tie-empty">{'还没有人跟贴，快来抢沙发吧' if comments < 5 else f'已有{comments}人参与'}</p></div>
</div>
<div class="post_side"><div class="post_author"><img class="avatar" src="https://dingyue.ws.127img.cn/avatar.png"><a class="name">{account}</a>
<span class="fans">{rng.randint(1, 90)}.{rng.randint(1, 9)}万粉丝</span><a class="follow">+关注</a><p class="intro">分享{s.county}本地新闻、美食和生活资讯</p></div>
<div class="post_rank"><h3>热搜</h3>{links(related[8:14], 'rank')}</div></div>
<div class="N-footer"><p>©{when.year} 网易公司版权所有 <a>About NetEase</a> | <a>公司简介</a> | <a>联系方法</a> | <a>招聘信息</a> | <a>客户服务</a> | <a>隐私政策</a></p><p>增值电信业务经营许可证：粤B2-20090191　<a>粤ICP备17006136号-1</a></p></div>
</body></html>"""
    return url, page, label(url, "self_media", s.title, s.paragraphs, when, account, authors, None, images)


# ---------------------------------------------------------------- T06 legacy portal, table + font
def table_font(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{short(s.county)}信息港"
    when = s.published_at
    url = f"http://www.{initials(s.county)}xxg.com/Article/ShowArticle.asp?ArticleID={rng.randint(10000, 99999)}"
    source = rng.choice([f"{short(s.city)}日报", f"{s.county}融媒体中心", "本站原创"])
    source_label: str | None = source
    author = s.reporters[0]
    body = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(p)}<br>" for p in s.paragraphs)
    shown = f"{when.year}-{when.month}-{when.day} {when.hour}:{when.minute:02d}:{when.second:02d}"
    nav = "".join(f"<tr><td height=\"24\">·<a href=\"/Article/ShowClass.asp?ClassID={k}\">{c}</a></td></tr>"
                  for k, c in enumerate(["本地新闻", "乡镇动态", "部门信息", "便民服务", "图片新闻"]))
    rel = "".join(f"<tr><td>·<a href=\"/Article/ShowArticle.asp?ArticleID={k}\">{esc(t)}</a></td><td align=\"right\"><font color=\"#999999\">{when.month}-{k + 1}</font></td></tr>"
                  for k, t in enumerate(related[:5]))
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(s.title)}-{site}</title><link href="/Skin/DefaultSkin.css" rel="stylesheet" type="text/css"></head>
<body leftmargin="0" topmargin="0"><table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/Skin/top.jpg" width="960" height="110"></td></tr>
<tr><td class="menu" height="32"><a href="/">网站首页</a> | <a href="/Article/">新闻中心</a> | <a href="/Soft/">下载</a> | <a href="/Photo/">图片</a> | <a href="/GuestBook/">留言</a></td></tr></table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="200" valign="top"><table width="100%"><tr><td class="title_l">栏目导航</td></tr>{nav}</table></td>
<td width="760" valign="top"><table width="100%" border="0" cellpadding="4">
<tr><td class="nav_path">您现在的位置： <a href="/">{site}</a> &gt;&gt; <a href="/Article/">新闻中心</a> &gt;&gt; 本地新闻 &gt;&gt; 正文</td></tr>
<tr><td align="center" class="bt"><font size="5" color="#CC0000"><b>{esc(s.title)}</b></font></td></tr>
<tr><td align="center"><font color="#666666">作者：{author}　　文章来源：{source}　　点击数：<script src="/Article/GetHits.asp?ArticleID=1"></script>　　更新时间：{shown}</font></td></tr>
<tr><td class="content" style="line-height: 180%"><font size="3" face="宋体">
{body}
</font></td></tr>
<tr><td align="right">【责任编辑：{s.editor}】</td></tr>
<tr><td align="right">【<a href="/Article/SendMail.asp">发送给好友</a>】【<a href="javascript:window.print()">打印此文</a>】【<a href="javascript:window.close();">关闭窗口</a>】</td></tr>
<tr><td>上一篇文章：<a href="#">{esc(related[5])}</a><br>下一篇文章：<a href="#">{esc(related[6])}</a></td></tr>
<tr><td><table width="100%"><tr><td class="title_l" colspan="2">相关文章</td></tr>{rel}</table></td></tr>
</table></td></tr></table>
<table width="960" align="center"><tr><td align="center" class="bottom">Copyright &copy; 2008-{when.year} {site} All Rights Reserved.<br>联系电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}　<a href="http://www.miibeian.gov.cn">ICP备{rng.randint(10000000, 99999999)}号</a></td></tr></table>
</body></html>"""
    return url, page, label(url, "table_font", s.title, s.paragraphs, when, source_label, [author], s.editor)


# ---------------------------------------------------------------- T07 Traditional content farm
T2S = opencc.OpenCC("s2t")
PINYIN = {"區": "qū", "業": "yè", "設": "shè", "產": "chǎn", "醫": "yī", "發": "fā", "務": "wù", "環": "huán",
          "東": "dōng", "創": "chuàng", "為": "wéi", "應": "yīng"}


def with_pinyin(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if ch in PINYIN and rng.random() < 0.45:
            out.append(f"({PINYIN[ch]})")
    return "".join(out)


def trad_farm(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = ["環球報資訊網", "東方財富觀察", "今日熱點網", "天天看點網"][i]
    deco = ["全球看點:", "環球快播:", "天天熱議：", "每日速遞!"][i]
    when = s.published_at
    url = f"http://www.{['hqbzx', 'dfcfgc', 'jrrd', 'ttkd'][i]}.com/news/{when:%Y%m%d}/{rng.randint(10**5, 10**6)}.html"
    title = deco + T2S.convert(s.title)
    outlet = T2S.convert(f"{short(s.city)}日报客户端")
    reporter = T2S.convert(s.reporters[0])
    paragraphs = [with_pinyin(T2S.convert(p), rng) for p in s.paragraphs]
    rel = [T2S.convert(t) + rng.choice(["", " 全球熱議", "_環球報資訊", " 當前快訊", " 世界最新"]) for t in related[:12]]
    shown = f"{when:%Y-%m-%d %H:%M:%S}" if i % 2 == 0 else f"{when:%Y-%m-%d}"
    published = when if i % 2 == 0 else when.replace(hour=0, minute=0, second=0)
    img = f"/uploads/{when:%Y%m}/{rng.randint(10**6, 10**7)}.jpg"
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{esc(title)}_{site}</title>
<meta name="keywords" content="{attr(title)}"><meta name="description" content="{attr(paragraphs[0][:80])}">
<script>var _hmt = _hmt || [];</script></head>
<body><div class="top"><a href="/">{site}</a> <a href="/news/">資訊</a> <a href="/finance/">財經</a> <a href="/tech/">科技</a> <a href="/ent/">娛樂</a></div>
<div class="wrap"><div class="left">
<div class="crumb"><a href="/">首頁</a> &gt; <a href="/news/">資訊</a></div>
<h1>{esc(title)}</h1>
<div class="info"><span>{shown}</span><span>來源：{outlet}</span></div>
<div class="content">
<p style="text-align:center"><img src="{img}" alt="{attr(title)}"></p>
<p>(相關資料圖)</p>
<p>{outlet} | 記者 {reporter}</p>
{''.join(f'<p>{esc(p)}</p>' for p in paragraphs)}
</div>
<ul class="list">{''.join(f'<li><a href="/news/{k}.html">{esc(t)}</a></li>' for k, t in enumerate(rel[:7]))}</ul>
<p class="statement">免責聲明：本文僅代表作者個人觀點，與本網無關。其原創性以及文中陳述文字和內容未經本站證實。</p>
</div>
<div class="right"><div class="hot"><h3>熱點排行</h3><ol>{''.join(f'<li><em>{k + 1}</em><a href="/news/h{k}.html">{esc(t)}</a></li>' for k, t in enumerate(rel[7:12]))}</ol></div></div></div>
<div class="foot">Copyright @ 2015-{when.year} {site} 版權所有 聯系郵箱：{rng.randint(10000, 99999)}@qq.com<br><a href="https://beian.miit.gov.cn">京ICP備{rng.randint(10000000, 99999999)}號-{rng.randint(1, 9)}</a></div>
</body></html>"""
    base = url.split("/news/")[0]
    return url, page, label(url, "trad_farm", title, paragraphs, published, outlet, [reporter], None,
                            [(base + img, "(相關資料圖)")])


# ---------------------------------------------------------------- T08 comments between body and footer
COMMENTS = [
    "家门口的变化看得见，希望后续的管护也能跟上，别建好了没人管。",
    "我们村去年也修了，现在晚上出去散步都有路灯了，点赞！",
    "建议把公交线路也延伸过去，老人小孩进城更方便。",
    "说得好听，我们那边的问题反映了好几次还没解决，希望有关部门重视一下。",
    "为家乡的发展感到自豪，在外打工的游子都在关注。",
    "能不能把具体的办理流程公布一下？在哪里报名，需要带什么材料？",
    "小时候走这条路上学，一下雨满脚是泥，现在真是大变样了。",
]


def comments_portal(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{short(s.city)}在线"
    when = s.published_at.replace(second=0)
    url = f"https://www.{initials(s.city)}online.com/news/{when:%Y%m%d}/{rng.randint(10**6, 10**7)}.shtml"
    source = f"{short(s.city)}晚报"
    author = s.reporters[0]
    picked = rng.sample(COMMENTS, 4)
    comments = "".join(
        f"<div class=\"comment-item\"><div class=\"c-user\"><img src=\"/avatar/{k}.png\"><span>{short(s.city)}网友{rng.randint(1000, 9999)}</span></div>"
        f"<p class=\"c-text\">{esc(c)}</p><div class=\"c-foot\"><span class=\"c-time\">{when:%Y-%m-%d} {rng.randint(10, 23)}:{rng.randint(10, 59)}</span>"
        f"<a class=\"reply\">回复</a><a class=\"like\">赞({rng.randint(0, 99)})</a></div></div>"
        for k, c in enumerate(picked))
    page = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{esc(s.title)}_{site}</title>
<meta name="keywords" content="{attr(s.county)},{attr(s.city)}"><link rel="stylesheet" href="/css/news.css"></head>
<body><div class="topnav"><a href="/">{site}首页</a><a href="/news/">新闻</a><a href="/bbs/">论坛</a><a href="/house/">房产</a><a href="/jobs/">招聘</a><a href="/login">登录</a><a href="/reg">注册</a></div>
<div class="main"><div class="breadcrumb">{site} &gt; 新闻 &gt; 本地</div>
<h1 class="news-title">{esc(s.title)}</h1>
<div class="meta"><span>{when:%Y/%m/%d %H:%M}</span><span>来源：{source}</span><span>作者：{author}</span><span>阅读：{rng.randint(100, 9999)}</span></div>
<div class="news-body">
{''.join(f'<p>{esc(p)}</p>' for p in s.paragraphs)}
<p class="editor">（编辑：{s.editor}）</p>
</div>
<div class="comments"><h3>网友评论（{len(picked)}）</h3><div class="c-post"><textarea placeholder="文明上网，理性发言"></textarea><button>发表评论</button></div>
{comments}<a class="more">查看更多评论 &gt;</a></div>
<div class="related-read"><h3>相关阅读</h3>{links(related[:6], 'rel', [f'{when:%m-%d}'] * 6)}</div>
</div>
<div class="footer"><p>{site} 版权所有　本站信息仅供参考，转载请注明来源</p><p>ICP证：{rng.randint(10000000, 99999999)}号　举报邮箱：jubao@{initials(s.city)}online.com</p></div>
</body></html>"""
    return url, page, label(url, "comments_portal", s.title, s.paragraphs, when, source, [author], s.editor)


# ---------------------------------------------------------------- T09 date only in JSON-LD
def jsonld_only(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{short(s.province)}观察"
    when = s.published_at
    url = f"https://www.{initials(s.province) + 'gc'}.cn/a/{rng.getrandbits(48):012x}"
    source = f"{s.county}融媒体中心" if i % 2 else f"{short(s.city)}日报"
    author = s.reporters[0]
    authors = [author, s.reporters[1]] if i == 1 else [author]
    modified = when.replace(hour=min(when.hour + 2, 23))
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
          "datePublished": iso(when), "dateModified": iso(modified),
          "author": [{"@type": "Person", "name": a} for a in authors],
          "publisher": {"@type": "Organization", "name": site, "logo": {"@type": "ImageObject", "url": f"{url.split('/a/')[0]}/logo.png"}},
          "mainEntityOfPage": url}
    rel_dates = [f"{when.year}-{when.month:02d}-{max(1, when.day - k):02d}" for k in range(1, 6)]
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{esc(s.title)} | {site}</title>
<link rel="canonical" href="{url}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<link rel="preload" as="script" href="/_next/static/chunks/main-4f2a.js"></head>
<body><div id="__next"><header class="hd"><a class="brand" href="/">{site}</a><nav><a href="/c/politics">时政</a><a href="/c/county">县域</a><a href="/c/economy">经济</a><a href="/c/culture">文化</a></nav></header>
<main class="article-page"><article>
<h1 class="headline">{esc(s.title)}</h1>
<div class="byline"><span class="by">文｜{'　'.join(authors)}</span><span class="origin">来源：{source}</span></div>
<div class="article-body">{''.join(f'<p>{esc(p)}</p>' for p in s.paragraphs)}</div>
</article>
<section class="more"><h2>相关文章</h2>{links(related[:5], 'cards', rel_dates)}</section>
</main>
<footer class="ft">© {when.year} {site}　<a href="https://beian.miit.gov.cn/">ICP备{rng.randint(10000000, 99999999)}号-2</a>　互联网新闻信息服务许可证{rng.randint(10**10, 10**11)}</footer></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps({"props": {"pageProps": {"id": url.rsplit('/', 1)[1]}}}, ensure_ascii=False)}</script>
</body></html>"""
    return url, page, label(url, "jsonld_only", s.title, s.paragraphs, when, source, authors, None)


# ---------------------------------------------------------------- T10 photo story with figures
def photo_story(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{short(s.city)}新闻网"
    when = s.published_at.replace(second=0)
    host = f"https://www.{initials(s.city)}news.cn"
    url = f"{host}/tp/{when:%Y-%m}/{when:%d}/c_{rng.randint(10**8, 10**9)}.htm"
    author = s.reporters[0]
    captions = [f"{s.town}现场。", f"工作人员在{s.county}一处站点忙碌。", "群众在现场咨询了解情况。"]
    images: list[tuple[str, str]] = []
    body = []
    for k, p in enumerate(s.paragraphs):
        if k < 3 and (k > 0 or i % 2 == 0):
            src = f"/tp/{when:%Y%m}/W0{rng.randint(10**8, 10**9)}.jpg"
            images.append((host + src, captions[k]))
            body.append(f"<figure class=\"pic\"><img src=\"{src}\" alt=\"\"><figcaption>{esc(captions[k])}</figcaption></figure>")
        body.append(f"<p>{esc(p)}</p>")
    credit = f"本组图片由记者{author}摄" if i % 2 == 0 else f"摄影：{s.others[0]}"
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(s.title)}_{site}</title>
<meta property="og:title" content="{attr(s.title)}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{iso(when)}">
<meta name="author" content="{author}"></head>
<body><div class="hd"><a href="/" class="logo">{site}</a><ul class="nav"><li>首页</li><li>新闻</li><li>图片</li><li>视频</li><li>专题</li></ul></div>
<div class="pic-article"><h1>{esc(s.title)}</h1>
<div class="info"><span>{when:%Y-%m-%d %H:%M}</span>　<span>来源：{site}</span>　<span>记者：{author}</span></div>
<div class="text">{''.join(body)}
<p class="photo-credit">{credit}</p></div>
<div class="zbj">责任编辑：{s.editor}</div>
<div class="pics-more"><h3>更多图片</h3>{links(related[:4])}</div></div>
<div class="ft">{site}版权所有 未经书面授权禁止使用<br>ICP备{rng.randint(10000000, 99999999)}号</div>
</body></html>"""
    return url, page, label(url, "photo_story", s.title, s.paragraphs, when, site, [author], s.editor, images)


# ---------------------------------------------------------------- T11 provincial portal reprint
def reprint_portal(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    site = f"{short(s.province)}新闻网"
    when = s.published_at
    url = f"http://news.{initials(s.province) + 'xw'}.com.cn/system/{when:%Y/%m/%d}/0{rng.randint(10**7, 10**8)}.shtml"
    source = f"{short(s.city)}日报"
    original = rng.choice([f"{s.county}：{s.paragraphs[0][:14]}", f"小切口 大民生——{short(s.county)}一线见闻"])
    text = list(s.paragraphs)
    authors: list[str] = []
    if i != 3:
        authors = [s.reporters[0]]
        text[0] = f"{source}讯（记者 {s.reporters[0]}）" + text[0]
    proof = s.others[0]
    block = (f"<div class=\"editor\">（责任编辑：{s.editor}<br>　校对：{proof}）</div>" if i % 2 == 0
             else f"<p>（责任编辑：{s.editor}</p><p>校对：{proof}）</p>")
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(s.title)} - {site}</title>
<meta name="keywords" content="{attr(s.county)}"><meta name="description" content="{attr(text[0][:70])}"></head>
<body><div id="top"><a href="/">{site}首页</a> | <a href="/news/">新闻</a> | <a href="/sz/">时政</a> | <a href="/sx/">市县</a> | <a href="/tp/">图片</a></div>
<div id="main"><div class="position">您当前的位置 ：<a href="/">{site}</a> &gt;&gt; <a href="/sx/">市县新闻</a></div>
<h1 class="title">{esc(s.title)}</h1>
<div class="info">{when:%Y-%m-%d %H:%M:%S}　来源：{source}　<a class="share">分享到</a></div>
<div id="content"><div class="content">
<p>原标题：{esc(original)}</p>
{''.join(f'<p>　　{esc(p)}</p>' for p in text)}
{block}
</div></div>
<div class="hot"><h3>热点推荐</h3>{links(related[:6])}</div>
</div>
<div id="footer">本网站所有内容属{site}，未经授权不得转载。<br>互联网新闻信息服务许可证：{rng.randint(10**10, 10**11)}　ICP备{rng.randint(10000000, 99999999)}号</div>
</body></html>"""
    return url, page, label(url, "reprint_portal", s.title, text, when, source, authors, s.editor)


# ---------------------------------------------------------------- T12 WeChat article mirror
def wechat_mirror(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    account = f"{short(s.county)}发布"
    when = s.published_at.replace(second=0)
    url = f"https://www.{['wxnews', 'gzhwz', 'weixin-kan', 'wxdu'][i]}.com/p/{when:%Y%m%d}/{rng.randint(10**6, 10**7)}.html"
    author = s.reporters[0]
    source = f"{s.county}融媒体中心"
    secs = "".join(
        f"<section style=\"margin-bottom: 16px; line-height: 1.75em;\"><span style=\"font-size: 15px; letter-spacing: 1px; color: rgb(62, 62, 62);\">{esc(p)}</span></section>"
        for p in s.paragraphs)
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(s.title)}</title>
<meta property="og:title" content="{attr(s.title)}"><meta property="og:description" content="{attr(s.paragraphs[0][:50])}"></head>
<body><div class="rich_media"><div class="rich_media_inner">
<h1 class="rich_media_title" id="activity-name">{esc(s.title)}</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_text">{author}</span>
<span class="rich_media_meta rich_media_meta_nickname"><a id="js_name">{account}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{when:%Y-%m-%d %H:%M}</em></div>
<div class="rich_media_content" id="js_content">
<section style="text-align: center;"><img data-src="https://mmbiz.qpic.cn/mmbiz_jpg/{rng.getrandbits(40):x}/640" class="rich_pages"></section>
{secs}
<section style="text-align: center;"><span style="color: #b2b2b2;">END</span></section>
<section><span style="font-size: 12px; color: #888;">来源：{source}</span></section>
<section><span style="font-size: 12px; color: #888;">编辑：{s.editor}</span></section>
<section><span style="font-size: 12px; color: #888;">审核：{s.others[0]}</span></section>
<section style="text-align: center;"><span>点击“阅读原文”，了解更多{short(s.county)}资讯</span></section>
</div>
<div class="rich_media_tool"><a id="js_view_source">阅读原文</a><span>阅读 {rng.randint(300, 20000)}</span><a>分享</a><a>在看</a><a>点赞</a></div>
</div></div>
<div class="mirror-foot"><p>本文转载自微信公众号“{account}”，版权归原作者所有，如有侵权请联系删除。</p><p>ICP备{rng.randint(10000000, 99999999)}号</p>
<h4>猜你喜欢</h4>{links(related[:5])}</div>
</body></html>"""
    return url, page, label(url, "wechat_mirror", s.title, s.paragraphs, when, source, [author], s.editor)


# ---------------------------------------------------------------- T13 broadcaster news page
def tv_station(s: Story, rng: random.Random, i: int, related: list[str]) -> tuple[str, str, dict[str, Any]]:
    station = f"{s.city}广播电视台"
    when = s.published_at
    url = f"https://www.{initials(s.city)}tv.cn/news/{when.year}/{when:%m%d}/{rng.randint(10**5, 10**6)}.shtml"
    program = f"{short(s.city)}新闻联播"
    a, b = s.reporters
    c = s.others[0]
    authors = [a, b, c] if i != 2 else [a]
    credit = f"（融媒记者：{a}　{b}　通讯员：{c}）" if i != 2 else f"（融媒记者：{a}）"
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(s.title)}--{station}</title>
<meta name="description" content="{attr(s.title)}"></head>
<body><div class="header"><a href="/"><img src="/images/tvlogo.png" alt="{station}"></a>
<ul class="menu"><li>首页</li><li>新闻</li><li>直播</li><li>点播</li><li>栏目</li><li>专题</li></ul></div>
<div class="content-wrap"><h1>{esc(s.title)}</h1>
<div class="source-time">{when:%Y-%m-%d %H:%M:%S} | 来源：{program} | 编辑：{s.editor}</div>
<div class="video-box"><div class="player" data-src="https://vod.{initials(s.city)}tv.cn/{rng.getrandbits(32):x}.m3u8"><video controls poster="/images/poster.jpg">您的浏览器不支持视频播放</video></div></div>
<div class="text">{''.join(f'<p>{esc(p)}</p>' for p in s.paragraphs)}<p>{credit}</p></div>
<div class="copyright">【版权声明】凡本网注明“来源：{station}”的所有作品，版权均属于{station}，未经授权不得转载。</div>
<div class="list-more"><h3>热门推荐</h3>{links(related[:6])}</div></div>
<div class="footer">{station} 版权所有　广播电视节目制作经营许可证　<a>ICP备{rng.randint(10000000, 99999999)}号</a></div>
</body></html>"""
    return url, page, label(url, "tv_station", s.title, s.paragraphs, when, program, authors, s.editor)


Renderer = Callable[[Story, random.Random, int, list[str]], tuple[str, str, dict[str, Any]]]
TEMPLATES: dict[str, Renderer] = {
    "gov_province": gov_province, "city_daily": city_daily, "county_rmt": county_rmt,
    "app_share": app_share, "self_media": self_media, "table_font": table_font, "trad_farm": trad_farm,
    "comments_portal": comments_portal, "jsonld_only": jsonld_only, "photo_story": photo_story,
    "reprint_portal": reprint_portal, "wechat_mirror": wechat_mirror, "tv_station": tv_station,
}
TOPIC_FOR = {"gov_province": ["safety", "weather", "safety", "river"]}


def build() -> list[Page]:
    """Every page of the set, in a stable order: four per template, one short and one long each."""
    rng = random.Random(SEED)
    topics = sorted(TOPICS)
    pages = []
    for template, render in TEMPLATES.items():
        lengths = [2, rng.randint(4, 7), rng.randint(8, 11), rng.randint(15, 18)]
        rng.shuffle(lengths)
        for i in range(4):
            topic = TOPIC_FOR.get(template, [rng.choice(topics) for _ in range(4)])[i]
            story = make_story(rng, topic, lengths[i])
            related = headline_pool(rng, 14)
            url, page, lab = render(story, rng, i, related)
            pages.append(Page(f"{template}_{i + 1}", url, page, lab))
    return pages


def files() -> dict[str, tuple[str, str]]:
    """Every page as committed: name -> (HTML, label JSON)."""
    return {page.name: (page.html, json.dumps(page.label, ensure_ascii=False, indent=1) + "\n") for page in build()}


def main() -> None:
    SET.write(files())


if __name__ == "__main__":
    main()
