"""The demo portal as a crawler sees it over HTTP: encodings, discovery files, faults, the API."""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.client import HTTPResponse
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from demo.server import DemoPortal, site_yaml

DESIGN_KEYS = ("name", "title", "start_urls", "feeds", "sitemaps", "article_urls", "follow_urls",
               "max_depth", "schedule", "timezone", "script", "render", "selectors")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(0, bench_articles=120) as running:
        yield running


def fetch(url: str, *, gzip_ok: bool = False) -> HTTPResponse:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response: HTTPResponse = opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        response = error  # type: ignore[assignment]  # an HTTPError is the response of a 3xx/4xx
    return response


def get(url: str, *, gzip_ok: bool = False) -> bytes:
    return fetch(url, gzip_ok=gzip_ok).read()


def test_every_site_listens_on_its_own_address_and_one_port(portal: DemoPortal) -> None:
    assert portal.port > 0
    for base in portal.sites.values():
        assert base.endswith(f":{portal.port}/")
        assert get(base)  # the home page answers
    assert portal.sites["demo-utf8"] == f"http://127.0.0.2:{portal.port}/"
    assert portal.sites["demo-gbk"] == f"http://127.0.0.3:{portal.port}/"
    assert portal.sites["demo-big5"] == f"http://127.0.0.4:{portal.port}/"


def test_every_site_has_at_least_eight_articles_that_answer(portal: DemoPortal) -> None:
    for site in portal.sites:
        urls = portal.article_urls(site)
        assert len(urls) >= 8, site
        assert len(set(urls)) == len(urls)
        for url in urls:
            assert fetch(url).status == 200, url


def test_served_bytes_equal_what_was_received_plain_and_gzip(portal: DemoPortal) -> None:
    for site in portal.sites:
        url = portal.article_urls(site)[0]
        plain = fetch(url)
        assert plain.headers.get("Content-Encoding") is None
        assert plain.read() == portal.served_bytes(url, gzip=False)
        packed = fetch(url, gzip_ok=True)
        assert packed.headers["Content-Encoding"] == "gzip"
        body = packed.read()
        assert body == portal.served_bytes(url, gzip=True)
        assert gzip.decompress(body) == portal.served_bytes(url, gzip=False)


def test_utf8_site_is_utf8_and_says_so(portal: DemoPortal) -> None:
    url = portal.article_urls("demo-utf8")[0]
    response = fetch(url)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    text = response.read().decode("utf-8")
    assert "来源：江川日报" in text and "ICP备" in text and "2026-11-" in text


def test_gbk_site_declares_gb2312_in_meta_only_and_needs_gbk(portal: DemoPortal) -> None:
    url = portal.article_urls("demo-gbk")[0]
    response = fetch(url)
    assert response.headers["Content-Type"] == "text/html"  # no charset in the header
    raw = response.read()
    assert b'content="text/html; charset=gb2312"' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    pages = [get(u).decode("gb18030") for u in portal.article_urls("demo-gbk")]
    assert all("来源：" in p and "发布时间：" in p for p in pages)
    text = "".join(pages)
    assert "喆" in text and "堃" in text and "镕" in text
    with pytest.raises(UnicodeDecodeError):
        "".join(pages).encode("gbk").decode("gb2312")  # the declared charset is wrong


def test_big5_site_is_big5hkscs_with_farm_decorations(portal: DemoPortal) -> None:
    texts = [get(u).decode("big5hkscs") for u in portal.article_urls("demo-big5")]
    assert all("相關新聞" in t and "熱門排行" in t for t in texts)
    joined = "".join(texts)
    assert "全球看點:" in joined and "_環球報資訊" in joined and "醫(yī)" in joined
    assert fetch(portal.article_urls("demo-big5")[0]).headers["Content-Type"] == "text/html; charset=big5"


def test_big5_republishes_two_utf8_stories_with_a_cut_paragraph(portal: DemoPortal) -> None:
    big5 = portal.portal.sites["demo-big5"]
    copies = big5.republished()  # type: ignore[attr-defined]
    assert len(copies) >= 2
    originals = {a.id: a for a in portal.portal.sites["demo-utf8"].articles}
    for copy_id, original_id in copies.items():
        copy = next(a for a in big5.articles if a.id == copy_id)
        original = originals[original_id]
        assert copy.source == "江川日報"
        assert copy.title != original.title
        assert len(copy.paragraphs) >= len(original.paragraphs) - 1


