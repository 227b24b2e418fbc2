"""Body mechanisms found wanting on real pages, each pinned with a small page of our own."""

from __future__ import annotations

from lxml import etree

from pipelines.article import extract_article
from pipelines.article.dom import next_element, previous_element, visible_text

URL = "http://news.example.cn/a/2023/0520/c1.html"

PARAGRAPHS = "".join(
    f"<p>青禾县今年第{n}批农田改造工程已经完工，村民们说灌溉比往年方便了许多，秋收有了更大的把握。</p>"
    for n in range(1, 6))


def _text(html: str) -> str:
    return extract_article(html, URL).text


def test_element_siblings_skip_comments_and_processing_instructions() -> None:
    root = etree.fromstring("<div><p>甲</p><!-- note --><?pi x?><p>乙</p></div>")
    first, last = root[0], root[-1]
    assert next_element(first) is last
    assert previous_element(last) is first
    assert next_element(last) is None
    assert visible_text(root[1]) == ""  # a comment has no text of the page, and no error


def test_comment_beside_a_related_block_does_not_crash() -> None:
    html = (f"<html><body><h1>青禾县农田改造完工</h1><div class='main'>{PARAGRAPHS}"
            "<h3>相关新闻</h3><!-- list start --><?php echo 1; ?>"
            "<ul><li><a href='/1.html'>青禾县举办秋季运动会开幕式</a></li>"
            "<li><a href='/2.html'>青禾县新建三所乡村小学</a></li></ul><!-- end --></div></body></html>")
    text = _text(html)
    assert text.startswith("青禾县今年第1批")
    assert "运动会" not in text


def test_comment_after_a_picture_does_not_crash() -> None:
    html = (f"<html><body><h1>青禾县农田改造完工</h1><div class='main'>{PARAGRAPHS}"
            "<p><img src='/pic/field.jpg' width='600'></p><!-- caption --><?pi x?>"
            "<p style='text-align:center'>改造后的农田</p>"
            f"{PARAGRAPHS}</div></body></html>")
    text = _text(html)
    assert "青禾县今年第1批" in text
    assert "改造后的农田" not in text


def test_page_wide_wrapper_with_furniture_word_in_its_class_is_kept() -> None:
    # the wrapper's class words read like furniture (a layout flag: "has-ad", "nav-open"), but it
    # holds the whole article
    for classes in ("layout has-ad", "page nav-open", "wrap_ad"):
        html = (f"<html><body><div class='{classes}'><div class='top'><a href='/'>首页</a></div>"
                f"<h1>青禾县农田改造完工</h1><div>{PARAGRAPHS}</div></div></body></html>")
        text = _text(html)
        assert text.startswith("青禾县今年第1批"), classes
        assert text.endswith("更大的把握。"), classes


def test_small_furniture_box_is_still_cut() -> None:
    html = (f"<html><body><h1>青禾县农田改造完工</h1><div class='main'>{PARAGRAPHS}"
            "<div class='has-ad'><p>本栏目广告合作请联系我们，电话一二三四五六。</p></div></div></body></html>")
    assert "广告合作" not in _text(html)
