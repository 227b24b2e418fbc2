"""extract_article never raises on what the web hands us: broken, empty or odd markup."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.article import article_page_links, extract_article

FRAGMENTS = ["<p>", "</p>", "<div class='content'>", "</div>", "<br>", "<a href='x_2.html'>", "</a>",
             "<h1>", "</h1>", "<title>", "</title>", "<script>", "</script>", "<?xml version='1.0' encoding='gbk'?>",
             "<meta name='pubdate' content='2023-13-45'>", "发布时间：2023-02-30 25:99", "来源：", "记者",
             "（责任编辑：", "相关新闻", "。", "，", "\x00", "&nbsp;", "<img src=''>", "<img data-src='//a/b.jpg'>",
             "县里召开会议", "2023年03月03日", "<table><tr><td>", "</td></tr></table>",
             "<script type='application/ld+json'>{\"datePublished\": 5, \"author\": [1, {\"name\": null}]}</script>"]


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_never_raises(parts: list[str]) -> None:
    html = "".join(parts)
    article = extract_article(html, "http://a.example.cn/x/2023-03/03/c_1.html")
    assert isinstance(article.text, str)
    assert isinstance(article_page_links(html, "http://a.example.cn/x/2023-03/03/c_1.html"), list)


def test_invalid_dates_are_not_invented() -> None:
    article = extract_article("<p>发布时间：2023-02-30 25:99</p>", "http://a.example.cn/1.html")
    assert article.published_at is None
