"""Body mechanisms found wanting on real pages (third round), each pinned with a page of our own."""

from __future__ import annotations

import pytest

from pipelines.article import extract_article
from pipelines.article.boilerplate import is_boilerplate_line, is_pager

URL = "http://news.example.cn/a/2005/0405/c3.html"

SENTENCES = [f"松溪镇第{n}座净水站昨日投入使用，居民打开水龙头就能喝上放心水，镇里说年底前还要再建两座。"
             for n in range(1, 5)]


def _text(html: str) -> str:
    return extract_article(html, URL).text


def test_a_table_layout_page_loses_its_info_bar_pager_and_teasers() -> None:
    # a 2005-style cell: headline table, an info row (date, source | pager), the story as free
    # text between <p>s, then a related list whose entries carry date stamps, a slideshow heading
    # and another story's teaser cut off with a read-more link
    story = "<p>".join(SENTENCES)
    html = ("<html><head><title>松溪镇净水站投用_松溪新闻</title></head><body><table><tr><td width='580'>"
            "<table><tr><td colspan='2'><b>松溪镇净水站投用</b></td></tr>"
            "<tr><td>2005-04-05 06:40更新 来源：松溪晚报</td>"
            "<td>第<b>1</b>页/共<b>1</b>页 &lt;&lt; 上一页 | 下一页 &gt;&gt;</td></tr></table>"
            f"<p>{story}<p>"
            "<table><tr><td><b>相关报道：</b></td></tr><td>"
            "·<a href='/a/1.html'>松溪镇净水站建设提速</a><span>（2005-04-03 17:19PM）</span><br>"
            "·<a href='/a/2.html'>松溪 水质</a><span>（2005-04-01 09:56AM）</span><br>"
            "·<a href='/a/3.html'>外县 供水</a><span>（2005-03-31 14:33PM）</span></td></table>"
            "<table><tr><td><b>幻灯欣赏：</b></td></tr></table>"
            "<table><tr><td>外县有位老人怎么也想不明白，自家的井水为什么一夜之间变了颜色，就是所谓的...... "
            "[<a href='/a/9.html'>全文</a>]</td></tr></table>"
            "</td></tr></table></body></html>")
    text = _text(html)
    assert text.startswith(SENTENCES[0]), text[:60]
    assert text.endswith(SENTENCES[-1]), text[-60:]


def test_a_pager_row_is_navigation_and_a_data_row_is_kept() -> None:
    assert is_pager("第1页/共3页 << 上一页 | 下一页 >>")
    assert not is_pager("第1季度 共3个项目")
    rows = "".join(f"<tr><td>第{n}组</td><td>{n * 12}户</td></tr>" for n in range(1, 4))
    html = (f"<html><body><h1>松溪镇净水站投用</h1><div class='content'><p>{SENTENCES[0]}</p>"
            f"<table>{rows}<tr><td>第1页/共1页</td><td>上一页 | 下一页</td></tr></table>"
            f"<p>{SENTENCES[1]}</p></div></body></html>")
    text = _text(html)
    assert "第2组 24户" in text
    assert "上一页" not in text


@pytest.mark.parametrize("line", [
    "2005-04-05 06:40更新 来源：松溪晚报", "2021年3月4日 星期四 10:20 来源：松溪网", "2021-03-04 | 浏览：200",
    "《松溪日报》（2024年05月11日 09版）", "《松溪日报》（ 2022年02月13日 02版）", "（松溪网编辑 王小明）",
    "#松溪净水站# @松溪发布", "■松溪晚报報料熱線﹕news@example.cn/ 1234 5678",
    "下载松溪新闻应用程序，随时了解本地新闻", "订阅松溪晚报每日电邮新闻信",
    "外县有位老人怎么也想不明白，自家的井水为什么变了颜色，就是所谓的...... [全文]",
    "镇里的新水站还有不少故事…… 【详细】"])
def test_site_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "2021年3月4日，松溪县统计局发布数据。", "2021年3月4日松溪县统计局发布数据显示", "据《松溪日报》（2022年1月1日）报道，今年经济增长。",
    "（记者 王小明 编辑 李四）", "他说：“请看@王小明的回复。”", "#1 号选手", "居民下载应用后，就能在手机上查水费。",
    "市民可以拨打热线电话12345反映用水问题。"])
def test_prose_and_bylines_are_not_site_lines(line: str) -> None:
    assert not is_boilerplate_line(line)


PLAYER = ["正在为您切换到高清 480P,请稍候...", "播放速度：2X", "设置成功", "00:00/00:00", "倍速",
          "很抱歉，当前视频播放失败", "时长：01:45建议WIFI下打开"]


def test_player_controls_above_the_first_sentence_are_dropped() -> None:
    controls = "".join(f"<div>{line}</div>" for line in PLAYER)
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = (f"<html><body><h1>松溪镇净水站投用</h1><div class='content'><div class='box'>{controls}</div>"
            f"{paragraphs}</div></body></html>")
    text = _text(html)
    assert text.startswith(SENTENCES[0]), text[:60]


def test_a_kicker_and_a_subheading_above_the_first_sentence_are_kept() -> None:
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = (f"<html><body><h1>松溪镇净水站投用</h1><div class='content'><p>【民生实事】</p><p>一、净水站</p>"
            f"{paragraphs}</div></body></html>")
    assert _text(html).startswith("【民生实事】\n一、净水站\n")


def test_credit_and_series_lines_closing_the_body_go_with_the_furniture_after_them() -> None:
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = (f"<html><body><h1>松溪镇净水站投用</h1><div class='content'>{paragraphs}"
            "<p>松溪晚报记者</p><p>（民生实事）</p><p>■松溪晚报報料熱線﹕news@example.cn</p></div></body></html>")
    assert _text(html).endswith(SENTENCES[-1])


def test_a_story_of_linked_names_each_with_its_paragraph_is_kept() -> None:
    # each unit leads with a linked line long enough for a headline and holds a short paragraph:
    # shaped like a list of other stories' cards, but it is all the page has
    units = "".join(f"<div class='person'><p><a href='/people/{n}.html'>松溪镇劳动模范王{n}明同志</a></p>"
                    f"<p>{s}</p></div>" for n, s in enumerate(SENTENCES))
    html = f"<html><body><h1>松溪镇劳动模范</h1><div class='list'>{units}</div></body></html>"
    text = _text(html)
    assert all(s in text for s in SENTENCES), text
