"""Body mechanisms found wanting on real pages (second round), each pinned with a page of our own."""

from __future__ import annotations

from lxml import etree

from pipelines.article import extract_article
from pipelines.article.units import _is_card

URL = "http://news.example.cn/a/2024/0601/c2.html"

STORY = "".join(
    f"<p>松溪镇第{n}座净水站昨日投入使用，居民打开水龙头就能喝上放心水，镇里说年底前还要再建两座。</p>"
    for n in range(1, 4))


def _text(html: str) -> str:
    return extract_article(html, URL).text


def _feed(items: int = 8) -> str:
    teaser = "，".join(f"外县第{k}项工程的进展与各方的看法" for k in range(12)) + "。"
    return "<ul class='stream'>" + "".join(
        f"<li class='item'><div><span>某某晚报</span><span>·</span><span>{n} 小時前</span></div>"
        f"<h4><a href='/other/{n}.html'>另一个县的第{n}条新闻标题在这里</a></h4>"
        f"<p>{teaser}</p></li>" for n in range(1, items + 1)) + "</ul>"


def test_a_feed_of_other_stories_with_long_teasers_is_no_body() -> None:
    html = (f"<html><head><title>松溪镇净水站投用</title></head><body><h1>松溪镇净水站投用</h1>"
            f"<div class='story'>{STORY}</div><div class='more'>{_feed()}</div></body></html>")
    text = _text(html)
    assert text.startswith("松溪镇第1座净水站")
    assert "外县" not in text


def test_a_long_unit_without_heading_or_time_stamp_is_no_card() -> None:
    paragraph = "".join(f"第{k}周工人们在这里日夜施工，村民送来茶水，" for k in range(12)) + "终于按期完工。"
    plain = etree.fromstring(f"<div><div><a href='/p/1'>松溪镇第1号净水站的建设情况</a></div><p>{paragraph}</p></div>")
    assert not _is_card(plain)
    stamped = etree.fromstring(f"<div><div><a href='/p/1'>松溪镇第1号净水站的建设情况</a></div>"
                               f"<span>3 小时前</span><p>{paragraph}</p></div>")
    assert _is_card(stamped)
    headed = etree.fromstring(f"<div><h3><a href='/p/1'>松溪镇第1号净水站的建设情况</a></h3><p>{paragraph}</p></div>")
    assert _is_card(headed)


def test_a_ticker_of_figures_is_not_prose() -> None:
    ticker = "<ul class='quotes'>" + "".join(
        f"<li><div>指数{n}</div><div>18,65{n}.59 -216.1{n} (-1.1{n}%)</div><div>3,112.3{n} -4.0{n}</div></li>"
        for n in range(10)) + "</ul>"
    story = "<p>松溪镇净水站昨日投入使用，居民打开水龙头就能喝上放心水。</p><p>镇里说年底前还要再建两座。</p>"
    html = f"<html><body><div class='top'>{ticker}</div><h1>净水站</h1><div class='story'>{story}</div></body></html>"
    text = _text(html)
    assert text.startswith("松溪镇净水站昨日投入使用")
    assert "18,65" not in text


LEAD = "<p>松溪镇的居民终于喝上了放心水！新建的净水站昨日启用，镇里还计划在年底前再建两座，覆盖全部村庄。</p>"


def _lead_page(lead: str) -> str:
    return ("<html><head><title>松溪镇净水站投用</title></head><body><div class='page'>"
            f"<div class='top'><h1>松溪镇净水站投用</h1><div class='intro'>{lead}</div></div>"
            f"<div class='main'><div class='story'>{STORY}</div></div></div></body></html>")


def test_a_lead_box_between_headline_and_body_opens_the_body() -> None:
    text = _text(_lead_page(LEAD))
    assert text.startswith("松溪镇的居民终于喝上了放心水！")
    assert "松溪镇第3座净水站" in text


def test_a_labelled_summary_box_is_no_lead() -> None:
    summary = "<p>核心提示：松溪镇新建的净水站昨日启用，镇里还计划在年底前再建两座，覆盖全部村庄。</p>"
    text = _text(_lead_page(summary))
    assert text.startswith("松溪镇第1座净水站")


def test_a_lead_the_body_says_again_is_not_added() -> None:
    repeat = "<p>松溪镇第2座净水站昨日投入使用，居民打开水龙头就能喝上放心水，镇里说年底前还要再建两座。</p>"
    text = _text(_lead_page(repeat))
    assert text.startswith("松溪镇第1座净水站")


def test_an_embedded_video_title_is_no_body_line() -> None:
    html = ("<html><body><h1>松溪镇净水站投用</h1><article><div id='player'></div>"
            "<p class='video-title'>视频：走进松溪镇新建净水站</p>"
            f"{STORY}</article></body></html>")
    text = _text(html)
    assert "走进松溪镇新建净水站" not in text
    assert text.startswith("松溪镇第1座净水站")
