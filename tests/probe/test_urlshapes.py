"""URL shapes: how links become the patterns of a site file (crawler.probe.urlshapes)."""

from __future__ import annotations

import pytest
import re2

from crawler.probe.urlshapes import group_by_shape, learn_patterns, loose_groups, pattern_for, scope_of

H = "http://portal.example.cn"


@pytest.mark.parametrize(("urls", "pattern"), [
    # TRS county portals: the section directories differ, the dated tail does not
    ([f"{H}/xwzx/bdxw/202405/t20240517_1234567.shtml", f"{H}/zwgk/tzgg/202404/t20240430_99.shtml"],
     r"/\d{6}/t\d{8}_\d+\.shtml$"),
    # dated content pages: zero-padded months and days keep two digits
    ([f"{H}/2026-11/09/content_1010.htm", f"{H}/2026-10/30/content_902.htm"],
     r"/\d{4}-\d{2}/\d{2}/content_\d+\.htm$"),
    # Hanweb: days without padding, so months may lose theirs too
    ([f"{H}/art/2024/11/17/art_1234_56789.html", f"{H}/art/2024/11/7/art_1234_56790.html"],
     r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"),
    # ids in the query
    ([f"{H}/show.php?catid=2&id=123", f"{H}/show.php?catid=15&id=12345"], r"/show\.php\?catid=\d+&id=\d+$"),
    # a shared directory before the tail is kept; ids that look like days are still ids
    ([f"{H}/news/202611/07/381206.html", f"{H}/news/202611/06/12.html"], r"/news/\d{6}/\d{2}/\d+\.html$"),
    # hash ids and slugs
    ([f"{H}/a/2026/11/09/8f3a2c1d9e4b7a60.html", f"{H}/a/2026/11/08/0b3a2c1d9e4b7a61.html"],
     r"/a/\d{4}/\d{2}/\d{2}/[0-9A-Za-z]+\.html$"),
    ([f"{H}/2026/11/09/hualien-county-night-market/", f"{H}/2026/11/08/river-bridge-festival-opens/"],
     r"/\d{4}/\d{2}/\d{2}/[0-9A-Za-z-]+/$"),
])
def test_one_pattern_per_shape(urls: list[str], pattern: str) -> None:
    groups = list(group_by_shape(urls).values())
    assert len(groups) == 1
    assert pattern_for(groups[0]) == pattern
    compiled = re2.compile(pattern)
    assert all(compiled.search(u) for u in urls)


def test_ids_are_not_pinned_to_todays_width() -> None:
    pattern = learn_patterns([f"{H}/content/202611/01/000001.html", f"{H}/content/202611/01/000002.html"])[0]
    assert re2.compile(pattern).search(f"{H}/content/202712/31/1234567.html")


def test_sub_site_scope_anchors_the_pattern() -> None:
    urls = [f"{H}/yunxi/xwdt/content_4101.html", f"{H}/yunxi/tzgg/content_4201.html"]
    [pattern] = learn_patterns(urls, scope="/yunxi/")
    compiled = re2.compile(pattern)
    assert all(compiled.search(u) for u in urls)
    assert not compiled.search(f"{H}/baihe/xwdt/content_5101.html")
    assert not compiled.search(f"{H}/sheng/xwdt/yunxi/content_1.html")


def test_a_shape_holding_non_articles_is_split_by_directory() -> None:
    articles = [f"{H}/xwzx/bdxw/202611/t20261109_1.shtml", f"{H}/xwzx/xzdt/202611/t20261108_2.shtml"]
    videos = [f"{H}/spzx/202611/t20261107_9.shtml"]
    patterns = learn_patterns(articles, videos)
    assert len(patterns) == 2
    assert all(any(re2.compile(p).search(u) for p in patterns) for u in articles)
    assert not any(re2.compile(p).search(videos[0]) for p in patterns)


def test_page_numbers_are_any_number_and_list_names_any_word() -> None:
    [family] = loose_groups([f"{H}/channel/local.html?page=2", f"{H}/channel/society.html?page=3"])
    pattern = pattern_for(family, dates=False)
    assert pattern == r"/channel/[A-Za-z]+\.html\?page=\d+$"
    assert re2.compile(pattern).search(f"{H}/channel/sports.html?page=120")
    [trs] = loose_groups([f"{H}/xwzx/bdxw/index_1.shtml", f"{H}/xwzx/bdxw/index_2.shtml"])
    assert pattern_for(trs, dates=False) == r"/xwzx/bdxw/index_\d+\.shtml$"


@pytest.mark.parametrize(("url", "scope"), [
    (f"{H}/", "/"), (f"{H}/yunxi/", "/yunxi/"), (f"{H}/yunxi/index.html", "/yunxi/"),
    (f"{H}/news/list_1.html", "/"),
])
def test_scope_of_a_home_page(url: str, scope: str) -> None:
    assert scope_of(url) == scope
