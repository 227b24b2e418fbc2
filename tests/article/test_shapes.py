"""Rules for page shapes met on portals not seen before: script data, forum posts, print views,
tables, wire leads, bracketed credits. Each rule is also guarded by a template of the golden set
(shape_templates.py); these tests pin the rule itself on the smallest page that needs it."""

from __future__ import annotations

import json

import pytest

from pipelines.article import extract_article
from pipelines.article.boilerplate import is_boilerplate_line
from pipelines.article.byline import find_authors, find_editor, find_source, lead_credit_authors
from pipelines.article.dates import iso, split_date

PARAGRAPH = "县里召开会议，部署春耕备耕工作，要求各乡镇抓好落实，确保不误农时，让群众得到实惠。"


def test_credit_brackets_name_reporters_without_a_space() -> None:
    assert lead_credit_authors("新华社宜宾3月5日电（记者王明、李华）" + PARAGRAPH) == ["王明", "李华"]
    assert lead_credit_authors("本报讯（记者王明 通讯员李华）" + PARAGRAPH) == ["王明", "李华"]
    assert find_authors("（記者何倩／報導）") == ["何倩"]
    assert find_authors("記者 杜春華／綜合報導") == ["杜春華"]
    # outside a credit bracket a role glued to a word is prose, not a byline
    assert find_authors("记者了解到，今年的订单比去年多了三成。") == []


def test_editors_joined_and_sources_closed_by_brackets() -> None:
    assert find_editor("(责编：余丽萍、邱洁)") == "余丽萍、邱洁"
    assert find_editor("编辑：林德平　审核：韩振宇") == "林德平"
    assert find_source("【时间：2023-9-3】【来源：光山县宣传部】【作者：段桂兰】") == "光山县宣传部"


@pytest.mark.parametrize("line", [
    "本文网址：http://www.example.cn/content/2024-02/25/content_70049.htm",
    "【免責聲明】本文僅代表作者本人觀點，與本網站無關。",
    "【时间：2023-9-3】【来源：光山县宣传部】",
    "广告加载中",
    "霍山小编 发表于 2023-12-12 13:49",
])
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate_line(line)


def test_prose_that_mentions_publication_is_kept() -> None:
    assert not is_boilerplate_line("研究成果发表于2023年3月的《自然》杂志，引起广泛关注。")


def test_dates_printed_in_pieces() -> None:
    found = split_date("2024 01/23 16:09:31", "Asia/Shanghai")
    assert found is not None and iso(found.moment) == "2024-01-23T16:09:31+08:00"
    assert split_date("2024年全县新增就业8926人", "Asia/Shanghai") is None


def test_relative_time_reads_its_title_not_a_reply() -> None:
    html = (f"<html><head><title>县里部署春耕 - 论坛</title></head><body><h1>县里部署春耕</h1>"
            f'<div class="post"><em>发表于 <span title="2023-12-12 13:49">3 天前</span></em>'
            f"<div>{PARAGRAPH}</div></div>"
            f'<div class="reply"><em>发表于 2023-12-12 13:54</em><div>支持！</div></div></body></html>')
    assert extract_article(html, "http://bbs.example.cn/t/1").published_at == "2023-12-12T13:49:00+08:00"


def test_heading_agreeing_with_title_beats_a_shown_site_name() -> None:
    html = ("<html><head><title>县里部署春耕工作 - 本地新闻 - 长宁论坛</title></head><body>"
            '<div class="logo">长宁论坛</div><h1><a href="/t">[本地资讯]</a> <span>县里部署春耕工作</span></h1>'
            f"<div>{PARAGRAPH}</div></body></html>")
    assert extract_article(html, "http://bbs.example.cn/t/1").title == "县里部署春耕工作"


def test_one_paragraph_beats_the_pages_own_address() -> None:
    html = ("<html><head><title>县里部署春耕</title></head><body><table>"
            "<tr><td><b>县里部署春耕</b></td></tr>"
            f"<tr><td><p>{PARAGRAPH}</p></td></tr>"
            "<tr><td>本文网址：http://www.example.cn/content/2024-02/25/content_70049.htm</td></tr>"
            "</table></body></html>")
    assert extract_article(html, "http://www.example.cn/print.asp?id=1").text == PARAGRAPH


def test_table_rows_are_lines_of_space_joined_cells() -> None:
    table = ("<table><tr><th>品名</th><th>单位</th><th>均价</th></tr>"
             "<tr><td><p>白菜</p></td><td><p>斤</p></td><td><p>2.50</p></td></tr></table>")
    html = (f"<html><head><title>县城菜价平稳</title></head><body><h1>县城菜价平稳</h1>"
            f"<div class='content'><p>{PARAGRAPH}</p><p>附：主要农副产品价格</p>{table}</div></body></html>")
    text = extract_article(html, "http://www.example.cn/a/1.html").text
    assert text.split("\n") == [PARAGRAPH, "附：主要农副产品价格", "品名 单位 均价", "白菜 斤 2.50"]


def test_story_in_script_data_replaces_a_stub() -> None:
    paragraphs = [PARAGRAPH, "各乡镇成立工作专班，逐村逐户落实种子、化肥和农机，确保春耕生产顺利推进。", PARAGRAPH[2:]]
    state = {"data": {"item": {"newsTitle": "县里部署春耕工作", "writer": "王明", "chargeEditor": "李华",
                               "pubTime": 1709602860000, "richText": "".join(f"<p>{p}</p>" for p in paragraphs)}}}
    data = json.dumps(state, ensure_ascii=True).replace("</", "<\\/")
    html = ("<html><head><title>县里部署春耕工作</title>"
            f"<script>window.__STATE__ = {data};</script></head><body>"
            "<h1>县里部署春耕工作</h1><span>2024-03-05</span><p>打开客户端，阅读全文</p></body></html>")
    article = extract_article(html, "https://h5.example.cn/d/1")
    assert article.text.split("\n") == paragraphs
    assert article.authors == ["王明"] and article.editor == "李华"
    assert article.published_at == "2024-03-05T09:41:00+08:00"


def test_script_data_of_another_story_is_left_alone() -> None:
    state = {"recommend": {"title": "另一篇报道的标题完全不同", "content": PARAGRAPH * 5}}
    html = ("<html><head><title>县里部署春耕工作</title>"
            f"<script>var pageData = {json.dumps(state, ensure_ascii=False)};</script></head><body>"
            f"<h1>县里部署春耕工作</h1><div><p>{PARAGRAPH}</p></div></body></html>")
    assert extract_article(html, "https://www.example.cn/a/1.html").text == PARAGRAPH


def test_story_in_a_json_parse_string() -> None:
    state = {"info": {"title": "县里部署春耕工作", "content": "\n".join([PARAGRAPH, PARAGRAPH[3:], PARAGRAPH[5:]])}}
    literal = json.dumps(json.dumps(state, ensure_ascii=False), ensure_ascii=False)
    html = ("<html><head><title>县里部署春耕工作</title>"
            f"<script>var data = JSON.parse({literal});</script></head><body>"
            "<h1>县里部署春耕工作</h1><p>下载客户端，查看全文</p></body></html>")
    assert extract_article(html, "https://h5.example.cn/d/2").text == state["info"]["content"]
