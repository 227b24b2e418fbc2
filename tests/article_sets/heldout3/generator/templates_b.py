"""Page templates, part two: ``<time datetime>``-only dates, footnoted theory articles, bilingual
pages, style-only ``div`` paragraphs, blockquotes, numeric-entity CJK and reprint chains."""

from __future__ import annotations

import re
from datetime import timedelta

from .markup import Page, document, esc, headline_items, icp_footer, label
from .stories import Story, StoryMaker, body_lines

MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _ps(lines: list[str], indent: str = "") -> str:
    return "\n".join(f"<p>{indent}{esc(line)}</p>" for line in lines)


def time_nav(mk: StoryMaker, s: Story, v: int) -> Page:
    """The date only in ``<time datetime>`` (UTC on two pages, relative text shown), followed by
    上一篇/下一篇 links with other stories' titles and dates."""
    t = s.published
    url = f"https://www.{s.county_en.lower()}wb.com/a/{mk.rng.randint(16**9, 16**10):x}"
    utc = t - timedelta(hours=8)
    attr = {0: f"{t:%Y-%m-%dT%H:%M:%S}+08:00", 1: f"{utc:%Y-%m-%dT%H:%M:%S}Z",
            2: f"{t:%Y-%m-%d %H:%M}", 3: f"{utc:%Y-%m-%dT%H:%M:%S}.000Z"}[v]
    shown = {0: f"{t.month}月{t.day}日", 1: "2天前", 2: f"昨天 {t:%H:%M}", 3: f"{t.month}月{t.day}日 {t:%H:%M}"}[v]
    source = f"{s.city}晚报"
    prev_t, next_t = t - timedelta(days=1, hours=2), t + timedelta(days=1, hours=3)
    (prev_h, _), (next_h, _) = mk.headlines(2)
    body = f"""<nav class="top"><a>首页</a><a>本地</a><a>民生</a><a>文旅</a><a>教育</a></nav>
<div class="wrap"><h1 class="headline">{esc(s.title)}</h1>
<div class="byline"><span class="author">记者 {esc(" ".join(s.reporters))}</span> · <time datetime="{attr}">{shown}</time></div>
<div class="article-body">
{_ps(body_lines(s))}
</div>
<p class="article-source">来源：{esc(source)}</p>
<p class="article-editor">编辑：{esc(s.editor)}</p>
<div class="article-nav"><p>上一篇：<a href="/a/prev">{esc(prev_h)}</a><span>{prev_t:%Y-%m-%d %H:%M}</span></p>
<p>下一篇：<a href="/a/next">{esc(next_h)}</a><span>{next_t:%Y-%m-%d %H:%M}</span></p></div>
<div class="related"><h3>相关阅读</h3><ul>
{headline_items(mk, 5, "/a/", "%Y-%m-%d")}
</ul></div></div>
{icp_footer(source, mk)}"""
    html = document(f"{s.title} - {source}", body)
    lab = label(s, url, "time_nav", body_lines(s), t, source=source, authors=list(s.reporters), editor=s.editor)
    return Page("", url, html, lab)


