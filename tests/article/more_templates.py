"""More page templates for the labelled set: app share pages, WeChat mirrors, reprints, self-media,
broadcaster pages, editor footers and the other ways portals paginate an article.

Each one carries the shapes a rule of the extractor exists for (paragraphs without <p>, credit
lines closing the body, platform names in <meta name="author">, labels glued to names, staff
blocks split over lines, ``?page=N`` and folder pagination), so the set guards those rules.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from . import noise
from .stories import Story, person
from .templates import Rendered, _doc, _label, _paragraphs_html


def app_share(story: Story, rng: random.Random, n: int) -> Rendered:
    """News-app share page: short story, each paragraph a bare <section> or <div> (no <p>), a
    closing reporter credit, the app's name in <meta name="author">, 打开APP prompts."""
    app = f"掌上{story.place[:2]}"
    url = f"https://m.app{n}.example.cn/share/article/{rng.randint(10**7, 10**8)}?from=timeline"
    paragraphs = story.paragraphs[:2 + n % 2]
    wrapper = "section" if n % 2 else "div"
    body_html = "".join(f'<{wrapper} class="{"txt" if i % 2 else ""}">{escape(p)}</{wrapper}>\n'
                        for i, p in enumerate(paragraphs))
    credit = f"（{app}记者　{'　'.join(story.authors)}）"
    head = (f'<meta name="author" content="{app}"><meta property="og:site_name" content="{app}">'
            f'<meta property="og:title" content="{escape(story.title)}">')
    recommend = noise.headlines(rng, 4)
    rec_html = "".join(f'<section class="rec-item"><div class="rec-t">{escape(t)}</div><span>{app}</span></section>'
                       for t in recommend)
    body = f"""<header class="app-bar"><b>{app}</b><a class="open">打开</a></header>
<article><h1 class="art-h">{escape(story.title)}</h1>
<div class="art-meta"><span>来源：{story.source}</span> <span>{story.date()} {story.clock()}</span></div>
<section class="art-body">
{body_html}<section class="credit">{credit}</section>
<section class="editor">责任编辑：{story.editor}</section>
</section>
<div class="unfold">展开全文</div><div class="mask"><p>打开APP阅读全文</p></div></article>
<section class="rec"><h3>推荐阅读</h3>{rec_html}</section>"""
    html = _doc(f"{story.title}", body, head=head)
    label = _label(story, story.title, story.title, paragraphs, published=story.iso(), source=story.source,
                   authors=story.authors, editor=story.editor)
    return Rendered([(url, html)], label, recommend + [credit, "打开APP阅读全文"])


def wechat_mirror(story: Story, rng: random.Random, n: int) -> Rendered:
    """A mirror of a WeChat post: author in the meta bar (js_author_name, or a rich_media_meta_text
    span next to 原创), <p><span> paragraphs, END and the 来源/编辑/审核 staff lines, 阅读原文."""
    account = f"{story.place}发布"
    url = f"https://www.wxmirror{n}.example.com/p/{story.date('')}/{rng.randint(10**6, 10**7)}.html"
    author = story.authors[0]
    if n % 2:
        who = f'<span class="rich_media_meta rich_media_meta_link" id="js_author_name">{author}</span>'
    else:
        who = (f'<span class="rich_media_meta icon_appmsg_tag">原创</span>'
               f'<span class="rich_media_meta rich_media_meta_text">{author}</span>')
    checker, chief = person(rng), person(rng)
    paras = "".join(f'<p style="text-indent:2em;"><span style="font-size:15px;">{escape(p)}</span></p>\n'
                    for p in story.paragraphs)
    end = rng.choice(["END", "— THE END —", "- END -"])
    prompt = rng.choice([f"点击“阅读原文”，查看更多{story.place[:2]}新闻", "长按识别二维码，关注我们"])
    staff = [f"来源：{story.source}", f"编辑：{story.editor}", f"审核：{checker}", f"终审：{chief}"]
    staff_html = "".join(f'<p><span style="color:#888;">{line}</span></p>' for line in staff)
    body = f"""<div class="rich_media"><h1 class="rich_media_title" id="activity-name">{escape(story.title)}</h1>
<div id="meta_content" class="rich_media_meta_list">{who}
<span class="rich_media_meta rich_media_meta_nickname"><a id="js_name">{account}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{story.date()} {story.clock()}</em></div>
<div class="rich_media_content" id="js_content">{paras}<p style="text-align:center;"><span>{end}</span></p>
{staff_html}<p style="text-align:center;"><span>{prompt}</span></p></div>
<div class="rich_media_tool"><a>阅读原文</a><span>阅读 {rng.randint(1000, 9999)}</span><a>在看</a></div></div>
<div class="mirror-foot">本文转载自微信公众号“{account}”，如有侵权请联系删除。</div>"""
    html = _doc(story.title, body, head=f'<meta property="og:title" content="{escape(story.title)}">')
    label = _label(story, story.title, story.title, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=story.editor)
    return Rendered([(url, html)], label, [end, prompt, f"审核：{checker}", f"终审：{chief}"])


