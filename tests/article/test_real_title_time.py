"""Headline and publication-time mechanisms found wanting on real pages, on invented snippets."""

from __future__ import annotations

import pytest

from pipelines.article import dates
from pipelines.article.extractor import extract_article

PROSE = "".join(f"<p>这是正文第{i}段，记者在现场看到，工人们正在紧张施工，项目进展顺利，预计年底完工。</p>" for i in range(6))
TZ = "Asia/Shanghai"


def _page(head: str, top: str, tail: str = "") -> str:
    return f"<html><head>{head}</head><body>{top}<div class='content'>{PROSE}</div>{tail}</body></html>"


# -- dates: forms ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("13:58 2017/10/24", "2017-10-24T13:58:00+08:00"),  # clock before date
    ("2018-07-02 HKT 12:58", "2018-07-02T12:58:00+08:00"),  # zone between date and clock
    ("2024年5月11日 星期六 11:53", "2024-05-11T11:53:00+08:00"),  # weekday between
    ("2023年1月2日（周一）上午10:20", "2023-01-02T10:20:00+08:00"),
    ("2020年8月14日 下午2:05", "2020-08-14T14:05:00+08:00"),  # afternoon
    ("2024-05-13 04:17 pm", "2024-05-13T16:17:00+08:00"),
    ("2024-01-01 12:05 AM", "2024-01-01T00:05:00+08:00"),
    ("2013-6-29", "2013-06-29T00:00:00+08:00"),
    ("2024年05月13日 13:48", "2024-05-13T13:48:00+08:00"),
])
def test_printed_forms(text: str, expected: str) -> None:
    assert dates.iso(dates.parse_date(text, TZ)) == expected


def test_label_ranks() -> None:
    both = dates.labelled_date("更新时间：2023-03-04 10:00 发布时间：2023-03-03 09:15", TZ)
    assert both is not None and both.rank == dates.PUBLISHED and both.moment.day == 3
    update = dates.labelled_date("最新更新時間：2020年8月14日 下午2:05", TZ)
    assert update is not None and update.rank == dates.UPDATED and update.moment.hour == 14
    # the clock of the page's top bar is no date of the story
    assert dates.labelled_date("香港時間：2017年10月24日 星期二 17:21", TZ) is None


# -- dates: choice on a page ---------------------------------------------------------------------------

def test_printed_time_beats_a_utc_meta_written_as_local() -> None:
    html = _page('<title>河堤加固完工_某网</title><meta property="article:published_time" content="2023-05-06T09:30:00Z">',
                 "<h1>河堤加固完工</h1><div>2023-05-06 09:30 来源：某网</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").published_at == "2023-05-06T09:30:00+08:00"


def test_date_only_meta_takes_the_time_printed_under_the_second_headline() -> None:
    # a desktop header without the date, then a mobile header with it, far apart
    nav = "".join(f"<div>栏目{i}</div>" for i in range(12))
    html = _page('<title>河堤加固完工_某网</title><meta name="publishdate" content="2023-05-06">',
                 f"<h1>河堤加固完工</h1><div>分享到</div>{nav}<h1>河堤加固完工</h1><div>2023-05-06 14:21</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").published_at == "2023-05-06T14:21:00+08:00"


def test_publish_label_before_update_label_in_the_header() -> None:
    html = _page("<title>河堤加固完工_某网</title>",
                 "<h1>河堤加固完工</h1><div>更新时间：2023-05-07 08:00</div><div>发布时间：2023-05-06 10:10</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").published_at == "2023-05-06T10:10:00+08:00"


def test_update_time_when_nothing_else_is_printed() -> None:
    html = _page("<title>河堤加固完工_某网</title>", "<h1>河堤加固完工</h1>",
                 "<div>相关</div>" * 8 + "<div>最后更新：2023-05-07 下午3:05</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").published_at == "2023-05-07T15:05:00+08:00"


