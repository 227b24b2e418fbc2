"""The shortcuts the extractor takes must agree with the long way: character counts from one pass
against text_content per element, and the parse-free check against the parsed tree."""

from __future__ import annotations

from lxml import etree

from pipelines.article.dom import nonspace_len, text_content, text_counts
from pipelines.article.parse import parse_html, source_may_hold

from .stored_pages import stored_pages


def test_counts_equal_text_content_on_every_element_of_every_stored_page() -> None:
    checked = 0
    for page in stored_pages():
        root = parse_html(page.html)
        counts = text_counts(root)
        for el in root.iter(etree.Element):
            assert counts.text[el] == nonspace_len(text_content(el)), page.name
            assert counts.links[el] == sum(nonspace_len(text_content(a)) for a in el.iter("a")), page.name
            checked += 1
    assert checked > 20_000


def test_counts_leave_out_comments_but_keep_their_tails() -> None:
    root = parse_html("<html><body><div>甲 <!-- 注释 -->乙<a href='/'>丙\u3000丁</a>\u200b</div></body></html>")
    div = root.find(".//div")
    assert div is not None
    counts = text_counts(root)
    assert counts.text[div] == 4 and counts.links[div] == 2


def test_source_may_hold_sees_words_behind_references() -> None:
    assert not source_may_hold("<div class='byline'>张三</div>&nbsp;&amp;", "author")
    assert source_may_hold("<div class='author'>张三</div>", "author")
    assert source_may_hold("<div class='&#97;uthor'>张三</div>", "author")
    assert source_may_hold("<div class='auth\x00or'>张三</div>", "author")
    tree = parse_html("<div class='&#97;uthor'>张三</div>")
    assert tree.xpath('//*[contains(@class, "author")]')