def provincial_reprint(story: Story, rng: random.Random, n: int) -> Rendered:
    """A provincial portal's reprint: 原标题 line, 来源 followed by 【字体：大 中 小】 in the info bar,
    the staff block wrapped over two lines (a <br>, or two <p>s)."""
    site = f"{story.place[:2]}新闻网"
    url = f"http://news.reprint{n}.example.com.cn/system/{story.year}/{story.month:02d}/{story.day:02d}/{rng.randint(10**8, 10**9)}.shtml"
    title_raw = f"{story.title} - {site}"
    reporter = story.authors[0]
    lead = f"{story.source}讯（记者 {reporter}）{story.paragraphs[0]}"
    paragraphs = [lead] + story.paragraphs[1:]
    original = f"原标题：《{story.place}：{story.paragraphs[1][:14]}》"
    proof = person(rng)
    if n % 2:
        staff = f'<div class="edit">（责任编辑：{story.editor}<br>　校对：{proof}）</div>'
    else:
        staff = f"<p>（责任编辑：{story.editor}</p><p>审校：{proof}）</p>"
    hot, hot_lines = noise.hot_ranking(rng, "热点推荐")
    body = f"""<div id="top"><a href="/">{site}</a> | <a href="/news/">新闻</a></div>
<h1 class="title">{escape(story.title)}</h1>
<div class="info">{story.date()} {story.clock()}:00　来源：{story.source}　【字体：<a>大</a> <a>中</a> <a>小</a>】　[<a>纠错</a>]</div>
<div id="content"><p>{escape(original)}</p>{_paragraphs_html(paragraphs, "text-indent:2em")}{staff}</div>
<div class="side">{hot}</div>"""
    html = _doc(title_raw, body)
    label = _label(story, story.title, title_raw, paragraphs, published=story.iso(), source=story.source,
                   authors=[reporter], editor=story.editor)
    return Rendered([(url, html)], label, hot_lines + [original, f"校对：{proof}）", f"审校：{proof}）"])


def editor_footer(story: Story, rng: random.Random, n: int) -> Rendered:
    """A city paper's site: the byline spans glued to the next label (文｜X来源：Y), or labels
    spaced with U+3000 (作者：X　文章来源：Y), and the 编辑/校对/审核 line in its own block under
    the body."""
    site = f"{story.place[:2]}网"
    url = f"https://www.city{n}.example.cn/content/{story.year}-{story.month:02d}/{story.day:02d}/{rng.randint(10**5, 10**6)}.html"
    title_raw = f"{story.title}_{site}"
    author = story.authors[0]
    if n % 2:
        info = (f'<div class="byline"><span class="by">文｜{author}</span><span class="from">来源：{story.source}</span>'
                f'<span class="t">{story.date()} {story.clock()}</span></div>')
    else:
        info = (f'<div class="attr">作者：{author}　　文章来源：{story.source}　　'
                f'发布时间：{story.date()} {story.clock()}</div>')
    staff = f"编辑：{story.editor}　校对：{person(rng)}　审核：{person(rng)}"
    related, related_lines = noise.related(rng, "相关新闻", 4)
    body = f"""<div class="nav"><a href="/">{site}</a><a href="/bd/">本地</a></div>
<div class="main"><h1>{escape(story.title)}</h1>{info}
<div class="article-content">{_paragraphs_html(story.paragraphs)}</div>
<div class="article-staff"><p>{staff}</p></div>{related}</div>"""
    html = _doc(title_raw, body)
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=story.source,
                   authors=[author], editor=story.editor)
    return Rendered([(url, html)], label, related_lines + [staff])


def self_media(story: Story, rng: random.Random, n: int) -> Rendered:
    """A self-media platform page: the platform in <meta name="author"> and in <title>, the account
    after 来源 followed by 举报, sometimes a closing 文/X line naming the writer."""
    platform = rng.choice(["百家号", "企鹅号", "头条号"])
    account = f"{story.place[:2]}{rng.choice(['身边事', '生活圈', '同城'])}"
    url = f"https://www.selfmedia{n}.example.com/a/{rng.randint(10**9, 10**10)}.html"
    title_raw = f"{story.title}_{platform}"
    writer = story.authors[0] if n % 2 else None
    closing = f"<p>文/{writer}</p>" if writer else ""
    body = f"""<div class="top"><a href="/">{platform}</a></div>
<div class="post"><h1 class="post-title">{escape(story.title)}</h1>
<div class="post-info">{story.date()} {story.clock()}:00　来源: <a href="/u/1.html">{account}</a> <a class="report">举报</a></div>
<div class="post-body">{_paragraphs_html(story.paragraphs)}{closing}</div>
<div class="statement">特别声明：本文为{platform}作者上传并发布，仅代表作者观点，平台仅提供信息发布服务。</div></div>
<div class="author-card"><a class="name">{account}</a><span>{rng.randint(2, 90)}万粉丝</span><a>+关注</a></div>"""
    html = _doc(title_raw, body, head=f'<meta name="author" content="{platform}">')
    label = _label(story, story.title, title_raw, story.paragraphs, published=story.iso(), source=account,
                   authors=[writer] if writer else [], editor=None)
    return Rendered([(url, html)], label, [f"文/{writer}"] if writer else [])