def footnote_theory(mk: StoryMaker, s: Story, v: int) -> Page:
    """Theory article on a 社科 site: ``<sup>[n]</sup>`` markers in the text, a 注释 list after it,
    author with affiliation in parentheses (or an 作者单位 line at the end)."""
    t = s.published if v >= 2 else s.published.replace(hour=0, minute=0)
    url = f"https://www.{s.county_en.lower()}skl.org.cn/llyj/{t:%Y%m}/t{t:%Y%m%d}_{mk.rng.randint(100000, 999999)}.html"
    source = f"{s.province}日报"
    title = f"{s.title}的实践与思考"
    unit = f"{s.city}市委党校"
    lines = body_lines(s)
    printed, labelled, note_no = [], [], 0
    for i, line in enumerate(lines):
        if i % 3 == 0:
            note_no += 1
            printed.append(f"<p>{esc(line)}<sup>[{note_no}]</sup></p>")
            labelled.append(f"{line}[{note_no}]")
        else:
            printed.append(f"<p>{esc(line)}</p>")
            labelled.append(line)
    notes = "\n".join(
        f"<p>[{n}] 《{esc(s.county)}年鉴（{2018 + n}）》，{esc(s.province)}人民出版社{2019 + n}年版，第{mk.rng.randint(10, 300)}页。</p>"
        for n in range(1, note_no + 1)
    )
    names = "　".join(s.reporters)
    who = f"作者：{esc(names)}（{esc(unit)}）" if v % 2 == 0 else f"作者：{esc(names)}"
    when = f"{t:%Y-%m-%d %H:%M}" if v >= 2 else f"{t:%Y-%m-%d}"
    unit_line = f"<p>（作者单位：{esc(unit)}）</p>" if v % 2 == 1 else ""
    heading = "注释：" if v < 2 else "参考文献："
    body = f"""<div class="nav"><a>首页</a><a>社科动态</a><a>理论研究</a><a>学术成果</a><a>社科普及</a></div>
<div class="pos">您现在的位置：首页 &gt; 理论研究</div>
<h1>{esc(title)}</h1>
<div class="art-info">{who}　来源：{esc(source)}　发布时间：{when}</div>
<div class="art-body">
{chr(10).join(printed)}
{unit_line}
</div>
<div class="notes"><p>{heading}</p>
{notes}
</div>
<div class="art-editor">责任编辑：{esc(s.editor)}</div>
<div class="xg"><h4>相关文章</h4><ul>
{headline_items(mk, 4, "/llyj/", "%Y-%m-%d")}
</ul></div>
{icp_footer(f"{s.province}省社会科学界联合会", mk)}"""
    html = document(f"{title}-{s.province}社科网", body)
    lab = label(s, url, "footnote_theory", labelled, t, source=source, authors=list(s.reporters), editor=s.editor, title=title)
    return Page("", url, html, lab)


def bilingual(mk: StoryMaker, s: Story, v: int) -> Page:
    """中英 page: each Chinese paragraph followed by its English one, an English subtitle, an
    English-only date on two pages, a translator credited next to the reporter."""
    t = s.published
    url = f"https://www.{s.county_en.lower()}today.cn/bilingual/{t:%Y-%m}/{t:%d}/c_{mk.rng.randint(10**6, 10**7)}.htm"
    source = f"{s.county}融媒体中心"
    en_title = f"{s.county_en}: {s.english[0]}"
    translator = mk.name()
    if v % 2 == 0:
        when = f"发布时间：{t:%Y-%m-%d %H:%M}"
    else:
        when = f"Published: {MONTHS_EN[t.month - 1]} {t.day}, {t.year} {t:%H:%M}"
    lines: list[str] = []
    printed = []
    for cn, en in zip(s.paragraphs, s.english, strict=True):
        lines += [cn, en]
        printed.append(f'<p class="cn">{esc(cn)}</p>\n<p class="en">{esc(en)}</p>')
    body = f"""<div class="nav"><a>首页 Home</a><a>新闻 News</a><a>文旅 Travel</a><a>投资 Invest</a></div>
<h1 class="title-cn">{esc(s.title)}</h1>
<h2 class="title-en">{esc(en_title)}</h2>
<div class="info">{when}　来源：{esc(source)} | Source: {esc(s.county_en)} Media Center</div>
<div class="bi-body">
{chr(10).join(printed)}
</div>
<p class="trans">记者 Reporter：{esc("　".join(s.reporters))}　翻译 Translator：{esc(translator)}</p>
<div class="editor">编辑 Editor：{esc(s.editor)}</div>
<div class="more"><h3>更多双语新闻 More</h3><ul>
{headline_items(mk, 5, "/bilingual/", "%Y-%m-%d")}
</ul></div>
{icp_footer(f"{s.county}融媒体中心", mk)}"""
    html = document(f"{s.title} {en_title}", body)
    lab = label(s, url, "bilingual", lines, t, source=source, authors=list(s.reporters), editor=s.editor)
    return Page("", url, html, lab)


