"""Two site files that name one portal, crawled at the same moment: both crawls fetch the same
articles before either has archived them (a URL counts as seen only once archived), yet each
article is archived once, under the site whose crawl filed it first; the other crawl drops its
copy in one line (or its fetch is a revisit of the other's capture, dropped as unchanged, or not
made at all, the URL seen already). No article is lost: together they archive every article.
How far the crawls overlap varies from run to run; the narrowest case, two captures before
either is recorded, is made deterministically in tests/unit/test_components.py."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.server import DemoPortal, site_yaml
from storage.store import FileStore
from tests.integration.crawlkit import FAST, ROOT, clean_records, crawl_env

pytestmark = pytest.mark.integration
SITES = ("twin-a", "twin-b")


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=5) as running:
        yield running


def test_pages_two_sites_fetch_at_once_are_archived_once(portal: DemoPortal, tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    for name in SITES:
        definition = dict(portal.site_definitions()["demo-utf8"], name=name)
        (sites / f"{name}.yaml").write_text(site_yaml(definition), encoding="utf-8")
    env = crawl_env(tmp_path, sites, str(tmp_path / "archive"))
    crawls = [subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={name}", *FAST],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for name in SITES]
    outputs = [crawl.communicate(timeout=300) for crawl in crawls]
    assert [crawl.returncode for crawl in crawls] == [0, 0], [err[-2000:] for _, err in outputs]

    records = clean_records(FileStore(tmp_path / "archive"))
    ids = Counter(record["id"] for record in records)
    assert [i for i, n in ids.items() if n > 1] == []
    assert {record["url"] for record in records} == set(portal.article_urls("demo-utf8"))
