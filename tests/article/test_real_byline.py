"""Source, authors and editor as real pages print them: Taiwan/HK bylines, credits that name the
outlet, outlets beside the time, names glued to roles, places and affiliations around names.
Every name, outlet and sentence here is invented."""

from __future__ import annotations

import json

import pytest

from pipelines.article import extract_article
from pipelines.article.byline import (
    closing_credit_authors,
    credit_source,
    drop_names,
    find_authors,
    find_editor,
    find_editor_line,
    find_source,
    is_outlet,
    plain_names,
    reporter_outlet,
    time_outlet,
)

PROSE = "".join(f"<p>第{i}段：镇里召开座谈会，研究秋收秋种工作，要求各村抓好落实，确保颗粒归仓。</p>" for i in range(4))


def _page(head: str = "", top: str = "", last: str = "", after: str = "") -> str:
    return (f"<html><head><title>秋收工作有序推进_某某网</title>{head}</head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><h1>秋收工作有序推进</h1>{top}"
            f"<div class='content'>{PROSE}{last}</div>{after}<div class='foot'>关于我们 联系我们</div></body></html>")


# -- authors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "expected"), [
    ("【記者林小風／台中報導】", ["林小風"]),
    ("〔記者林小風／台中報導〕", ["林小風"]),
    ("周文彬 林小風 報導", ["周文彬", "林小風"]),
    ("中央社記者林小風台中18日電", ["林小風"]),
    ("記者 林小風 台中18日電", ["林小風"]),
    ("記者甄子明報道", ["甄子明"]),
    ("記者甄子明 、莫小雲", ["甄子明", "莫小雲"]),
    ("某某晚报记者 甄子明 河北某县报道", ["甄子明"]),
    ("某城日报记者甄子明/文受访者供图", ["甄子明"]),
    ("记者 甄子明 通讯员 莫小雲", ["甄子明", "莫小雲"]),
    ("文/甄子明", ["甄子明"]),
    ("作者：甄子明", ["甄子明"]),
    ("本报记者甄子明", ["甄子明"]),
    ("法庭記者：甄子明", ["甄子明"]),
    ("（本文来源：某某日报 作者：某某大学经济研究中心主任，研究员甄子明）", ["甄子明"]),
])
def test_bylines_name_people_only(line: str, expected: list[str]) -> None:
    assert find_authors(line) == expected


@pytest.mark.parametrize("line", [
    "第A04版：小记者训练营",  # a role glued to a word, not to a name
    "记者近日从某某县农业农村局了解到",
    "昵称 匿名 登录",
])
def test_no_names_where_none_is_credited(line: str) -> None:
    assert find_authors(line) == []


def test_comment_form_words_are_no_names() -> None:
    assert find_authors("记者 甄子明 昵称 匿名") == ["甄子明"]
    assert plain_names("发表于") == []
    assert plain_names("匿名") == []


def test_a_name_glued_to_its_time_is_a_name() -> None:
    assert plain_names("莫小雲2019-05-02 10:21:09") == ["莫小雲"]


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("全村的稻谷都已入仓。（记者 甄子明）", ["甄子明"]),
    ("全村的稻谷都已入仓。（甄子明 莫小雲 ）", ["甄子明", "莫小雲"]),
    ("全村的稻谷都已入仓。（莫小雲）", ["莫小雲"]),
    ("全村的稻谷都已入仓。（待续）", []),
    ("他来自某某县（城关）", []),
    ("全村的稻谷都已入仓。（某某日报）", []),
])
def test_the_bracket_closing_the_last_paragraph(paragraph: str, expected: list[str]) -> None:
    assert closing_credit_authors(paragraph) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("某某日报", True), ("某城网", True), ("某某社", True), ("某城電台-財經", True), ("某某全媒體", True),
    ("某某經濟日報HKET", True), ("甄子明", False), ("莫小雲", False),
])
def test_outlets_are_told_from_people(name: str, expected: bool) -> None:
    assert is_outlet(name) is expected


def test_closing_credit_of_the_last_paragraph_names_the_reporter() -> None:
    html = _page(head='<meta name="author" content="www.someplace.cn,某某报业集团,某城网">',
                 last="<p>会议要求，各村要抓紧晾晒，做好防雨准备。（记者 甄子明）</p>")
    assert extract_article(html, "http://a.test/1.html").authors == ["甄子明"]


def test_an_outlet_in_the_author_meta_is_no_author() -> None:
    html = _page(head='<meta name="author" content="某城网">')
    assert extract_article(html, "http://a.test/1.html").authors == []


def test_the_editor_in_the_author_meta_is_no_author() -> None:
    html = _page(head='<meta name="author" content="莫小雲">', after="<p>【责任编辑：莫小雲】</p>")
    article = extract_article(html, "http://a.test/1.html")
    assert article.editor == "莫小雲"
    assert article.authors == []


def test_an_agency_as_author_is_the_source() -> None:
    ld = json.dumps({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "某某通訊社"}})
    html = _page(head=f'<script type="application/ld+json">{ld}</script>')
    article = extract_article(html, "http://a.test/1.html")
    assert article.authors == []
    assert article.source == "某某通訊社"


