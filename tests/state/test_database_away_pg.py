"""The database lost in the middle of a real crawl (cluster mode): every article after that is
said in one line, never a traceback; nothing archived is lost, and nothing is written twice once
the database is back.

The demo portal is crawled with seen URLs, the dedupe index and title decorations in
PostgreSQL; as the fourth article reaches the pipeline the database refuses connections and ends
the open ones (tests/state/away.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

import crawler.settings as project
from demo.server import DemoPortal
from pipelines.syndication import canonicalize_url
from tests.integration.crawlkit import FAST, ROOT, crawl_env
from tests.state.away import ORDER, DatabaseAway

pytestmark = pytest.mark.integration
SITE = "demo-bench"
ARTICLES = 10
AWAY_AT = 4


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=ARTICLES) as running:
        yield running


def crawl(env: dict[str, str], *settings: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={SITE}", *FAST,
           "-s", "CONCURRENT_REQUESTS=1", *settings]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def records(home: Path, archive: Path) -> list[dict]:
    paths = [*(home / "spool" / SITE).glob("clean/**/*.json"), *archive.glob("clean/**/*.json")]
    return [json.loads(path.read_bytes()) for path in paths]


def test_a_crawl_that_loses_the_database_says_so_in_lines(portal: DemoPortal, pg_database: str,
                                                           tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    archive, home = tmp_path / "archive", tmp_path / "home"
    env = crawl_env(tmp_path, sites, str(archive), {"DIFANG_DATABASE": pg_database})
    stages = {**project.ITEM_PIPELINES, f"{DatabaseAway.__module__}.{DatabaseAway.__name__}": ORDER}
    lost = crawl(env, "-s", f"ITEM_PIPELINES={json.dumps(stages)}", "-s", f"AWAY_AT_ITEM={AWAY_AT}")
    log = lost.stderr
    assert "Traceback" not in log, log[-4000:]
    away = [line for line in log.splitlines() if "database_unavailable" in line or "database unavailable" in line]
    print("\n".join(away))
    assert away, log[-4000:]
    assert all("http://" in line for line in away if "not archived" in line)
    urls = {canonicalize_url(u) for u in portal.article_urls(SITE)}
    before = records(home, archive)
    assert 0 < len(before) < len(urls)  # some archived before the database went, not after

    name = urlsplit(pg_database).path.lstrip("/")
    with psycopg.connect(urlsplit(pg_database)._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    again = crawl(env)
    assert again.returncode == 0, again.stderr[-3000:]
    after = records(home, archive)
    assert {canonicalize_url(r["url"]) for r in after} == urls  # nothing lost
    assert [u for u, n in Counter(canonicalize_url(r["url"]) for r in after).items() if n > 1] == []
    verify = subprocess.run([sys.executable, "-m", "archive.cli.main", "verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
