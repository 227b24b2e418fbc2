"""A URL is marked seen only once its clean record is in the durable spool (storage/seen.py).

A real crawl of the demo portal in cluster mode (seen URLs in PostgreSQL) is killed with
``kill -9`` as its fifth article reaches the archive stage: that article's URL is not seen, every
URL that is seen has its clean record in the spool or the archive, and the next crawl archives
the killed one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import crawler.settings as project
from demo.server import DemoPortal
from pipelines.syndication import canonicalize_url
from storage.seen_pg import PgSeenUrls
from storage.store import FileStore
from tests.integration.crawlkit import FAST, ROOT, crawl_env
from tests.state.killer import ORDER, KillBeforePersist

pytestmark = pytest.mark.integration
SITE = "demo-bench"
ARTICLES = 12
KILL_AT = 5


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=ARTICLES) as running:
        yield running


def crawl(env: dict[str, str], *settings: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={SITE}", *FAST,
           "-s", "CONCURRENT_REQUESTS=1", *settings]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def spooled_and_stored(home: Path, archive: Path) -> set[str]:
    """The URLs of every clean record in the site's spool or in the archive."""
    found = set()
    spool = home / "spool" / SITE
    paths = [*spool.glob("clean/**/*.json"), *archive.glob("clean/**/*.json")]
    for path in paths:
        found.add(canonicalize_url(json.loads(path.read_bytes())["url"]))
    return found


def test_a_crawl_killed_before_spooling_leaves_the_url_unseen(portal: DemoPortal, pg_database: str,
                                                               tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    archive = tmp_path / "archive"
    env = crawl_env(tmp_path, sites, str(archive), {"DIFANG_DATABASE": pg_database})
    note = tmp_path / "killed.txt"
    stages = {**project.ITEM_PIPELINES, f"{KillBeforePersist.__module__}.{KillBeforePersist.__name__}": ORDER}
    killed = crawl(env, "-s", f"ITEM_PIPELINES={json.dumps(stages)}", "-s", f"KILL_AT_ITEM={KILL_AT}",
                   "-s", f"KILL_NOTE={note}")
    assert killed.returncode == -9, killed.stderr[-2000:]
    urls = [canonicalize_url(u) for u in portal.article_urls(SITE)]
    seen = PgSeenUrls(pg_database)
    marked = {u for u in urls if not seen.should_fetch(u, refetch_after_s=None, now=0)}
    victim = canonicalize_url(note.read_text(encoding="utf-8"))
    print(f"killed at article {KILL_AT}: {len(marked)} URLs marked seen, the killed one: {victim}")
    assert victim in urls and victim not in marked
    assert len(marked) == KILL_AT - 1
    assert marked <= spooled_and_stored(tmp_path / "home", archive)
    assert not (tmp_path / "home" / "seen.sqlite").exists()  # the store was PostgreSQL's

    again = crawl(env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert not seen.should_fetch(victim, refetch_after_s=None, now=0)
    assert set(urls) <= spooled_and_stored(tmp_path / "home", archive)
    records = [json.loads(p.read_bytes()) for p in FileStore(archive).root.glob("clean/**/*.json")]
    assert sorted(canonicalize_url(r["url"]) for r in records) == sorted(urls)  # each once
    seen.close()