def broadcaster(story: Story, rng: random.Random, n: int) -> Rendered:
    """A broadcaster's news page: 时间 | 来源 | 编辑 bar, video fallback text, and the reporters named
    only in a closing credit line （融媒记者：A　B　通讯员：C）."""
    station = f"{story.place[:2]}广播电视台"
    url = f"https://www.tv{n}.example.cn/news/{story.year}/{story.month:02d}{story.day:02d}/{rng.randint(10**5, 10**6)}.shtml"
    helper = person(rng)
    credit = f"（融媒记者：{'　'.join(story.authors)}　通讯员：{helper}）"
    body = f"""<div class="header"><a href="/">{station}</a></div>
<div class="content-wrap"><h1>{escape(story.title)}</h1>
<div class="source-time">{story.date()} {story.clock()}:00 | 来源：{story.source} | 编辑：{story.editor}</div>
<div class="video"><video controls>您的浏览器不支持视频播放</video></div>
<div class="text">{_paragraphs_html(story.paragraphs)}<p>{escape(credit)}</p></div></div>
<div class="copyright">【版权声明】凡注明“来源：{station}”的作品，版权均属于{station}。</div>"""
    html = _doc(f"{story.title}--{station}", body)
    label = _label(story, story.title, f"{story.title}--{station}", story.paragraphs, published=story.iso(),
                   source=story.source, authors=story.authors + [helper], editor=story.editor)
    return Rendered([(url, html)], label, [credit])


def paged_portal(story: Story, rng: random.Random, n: int) -> Rendered:
    """An article over 2-3 pages numbered by a query parameter (show.php?id=9&page=2), by files in
    the article's folder (/123/ → /123/2.html) or TRS-style (index.html → index_1.html); other
    articles linked nearby are numbered the same way but sit in no page bar."""
    site = f"{story.place[:2]}热线"
    style = ("query", "folder", "index")[n % 3]
    article_id = rng.randint(10**4, 10**5)
    host = f"http://www.paged{n}.example.cn"
    pages_n = 2 + n % 2
    if style == "query":
        urls = [f"{host}/show.php?id={article_id}"] + [f"{host}/show.php?id={article_id}&page={i}"
                                                        for i in range(2, pages_n + 1)]
        other = f"{host}/show.php?id={article_id + 1}"
    elif style == "folder":
        folder = f"{host}/news/{story.year}/{article_id}/"
        urls = [folder] + [f"{folder}{i}.html" for i in range(2, pages_n + 1)]
        other = f"{host}/news/{story.year}/{article_id + 1}/"
    else:
        folder = f"{host}/xwzx/{story.date('')}/{article_id}/"
        urls = [f"{folder}index.html"] + [f"{folder}index_{i}.html" for i in range(1, pages_n)]
        other = f"{host}/xwzx/{story.date('')}/{article_id + 1}/index.html"
    size = -(-len(story.paragraphs) // pages_n)
    chunks = [story.paragraphs[i * size:(i + 1) * size] for i in range(pages_n)]
    others = noise.headlines(rng, 3)
    other_html = "".join(f'<li><a href="{other}">{escape(t)}</a></li>' for t in others)
    rendered = []
    for index, (url, chunk) in enumerate(zip(urls, chunks, strict=True)):
        bar = "".join(f"<span>{i + 1}</span>" if i == index else f'<a href="{u}">{i + 1}</a>'
                      for i, u in enumerate(urls))
        step = f'<a href="{urls[index + 1]}">下一页</a>' if index + 1 < pages_n else ""
        editor = f"<p>（编辑：{story.editor}）</p>" if index == pages_n - 1 else ""
        body = f"""<div class="nav"><a href="/">{site}</a></div>
<div class="main"><h1>{escape(story.title)}</h1>
<div class="info">发布时间：{story.date()} {story.clock()}　来源：{story.source}</div>
<div class="content">{_paragraphs_html(chunk)}{editor}</div>
<div class="pagebar">{bar} {step}</div>
<div class="more"><h3>相关阅读</h3><ul>{other_html}</ul></div></div>"""
        rendered.append((url, _doc(f"{story.title}_{site}", body)))
    label = _label(story, story.title, f"{story.title}_{site}", story.paragraphs, published=story.iso(),
                   source=story.source, authors=[], editor=story.editor)
    return Rendered(rendered, label, ["下一页"] + others)


MORE_TEMPLATES: dict[str, Callable[[Story, random.Random, int], Rendered]] = {
    "app_share": app_share,
    "wechat_mirror": wechat_mirror,
    "provincial_reprint": provincial_reprint,
    "editor_footer": editor_footer,
    "self_media": self_media,
    "broadcaster": broadcaster,
    "paged_portal": paged_portal,
}
