"""Script, time zone, name and title of a portal, from what its pages say (crawler.probe.locale)."""

from __future__ import annotations

import pytest

from crawler.probe.locale import decide_script, decide_timezone, site_name, site_title, stated_offsets


def test_offsets_stated_by_pages_and_feeds() -> None:
    found = stated_offsets(['<meta property="article:published_time" content="2026-11-09T16:30:00+08:00">',
                            "<pubDate>Mon, 09 Nov 2026 16:40:00 +0800</pubDate>",
                            '<time datetime="2026-11-09T08:30:00Z">', "2026-11-09 16:30 no offset"])
    assert found == {"+08:00": 2}


@pytest.mark.parametrize(("offsets", "host", "script", "zone", "noted"), [
    ({"+08:00": 5}, "www.yunxi.gov.cn", "zh-Hans", "Asia/Shanghai", False),
    ({"+08:00": 5}, "news.example.com", "zh-TW", "Asia/Taipei", False),
    ({"+08:00": 5}, "www.example.hk", "zh-Hant", "Asia/Hong_Kong", False),
    ({"-05:00": 3, "-04:00": 4}, "www.example.com", "zh-Hans", "America/New_York", True),
    ({"+01:00": 3, "+02:00": 4}, "www.rfi.fr", "zh-Hans", "Europe/Paris", False),
    ({}, "127.0.3.1", "zh-Hans", "Asia/Shanghai", True),
    ({}, "127.0.3.8", "zh-TW", "Asia/Taipei", True),
    ({"+08:00": 2}, "www.example.com", "zh-Hant", "Asia/Shanghai", True),
])
def test_time_zone(offsets: dict[str, int], host: str, script: str, zone: str, noted: bool) -> None:
    from collections import Counter

    decided = decide_timezone(Counter(offsets), host, script)
    assert decided.value == zone
    assert bool(decided.note) is noted


def test_script_of_the_sampled_articles() -> None:
    assert decide_script(["江川市人民医院胸痛中心通过国家认证。"]).value == "zh-Hans"
    assert decide_script(["江川市人民醫院胸痛中心通過國家認證，這是本市第一家。"]).value.startswith("zh-")
    assert decide_script(["江川市人民醫院胸痛中心通過國家認證，這是本市第一家。"]).value != "zh-Hans"
    assert decide_script(["no Chinese here"]).note


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.yunxi.gov.cn/", "yunxi"), ("http://news.sina.com.cn/", "sina"),
    ("http://127.0.3.1:8702/", "127-0-3-1"), ("https://www.example-county.gov.cn/x/", "example-county"),
])
def test_site_name_from_the_host(url: str, name: str) -> None:
    assert site_name(url) == name


def test_site_title_is_what_the_page_titles_share() -> None:
    titles = ["政务动态_云溪县人民政府", "云溪县完成农村饮水安全工程_云溪县人民政府", "通知公告_云溪县人民政府"]
    assert site_title(titles, "yunxi") == "云溪县人民政府"
    assert site_title(["首页 - 江川新闻网"], "x") == "江川新闻网"
    assert site_title([""], "fallback") == "fallback"