def test_script_variable_date() -> None:
    script = "<script>var conf = {}; conf['publishDateTime']=\"2021-02-03 16:40:00\";</script>"
    html = _page(f"<title>河堤加固完工_某网</title>{script}", "<h1>河堤加固完工</h1><div>今日 16:40</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").published_at == "2021-02-03T16:40:00+08:00"


def test_lead_image_path_dates_a_page_that_prints_none() -> None:
    head = '<title>河堤加固完工_某网</title><meta property="og:image" content="http://img.example.cn/news/20190405/a1.jpg">'
    html = _page(head, "<h1>河堤加固完工</h1>")
    assert extract_article(html, "http://a.example.cn/").published_at == "2019-04-05T00:00:00+08:00"


def test_header_found_past_a_zero_width_character() -> None:
    html = _page("<title>河堤加固完工 | 某网</title>", "<h1>\ufeff河堤加固完工</h1><div>2023-05-06</div>")
    article = extract_article(html, "http://a.example.cn/")
    assert article.title == "河堤加固完工"
    assert article.published_at == "2023-05-06T00:00:00+08:00"


# -- title ---------------------------------------------------------------------------------------------

def test_logo_heading_is_no_headline() -> None:
    html = _page("<title>河堤加固完工 - 青川新闻网</title>",
                 '<h1 class="logo"><img src="/logo.png">青川新闻网</h1><div>河堤加固完工</div>')
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工"


def test_home_link_heading_is_no_headline() -> None:
    html = _page("<title>河堤加固完工,三镇受益 - 青川网</title>",
                 '<h1><a href="/">青川新闻网欢迎您</a></h1><div class="art-title">河堤加固完工，三镇受益</div>')
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工，三镇受益"


def test_subtitle_inside_the_heading_is_left_out() -> None:
    html = _page("<title>河堤加固完工预计惠及三镇_某网</title>", "<h1>河堤加固完工<div>预计惠及三镇</div></h1>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工"


def test_markup_in_a_meta_headline() -> None:
    html = _page('<meta name="ArticleTitle" content="河堤加固完工<div>——写在汛期之前</div>">'
                 "<title>河堤加固完工——写在汛期之前_某市政府网</title>", "<p>河堤加固完工<div>——写在汛期之前</div></p>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工"


def test_generic_title_yields_to_a_title_element() -> None:
    html = _page("<title>某科普-辟谣</title>",
                 '<div><a href="/">首页</a></div><div><a href="/r">辟谣</a></div>'
                 '<div class="rumor-title">喝热水能治感冒吗？</div>')
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "喝热水能治感冒吗？"


def test_title_element_inside_a_decorated_og_title() -> None:
    html = _page('<title>某报 NEWS</title><meta property="og:title" content="某报新闻(河堤加固完工 三镇受益)">',
                 "<table><tr><td class='news_title'>河堤加固完工 三镇受益</td></tr></table>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工 三镇受益"


def test_column_prefix_printed_with_the_headline_is_kept() -> None:
    html = _page("<title>一周观察 | 河堤加固完工，三镇受益</title>", "<div>一周观察 | 河堤加固完工，三镇受益</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "一周观察 | 河堤加固完工，三镇受益"


def test_site_suffix_printed_with_the_headline_is_not_a_column() -> None:
    html = _page("<title>河堤加固完工，三镇受益 | 某网</title>",
                 "<h1>河堤加固完工，三镇受益</h1><div>河堤加固完工，三镇受益 | 某网</div>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工，三镇受益"


def test_date_glued_to_the_headline() -> None:
    html = _page("<title>某网</title>", "<h1>河堤加固完工 2023-05-06 10:00</h1>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工"


def test_json_ld_headline_picks_the_heading() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "河堤加固完工"}</script>'
    html = _page(f"<title>某网首页</title>{ld}", "<h2>热点推荐</h2><h2>河堤加固完工</h2>")
    assert extract_article(html, "http://a.example.cn/n/1.html").title == "河堤加固完工"