def test_robots_names_the_sitemap_and_disallows_private(portal: DemoPortal) -> None:
    robots = get(portal.sites["demo-utf8"] + "robots.txt").decode()
    assert "Disallow: /private/" in robots
    assert f"Sitemap: http://127.0.0.2:{portal.port}/sitemap.xml" in robots
    list_page = get(portal.sites["demo-utf8"] + "news/list_1.html").decode()
    assert 'href="/private/secret.html"' in list_page  # the temptation


def test_sitemap_index_points_at_a_urlset_and_a_gzip_urlset(portal: DemoPortal) -> None:
    index = ET.fromstring(get(portal.sites["demo-utf8"] + "sitemap.xml"))
    assert index.tag == SITEMAP_NS + "sitemapindex"
    locations = [e.text or "" for e in index.iter(SITEMAP_NS + "loc")]
    assert any(loc.endswith(".xml.gz") for loc in locations)
    listed: set[str] = set()
    for location in locations:
        response = fetch(location, gzip_ok=True)
        body = response.read()
        if location.endswith(".gz"):
            assert response.headers.get("Content-Encoding") is None  # the file itself is gzip
            body = gzip.decompress(body)
        elif response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        urlset = ET.fromstring(body)
        assert urlset.tag == SITEMAP_NS + "urlset"
        listed |= {e.text or "" for e in urlset.iter(SITEMAP_NS + "loc")}
    assert set(portal.article_urls("demo-utf8")) <= listed


def test_feeds_parse_and_list_the_articles(portal: DemoPortal) -> None:
    rss = ET.fromstring(get(portal.sites["demo-utf8"] + "rss.xml"))
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    assert {e.text for e in rss.iter("link")} >= set(portal.article_urls("demo-utf8"))
    atom = ET.fromstring(get(portal.sites["demo-gbk"] + "atom.xml"))
    ns = "{http://www.w3.org/2005/Atom}"
    assert atom.tag == ns + "feed"
    assert {e.get("href") for e in atom.iter(ns + "link")} >= set(portal.article_urls("demo-gbk"))
    news = ET.fromstring(get(portal.sites["demo-big5"] + "sitemap_news.xml"))
    assert len(news.findall(".//{http://www.google.com/schemas/sitemap-news/0.9}news")) >= 8
    assert "sitemap_news.xml" in get(portal.sites["demo-big5"] + "robots.txt").decode()


def test_multi_page_article_links_its_pages(portal: DemoPortal) -> None:
    first = next(u for u in portal.article_urls("demo-utf8") if "content_1005" in u)
    text = get(first).decode()
    assert 'href="content_1005_2.htm"' in text and "下一页" in text
    for number in (2, 3):
        assert fetch(first.replace(".htm", f"_{number}.htm")).status == 200


def test_fault_cases(portal: DemoPortal) -> None:
    faults = portal.fault_urls("demo-utf8")
    assert fetch(faults["not_found"]).status == 404
    moved = fetch(faults["redirect"])
    assert moved.status == 302 and moved.headers["Location"] in portal.article_urls("demo-utf8")
    first = fetch(faults["redirect_loop"])
    second = fetch(first.headers["Location"])
    assert first.status == second.status == 302 and second.headers["Location"] == faults["redirect_loop"]
    pdf = fetch(faults["pdf"])
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.read().startswith(b"%PDF-")
    list_pages = "".join(get(portal.sites["demo-utf8"] + f"news/list_{n}.html").decode() for n in (1, 2, 3))
    for url in faults.values():
        assert url.split(f":{portal.port}", 1)[1] in list_pages  # every fault is linked


def test_oversize_article_streams_more_than_12_mib(portal: DemoPortal) -> None:
    url = portal.fault_urls("demo-utf8")["oversize"]
    response = fetch(url, gzip_ok=True)
    length = int(response.headers["Content-Length"])
    assert length > 12 * 1024 * 1024
    assert response.headers.get("Content-Encoding") is None
    received = 0
    while chunk := response.read(1 << 20):
        received += len(chunk)
    assert received == length
    # a client that hangs up half way does not disturb the server
    fetch(url).read(4096)
    assert fetch(portal.article_urls("demo-utf8")[0]).status == 200


