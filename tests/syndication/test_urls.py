"""canonicalize_url, canonical_from_html and record_id: one test per rule."""

from __future__ import annotations

import pytest

from pipelines.syndication import canonical_from_html, canonicalize_url, record_id, registrable_domain

BASE = "https://www.bjd.com.cn/a/202303/03/AP6401c0f4e4b0d7f3c7c0a1b2.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.BJD.COM.CN/a/1.html", "https://www.bjd.com.cn/a/1.html"),  # scheme, host case
        ("http://news.example.cn:80/a/1.html", "http://news.example.cn/a/1.html"),  # default port
        ("https://news.example.cn:443/a/1.html", "https://news.example.cn/a/1.html"),
        ("https://news.example.cn:8443/a/1.html", "https://news.example.cn:8443/a/1.html"),  # kept
        ("https://news.example.cn/a/1.html#comments", "https://news.example.cn/a/1.html"),  # fragment
        ("https://x.cn/a.html?utm_source=wx&utm_medium=share&id=3", "https://x.cn/a.html?id=3"),
        ("https://x.cn/a.html?spm=a2c4g.1&from=timeline&isappinstalled=0", "https://x.cn/a.html"),
        ("https://x.cn/a.html?share_token=ab&scene=1&clicktime=1677800000&ref=weibo", "https://x.cn/a.html"),
        ("https://x.cn/list?page=2&cat=5", "https://x.cn/list?cat=5&page=2"),  # sorted query
        ("https://x.cn/a.html?q=&id=1", "https://x.cn/a.html?id=1&q="),  # blank values kept
        ("https://x.cn/a/./b/../c//d.html", "https://x.cn/a/c/d.html"),  # path normalized
        ("https://x.cn", "https://x.cn/"),  # empty path
        ("https://x.cn/news/", "https://x.cn/news/"),  # trailing slash kept
        ("https://新闻.中国/a.html", "https://xn--efvy88h.xn--fiqs8s/a.html"),  # IDNA
        ("https://x.cn/%e6%96%b0%e9%97%bb.html", "https://x.cn/%E6%96%B0%E9%97%BB.html"),  # escapes
        ("https://x.cn/新闻.html", "https://x.cn/%E6%96%B0%E9%97%BB.html"),
        ("https://user:pw@x.cn/a.html", "https://x.cn/a.html"),  # credentials dropped
    ],
)
def test_canonicalize_url_rules(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_mobile_host_rule() -> None:
    rules = {"m.bjd.com.cn": "www.bjd.com.cn"}
    assert canonicalize_url("https://M.bjd.com.cn/a/1.html?from=app", mobile_hosts=rules) == (
        "https://www.bjd.com.cn/a/1.html"
    )
    assert canonicalize_url("https://news.bjd.com.cn/a/1.html", mobile_hosts=rules) == (
        "https://news.bjd.com.cn/a/1.html"
    )


def test_canonicalize_is_idempotent() -> None:
    once = canonicalize_url("HTTP://X.cn:80/a/../b.html?z=1&utm_x=2&a=%E4%B8%AD#f")
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    ("host", "domain"),
    [("news.bjd.com.cn", "bjd.com.cn"), ("www.beijing.gov.cn", "beijing.gov.cn"),
     ("a.b.example.com", "example.com"), ("www.rbc.bj.cn", "rbc.bj.cn"), ("x.cn", "x.cn")],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_canonical_from_html_relative_and_same_domain() -> None:
    html = '<html><head><link rel="canonical" href="/a/202303/03/1.html?utm_source=x"></head></html>'
    assert canonical_from_html(html, BASE) == "https://www.bjd.com.cn/a/202303/03/1.html"
    html = "<link href='https://m.bjd.com.cn/a/1.html' rel='alternate canonical'>"
    assert canonical_from_html(html, BASE) == "https://m.bjd.com.cn/a/1.html"


@pytest.mark.parametrize(
    "html",
    [
        '<link rel="canonical" href="https://www.farm-news.com/a/1.html">',  # other domain
        '<link rel="canonical" href="https://www.bjd.com.cn/">',  # home page for an article
        '<link rel="canonical" href="">',
        '<link rel="canonical" href="javascript:void(0)">',
        '<link rel="stylesheet" href="/a.css">',
        "<p>no head</p>",
    ],
)
def test_canonical_from_html_rejects_insane(html: str) -> None:
    assert canonical_from_html(html, BASE) is None


def test_record_id_is_stable_hex() -> None:
    rid = record_id("https://www.bjd.com.cn/a/1.html")
    assert rid == record_id("https://www.bjd.com.cn/a/1.html")
    assert len(rid) == 16 and int(rid, 16) >= 0
    assert rid != record_id("https://www.bjd.com.cn/a/2.html")