def div_styles(mk: StoryMaker, s: Story, v: int) -> Page:
    """No ``h1`` and no ``p``: title, info line, paragraphs, subheads and captions are all ``div``s
    told apart by inline styles only."""
    t = s.published.replace(second=mk.rng.randint(1, 59))
    url = f"http://www.{s.county_en.lower()}xww.com/news/{t:%Y%m%d}/{mk.rng.randint(1000, 9999)}.html"
    source = f"{s.city}新闻网"
    authors = "　".join(s.authors)
    img = f"http://www.{s.county_en.lower()}xww.com/uploadfile/{t:%Y%m}/{mk.rng.randint(100, 999)}.jpg"
    parts = [f'<div style="text-align:center"><img src="{img}" width="600"></div>',
             f'<div style="text-align:center;font-size:12px;color:#666;margin-bottom:12px">{esc(s.captions[2])}</div>']
    for i, para in enumerate(s.paragraphs):
        if i in s.subheads:
            parts.append(f'<div style="text-indent:2em;font-weight:bold;line-height:28px">{esc(s.subheads[i])}</div>')
        parts.append(f'<div style="text-indent:2em;line-height:28px;margin-bottom:10px;font-size:16px">{esc(para)}</div>')
    parts.append(f'<div style="text-align:right;color:#666">（编辑：{esc(s.editor)}）</div>')
    related = "\n".join(
        f'<div style="height:30px;line-height:30px;border-bottom:1px dashed #ccc"><a href="/news/{w:%Y%m%d}/{i}.html">{esc(h)}</a>'
        f'<span style="float:right">{w:%m-%d}</span></div>'
        for i, (h, w) in enumerate(mk.headlines(6))
    )
    body = f"""<div style="background:#c00;height:40px;color:#fff"><a>首页</a> <a>本地</a> <a>社会</a> <a>图片</a></div>
<div style="width:1000px;margin:0 auto">
<div style="font-size:24px;font-weight:bold;text-align:center;margin:20px 0">{esc(s.title)}</div>
<div style="text-align:center;color:#999;font-size:12px;border-bottom:1px solid #eee">{t:%Y-%m-%d %H:%M:%S}　来源：{esc(source)}　作者：{esc(authors)}</div>
<div style="width:680px;margin:20px auto">
{chr(10).join(parts)}
</div>
<div style="margin-top:20px"><div style="font-size:18px;font-weight:bold">相关新闻</div>
{related}
</div></div>
<div style="text-align:center;font-size:12px;color:#999">Copyright © {esc(source)} All Rights Reserved　ICP备{mk.rng.randint(10**7, 10**8)}号</div>"""
    html = document(f"{s.title}_{source}", body)
    images: list[dict[str, str | None]] = [{"src": img, "caption": s.captions[2]}]
    lab = label(s, url, "div_styles", body_lines(s), t, source=source, authors=s.authors, editor=s.editor, images=images)
    return Page("", url, html, lab)


def _quote(mk: StoryMaker, s: Story) -> str:
    pattern = mk.rng.choice([p for p in s.topic.sentences if "“" in p])
    slots = {"county": s.county, "town": s.town, "village": s.village, "countyen": s.county_en}
    return mk.fill(pattern, slots)


