"""Field-level behaviour: dates, bylines, boilerplate lines, titles, selectors, captions."""

from __future__ import annotations

import pytest

from pipelines.article import extract_article
from pipelines.article.boilerplate import is_boilerplate_line
from pipelines.article.byline import (
    find_authors,
    find_editor,
    find_editor_line,
    find_source,
    outlet_of_byline,
    plain_names,
)
from pipelines.article.dates import date_from_url, iso, parse_date
from pipelines.article.title import strip_site_suffix

PROSE = "".join(f"<p>第{i}段：县里召开会议，部署春耕备耕工作，要求各乡镇抓好落实，确保不误农时。</p>" for i in range(4))


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-03-03 09:15", "2023-03-03T09:15:00+08:00"),
    ("2023年03月03日 09:15", "2023-03-03T09:15:00+08:00"),
    ("发布时间：2023/03/03", "2023-03-03T00:00:00+08:00"),
    ("发表于 2023-3-3 9:05", "2023-03-03T09:05:00+08:00"),
    ("2023-03-03T01:15:00Z", "2023-03-03T09:15:00+08:00"),
    ("2023年3月3日 9时5分", "2023-03-03T09:05:00+08:00"),
    ("没有日期", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert iso(parse_date(text)) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("http://a.cn/html/2023-03/03/content_1.htm", "2023-03-03"),
    ("http://a.cn/zwgk/202303/t20230303_123.html", "2023-03-03"),
    ("http://a.cn/news/20230303/1.html", "2023-03-03"),
    ("http://a.cn/xw/2023-03-03/99.html", "2023-03-03"),
    ("http://a.cn/art/2023/3/3/art_1_2.html", "2023-03-03"),
    ("http://a.cn/news/1234.html", None),
])
def test_date_from_url(url: str, expected: str | None) -> None:
    found = date_from_url(url)
    assert (found.date().isoformat() if found else None) == expected


def test_bylines() -> None:
    assert find_authors("记者 张三 李四 通讯员 王五") == ["张三", "李四", "王五"]
    assert find_authors("作者：赵明  来源：宜宾日报") == ["赵明"]
    assert find_authors("文/王小丫") == ["王小丫"]
    assert find_authors("記者 孫云柯") == ["孫云柯"]
    assert find_editor("（责任编辑：王小明）") == "王小明"
    assert find_source("来源：长宁县人民政府 发布时间：2023-03-03") == "长宁县人民政府"
    assert outlet_of_byline("北京日報客戶端 | 記者 孫云柯") == "北京日報客戶端"


def test_names_stop_at_the_next_label() -> None:
    """Byline spans glued together, or fields spaced with U+3000: a label is never a name."""
    assert find_authors("文｜吴振宇来源：保定日报") == ["吴振宇"]
    assert find_authors("作者：吴宇航　　文章来源：西峡县融媒体中心　　点击数：12") == ["吴宇航"]
    assert find_authors("（融媒记者：刘慧敏　刘德平　通讯员：高晓东）") == ["刘慧敏", "刘德平", "高晓东"]
    assert find_editor("编辑：林德平审核：韩振宇") == "林德平"


def test_source_stops_at_the_page_tools() -> None:
    assert find_source("发布时间：2021-11-01 16:43 来源：西峡县人民政府 【字体：大 中 小】") == "西峡县人民政府"
    assert find_source("2022-12-01 13:30:38　来源: 保定生活圈 举报") == "保定生活圈"
    assert find_source("来源：人民日报（海外版）") == "人民日报（海外版）"
    assert find_source("来源：China Daily") == "China Daily"


def test_editor_credit_lines() -> None:
    assert find_editor_line("编辑：林德平　校对：朱文博　审核：韩振宇") == "林德平"
    assert find_editor_line("（责任编辑：曾志刚") == "曾志刚"
    assert find_editor_line("他说，编辑：部门要抓好落实。") is None


def test_names_in_author_elements() -> None:
    assert plain_names("徐国庆") == ["徐国庆"]
    assert plain_names("作者：记者 徐明远") == ["徐明远"]
    assert plain_names("原创") == [] and plain_names("保定生活圈 74.4万粉丝 +关注") == []


@pytest.mark.parametrize("line", ["京ICP备12345678号-1", "版权所有 某某网", "(相關資料圖)", "（责任编辑：王小明）",
                                  "分享到：微信 微博", "【字体：大 中 小】", "上一篇：某某新闻",
                                  "原标题：西峡县：中午十一点半", "校对：张慧敏）", "审核：刘海燕", "　审校：王五）",
                                  "END", "— THE END —", "点击“阅读原文”，了解更多临泉资讯", "长按识别二维码，关注我们"])
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line) or line == "(相關資料圖)"


@pytest.mark.parametrize("line", ["3月3日，19个医药健康产业重大项目在昌平区签约落地。",
                                  "会议审核了方案，校对工作由专人负责。", "他说，END的意思是结束。",
                                  "读者可以到图书馆阅读原文献。"])
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_site_suffix() -> None:
    assert strip_site_suffix("昌平签约十九个项目_要闻_昌平新闻网") == "昌平签约十九个项目"
    assert strip_site_suffix("昌平签约十九个项目 - 昌平新闻网") == "昌平签约十九个项目"


