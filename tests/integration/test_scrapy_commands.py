"""What a Scrapy user tries first, against the demo portal over loopback: feed exports (``-O``) of
clean records, dry runs (``ARCHIVE_ENABLED=False``, ``scrapy parse``) that write nothing, and
``scrapy sites`` with the last run of each site."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.record import FIELDS
from demo.server import DemoPortal
from storage.store import FileStore
from tests.integration.crawlkit import ROOT, clean_records, crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration
SITE = "demo-utf8"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoPortal, Path]]:
    sites = tmp_path_factory.mktemp("sites")
    with DemoPortal(port=0) as running:
        running.write_site_files(str(sites))
        yield running, sites


def feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def archived(portal: tuple[DemoPortal, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    _, sites = portal
    tmp = tmp_path_factory.mktemp("archived")
    env = crawl_env(tmp, sites, str(tmp / "archive"))
    proc = scrapy_crawl(SITE, env, "-O", str(tmp / "out.jsonl"))
    return {"proc": proc, "tmp": tmp, "env": env, "feed": tmp / "out.jsonl"}


def test_feed_export_holds_the_clean_records(archived: dict[str, Any], portal: tuple[DemoPortal, Path]) -> None:
    proc = archived["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "not JSON serializable" not in proc.stderr
    records = feed(archived["feed"])
    assert sorted(r["url"] for r in records) == sorted(portal[0].article_urls(SITE))
    assert all(list(r) == list(FIELDS) for r in records)
    stored = {r["id"]: r for r in clean_records(FileStore(archived["tmp"] / "archive"), SITE)}
    assert {r["id"]: r for r in records} == stored  # the feed holds what the archive holds
    title = records[0]["title"]
    assert title and title in archived["feed"].read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_dry_run_feed_writes_nothing(archived: dict[str, Any], portal: tuple[DemoPortal, Path],
                                     tmp_path: Path) -> None:
    env = crawl_env(tmp_path, portal[1], str(tmp_path / "archive"))
    proc = scrapy_crawl(SITE, env, "-s", "ARCHIVE_ENABLED=False", "-O", str(tmp_path / "dry.jsonl"))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "ARCHIVE_ENABLED is off" in proc.stderr
    dry = {r["url"]: r for r in feed(tmp_path / "dry.jsonl")}
    archived_records = {r["url"]: r for r in feed(archived["feed"])}
    assert set(dry) == set(archived_records)
    for url, record in dry.items():
        assert record["raw"] is None and record["content_hash"] == archived_records[url]["content_hash"]
        assert record["text"] == archived_records[url]["text"]
    assert not (tmp_path / "archive").exists()
    assert not (tmp_path / "home").exists()  # no spool, seen URLs, dedupe index or decorations


def test_parse_shows_the_clean_record_and_writes_nothing(portal: tuple[DemoPortal, Path],
                                                          tmp_path: Path) -> None:
    demo, sites = portal
    url = sorted(demo.article_urls(SITE))[0]
    env = crawl_env(tmp_path, sites, str(tmp_path / "archive"))
    cmd = [sys.executable, "-m", "scrapy", "parse", "--spider", "portal", "-a", f"site={SITE}", "--pipelines",
           "--nocolour", "-c", "parse_article", url]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "'content_hash': 'sha256:" in proc.stdout and f"'url': '{url}'" in proc.stdout
    assert "'pages'" not in proc.stdout and "'raw': None" in proc.stdout  # the record, not the item
    assert not (tmp_path / "archive").exists() and not (tmp_path / "home").exists()


def test_sites_lists_the_last_run(archived: dict[str, Any]) -> None:
    proc = subprocess.run([sys.executable, "-m", "scrapy", "sites"], cwd=ROOT, env=archived["env"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    [run_file] = FileStore(archived["tmp"] / "archive").list("runs/")
    run = json.loads((archived["tmp"] / "archive" / run_file).read_text(encoding="utf-8"))
    rows = {line.split()[0]: line for line in proc.stdout.splitlines()[1:]}
    assert rows[SITE].endswith(f"{run['finished_at'][:16].replace('T', ' ')} UTC finished, "
                               f"{run['articles']} articles")
    assert run["articles"] == len(feed(archived["feed"]))
    assert all(line.endswith("never") for name, line in rows.items() if name != SITE)
