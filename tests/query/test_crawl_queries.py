"""End to end: crawl the demo portal, then run the ``difang`` commands as a researcher would.

The crawl's own index hook must make search work at once; reindex must give the same answers
from the archive alone; raw must give back the bytes the server sent; DuckDB must read the
manifests the README example reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pytest

from demo.server import DemoPortal
from storage.store import FileStore

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "SUMMARY_INTERVAL=0"]
SITES = ("demo-utf8", "demo-big5")


def crawl(site: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}", *FAST]
    return subprocess.run(cmd, cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=600)


def difang(env: Mapping[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive.cli.main", *argv], cwd=ROOT, env=dict(env),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("query-crawl")
    with DemoPortal(port=0, bench_articles=12) as portal:
        sites = tmp / "sites"
        portal.write_site_files(str(sites))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
        env.update({"DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp / "home"),
                    "DIFANG_ARCHIVE": str(tmp / "archive")})
        for site in SITES:
            proc = crawl(site, env)
            assert proc.returncode == 0, proc.stderr[-3000:]
        yield {"env": env, "portal": portal, "archive": FileStore(tmp / "archive"), "tmp": tmp}


def hits(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_search_finds_both_scripts_right_after_the_crawl(crawled: dict[str, Any]) -> None:
    found = hits(difang(crawled["env"], "search", "醫院", "--jsonl"))
    assert {h["site"] for h in found} == set(SITES)
    assert all("医院" in h["title"] for h in found)
    one = hits(difang(crawled["env"], "search", "医", "--jsonl", "--limit", "100"))
    assert len(one) > len(found)


def test_reindex_from_archive_gives_the_same_answers(crawled: dict[str, Any]) -> None:
    env = crawled["env"]
    before = hits(difang(env, "search", "招聘会", "--jsonl"))
    Path(env["DIFANG_HOME"], "index.sqlite").unlink()
    proc = difang(env, "reindex")
    assert proc.returncode == 0 and "from 2 manifests" in proc.stdout, proc.stdout + proc.stderr
    assert hits(difang(env, "search", "招聘会", "--jsonl")) == before
    assert before


def test_raw_is_the_page_as_served(crawled: dict[str, Any]) -> None:
    env, portal = crawled["env"], crawled["portal"]
    hit = hits(difang(env, "search", "招聘会", "--site", "demo-big5", "--jsonl"))[0]
    out = Path(crawled["tmp"], "page.bin")
    assert difang(env, "raw", hit["id"], "-o", str(out)).returncode == 0
    served = [portal.served_bytes(hit["url"], gzip=True), portal.served_bytes(hit["url"], gzip=False)]
    assert out.read_bytes() in served
    text = difang(env, "raw", hit["id"], "--text")
    assert text.returncode == 0 and "招聘會" in text.stdout  # the Big5 page, decoded, as served


def test_show_clusters_stats_export(crawled: dict[str, Any]) -> None:
    env = crawled["env"]
    copy = next(h for h in hits(difang(env, "search", "--site", "demo-big5", "--jsonl", "--limit", "50"))
                if h["duplicate_of"])
    shown = json.loads(difang(env, "show", copy["id"], "--json").stdout)
    assert shown["record"]["id"] == copy["id"]
    assert copy["duplicate_of"] in {c["id"] for c in shown["cluster"]}
    stories = json.loads(difang(env, "clusters", "--json").stdout)
    assert any(p["origin_site"] == "demo-utf8" and p["copy_site"] == "demo-big5"
               for p in stories["republishers"])
    stats = json.loads(difang(env, "stats", "--json").stdout)
    assert {r["site"] for r in stats["last_crawl"]} == set(SITES)
    target = Path(crawled["tmp"], "all.parquet")
    assert difang(env, "export", "-o", str(target)).returncode == 0
    assert duckdb.execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchall() == [
        (sum(r["articles"] for r in stats["sites"]),)]


def test_duckdb_reads_manifests_like_the_readme(crawled: dict[str, Any]) -> None:
    """The README's S3 query, against the same layout in a local folder."""
    root = crawled["archive"].root
    rows = duckdb.execute(
        f"SELECT site, count(*) AS articles, count(duplicate_of) AS copies "
        f"FROM read_parquet('{root}/manifests/*/*.parquet', hive_partitioning = true) "
        f"WHERE text LIKE '%医院%' GROUP BY site ORDER BY site").fetchall()
    assert [r[0] for r in rows] == sorted(SITES)
