"""End to end: the demo portal crawled over HTTP on loopback into file:// and into a real S3.

Asserts the foundation's promises: every demo article archived twice (raw + clean), every WARC
readable by warcio with its CDXJ beside it, the WARC payload of each article identical to the
bytes the server sent, robots.txt obeyed, the fault pages logged and counted, identical layouts
on disk and in S3.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from core.record import FIELDS
from demo.server import DemoPortal
from storage.store import FileStore, Store, open_store
from storage.warc import write_cdxj
from tests.integration.crawlkit import (
    clean_records,
    crawl_env,
    payload_at,
    runs,
    scheduler_once,
    scrapy_crawl,
    warc_records,
)

pytestmark = pytest.mark.integration
MAIN_SITES = ("demo-utf8", "demo-gbk", "demo-big5")
KEY_PATTERNS = [
    r"raw/site=(?P<site>[a-z0-9_-]+)/date=\d{4}-\d{2}-\d{2}/(?P=site)-\d{14}-\d{5}\.warc\.gz",
    r"raw/site=(?P<site>[a-z0-9_-]+)/date=\d{4}-\d{2}-\d{2}/(?P=site)-\d{14}-\d{5}\.cdxj",
    r"clean/site=[a-z0-9_-]+/date=\d{4}-\d{2}-\d{2}/[0-9a-f]{16}\.json",
    r"manifests/date=\d{4}-\d{2}-\d{2}/[a-z0-9_-]+-\d{14}-[0-9a-f]{6}\.parquet",
    r"runs/[a-z0-9_-]+-\d{14}-[0-9a-f]{6}\.json",
]


def key_shape(key: str) -> int:
    for i, pattern in enumerate(KEY_PATTERNS):
        if re.fullmatch(pattern, key):
            return i
    raise AssertionError(f"key outside the archive layout: {key}")


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=12) as running:
        yield running


@pytest.fixture(scope="module")
def file_crawl(portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("crawl-file")
    sites = tmp / "sites"
    portal.write_site_files(str(sites))
    before = len(portal.requests)
    proc = scheduler_once(crawl_env(tmp, sites, str(tmp / "archive")))
    return {"proc": proc, "store": FileStore(tmp / "archive"), "tmp": tmp,
            "requests": portal.requests[before:]}


def test_scheduler_once_succeeds(file_crawl: dict[str, Any]) -> None:
    proc = file_crawl["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.mark.parametrize("site", MAIN_SITES)
def test_every_article_has_a_clean_record(file_crawl: dict[str, Any], portal: DemoPortal, site: str) -> None:
    records = clean_records(file_crawl["store"], site)
    by_url = {r["url"]: r for r in records}
    expected = portal.article_urls(site)
    assert len(expected) >= 8
    missing = [u for u in expected if u not in by_url]
    assert not missing, f"{len(missing)} of {len(expected)} articles have no clean record: {missing[:3]}"
    for record in records:
        assert list(record) == list(FIELDS)
        assert record["site"] == site
        assert record["title"] and record["text"], record["url"]
        assert record["raw"]["warc"].startswith(f"raw/site={site}/")


@pytest.mark.parametrize("site", MAIN_SITES)
def test_warc_payload_is_the_bytes_served(file_crawl: dict[str, Any], portal: DemoPortal, site: str) -> None:
    store: Store = file_crawl["store"]
    for record in clean_records(store, site):
        warc, payload = payload_at(store, record["raw"])
        assert warc.rec_type == "response"
        assert warc.rec_headers.get_header("WARC-Record-ID") == record["raw"]["record_id"]
        assert warc.rec_headers.get_header("WARC-Target-URI") == record["final_url"]
        gzipped = (warc.http_headers.get_header("Content-Encoding") or "") == "gzip"
        assert payload == portal.served_bytes(record["final_url"], gzip=gzipped), record["final_url"]
    assert any(  # the byte-exact capture is exercised on compressed bodies
        (payload_at(store, r["raw"])[0].http_headers.get_header("Content-Encoding") or "") == "gzip"
        for r in clean_records(store, "demo-utf8"))


def test_every_warc_reads_back_with_its_cdxj(file_crawl: dict[str, Any], tmp_path: Path) -> None:
    store: Store = file_crawl["store"]
    warcs = [k for k in store.list("raw/") if k.endswith(".warc.gz")]
    assert len(warcs) >= len(MAIN_SITES)
    for key in warcs:
        types = [r.rec_type for r in warc_records(store, key)]  # check_digests raises on damage
        assert types[0] == "warcinfo"
        captures = types.count("response") + types.count("revisit")
        assert captures == types.count("request") >= 1
        cdxj = store.get(key[: -len(".warc.gz")] + ".cdxj").decode()
        lines = cdxj.splitlines()
        assert len(lines) == captures
        assert lines == sorted(lines)
        assert all(Path(key).name in line for line in lines)
        # written while crawling; pywb's own indexer must make the same of the finished file
        warc_copy = tmp_path / Path(key).name
        warc_copy.write_bytes(store.get(key))
        write_cdxj(warc_copy, tmp_path / "reference.cdxj")
        assert cdxj == (tmp_path / "reference.cdxj").read_text(), key


def test_robots_disallow_never_requested(file_crawl: dict[str, Any], portal: DemoPortal) -> None:
    paths = [(site, path) for site, _method, path in file_crawl["requests"]]
    assert ("demo-utf8", "/robots.txt") in paths
    assert not [p for p in paths if p[1].startswith("/private/")]
    # and the tempting link is really there, so the test can fail
    assert b"/private/" in portal.served_bytes(portal.sites["demo-utf8"] + "news/list_1.html", gzip=False)


def test_fault_pages_logged_and_counted(file_crawl: dict[str, Any]) -> None:
    run = next(r for r in runs(file_crawl["store"]) if r["site"] == "demo-utf8")
    errors = {k.rsplit("/", 1)[1]: v for k, v in run["stats"].items() if k.startswith("difang/errors/")}
    for kind in ("http_404", "non_html", "too_large", "redirect_loop"):
        assert errors.get(kind, 0) >= 1, (kind, errors)
    log = file_crawl["proc"].stderr
    for kind in ("(http_404)", "(non_html)", "(too_large)", "(redirect_loop)"):
        line = next((x for x in log.splitlines() if kind in x), "")
        assert re.search(r"http://127\.0\.0\.2:\d+/", line), f"no log line with URL for {kind}"


def test_runs_and_manifests(file_crawl: dict[str, Any], portal: DemoPortal) -> None:
    store: Store = file_crawl["store"]
    all_runs = {r["site"]: r for r in runs(store)}
    assert set(MAIN_SITES) <= set(all_runs)
    for site in MAIN_SITES:
        run = all_runs[site]
        assert run["articles"] == len(clean_records(store, site))
        table = pq.read_table(io.BytesIO(store.get(run["manifest"])))
        assert table.num_rows == run["articles"]
        assert set(table.column("site").to_pylist()) == {site}
    spool = file_crawl["tmp"] / "home" / "spool"
    left = [p for p in spool.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert not left, f"spool not drained: {left[:5]}"
    for key in store.list(""):
        key_shape(key)


def test_s3_archive_has_the_identical_layout(portal: DemoPortal, tmp_path: Path, s3_server: Any,
                                             s3_env: dict[str, str], file_crawl: dict[str, Any]) -> None:
    bucket = f"difang-{secrets.token_hex(4)}"
    s3_server.create_bucket(bucket)
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    env = crawl_env(tmp_path, sites, f"s3://{bucket}/archive", s3_server.env())
    proc = scrapy_crawl("demo-gbk", env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    s3 = open_store(f"s3://{bucket}/archive")
    s3_keys = sorted(s3.list(""))
    file_keys = sorted(k for k in file_crawl["store"].list("") if "demo-gbk" in k)
    assert sorted(key_shape(k) for k in s3_keys) == sorted(key_shape(k) for k in file_keys)
    s3_records = {r["url"]: r for r in clean_records(s3, "demo-gbk")}
    file_records = {r["url"]: r for r in clean_records(file_crawl["store"], "demo-gbk")}
    assert set(s3_records) == set(file_records) == set(portal.article_urls("demo-gbk"))
    for url, record in s3_records.items():
        assert {k: v for k, v in record.items() if k not in ("fetched_at", "raw")} == \
            {k: v for k, v in file_records[url].items() if k not in ("fetched_at", "raw")}
        _warc, payload = payload_at(s3, record["raw"])
        assert payload  # range reads work against the real server
    assert "AWS_SECRET_ACCESS_KEY" not in proc.stderr and s3_server.env()["AWS_SECRET_ACCESS_KEY"] not in proc.stderr