def test_requests_are_logged_with_site_method_and_query(portal: DemoPortal) -> None:
    get(portal.sites["demo-gbk"] + "xwzx/zwdt/index.html?from=test")
    assert ("demo-gbk", "GET", "/xwzx/zwdt/index.html?from=test") in portal.requests
    head = urllib.request.urlopen(urllib.request.Request(portal.sites["demo-big5"], method="HEAD"), timeout=10)
    assert head.read() == b"" and int(head.headers["Content-Length"]) > 0
    assert ("demo-big5", "HEAD", "/") in portal.requests


def test_site_files_name_the_port_and_hosts(portal: DemoPortal, tmp_path: Path) -> None:
    paths = portal.write_site_files(str(tmp_path))
    assert len(paths) == len(portal.sites)
    for path in paths:
        definition = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        assert tuple(definition) == DESIGN_KEYS
        site = portal.portal.sites[definition["name"]]
        urls = definition["start_urls"] + definition["feeds"] + definition["sitemaps"]
        assert {urlsplit(u).hostname for u in urls} == {site.address}
        assert all(urlsplit(u).port == portal.port for u in urls)
        for url in portal.article_urls(site.name):
            assert any(re.search(p, url) for p in definition["article_urls"]), url
        for url in site.fault_paths().values():
            assert not any(re.search(p, url) for p in definition["follow_urls"]), url


def test_committed_demo_sites_match_the_generator() -> None:
    """demo/sites/*.yaml (what `make demo` crawls, port 8701) are what write_site_files writes."""
    folder = Path(__file__).resolve().parents[2] / "demo" / "sites"
    fixed = DemoPortal(8701)
    expected = {name: site_yaml(d) for name, d in fixed.site_definitions().items()}
    assert {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")} == expected


def test_js_site_list_is_empty_without_a_browser_and_its_endpoint_lists_every_article(portal: DemoPortal) -> None:
    base = portal.sites["demo-js"]
    listed: list[str] = []
    for number in (1, 2):
        page = get(base + f"news/list_{number}.html").decode()
        assert '<ul id="news-list" class="news-list" data-src="/api/list_' in page and "</ul>" in page
        assert "/article/" not in page  # a plain fetch finds no article link
        data = json.loads(get(base + f"api/list_{number}.json"))
        listed += [base.rstrip("/") + item["url"] for item in data["items"]]
    assert sorted(listed) == sorted(portal.article_urls("demo-js"))
    assert fetch(base + "robots.txt").status == 404


def test_bench_site_size_lists_and_determinism(portal: DemoPortal) -> None:
    urls = portal.article_urls("demo-bench")
    assert len(urls) == 120
    first_list = get(portal.sites["demo-bench"] + "list_1.html").decode()
    assert first_list.count('href="/content/') == 50
    assert 'href="/list_3.html"' in first_list  # the archive links every list page
    last_list = get(portal.sites["demo-bench"] + "list_3.html").decode()
    assert last_list.count('href="/content/') == 20
    assert fetch(portal.sites["demo-bench"] + "list_4.html").status == 404
    assert get(urls[-1]) == get(urls[-1]) == DemoPortal(portal.port, bench_articles=5000).served_bytes(
        urls[-1], gzip=False)  # article N is the same whatever the size
    assert fetch(urls[-1].replace("000120", "000121")).status == 404


def test_bench_size_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIFANG_DEMO_BENCH_ARTICLES", "1234")
    assert len(DemoPortal(8701).article_urls("demo-bench")) == 1234
    monkeypatch.delenv("DIFANG_DEMO_BENCH_ARTICLES")
    assert len(DemoPortal(8701).article_urls("demo-bench")) == 30


def test_render_js_switches_only_the_js_site(tmp_path: Path) -> None:
    DemoPortal(8701).write_site_files(str(tmp_path), render_js=True)
    rendered = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["render"] for p in tmp_path.glob("*.yaml")}
    assert rendered == {"demo-utf8": False, "demo-gbk": False, "demo-big5": False, "demo-js": True,
                        "demo-bench": False}
