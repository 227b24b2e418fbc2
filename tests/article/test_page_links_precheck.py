"""article_page_links reads a page's text before parsing it: on every stored page, and on pages
built to slip past a careless pre-check, it must answer exactly what the parsed page answers."""

from __future__ import annotations

import pytest

from pipelines.article.pagination import article_page_links, page_links_of_tree
from pipelines.article.parse import parse_html

from .stored_pages import stored_pages


def test_same_links_as_the_parsed_page_on_every_stored_page() -> None:
    pages = stored_pages()
    assert len(pages) >= 300
    differ = [page.name for page in pages
              if article_page_links(page.html, page.url) != page_links_of_tree(parse_html(page.html), page.url)]
    assert differ == []
    assert sum(bool(article_page_links(page.html, page.url)) for page in pages) >= 10


def _bar(*links: tuple[str, str]) -> str:
    anchors = "".join(f'<a href="{href}">{text}</a>' for href, text in links)
    return f"<html><body><p>正文。</p><div class=\"pages\">{anchors}</div></body></html>"


@pytest.mark.parametrize(("url", "html", "expected"), [
    # the underscore and the page number written as character references
    ("http://x.example.cn/a/content_7.htm", _bar(("content_7&#95;2.htm", "2"), ("content_7&#x5f;3.htm", "3")),
     ["http://x.example.cn/a/content_7_2.htm", "http://x.example.cn/a/content_7_3.htm"]),
    # a line break inside the href, which urlsplit drops
    ("http://x.example.cn/a/content_7.htm", _bar(("content_7_\n2.htm", "下一页")),
     ["http://x.example.cn/a/content_7_2.htm"]),
    # page parameters: escaped ampersand, upper case, a step symbol for text, a percent-escaped key
    ("http://x.example.cn/show.php?id=9", _bar(("show.php?id=9&amp;PAGE=2", "&gt;"), ("show.php?id=9&amp;page=3", "3")),
     ["http://x.example.cn/show.php?id=9&PAGE=2", "http://x.example.cn/show.php?id=9&page=3"]),
    ("http://x.example.cn/show.php?id=9", _bar(("show.php?id=9&%70age=2", "下一页")),
     ["http://x.example.cn/show.php?id=9&%70age=2"]),
    # an article kept in a folder, and this page being page 2 of a numbered article
    ("http://x.example.cn/a/123/", _bar(("2.html", "2"), ("3.html", "3")),
     ["http://x.example.cn/a/123/2.html", "http://x.example.cn/a/123/3.html"]),
    ("http://x.example.cn/a/content_7_2.htm", _bar(("content_7.htm", "1"), ("content_7_3.htm", "3")),
     ["http://x.example.cn/a/content_7.htm", "http://x.example.cn/a/content_7_3.htm"]),
])
def test_pages_the_text_hides_are_found(url: str, html: str, expected: list[str]) -> None:
    assert page_links_of_tree(parse_html(html), url) == expected
    assert article_page_links(html, url) == expected


def test_a_single_page_article_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _bar(("/a/other_8.htm", "别的文章"), ("/list_2.html", "2"), ("/list_3.html", "3"))
    url = "http://x.example.cn/a/content_7.htm"
    assert page_links_of_tree(parse_html(html), url) == []

    def no_parsing(html: str) -> None:
        raise AssertionError("parsed a page whose text names no other page of the article")

    monkeypatch.setattr("pipelines.article.pagination.parse_html", no_parsing)
    assert article_page_links(html, url) == []
