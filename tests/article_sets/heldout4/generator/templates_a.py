"""Templates of the fourth held-out set, part A: newspaper group, notices, press releases, town
WeChat mirror, live blog, 答记者问 and sports results.

Each template takes a story, a variant (0 short … 3 long), a seeded rng and the page URL, and
returns the page with its expected fields, written from the story.
"""

from __future__ import annotations

import random
from datetime import timedelta

from .markup import Rendered, cn_date, esc, footer, head, image, link_items, names, nav, ymd_hm
from .stories import EMOJI, SUBJECTS, Story, related_titles

ORDINALS = "一二三四五六七八九十"


def baoye_dl(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """地市级报业集团 site: `detail-content` body, 稿件来源/作者/责任编辑 in a `<dl>` below it."""
    site = story.city[:-1] + "新闻网"
    text: list[str] = []
    images = []
    parts = []
    for i, (kind, line) in enumerate(story.body):
        if kind == "h":
            parts.append(f"<p><strong>{esc(line)}</strong></p>")
        else:
            parts.append(f"<p>　　{esc(line)}</p>")
        text.append(line)
        if i == 0 and v != 1:
            src = f"https://www.{story.key[:4]}news.cn/uploads/{story.published:%Y%m}/{rng.randint(10**6, 10**7)}.jpg"
            cap = story.captions[0]
            parts.append(f'<p style="text-align:center"><img src="{src}" alt=""></p>\n<p class="img-desc">{esc(cap)}</p>')
            images.append(image(src, cap))
    authors = [] if v == 0 else [p.han for p in story.reporters[:2]] + [story.correspondents[0].han]
    dl = f"<dt>稿件来源：</dt><dd>{esc(story.outlet)}</dd>"
    if v == 1:
        dl += f"<dt>作者：</dt><dd>{'、'.join(authors)}</dd>"
    elif v >= 2:
        dl += (f"<dt>作者：</dt><dd>记者 {names(story.reporters[:2])}　通讯员 {story.correspondents[0].han}</dd>")
    dl += f"<dt>责任编辑：</dt><dd>{esc(story.editor.han)}</dd>"
    if v == 2:
        dl += f"<dt>审核：</dt><dd>{esc(story.reviewer.han)}</dd>"
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n" + head(f"{story.title}_{site}")
            + "<body>\n" + nav(site, ["首页", "本地", "区县", "民生", "图片", "评论"])
            + '<div class="container"><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/bd/">本地新闻</a> &gt; 正文</div>\n'
            + f'<div class="detail"><h1 class="detail-title">{esc(story.title)}</h1>\n'
            + f'<div class="detail-time">{ymd_hm(story.published)}　<span class="views">阅读 {rng.randint(200, 9000)}</span></div>\n'
            + '<div class="detail-content">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<dl class="detail-meta">{dl}</dl>\n'
            + '<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>\n'
            + '<div class="related"><h3>相关新闻</h3><ul>' + link_items(rng, related_titles(rng, 5), "/bd", story.published) + "</ul></div>\n"
            + "</div></div>\n" + footer(site + "　" + story.city[:-1] + "日报社主办", rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, text, story.published, story.outlet, authors, story.editor.han, images)


def notice_attach(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """区政府 通知公告: salutation, numbered sections, 落款 with an earlier 成文 date, 附件下载 list."""
    subject, dept = SUBJECTS[story.topic]
    unit = story.county + dept
    title = f"关于做好{story.published.year}年度{subject}工作的通知"
    signed = story.published - timedelta(days=rng.randint(2, 9))
    text: list[str] = []
    parts = []
    if v >= 1:
        text.append("各镇人民政府、街道办事处，区直有关部门：")
        text.append(f"为深入推进{subject}工作，切实办好民生实事，经研究，现将有关事项通知如下：")
    text += [line for _, line in story.body]
    text.append("特此通知。")
    for line in text:
        if line.endswith("：") and line.startswith("各镇"):
            parts.append(f"<p>{esc(line)}</p>")
        elif line[:2] in {f"{n}、" for n in ORDINALS}:
            parts.append(f'<p style="text-indent:2em"><strong>{esc(line)}</strong></p>')
        else:
            parts.append(f'<p style="text-indent:2em">{esc(line)}</p>')
    for line in (unit, cn_date(signed, pad=False)):
        parts.append(f'<p style="text-align:right">{esc(line)}</p>')
        text.append(line)
    files = [f"附件{i + 1}：{story.county}{subject}{kind}.{ext}" for i, (kind, ext) in
             enumerate([("申报表", "docx"), ("项目汇总表", "xlsx"), ("实施细则", "pdf")][: 1 + v % 3])]
    attach = ('<div class="fujian"><p class="fj-title">附件下载：</p><ul>'
              + "".join(f'<li><a href="/u/cms/www/{signed:%Y%m}/{rng.randint(10**7, 10**8)}.{f.rsplit(".", 1)[1]}">{esc(f)}</a></li>'
                        for f in files) + "</ul></div>")
    body = "\n".join(parts)
    if v in (1, 3):
        body += "\n" + attach
        attach = ""
    when = ymd_hm(story.published) if v in (1, 3) else story.published.strftime("%Y-%m-%d")
    published = story.published if v in (1, 3) else story.published.replace(hour=0, minute=0)
    editor = story.editor.han if v in (1, 3) else None
    site = story.county[:-1] + "区人民政府" if story.county.endswith("区") else story.county + "人民政府"
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{title}-{site}") + "<body>\n"
            + f'<div class="top-banner"><img src="/images/banner.jpg" alt="{esc(site)}"></div>\n'
            + nav(site, ["首页", "政务公开", "政务服务", "互动交流", "走进" + story.county[:-1]])
            + '<div class="column-name"><h2>通知公告</h2><span>您当前的位置：首页 &gt; 政务公开 &gt; 通知公告</span></div>\n'
            + f'<div class="notice"><h3 class="notice-title">{esc(title)}</h3>\n'
            + f'<div class="notice-info">发布时间：{when}　信息来源：{esc(unit)}　浏览次数：<span id="hits">{rng.randint(50, 3000)}</span></div>\n'
            + f'<div class="notice-content">\n{body}\n</div>\n{attach}\n'
            + (f'<div class="notice-editor">编辑：{esc(editor)}</div>\n' if editor else "")
            + '<div class="tools"><a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a></div>\n'
            + '</div>\n<div class="more"><h4>相关公告</h4><ul>'
            + link_items(rng, [f"关于{t}的公示" for t in related_titles(rng, 4)], "/tzgg", story.published, "%Y-%m-%d")
            + "</ul></div>\n" + footer(site, rng, gov=True) + "</body>\n</html>\n")
    return Rendered(page, title, text, published, unit, [], editor, [])


def health_press(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """省级卫健委/教育厅 press release: `<h3>` 一、二、 sections and bold 一是/二是 lead-ins."""
    province = ["江南省", "河西省", "岭东省", "云中省"][v]
    site = province + ("教育厅" if story.topic in ("school_canteen", "senior_college") else "卫生健康委员会")
    source = "省" + site[3:]
    text: list[str] = []
    parts = []
    counter = 0
    for i, (kind, line) in enumerate(story.body):
        if kind == "h":
            parts.append(f"<h3>{esc(line)}</h3>")
            text.append(line)
            counter = 0
            continue
        if i > 0 and v >= 1 and counter < 4:
            lead = f"{ORDINALS[counter]}是{rng.choice(['强化组织领导', '细化工作措施', '加强督导检查', '做好宣传引导', '完善保障机制', '推动数据共享'])}。"
            counter += 1
            parts.append(f"<p><strong>{lead}</strong>{esc(line)}</p>")
            text.append(lead + line)
        else:
            parts.append(f"<p>{esc(line)}</p>")
            text.append(line)
    authors = [story.reporters[0].han] if v in (1, 3) else []
    author_span = f"<span>作者：{authors[0]}</span>" if authors else ""
    page = ("<!DOCTYPE html>\n<html lang=\"zh\">\n" + head(f"{story.title}_{site}") + "<body>\n"
            + nav(site, ["首页", "机构概况", "新闻动态", "政务公开", "政民互动"])
            + '<main class="article-detail">\n'
            + f'<h1 class="article-detail__title">{esc(story.title)}</h1>\n'
            + f'<div class="article-detail__meta"><span>发布时间：{cn_date(story.published)} {story.published:%H:%M}</span>'
            + f'<span>来源：{esc(source)}</span>{author_span}<span>浏览次数：<i id="views"></i></span></div>\n'
            + '<div class="article-detail__body">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<div class="article-detail__editor">责任编辑：{esc(story.editor.han)}　校对：{esc(story.reviewer.han)}</div>\n'
            + '<div class="qr">扫一扫在手机打开当前页</div>\n'
            + '</main>\n<aside class="xgwz"><h4>相关文章</h4><ul>' + link_items(rng, related_titles(rng, 5), "/xwdt", story.published, "%Y-%m-%d")
            + "</ul></aside>\n" + footer(site, rng, gov=True) + "</body>\n</html>\n")
    return Rendered(page, story.title, text, story.published, source, authors, story.editor.han, [])


def town_emoji(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """乡镇 site mirroring its WeChat post: emoji in the text, `▲` photo captions, END block."""
    account = story.town + "发布"
    source = story.town + "宣传办"
    title = (rng.choice(EMOJI) + story.title) if v in (0, 2) else story.title
    published = story.published.replace(second=rng.randint(1, 59))
    text: list[str] = []
    images = []
    parts = ['<p style="text-align:center"><span style="color:#1e6fff">👆点击蓝字 关注我们</span></p>']
    authors: list[str] = []
    if v in (1, 3):
        authors = [story.reporters[0].han]
        parts.append(f'<p style="text-align:left"><span style="color:#999">文/{authors[0]}　图/{story.correspondents[0].han}</span></p>')
    n = 0
    for kind, line in story.body:
        if kind == "h":
            shown = f"✦ {line} ✦"
            parts.append(f'<p style="text-align:center"><strong><span style="color:#c00">{esc(shown)}</span></strong></p>')
            text.append(shown)
            continue
        shown = (EMOJI[n % len(EMOJI)] + line) if n % 3 == 1 else line
        if n % 4 == 2:
            shown += "👍"
        parts.append(f'<p><span style="font-size:15px">{esc(shown)}</span></p>')
        text.append(shown)
        if n % 5 == 0:
            src = f"https://{story.key[:5]}.gov.cn/wx/{published:%Y%m%d}/{rng.randint(10**5, 10**6)}.jpeg"
            cap = story.captions[(n // 5) % len(story.captions)]
            parts.append(f'<p style="text-align:center"><img src="{src}" data-ratio="0.66"></p>'
                         f'<p style="text-align:center"><span style="color:#888;font-size:12px">▲ {esc(cap)}</span></p>')
            images.append(image(src, cap))
        n += 1
    parts += ['<p style="text-align:center">- END -</p>', f"<p>来源：{esc(source)}</p>",
              f"<p>编辑：{esc(story.editor.han)}</p>", f"<p>审核：{esc(story.reviewer.han)}</p>",
              f'<p style="text-align:center">👇长按识别二维码 关注{esc(account)}</p>',
              '<p style="text-align:center"><img src="/wx/qrcode.png"></p>',
              '<p style="text-align:center">分享👉点赞👉在看 ❤️</p>']
    site = story.town + "人民政府"
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{title} - {site}") + "<body>\n"
            + nav(site, ["首页", "镇情概况", "镇村动态", "政务公开", "便民服务"])
            + '<div class="location">当前位置：首页 » 镇村动态</div>\n'
            + f'<div class="wx-article"><h1 class="wx-title">{esc(title)}</h1>\n'
            + f'<div class="info">发布时间：{published:%Y-%m-%d %H:%M:%S}　来源：{esc(source)}　浏览：<span id="clicks">{rng.randint(10, 900)}</span></div>\n'
            + f'<div class="wx-meta">原创　{esc(account)}　{published:%Y-%m-%d %H:%M}</div>\n'
            + '<div class="wx-content">\n' + "\n".join(parts) + "\n</div></div>\n"
            + '<div class="pre-next"><p>上一篇：<a href="#">' + esc(related_titles(rng, 1)[0]) + "</a></p><p>下一篇：<a href=\"#\">"
            + esc(related_titles(rng, 1)[0]) + "</a></p></div>\n" + footer(site, rng, gov=True) + "</body>\n</html>\n")
    return Rendered(page, title, text, published, source, authors, story.editor.han, images)


def live_blog(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Live-blog page: an intro, then timestamped updates newest first (each update is text)."""
    site = story.city[:-1] + "新闻网"
    title = f"{story.title}（持续更新）" if v % 2 else f"直播｜{story.title}"
    paras = story.paragraphs
    intro, updates = paras[0], paras[1:]
    times = []
    t = story.published
    for _ in updates:
        t += timedelta(minutes=rng.randint(6, 40))
        times.append(t)
    items = []
    lines = []
    for when, line in reversed(list(zip(times, updates, strict=True))):
        items.append(f'<div class="live-item"><p><b class="live-time">{when:%H:%M}</b> {esc(line)}</p></div>')
        lines.append(f"{when:%H:%M} {line}")
    last = times[-1] if times else story.published
    authors = [p.han for p in story.reporters]
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n" + head(f"{title}-{site}") + "<body>\n"
            + nav(site, ["首页", "时政", "民生", "直播", "专题"])
            + f'<div class="live"><h1>{esc(title)}</h1>\n'
            + f'<div class="live-info">发布时间：{ymd_hm(story.published)}　最后更新：{ymd_hm(last)}　来源：{esc(story.outlet)}　本报记者：{"、".join(authors)}</div>\n'
            + '<div class="live-top">置顶：欢迎关注本场直播，点击<a href="javascript:location.reload()">刷新</a>获取最新消息</div>\n'
            + f'<div class="live-intro"><p>{esc(intro)}</p></div>\n'
            + '<div class="live-list">\n' + "\n".join(items) + "\n</div>\n"
            + f'<p class="live-editor">（责任编辑：{esc(story.editor.han)}）</p>\n'
            + '<div class="live-end">直播已结束，感谢关注</div></div>\n'
            + '<div class="hot"><h3>热门直播</h3><ul>' + link_items(rng, related_titles(rng, 4), "/live", story.published) + "</ul></div>\n"
            + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, title, [intro] + lines, story.published, story.outlet, authors, story.editor.han, [])


def qa_press(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """答记者问: a lead, then 问：/答： paragraphs (an answer may run on over several paragraphs)."""
    subject, dept = SUBJECTS[story.topic]
    unit = story.county + dept
    title = f"{unit}负责人就《{story.county}{subject}实施方案》答记者问"
    paras = story.paragraphs
    text: list[str] = []
    parts = []
    if v >= 1:
        lead = f"近日，{story.county}印发《{story.county}{subject}实施方案》。{unit}有关负责人就方案出台背景和主要内容回答了记者提问。"
        text.append(lead)
        parts.append(f"<p>{esc(lead)}</p>")
    n_q = 1 if v == 0 else min(len(story.questions), 2 + v)
    chunks: list[list[str]] = [[] for _ in range(n_q)]
    for i, p in enumerate(paras):
        chunks[i * n_q // len(paras)].append(p)
    for q, answer in zip(story.questions, chunks, strict=False):
        parts.append(f"<p><strong>问：</strong>{esc(q)}</p>")
        text.append("问：" + q)
        for j, p in enumerate(answer):
            if j == 0:
                parts.append(f"<p><strong>答：</strong>{esc(p)}</p>")
                text.append("答：" + p)
            else:
                parts.append(f"<p>{esc(p)}</p>")
                text.append(p)
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{title} - {story.county}人民政府网") + "<body>\n"
            + nav(story.county + "人民政府网", ["首页", "新闻中心", "政策解读", "办事服务"])
            + '<div class="pos">首页 &gt; 政策解读 &gt; 答记者问</div>\n<div class="zcjd">\n'
            + f'<h1>{esc(title)}</h1>\n<div class="zcjd-info">时间：{ymd_hm(story.published)}　来源：{esc(unit)}</div>\n'
            + '<div class="zcjd-body">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<div class="bjr">编辑：{esc(story.editor.han)}　审核：{esc(story.reviewer.han)}</div>\n'
            + '<div class="gljd"><h4>关联文件</h4><ul><li><a href="/zcwj/1.html">' + esc(f"{story.county}{subject}实施方案")
            + '</a></li></ul></div>\n</div>\n' + footer(story.county + "人民政府办公室", rng, gov=True) + "</body>\n</html>\n")
    return Rendered(page, title, text, story.published, unit, [], story.editor.han, [])


def sports_scores(story: Story, v: int, rng: random.Random, url: str) -> Rendered:
    """Regional sports results: report paragraphs and a score table (rows are text lines)."""
    site = story.city[:-1] + "晚报网"
    teams = [t + "队" for t in rng.sample(["桃源镇", "石桥镇", "双河镇", "龙泉镇", "杏花镇", "青山镇", "新市镇", "梅岭镇"], 4 + v)]
    if v % 2 == 0:
        header = ["名次", "代表队", "胜", "负", "积分"]
        rows = []
        wins = sorted(rng.sample(range(0, 12), len(teams)), reverse=True)
        for i, (team, w) in enumerate(zip(teams, wins, strict=True)):
            rows.append([str(i + 1), team, str(w), str(11 - w), str(w * 2 + (11 - w))])
        intro = "最终名次如下："
    else:
        header = ["场次", "主队", "比分", "客队"]
        rows = []
        for i in range(len(teams) // 2 + v):
            a, b = rng.sample(teams, 2)
            rows.append([f"第{i + 1}场", a, f"{rng.randint(52, 98)}:{rng.randint(48, 95)}", b])
        intro = "本轮比赛结果如下："
    table = ("<table class=\"score\">\n<tr>" + "".join(f"<th>{c}</th>" for c in header) + "</tr>\n"
             + "\n".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows) + "\n</table>")
    table_lines = [intro] + [" ".join(r) for r in [header] + rows]
    text: list[str] = []
    parts = []
    at = 2 if v == 3 else len(story.body)
    for i, (kind, line) in enumerate(story.body):
        if i == at:
            parts.append(f"<p>{intro}</p>\n{table}")
            text += table_lines
        parts.append(f"<p><b>{esc(line)}</b></p>" if kind == "h" else f"<p>{esc(line)}</p>")
        text.append(line)
    if at == len(story.body):
        parts.append(f"<p>{intro}</p>\n{table}")
        text += table_lines
    src = f"https://img.{story.key[:4]}wb.com/sport/{story.published:%Y%m%d}/{rng.randint(1000, 9999)}.jpg"
    photo = story.correspondents[0].han
    published = story.published.replace(hour=rng.randint(20, 22))
    page = ("<!DOCTYPE html>\n<html>\n" + head(f"{story.title} - {site}体育") + "<body>\n"
            + nav(site, ["首页", "本地", "体育", "赛事专题", "视频"])
            + '<div class="sport-main">\n' + f"<h1>{esc(story.title)}</h1>\n"
            + f'<div class="meta">{published:%Y/%m/%d %H:%M}　来源：{esc(story.outlet)}　记者 {story.reporters[0].han}　摄影 {photo}</div>\n'
            + f'<figure><img src="{src}"><figcaption>{esc(story.captions[0])}（{photo} 摄）</figcaption></figure>\n'
            + '<div class="sport-text">\n' + "\n".join(parts) + "\n</div>\n"
            + f'<div class="edit">编辑：{esc(story.editor.han)}</div>\n</div>\n'
            + '<div class="side"><h3>积分榜</h3><ol>' + "".join(f"<li>{esc(t)}</li>" for t in teams)
            + '</ol><h3>赛事专题</h3><ul>' + link_items(rng, related_titles(rng, 4), "/ty", published) + "</ul></div>\n"
            + footer(site, rng) + "</body>\n</html>\n")
    return Rendered(page, story.title, text, published, story.outlet, [story.reporters[0].han], story.editor.han,
                    [image(src, f"{story.captions[0]}（{photo} 摄）")])