def test_selectors_take_precedence() -> None:
    page = f"""<html><head><title>通用标题_某网</title></head><body><h1>通用标题</h1>
    <div class="t">站点标题</div><span class="d">2022-01-02 08:00</span><span class="s">某县融媒</span>
    <span class="a">张三、李四</span><div class="c">{PROSE}</div><div class="x">{PROSE}</div></body></html>"""
    article = extract_article(page, "http://a.cn/1.html", selectors={
        "title": ".t", "published_at": "//span[@class='d']", "source": "span.s", "authors": "span.a",
        "body": "div.x"})
    assert article.title == "站点标题"
    assert article.published_at == "2022-01-02T08:00:00+08:00"
    assert article.source == "某县融媒"
    assert article.authors == ["张三", "李四"]
    assert article.text.count("\n") == 3


def test_seed_like_farm_page() -> None:
    """The shape of shared/seeds/: caption, outlet byline, prose, then bare headline lists."""
    headlines = "".join(f"<li><a href='/{i}.html'>全球看點：某地第{i}個項目簽約落地</a></li>" for i in range(12))
    page = f"""<html><head><title>全球看點:19個項目落地昌平_環球報資訊</title></head><body>
    <h1>全球看點:19個項目落地昌平</h1><div class="content"><p><img src="/a.jpg"></p><p>(相關資料圖)</p>
    <p>北京日報客戶端 | 記者 孫云柯</p>
    <p>3月3日，19個醫藥健康產業重大項目在昌平區中關村生命科學園簽約落地。</p>
    <p>“這次簽約，既有世界和中國500強企業，也有知名科學家領銜的原創醫藥企業。”昌平區委書記介紹。</p>
    <ul>{headlines}</ul><ul>{headlines}</ul></div></body></html>"""
    article = extract_article(page, "http://farm.example.com/xw/2023-03-03/1.html")
    assert article.text.split("\n")[0].startswith("3月3日")
    assert len(article.text.split("\n")) == 2
    assert article.source == "北京日報客戶端" and article.authors == ["孫云柯"]
    assert article.images == [{"src": "http://farm.example.com/a.jpg", "caption": "(相關資料圖)"}]
    assert article.published_at == "2023-03-03T00:00:00+08:00"
    assert article.language == "zh"


def test_plain_headline_list_under_body_is_trimmed() -> None:
    tail = "".join(f"<p>某县第{i}项重点工程开工 今日要闻</p>" for i in range(5))
    page = f"<html><body><div class='c'>{PROSE}{tail}</div></body></html>"
    article = extract_article(page, "http://a.cn/1.html")
    assert article.text.count("\n") == 3


def test_unlabelled_source_in_a_source_element() -> None:
    page = f"""<html><head><title>地铁三号线开通|某某在线</title></head><body><h1>地铁三号线开通</h1>
    <div class="date-source"><span class="date">2024年06月28日 10:02</span> <a class="source">某某晚报</a></div>
    <div id="artibody">{PROSE}</div></body></html>"""
    article = extract_article(page, "https://news.example.com/c/doc-abc.shtml")
    assert article.source == "某某晚报"
    assert article.published_at == "2024-06-28T10:02:00+08:00"


def test_paragraphs_in_bare_sections() -> None:
    """App pages write paragraphs as bare <section>s: a short story is not cut to one of them."""
    one = "改造后的市场实行分区经营，划分为蔬菜、肉类、水产、熟食等区域，地面全部铺设防滑地砖。"
    two = "市场监管部门同时加强了电子秤检定和食品安全抽检，本月已抽检样品八百多批次。"
    page = f"""<html><body><h1>市场改造完成</h1><section class="art-body">
    <section><p>{one}</p></section><section class="para">{two}</section></section></body></html>"""
    assert extract_article(page, "https://m.example.cn/share/1").text == f"{one}\n{two}"


def test_one_paragraph_in_its_own_div_stays_the_body() -> None:
    para = "县里召开会议，部署春耕备耕工作，要求各乡镇抓好落实，确保不误农时，做好农资供应。"
    page = f"""<html><body><div class="main"><h1>春耕备耕会议召开</h1>
    <div class="info">2023-03-03 09:15</div><div class="content">{para}</div></div></body></html>"""
    assert extract_article(page, "http://a.cn/1.html").text == para


def test_platform_in_meta_author_is_no_reporter() -> None:
    page = f"""<html><head><title>春耕备耕会议召开_网易订阅</title><meta name="author" content="网易"></head>
    <body><h1>春耕备耕会议召开</h1><div class="c">{PROSE}</div></body></html>"""
    assert extract_article(page, "http://a.cn/1.html").authors == []
    person = page.replace('content="网易"', 'content="王小明"')
    assert extract_article(person, "http://a.cn/1.html").authors == ["王小明"]


def test_closing_credit_names_the_reporters() -> None:
    page = f"""<html><body><h1>春耕备耕会议召开</h1><div class="c">{PROSE}
    <p>（融媒记者：刘慧敏　刘德平　通讯员：高晓东）</p></div></body></html>"""
    article = extract_article(page, "http://a.cn/1.html")
    assert article.authors == ["刘慧敏", "刘德平", "高晓东"]
    assert "融媒记者" not in article.text
