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


def test_header_holding_the_story_inside_article_is_kept() -> None:
    html = ("<html><body><div class='side'>" + "".join(
        f"<p><a href='/{n}.html'>青禾县第{n}条快讯：秋收进度过半，农机合作社忙个不停。</a></p>" for n in range(8))
        + f"</div><article><header><h1>青禾县农田改造完工</h1><div class='story'>{PARAGRAPHS}</div></header>"
        "<footer>青禾县融媒体中心</footer></article></body></html>")
    text = _text(html)
    assert text.startswith("青禾县今年第1批")
    assert text.endswith("更大的把握。")


def test_promotion_and_notice_lines_are_not_body() -> None:
    from pipelines.article.boilerplate import is_boilerplate_line

    for line in ("想知道更多，請讚好青禾日報Facebook專頁", "立即下載青禾新聞App：https://x.example/a",
                 "本文首发于青禾深呼吸公众号（qinghe）", "青禾网专稿，未经书面授权请勿转载。",
                 "喜欢这篇文章？去 App 商店搜 青禾日报，每天看点不一样的。", "建立時間16:41", "更新时间 17:24"):
        assert is_boilerplate_line(line), line
    for line in ("市民可关注青禾发布微信公众号进行预约。", "该县今年下载量最高的App是一款农技软件，农民们都说好用。"):
        assert not is_boilerplate_line(line), line


def test_way_out_link_glued_to_the_last_paragraph_is_dropped() -> None:
    html = (f"<html><body><h1>青禾县农田改造完工</h1><article>{PARAGRAPHS}"
            "<p>村民们期待明年再获丰收。<a href='/'>返回青禾网首页，查看更多</a></p></article></body></html>")
    text = _text(html)
    assert text.endswith("村民们期待明年再获丰收。")
    assert "查看更多" not in text


def test_display_headline_lines_at_the_top_of_the_content_are_dropped() -> None:
    html = ("<html><head><title>青禾县召开秋收工作会议 - 青禾网</title></head><body>"
            "<h1>青禾县召开秋收工作会议</h1><div class='content'><p>青禾县召开秋收工作会议强调</p>"
            f"<p>抓紧抓实秋收各项工作</p><p>王某某出席</p>{PARAGRAPHS}</div></body></html>")
    assert _text(html).startswith("青禾县今年第1批")


def test_summary_box_repeating_a_paragraph_is_dropped() -> None:
    lead = "青禾县农田改造工程全部完工，村民们说灌溉比往年方便了许多，秋收有了更大的把握。"
    html = (f"<html><head><meta name='description' content='{lead}'></head><body>"
            f"<h1>青禾县农田改造完工</h1><div class='content'><p class='summary'>{lead}</p>"
            f"<p>本报讯 {lead}县农业部门表示，明年将继续推进。</p>{PARAGRAPHS}</div></body></html>")
    text = _text(html)
    assert text.startswith("本报讯"), text[:40]
    # without the description's word, a repeated paragraph is the writer's own
    assert _text(html.replace("name='description'", "name='keywords'")).startswith("青禾县农田改造工程全部完工")


def _slide(n: int, caption: str) -> str:
    return (f"<td><div><div style='position:absolute'><a href='/p/{n}.jpg'><img src='/p/{n}.jpg' width='640'></a>"
            f"<div><div style='background:#000'><center><font size='4'>{caption}</font></center></div></div>"
            "</div></div></td>")


def test_captions_in_picture_boxes_of_a_slideshow_are_not_body() -> None:
    slides = "".join(_slide(n, f"青禾县第{n}块改造田，灌渠已经通水。（读者") for n in range(3))
    html = (f"<html><body><table><tr><td><h1>青禾县农田改造完工</h1><table><tr>{slides}</tr></table>"
            f"{PARAGRAPHS}</td></tr></table></body></html>")
    text = _text(html)
    assert text.startswith("青禾县今年第1批"), text[:60]
    assert "灌渠已经通水" not in text


def test_gallery_slide_texts_stay_body_and_hidden_pictures_take_no_caption() -> None:
    one = "<div class='content'><p>青禾县今年秋收提前完成，全县粮食产量再创新高，农民增收明显。</p>"
    html = (f"<html><body><h1>青禾县秋收完成</h1>{one}"
            "<img style='display:none' src='/share/thumb.jpg'></div></body></html>")
    assert _text(html) == "青禾县今年秋收提前完成，全县粮食产量再创新高，农民增收明显。"