def test_many_marked_authors_are_a_list_of_other_articles() -> None:
    items = "".join(f"<li><a href='/{i}'>另一篇文章{i}</a><span class='list_author'>{n}</span></li>"
                    for i, n in enumerate(["甄子明", "莫小雲", "周文彬", "林小風", "高大同"]))
    html = _page(after=f"<ul class='side'>{items}</ul>")
    assert extract_article(html, "http://a.test/1.html").authors == []


def test_a_credit_line_outside_the_body_names_the_reporter() -> None:
    html = _page(after="<div class='promo'><p>下载某某App看更多：https://a.test/app</p>"
                       "<p>关注某某频道：https://a.test/ch</p><p>订阅优惠情报：https://a.test/x</p>"
                       "<p>記者：甄子明</p></div>")
    assert extract_article(html, "http://a.test/1.html").authors == ["甄子明"]


# -- source --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "expected"), [
    ("2024-05-20 16:25:01 来源:某城融媒 选稿：甄子明", "某城融媒"),
    ("本文来源于某某商报 2024-05-20 09:47:48", "某某商报"),
    ("SOMEPLACE.COM 2005年3月11日12:12 来源：[ 某某网 ]", "某某网"),
    ("来源：某某网 12条评论", "某某网"),
    ("来源：某某网）", "某某网"),
])
def test_the_labelled_outlet_alone(line: str, expected: str) -> None:
    assert find_source(line) == expected


def test_a_reporters_name_after_the_outlet_is_dropped() -> None:
    assert drop_names("某某新闻网 甄子明", ["甄子明"]) == "某某新闻网"
    assert drop_names("某某日报 海外版", ["甄子明"]) == "某某日报 海外版"


@pytest.mark.parametrize(("lead", "expected"), [
    ("据某某社某城电（记者 甄子明）记者近日从县里了解到，秋收进度过半。", "某某社"),
    ("（某某社某城19日電） 某國選手今天奪冠。", "某某社"),
    ("【某某報專訊】今日天氣晴朗。", "某某報"),
    ("【某某網訊】(某某報記者 甄子明)這一夜，街頭熱鬧。", "某某網"),
    ("(某某日報報道)兩地貿易談判再起波瀾。", "某某日報"),
    ("某某全媒體報道：警方今早拘捕一名男子。", "某某全媒體"),
    ("某某商报讯（记者 甄子明）5月20日，某行公布利率。", "某某商报"),
    ("本報港聞部報道", None),
    ("本报讯（记者 甄子明）", None),
])
def test_credits_that_name_the_outlet(lead: str, expected: str | None) -> None:
    assert credit_source(lead) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("2021-01-20 04:29:4488健康网", "88健康网"),
    ("原创：某某健康网2024-04-23 12:27:25", "某某健康网"),
    ("2024-05-13 12:03 某某社", "某某社"),
    ("2021-03-01 10:52:32 香港", None),
])
def test_an_outlet_beside_the_time(line: str, expected: str | None) -> None:
    assert time_outlet(line) == expected


def test_the_outlet_before_its_reporter() -> None:
    assert reporter_outlet("某某新闻·某城商报记者甄子明/文") == "某城商报"
    assert reporter_outlet("第A04版：小记者训练营") is None


def test_page_credit_sources() -> None:
    dateline = _page(top="<div class='info'>2024-05-20 09:00</div>").replace(
        "<div class='content'><p>第0段", "<div class='content'><p>据某某社某城电（记者 甄子明）第0段")
    article = extract_article(dateline, "http://a.test/1.html")
    assert article.source == "某某社"
    assert article.authors == ["甄子明"]
    beside_time = _page(top="<div class='info'>2024-05-13 12:03 某某社</div>")
    assert extract_article(beside_time, "http://a.test/1.html").source == "某某社"
    widget = _page(top="<div class='info'>2024-05-13 12:03 来源：某某晚报 选稿：莫小雲</div>")
    article = extract_article(widget, "http://a.test/1.html")
    assert article.source == "某某晚报"
    assert article.editor == "莫小雲"


# -- editor --------------------------------------------------------------------------------------------
def test_the_editor_in_charge() -> None:
    assert find_editor("编辑：甄子明 责任编辑：莫小雲") == "莫小雲"
    assert find_editor("2024-05-20 16:25:01 来源:某城融媒 选稿：甄子明") == "甄子明"
    assert find_editor_line("选稿：甄子明") == "甄子明"
    assert find_editor("编辑：甄子明") == "甄子明"


@pytest.mark.parametrize("line", ["来源：转载文章", "来源：互联网", "來源：網絡", "稿源：综合"])
def test_a_placeholder_is_no_source(line: str) -> None:
    assert find_source(line) is None


def test_a_placeholder_source_gives_way_to_the_printed_one() -> None:
    html = _page(top="<div class='info'>2005年04月04日 来源：转载文章</div>",
                 after="<p>（来源：某某晨报）</p>")
    assert extract_article(html, "http://a.test/1.html").source == "某某晨报"
