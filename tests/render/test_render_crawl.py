"""Real crawls of demo-js, whose list pages are filled by JavaScript from a JSON endpoint.

Without rendering the crawl finds no article; with ``render: true`` it archives all of them, and
the WARC keeps the list page as served (its list still empty) plus the DOM the browser built, as a
``conversion`` record linked to it. A plain site crawled afterwards in the same session is not
touched by any of it, and a render site without a browser stops with a clear error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.render import find_browser
from demo.server import DemoPortal
from storage.store import FileStore, Store
from tests.integration.crawlkit import clean_records, crawl_env, payload_at, runs, scrapy_crawl, warc_records

pytestmark = pytest.mark.integration
CONFIGURED = os.environ.get("DIFANG_CHROMIUM", "")
needs_browser = pytest.mark.skipif(
    find_browser(CONFIGURED) is None,
    reason="no Chromium to render with: apt-get install chromium (.ci/run does) or set DIFANG_CHROMIUM")
EMPTY_LIST = re.compile(rb'<ul id="news-list" class="news-list" data-src="/api/list_(\d)\.json"></ul>')


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=1) as running:
        yield running


def crawl(portal: DemoPortal, tmp: Path, site: str, *, render: bool | str,
          env: dict[str, str] | None = None, settings: tuple[str, ...] = ()) -> dict[str, Any]:
    sites = tmp / "sites"
    portal.write_site_files(str(sites), render_js=bool(render))
    if render == "articles":
        path = sites / "demo-js.yaml"
        path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text(encoding="utf-8")), "render": render},
                                       allow_unicode=True), encoding="utf-8")
    extra = {"DIFANG_CHROMIUM": CONFIGURED} if CONFIGURED else {}
    before = len(portal.requests)
    proc = scrapy_crawl(site, crawl_env(tmp, sites, str(tmp / "archive"), {**extra, **(env or {})}), *settings)
    return {"proc": proc, "store": FileStore(tmp / "archive"),
            "requests": [(s, path) for s, _method, path in portal.requests[before:]]}


def records(store: Store, site: str) -> list[Any]:
    """Every WARC record of ``site`` with its payload read (HTTP payload for response records)."""
    out = []
    for key in sorted(store.list(f"raw/site={site}/")):
        if key.endswith(".warc.gz"):
            for record in warc_records(store, key):  # check_digests: raises on a damaged record
                out.append((record, record.content_stream().read()))
    return out


@pytest.fixture(scope="module")
def plain_js(portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(portal, tmp_path_factory.mktemp("js-plain"), "demo-js", render=False)


@pytest.fixture(scope="module")
def rendered_js(portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(portal, tmp_path_factory.mktemp("js-rendered"), "demo-js", render=True)


def test_without_rendering_no_articles(plain_js: dict[str, Any]) -> None:
    assert plain_js["proc"].returncode == 0, plain_js["proc"].stderr[-3000:]
    assert clean_records(plain_js["store"], "demo-js") == []
    paths = [path for site, path in plain_js["requests"] if site == "demo-js"]
    assert "/news/list_1.html" in paths  # the list page was there, and empty
    assert not [p for p in paths if p.startswith(("/api/", "/article/"))]
    assert "scrapy-playwright" not in plain_js["proc"].stderr


def test_without_rendering_the_crawl_says_why_it_found_nothing(plain_js: dict[str, Any]) -> None:
    # the list pages came without article links but with scripts: one line names a list page and
    # what to do, and the run counts it where the demo's table and the summary show errors
    lines = [line for line in plain_js["proc"].stderr.splitlines() if "(needs_render)" in line]
    assert len(lines) == 1, lines
    assert "/news/list_1.html: no article link in the HTML of" in lines[0]
    assert "render: true in " in lines[0] and "demo-js.yaml" in lines[0]
    (run,) = runs(plain_js["store"])
    paths = [path for site, path in plain_js["requests"] if site == "demo-js" and path.startswith("/news/")]
    assert run["stats"]["difang/errors/needs_render"] == len(paths)


@needs_browser
def test_with_rendering_all_articles(rendered_js: dict[str, Any], portal: DemoPortal) -> None:
    proc = rendered_js["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    store = rendered_js["store"]
    archived = clean_records(store, "demo-js")
    expected = portal.article_urls("demo-js")
    assert len(expected) == 8
    assert sorted(r["url"] for r in archived) == sorted(expected)
    for record in archived:  # articles themselves stay plain HTTP (render: true is list pages)
        warc, payload = payload_at(store, record["raw"])
        assert warc.rec_type == "response"
        gzipped = (warc.http_headers.get_header("Content-Encoding") or "") == "gzip"
        assert payload == portal.served_bytes(record["final_url"], gzip=gzipped)
    (run,) = runs(store)
    assert "difang/errors/needs_render" not in run["stats"] and "(needs_render)" not in proc.stderr
    assert run["stats"]["difang/render/pages"] == 2
    assert run["stats"]["playwright/page_count"] == 2


@needs_browser
def test_warc_holds_list_as_served_and_rendered_dom(rendered_js: dict[str, Any], portal: DemoPortal) -> None:
    everything = records(rendered_js["store"], "demo-js")
    lists = {}
    for number in (1, 2):
        url = f"{portal.sites['demo-js']}news/list_{number}.html"
        served = [(r, p) for r, p in everything
                  if r.rec_type == "response" and r.rec_headers.get_header("WARC-Target-URI") == url]
        assert len(served) == 1, f"list page {number}: one response record, not the DOM a second time"
        response, payload = served[0]
        # as served: the bytes the server sent, decoded by the browser, and said so in the headers
        assert payload == portal.served_bytes(url, gzip=False)
        assert EMPTY_LIST.search(payload) and b"<li>" not in payload
        http = response.http_headers
        assert http.get_header("Content-Encoding") is None
        assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
        (dom, html), = [(r, p) for r, p in everything
                        if r.rec_type == "conversion" and r.rec_headers.get_header("WARC-Target-URI") == url]
        assert dom.rec_headers.get_header("WARC-Refers-To") == response.rec_headers.get_header("WARC-Record-ID")
        assert dom.rec_headers.get_header("Content-Type") == "text/html; charset=utf-8"
        assert b'data-loaded="true"' in html and not EMPTY_LIST.search(html)
        lists[number] = html
    # the two lists together link every article, which is how the crawl found them
    linked = {m.decode() for html in lists.values() for m in re.findall(rb'href="(/article/[^"]+)"', html)}
    assert {portal.sites["demo-js"] + path.lstrip("/") for path in linked} == set(portal.article_urls("demo-js"))
    # what the page's script fetched is archived as served too
    api = [p for r, p in everything
           if r.rec_type == "response" and "/api/list_" in r.rec_headers.get_header("WARC-Target-URI")]
    assert len(api) == 2 and all(p.startswith(b'{"page": ') for p in api)


@needs_browser
def test_plain_site_in_the_same_session_unaffected(rendered_js: dict[str, Any], portal: DemoPortal,
                                                     tmp_path: Path) -> None:
    assert rendered_js["proc"].returncode == 0  # a browser crawl has run before this one
    result = crawl(portal, tmp_path, "demo-utf8", render=True)  # render_js touches demo-js only
    proc = result["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "scrapy-playwright" not in proc.stderr and "playwright" not in proc.stderr.lower()
    store = result["store"]
    assert {r["url"] for r in clean_records(store, "demo-utf8")} >= set(portal.article_urls("demo-utf8"))
    (run,) = runs(store)
    assert not [k for k in run["stats"] if "playwright" in k or k.startswith("difang/render/")]
    assert not [r for r, _ in records(store, "demo-utf8") if r.rec_type == "conversion"]


@needs_browser
def test_rendered_articles_point_at_the_page_as_served(portal: DemoPortal, tmp_path: Path) -> None:
    # render: articles, and a selector to wait for instead of network idle (one for both kinds)
    result = crawl(portal, tmp_path, "demo-js", render="articles",
                   settings=("-s", "RENDER_WAIT_SELECTOR=#news-list[data-loaded], article h1"))
    proc = result["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    store = result["store"]
    archived = clean_records(store, "demo-js")
    assert sorted(r["url"] for r in archived) == sorted(portal.article_urls("demo-js"))
    everything = records(store, "demo-js")
    for record in archived:
        warc, payload = payload_at(store, record["raw"])
        assert warc.rec_type == "response"
        assert payload == portal.served_bytes(record["final_url"], gzip=False)
        assert record["title"] and record["text"]
        (dom,) = [r for r, _ in everything if r.rec_type == "conversion"
                  and r.rec_headers.get_header("WARC-Refers-To") == record["raw"]["record_id"]]
        assert dom.rec_headers.get_header("WARC-Target-URI") == record["final_url"]
    (run,) = runs(store)
    assert run["stats"]["difang/render/pages"] == 2 + 8


def test_missing_browser_is_a_clear_error(portal: DemoPortal, tmp_path: Path) -> None:
    result = crawl(portal, tmp_path, "demo-js", render=True, env={"DIFANG_CHROMIUM": "/nonexistent"})
    proc = result["proc"]
    assert proc.returncode != 0
    assert ("site demo-js has render: true, but DIFANG_CHROMIUM=/nonexistent is not an executable file: "
            "install Chromium (Debian/Ubuntu: apt-get install chromium)") in proc.stderr
    assert not [r for r in result["requests"] if r[0] == "demo-js"], "nothing is fetched"
    assert not (tmp_path / "archive").exists() or not list((tmp_path / "archive").rglob("*.warc.gz"))
