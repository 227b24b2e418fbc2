"""A probed site file crawled for real (bench/probe runs every shape, against the hand-written files);
render decided with and without a browser; a site file without article_urls crawled by content."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import re2

from bench.probe.measure import crawl, probe_site, write_site
from core.sites import load_site_file
from crawler.render import find_browser
from demo.shapes import ShapePortals
from pipelines.rebuild import Rebuild, RebuildOptions
from storage.store import FileStore

pytestmark = pytest.mark.integration
BROWSER = find_browser(os.environ.get("DIFANG_CHROMIUM", ""))


@pytest.fixture(scope="module")
def shapes() -> Iterator[ShapePortals]:
    with ShapePortals(port=0, names=["rmt-trs", "php-query", "js-list"]) as running:
        yield running


def test_probed_file_crawled_for_real_reaches_the_articles(shapes: ShapePortals, tmp_path: Path) -> None:
    # bench/probe/run.py crawls the hand-written file too, for every shape; here the site's own
    # list of articles (which that file reaches in full) stands in for it
    shape = shapes.shapes["rmt-trs"]
    result = probe_site(shape.probe_url, "rmt-trs", shapes.host_of("rmt-trs"), tmp_path, browser=None)
    truth = set(shape.article_urls())
    judged = {p.final_url for p in result.pages if p.verdict.is_article}
    assert judged and judged <= truth  # no page taken for an article that is not one
    assert {p.final_url for p in result.pages} & set(shape.non_article_urls())  # a video page was judged
    assert result.site["render"] is False and result.requests <= 40
    archived = crawl(write_site(tmp_path / "probed", result.site).parent, "rmt-trs", tmp_path / "crawl")
    assert archived <= truth
    assert len(archived) >= 0.95 * len(truth), sorted(truth - archived)[:5]


def test_render_is_set_by_what_the_browser_shows(shapes: ShapePortals, tmp_path: Path) -> None:
    shape = shapes.shapes["js-list"]
    without = probe_site(shape.probe_url, "js-list", shapes.host_of("js-list"), tmp_path / "plain", browser=None)
    assert without.site["render"] is False
    assert any(line.startswith("render: ") and "no browser" in line for line in without.undecided)
    assert not [e for e in without.exchanges if e.kind == "rendered"]
    if BROWSER is None:
        pytest.skip("no Chromium to render with: apt-get install chromium (.ci/run does) or set DIFANG_CHROMIUM")
    rendered = probe_site(shape.probe_url, "js-list", shapes.host_of("js-list"), tmp_path / "browser",
                          browser=BROWSER)
    assert rendered.site["render"] is True
    patterns = [re2.compile(p) for p in rendered.site["article_urls"]]
    assert all(any(p.search(u) for p in patterns) for u in shape.article_urls())
    assert [e for e in rendered.exchanges if e.kind == "rendered" and "/api/" in e.url]  # the script's JSON
    assert rendered.requests <= 40


def test_site_without_article_urls_is_crawled_by_content(shapes: ShapePortals, tmp_path: Path) -> None:
    shape = shapes.shapes["php-query"]
    site = {k: v for k, v in shape.definition().items() if k != "article_urls"}
    site["follow_urls"] = []  # nothing but start pages: every other page is judged by its content
    archived = crawl(write_site(tmp_path / "sites", site).parent, "php-query", tmp_path)
    assert archived == set(shape.article_urls())
    [run] = [json.loads(p.read_text()) for p in (tmp_path / "archive" / "runs").glob("*.json")]
    learned = run["learned"]
    assert learned["articles"] == len(archived) and learned["not_articles"] >= 2  # page 2s, the about page
    patterns = [re2.compile(p) for p in learned["article_urls"]]
    assert all(any(p.search(u) for p in patterns) for u in archived)
    assert not any(p.search(u) for p in patterns for u in shape.non_article_urls())
    assert run["stats"]["difang/content/articles"] == len(archived)
    # `difang rebuild` takes the same decision on the captures: the same articles, nothing else
    definition = load_site_file(tmp_path / "sites" / "php-query.yaml")
    report = Rebuild(FileStore(tmp_path / "archive"), str(tmp_path / "home"), RebuildOptions(dry_run=True)).run(
        [definition])
    assert report.articles == len(archived) and report.unchanged == len(archived)
    assert not report.written and not report.changed and not report.failures