def blockquote_feature(mk: StoryMaker, s: Story, v: int) -> Page:
    """Feature with ``<blockquote>`` quotes inside the body (text) and a pull quote repeating a
    body sentence in an ``aside`` (not text)."""
    t = s.published
    url = f"https://news.{s.county_en.lower()}ribao.cn/system/{t:%Y/%m/%d}/{mk.rng.randint(10**7, 10**8)}.shtml"
    source = f"{s.city}日报"
    lines = body_lines(s)
    quotes = [[_quote(mk, s)] if v < 2 else [_quote(mk, s), _quote(mk, s)] for _ in range(1 if len(lines) < 6 else 3)]
    slots = sorted({min(len(lines), 1 + k * max(1, len(lines) // 3)) for k in range(len(quotes))})
    printed: list[str] = []
    labelled: list[str] = []
    for i, line in enumerate(lines):
        printed.append(f"<p>{esc(line)}</p>")
        labelled.append(line)
        if i + 1 in slots:
            q = quotes[slots.index(i + 1)]
            printed.append("<blockquote>" + "".join(f"<p>{esc(x)}</p>" for x in q) + "</blockquote>")
            labelled += q
    pull = s.paragraphs[-1].split("。")[0] + "。"
    printed.insert(min(3, len(printed)), f'<aside class="pullquote">{esc(pull)}</aside>')
    body = f"""<div class="nav"><a>首页</a><a>要闻</a><a>区县</a><a>专题</a><a>评论</a></div>
<article>
<h1>{esc(s.title)}</h1>
<p class="meta">{t:%Y-%m-%d %H:%M}　来源：{esc(source)}　记者 {esc(" ".join(s.reporters))}</p>
<div class="article-content">
{chr(10).join(printed)}
</div>
<p class="editor">责任编辑：{esc(s.editor)}</p>
</article>
<div class="hot"><h3>热点推荐</h3><ul>
{headline_items(mk, 6, "/system/", None)}
</ul></div>
{icp_footer(source, mk)}"""
    html = document(f"{s.title}_{source}", body)
    lab = label(s, url, "blockquote_feature", labelled, t, source=source, authors=list(s.reporters), editor=s.editor)
    return Page("", url, html, lab)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d]")


def _entities(markup: str, upper: bool, decimal: bool) -> str:
    def one(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        if decimal:
            return f"&#{code};"
        return f"&#x{code:X};" if upper else f"&#x{code:x};"

    return _CJK.sub(one, markup)


def entity_cjk(mk: StoryMaker, s: Story, v: int) -> Page:
    """Every CJK character (title, body, info line, lists) written as a numeric character reference."""
    t = s.published
    url = f"https://www.{s.county_en.lower()}news.net/content/{t:%Y-%m}/{t:%d}/{mk.rng.randint(10**5, 10**6)}.html"
    source = f"{s.county}新闻网"
    body = f"""<div class="nav"><a>首页</a><a>时政</a><a>乡镇</a><a>民生</a></div>
<h1>{esc(s.title)}</h1>
<div class="info">发布时间：{t:%Y-%m-%d %H:%M}　来源：{esc(source)}　作者：{esc(" ".join(s.reporters))}　责任编辑：{esc(s.editor)}</div>
<div id="content">
{_ps(body_lines(s))}
</div>
<div class="xgxw"><h3>相关新闻</h3><ul>
{headline_items(mk, 5, "/content/", "%Y-%m-%d")}
</ul></div>
{icp_footer(source, mk)}"""
    html = _entities(document(f"{s.title}-{source}", body), upper=v == 3, decimal=v == 1)
    lab = label(s, url, "entity_cjk", body_lines(s), t, source=source, authors=list(s.reporters), editor=s.editor)
    return Page("", url, html, lab)


def reprint_chain(mk: StoryMaker, s: Story, v: int) -> Page:
    """Reprint naming both ``转自：`` (the account it was copied from) and ``来源：`` (the original
    outlet); ideographic-space indents; a 转载 notice closing the body."""
    t = s.published
    url = f"https://www.{s.county_en.lower()}zx.cn/html/{t:%Y%m}/{mk.rng.randint(10**5, 10**6)}.html"
    via = f"{s.county}发布"
    source = f"{s.city}日报"
    by_author = v < 2
    info = [f"<span>{t:%Y-%m-%d %H:%M}</span>"]
    pair = [f"<span>转自：{esc(via)}</span>", f"<span>来源：{esc(source)}</span>"]
    info += pair if v % 2 == 0 else pair[::-1]
    if by_author:
        info.append(f"<span>作者：{esc(' '.join(s.reporters))}</span>")
    parts = []
    if not by_author:
        corr = f" 通讯员 {' '.join(s.correspondents)}" if s.correspondents else ""
        parts.append(f"<p>　　（记者 {esc(' '.join(s.reporters))}{esc(corr)}）</p>")
    parts.append(_ps(body_lines(s), indent="　　"))
    parts.append(f"<p>　　（本文转自“{esc(via)}”微信公众号，原载于{esc(source)}，如有侵权请联系删除）</p>")
    body = f"""<div class="nav"><a>首页</a><a>资讯</a><a>本地</a><a>便民</a></div>
<div class="main"><h1>{esc(s.title)}</h1>
<div class="info">{"".join(info)}</div>
<div class="content">
{chr(10).join(parts)}
</div>
<div class="editor">责任编辑：{esc(s.editor)}</div>
<div class="rec"><h3>猜你喜欢</h3><ul>
{headline_items(mk, 6, "/html/", "%m-%d")}
</ul></div></div>
{icp_footer(f"{s.county}资讯网", mk)}"""
    html = document(f"{s.title}_{s.county}资讯网", body)
    authors = list(s.reporters) if by_author else s.authors
    lab = label(s, url, "reprint_chain", body_lines(s), t, source=source, authors=authors, editor=s.editor)
    return Page("", url, html, lab)
