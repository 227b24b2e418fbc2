"""article_page_links: the article's own later pages, however the portal numbers them."""

from __future__ import annotations

import pytest

from pipelines.article import Article, article_page_links, merge_pages


@pytest.mark.parametrize(("url", "bar", "expected"), [
    # a page parameter in the query, next to 下一页
    ("http://x.cn/show.php?id=9",
     '<a href="show.php?id=9&amp;page=2">2</a> <a href="?id=9&amp;page=3">3</a> <a href="?id=9&amp;page=2">下一页</a>',
     ["http://x.cn/show.php?id=9&page=2", "http://x.cn/show.php?id=9&page=3"]),
    # zero-based: ?p=0 is the article's own URL again
    ("http://x.cn/a/77.html",
     '<a href="?p=0">1</a> <a href="?p=1">2</a> <a href="?p=1">下一页</a>',
     ["http://x.cn/a/77.html?p=1"]),
    # numbered files in the article's folder; 1.html is the first page again
    ("http://x.cn/news/2024/123/",
     '<a href="1.html">1</a> <a href="2.html">2</a> <a href="3.html">3</a>',
     ["http://x.cn/news/2024/123/2.html", "http://x.cn/news/2024/123/3.html"]),
    # TRS: index.html, then index_1.html as the second page
    ("http://x.cn/xwzx/20240303/55/index.html", '<a href="index_1.html">下一页</a>',
     ["http://x.cn/xwzx/20240303/55/index_1.html"]),
    ("http://x.cn/zwgk/202403/t20240303_99.html", '<a href="t20240303_99_1.html">下一页</a>',
     ["http://x.cn/zwgk/202403/t20240303_99_1.html"]),
])
def test_page_bar_styles(url: str, bar: str, expected: list[str]) -> None:
    page = f'<html><body><div class="content"><p>正文。</p></div><div class="pages">{bar}</div></body></html>'
    assert article_page_links(page, url) == expected


@pytest.mark.parametrize(("url", "links"), [
    # other articles numbered the same way, but in a list rather than a page bar
    ("http://x.cn/show.php?id=9", '<li><a href="show.php?id=9&amp;page=2">县里召开春耕备耕会议</a></li>'),
    ("http://x.cn/news/2024/123/", '<li><a href="2.html">县里召开春耕备耕会议</a></li><li><a href="3.html">3</a></li>'),
    # another article's query, not this one's page parameter
    ("http://x.cn/show.php?id=9", '<a href="show.php?id=10">2</a> <a href="show.php?id=11">3</a> <a href="show.php?id=10">下一页</a>'),
    # a folder page only counts from the article's first page (the folder, index.*, 1.*)
    ("http://x.cn/news/5.html", '<a href="6.html">6</a> <a href="7.html">7</a>'),
    # a lone stem_1 outside any page bar
    ("http://x.cn/a/t20240303_99.html", '<li><a href="t20240303_99_1.html">附件说明</a></li>'),
])
def test_links_that_are_no_pages_of_the_article(url: str, links: str) -> None:
    page = f'<html><body><div class="content"><p>正文。</p></div><ul class="list">{links}</ul></body></html>'
    assert article_page_links(page, url) == []


def test_merge_skips_a_repeated_first_page() -> None:
    first = Article(title="标题", title_raw="标题", text="第一页。")
    again = Article(title="标题", title_raw="标题", text="第一页。")
    second = Article(title="标题", title_raw="标题", text="第二页。")
    assert merge_pages([first, again, second]).text == "第一页。\n第二页。"
