"""Hard pages for encoding decisions, added to the labelled corpus by make_corpus.py.

The first corpus only had long article pages whose declaration lies: every detector can read those.
These are the pages that separate deciders: short pages (a title and two lines), pages whose markup
is mostly ASCII (scripts, styles, navigation), mixed-script pages (Japanese kana, Greek, English
inside Chinese), GBK declaring utf-8 in the header AND in meta, Big5-HKSCS declared big5, UTF-8
declaring gb2312, GB18030 four-byte characters, and pages with a few undecodable bytes.

The truth of a page is its bytes decoded with the codec that made them (errors replaced): the text
a right decision gives, damaged bytes and all.
"""

from __future__ import annotations

import base64
import random

import opencc

SHORT_TITLES = ["区政府召开常务会议", "地铁新线今日开通", "春季植树活动启动", "老旧小区改造提速", "全市消费券发放完毕"]
HK_LINES = ["佢哋話呢個項目嘅進度好快,街坊都話好", "我哋會繼續跟進嘅,冇問題", "啲居民話噉樣做好方便"]
MIXED_LINES = [
    "日本の「ふるさと納税」制度を参考に、区は新しい寄付制度を検討している。",
    "论坛以“Smart City·智慧城市”为主题,α、β两期工程同步推进。",
    "iPhone和Android用户均可通过APP预约,GDP同比增长5.2%。",
]
# characters that GBK lacks: GB18030 writes them with four bytes
FOUR_BYTE = ["㐀", "䶮", "𠮷", "€", "😀"]
# ASCII the size of a real portal's head: scripts, styles and navigation
BOILERPLATE = (
    "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
    "hm.src='https://hm.example.com/hm.js?0123456789abcdef';var s=document.getElementsByTagName('script')[0];"
    "s.parentNode.insertBefore(hm,s);})();</script>"
    "<style>body{margin:0;font-family:Arial,Helvetica,sans-serif}.nav a{color:#333;padding:0 8px}"
    ".content p{line-height:1.8;text-indent:2em}</style>"
)
NAV = "".join(f'<a href="/list_{i}.html">Channel {i}</a>' for i in range(1, 25))


def _page(title: str, lines: list[str], meta: str | None, ascii_heavy: bool = False) -> str:
    tag = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    head = BOILERPLATE * 6 if ascii_heavy else ""
    nav = f'<div class="nav">{NAV * 3}</div>' if ascii_heavy else ""
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f"<!DOCTYPE html><html><head>{tag}<title>{title}</title>{head}</head><body>{nav}<div class=\"content\">{body}</div></body></html>"


def _item(kind: str, html: str, codec: str, header: str | None, truth: str, damage: bytes = b"") -> dict[str, object]:
    # OpenCC's Traditional has a few forms Big5 lacks (爲): leave them out, as a Big5 editor would
    html = "".join(c for c in html if c.encode(codec, "replace") != b"?" or c == "?")
    body = html.encode(codec)
    if damage:  # a few undecodable bytes in the middle of the body
        cut = body.index(b"<p>", len(body) // 2) + 3
        body = body[:cut] + damage + body[cut:]
    python_codec = {"gb18030": "gb18030", "big5hkscs": "big5hkscs", "utf-8": "utf-8"}[truth]
    return {
        "kind": kind,
        "content_type": header,
        "truth_encoding": truth,
        "truth_text": body.decode(python_codec, "replace"),
        "body_b64": base64.b64encode(body).decode("ascii"),
    }


def hard_pages(rng: random.Random, sentence: object) -> list[dict[str, object]]:
    """`sentence(rng, rare)` makes one news sentence (make_corpus.sentence)."""
    assert callable(sentence)
    s2t = opencc.OpenCC("s2t")
    out: list[dict[str, object]] = []

    def lines(n: int, rare: bool = False) -> list[str]:
        return [sentence(rng, rare) for _ in range(n)]

    for _ in range(6):
        title = rng.choice(SHORT_TITLES)
        two = lines(2)
        out.append(_item("short gbk, no declaration", _page(title, two, None), "gbk", "text/html", "gb18030"))
        out.append(_item("short gbk, header utf-8", _page(title, two, None), "gbk", "text/html; charset=utf-8", "gb18030"))
        out.append(_item("short utf-8, meta gb2312", _page(title, two, "gb2312"), "utf-8", "text/html", "utf-8"))
        trad = [s2t.convert(x) for x in two]
        out.append(_item("short big5, no declaration", _page(s2t.convert(title), trad, None), "big5hkscs", None,
                         "big5hkscs"))
        out.append(_item("gbk, header and meta utf-8", _page(title, lines(4, rare=True), "utf-8"), "gbk",
                         "text/html; charset=utf-8", "gb18030"))
        out.append(_item("ascii-heavy gbk, meta utf-8", _page(title, lines(2), "utf-8", ascii_heavy=True), "gbk",
                         "text/html", "gb18030"))
        out.append(_item("ascii-heavy gbk, no declaration", _page(title, lines(1), None, ascii_heavy=True), "gbk",
                         None, "gb18030"))
        out.append(_item("ascii-heavy utf-8, meta gb2312", _page(title, lines(1), "gb2312", ascii_heavy=True),
                         "utf-8", "text/html; charset=gb2312", "utf-8"))
        hk = [s2t.convert(lines(1)[0]), rng.choice(HK_LINES)]
        out.append(_item("short big5-hkscs, declared big5", _page(s2t.convert(title), hk, "big5"), "big5hkscs",
                         "text/html; charset=big5", "big5hkscs"))
        mixed = [*lines(1), rng.choice(MIXED_LINES)]
        out.append(_item("mixed script utf-8, meta gb2312", _page(title, mixed, "gb2312"), "utf-8", None, "utf-8"))
        out.append(_item("mixed script gbk, no declaration", _page(title, mixed, None), "gbk", None, "gb18030"))
        four = [*lines(1), f"文中生僻字{rng.choice(FOUR_BYTE)}{rng.choice(FOUR_BYTE)}按国家标准录入。"]
        out.append(_item("gb18030 four-byte, declared gb2312", _page(title, four, "gb2312"), "gb18030",
                         "text/html; charset=gb2312", "gb18030"))
        out.append(_item("gb18030 four-byte, no declaration", _page(title, four, None), "gb18030", None, "gb18030"))
        out.append(_item("gbk with stray bytes, declared gbk", _page(title, lines(3), "gbk"), "gbk",
                         "text/html; charset=gbk", "gb18030", damage=b"\xff\x80"))
        out.append(_item("utf-8 with a stray byte, declared utf-8", _page(title, lines(3), "utf-8"), "utf-8",
                         "text/html; charset=utf-8", "utf-8", damage=b"\xe5\x8c"))
        out.append(_item("utf-8 with a stray byte, no declaration", _page(title, lines(3), None), "utf-8", None,
                         "utf-8", damage=b"\xff"))
    return out
