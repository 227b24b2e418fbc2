"""Page furniture for the labelled set: the parts of a page that must stay out of ``text``.

Each builder returns (html, lines): the markup and the visible lines a leak check looks for.
"""

from __future__ import annotations

import random
from html import escape

from .stories import CITIES, OUTLETS, headline

Chunk = tuple[str, list[str]]


def nav(rng: random.Random, site: str) -> Chunk:
    items = ["首页", "要闻", "本地", "政务", "民生", "经济", "文旅", "视频", "专题", "图片"]
    rng.shuffle(items)
    links = "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(items[:7]))
    return f'<div class="nav"><a href="/" class="logo">{escape(site)}</a><ul>{links}</ul></div>', items[:7]


def breadcrumb(site: str, section: str) -> Chunk:
    line = f"当前位置：{site} > {section} > 正文"
    return f'<div class="position">当前位置：<a href="/">{escape(site)}</a> &gt; <a href="/n/">{section}</a> &gt; 正文</div>', [line]


def headlines(rng: random.Random, n: int) -> list[str]:
    return [headline(rng) for _ in range(n)]


def related(rng: random.Random, heading: str, n: int, css: str = "related", traditional: bool = False) -> Chunk:
    titles = headlines(rng, n)
    items = "".join(f'<li><a href="/2023/{rng.randint(100, 999)}.html">{escape(t)}</a><span>{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}</span></li>'
                    for t in titles)
    return f'<div class="{css}"><h3>{heading}</h3><ul>{items}</ul></div>', titles


def bare_related(rng: random.Random, heading: str, n: int) -> Chunk:
    """A related list with no telling class: a heading line and plain links in <p>s."""
    titles = headlines(rng, n)
    items = "".join(f'<p><a href="/a/{rng.randint(1000, 9999)}.html">{escape(t)}</a></p>' for t in titles)
    return f"<div><p><strong>{heading}</strong></p>{items}</div>", titles


def hot_ranking(rng: random.Random, heading: str = "热点排行") -> Chunk:
    titles = headlines(rng, 8)
    items = "".join(f'<li><em>{i + 1}</em><a href="/hot/{i}.html">{escape(t)}</a></li>' for i, t in enumerate(titles))
    return f'<div class="box"><div class="tit">{heading}</div><ol>{items}</ol></div>', titles


def share_bar() -> Chunk:
    return ('<div class="share-bar">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>',
            ["分享到：微信微博QQ空间"])


def tool_line() -> Chunk:
    line = "【字体：大 中 小】【打印本页】【关闭窗口】"
    return ('<div class="fontsize">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】'
            '【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</div>', [line])


def footer(rng: random.Random, site: str) -> Chunk:
    icp = f"京ICP备{rng.randint(10000000, 99999999)}号-{rng.randint(1, 9)}"
    lines = [f"版权所有：{site} 未经授权禁止转载", f"{icp} 京公网安备{rng.randint(10**13, 10**14 - 1)}号",
             "违法和不良信息举报电话：010-12345678"]
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return f'<div class="footer">{body}</div>', lines


def ad(rng: random.Random) -> Chunk:
    line = rng.choice(["【广告】夏季家电焕新季 全场低至五折", "扫码下载客户端 领取新人红包", "广告 招商热线：400-800-1234"])
    return f'<div class="ad-box"><a href="http://ad.example.com/c"><img src="/ad/banner.gif" width="640" height="90">{line}</a></div>', [line]


def comments(rng: random.Random) -> Chunk:
    texts = [f"{rng.choice(CITIES)}网友：{rng.choice(['家乡的变化真大，点赞！', '希望政策早日落地，让老百姓得到实惠。', '这样的好事多多益善，支持！', '什么时候能覆盖到我们村？期待。'])}"
             for _ in range(3)]
    items = "".join(f'<div class="comment-item"><p>{escape(t)}</p><span>1小时前</span></div>' for t in texts)
    return f'<div id="comments"><h3>网友评论</h3>{items}<textarea></textarea><button>发表评论</button></div>', texts


def prev_next(rng: random.Random) -> Chunk:
    a, b = headlines(rng, 2)
    return (f'<div class="prevnext"><p>上一篇：<a href="/p.html">{escape(a)}</a></p><p>下一篇：<a href="/n.html">{escape(b)}</a></p></div>',
            [f"上一篇：{a}", f"下一篇：{b}"])


def outlet(rng: random.Random) -> str:
    return rng.choice(OUTLETS)
