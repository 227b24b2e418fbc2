"""The public API of pipelines.article on small hand-written pages."""

from __future__ import annotations

from pipelines.article import Article, article_page_links, extract_article, merge_pages

PORTAL_PAGE = """<?xml version="1.0" encoding="gbk"?>
<html><head><title>昌平生命谷签约十九个医药健康项目_要闻_昌平新闻网</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/yw/">要闻</a> <a href="/sh/">社会</a></div>
<h1>昌平生命谷签约十九个医药健康项目</h1>
<div class="info">发布时间：2023-03-03 09:15 来源：昌平新闻网 作者：孙云柯</div>
<div class="content">
<p>3月3日，19个医药健康产业重大项目在昌平区中关村生命科学园签约落地，涵盖科技、资本、服务等环节。</p>
<p>昌平区相关负责人介绍，当前昌平正启动实施医药健康产业倍增行动计划，重点聚焦三大主赛道。</p>
<p>（责任编辑：王小明）</p>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a.html">北京：未来三天气温升高</a></li></ul></div>
<div class="footer">版权所有 昌平新闻网 京ICP备12345678号</div>
</body></html>"""


def test_extracts_fields_of_a_portal_page() -> None:
    article = extract_article(PORTAL_PAGE, "http://cp.example.cn/yw/2023-03/03/content_1.htm")
    assert article.title == "昌平生命谷签约十九个医药健康项目"
    assert article.title_raw == "昌平生命谷签约十九个医药健康项目_要闻_昌平新闻网"
    assert article.text.split("\n") == [
        "3月3日，19个医药健康产业重大项目在昌平区中关村生命科学园签约落地，涵盖科技、资本、服务等环节。",
        "昌平区相关负责人介绍，当前昌平正启动实施医药健康产业倍增行动计划，重点聚焦三大主赛道。",
    ]
    assert article.published_at == "2023-03-03T09:15:00+08:00"
    assert article.source == "昌平新闻网"
    assert article.authors == ["孙云柯"]
    assert article.editor == "王小明"


def test_date_falls_back_to_url_in_site_timezone() -> None:
    page = "<html><body><p>一段没有日期的正文，写得足够长，才能被认作正文内容。</p></body></html>"
    article = extract_article(page, "http://x.example.cn/xw/202303/t20230303_99.html",
                              timezone="Asia/Urumqi")
    assert article.published_at == "2023-03-03T00:00:00+06:00"


def test_empty_page_gives_empty_article() -> None:
    article = extract_article("", "http://x.example.cn/")
    assert article.text == "" and article.title == "" and article.published_at is None


def test_continuation_pages_in_order() -> None:
    page = """<html><body><div class="page"><a href="content_7.htm">1</a>
    <a href="content_7_3.htm">3</a><a href="content_7_2.htm">2</a><a href="content_7_2.htm">下一页</a>
    <a href="content_8.htm">别的文章</a></div></body></html>"""
    links = article_page_links(page, "http://x.example.cn/a/content_7.htm")
    assert links == ["http://x.example.cn/a/content_7_2.htm", "http://x.example.cn/a/content_7_3.htm"]
    assert article_page_links("<p>单页</p>", "http://x.example.cn/a/content_7.htm") == []


def test_merge_pages_keeps_first_metadata() -> None:
    first = Article(title="标题", title_raw="标题_网", text="第一页。", published_at="2023-03-03T09:15:00+08:00",
                    source="某报", authors=["甲"], images=[{"src": "http://x/1.jpg", "caption": ""}])
    second = Article(title="标题", title_raw="标题_网", text="第二页。", editor="乙",
                     images=[{"src": "http://x/2.jpg", "caption": "图"}])
    merged = merge_pages([first, second])
    assert merged.text == "第一页。\n第二页。"
    assert merged.source == "某报" and merged.editor == "乙"
    assert [i["src"] for i in merged.images] == ["http://x/1.jpg", "http://x/2.jpg"]
