"""Real crawls of the demo portal into a real SeaweedFS, with the faults of issue 6 injected:
the S3 server stopped mid-crawl, ``kill -9`` of the crawl at three points, a restart with a full
spool, and a spool on a tiny tmpfs that runs out of space. Each test prints and asserts the census
(articles expected, raw and clean present, duplicated, damaged, missing, left in the spool)."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from demo.server import DemoPortal
from storage.spool import is_spooled_object
from storage.store import S3Store, Store, make_s3_client
from tests.durability.census import (
    Census,
    census,
    kill9,
    run_crawl,
    spool_files,
    start_crawl,
    wait_for,
)
from tests.integration.crawlkit import crawl_env
from tests.s3server import SeaweedS3

pytestmark = pytest.mark.integration
SITE = "demo-bench"
ARTICLES = 60
# Throttled a little so that there is a middle of the crawl to hit on a fast machine too.
PACE = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(port=0, bench_articles=ARTICLES) as running:
        yield running


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """A server of our own: these tests stop and start it."""
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs-faults"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Setup:
    env: dict[str, str]
    store: Store
    spool: Path
    log: Path
    urls: list[str]

    def census_line(self, label: str) -> tuple[str, object]:
        found = census(self.store, self.urls, SITE, self.spool)
        line = found.line(label)
        print(line)
        return line, found


@pytest.fixture
def setup(portal: DemoPortal, s3: SeaweedS3, tmp_path: Path) -> Iterator[Setup]:
    if s3.proc is None:
        s3.start()
    bucket = f"faults-{secrets.token_hex(4)}"
    s3.create_bucket(bucket)
    sites = tmp_path / "sites"
    portal.write_site_files(str(sites))
    env = crawl_env(tmp_path, sites, f"s3://{bucket}/archive", s3.env())
    client_env = {k: v for k, v in s3.env().items()}
    saved = {k: os.environ.get(k) for k in client_env}
    os.environ.update(client_env)
    try:
        store = S3Store(bucket, "archive", client=make_s3_client())
        yield Setup(env, store, tmp_path / "home" / "spool" / SITE, tmp_path / "crawl.log",
                    portal.article_urls(SITE))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if s3.proc is None:
        s3.start()


def stored(store: Store, prefix: str) -> int:
    try:
        return sum(1 for _ in store.list(prefix))
    except Exception:  # the server is being stopped or started
        return 0


def assert_complete(setup: Setup, label: str) -> None:
    _line, found = setup.census_line(label)
    assert isinstance(found, Census)
    assert found.expected == ARTICLES and found.raw == ARTICLES
    assert found.clean == ARTICLES and not found.without_clean, found
    assert found.duplicated == found.damaged == found.missing == found.spooled == 0, found


def test_s3_outage_mid_crawl(setup: Setup, s3: SeaweedS3, portal: DemoPortal) -> None:
    """S3 stopped once 15 clean records are up: the crawl goes on into the spool up to its cap,
    pauses there, and resumes when S3 is started again; the archive ends complete."""
    proc = start_crawl(SITE, setup.env, setup.log, *PACE, "-s", "WARC_MAX_BYTES=65536",
                       "-s", "SPOOL_MAX_BYTES=150000")
    wait_for("15 clean records uploaded", lambda: stored(setup.store, f"clean/site={SITE}/") >= 15,
             proc=proc, log=setup.log)
    s3.stop()
    try:
        wait_for("the pause at the spool cap", lambda: "crawl paused" in setup.log.read_text(),
                 proc=proc, log=setup.log)
        during = len(spool_files(setup.spool, "clean/**/*.json"))
        at_pause = len(portal.requests)
        settle(portal)  # requests already handed to the downloader still run; then nothing
        while_paused = len(portal.requests) - at_pause
        time.sleep(1.0)
        assert len(portal.requests) - at_pause == while_paused, "requests go on while paused"
        spooled = sum(p.stat().st_size for p in setup.spool.rglob("*") if is_spooled_object(setup.spool, p))
    finally:
        s3.start()
    assert proc.wait(timeout=300) == 0
    log = setup.log.read_text()
    print(f"clean records spooled while S3 was down={during}, spool bytes at the pause={spooled}, "
          f"requests started while paused={while_paused}, failed upload attempts logged="
          f"{log.count('failed (')}, resumed={'crawl resumed' in log}")
    assert during >= 1 and spooled < 2 * 150000 and while_paused <= 16  # CONCURRENT_REQUESTS
    assert "crawl resumed" in log and "failed (" in log
    assert_complete(setup, "outage")


@pytest.mark.parametrize("point", ["fetching", "warc_open", "uploading"])
def test_kill_9_then_restart(setup: Setup, s3: SeaweedS3, portal: DemoPortal, point: str) -> None:
    settings = [*PACE]
    if point == "warc_open":
        settings += ["-s", "WARC_MAX_BYTES=40000"]  # files roll over: finished ones and an open one
    if point == "uploading":
        s3.stop()  # every upload in flight or retrying when the crawl dies
    try:
        start = len(portal.requests)
        proc = start_crawl(SITE, setup.env, setup.log, *settings)
        if point == "fetching":
            wait_for("15 articles fetched", lambda: article_requests(portal, start) >= 15,
                     proc=proc, log=setup.log)
        elif point == "warc_open":
            wait_for("a finished WARC uploaded and the next one half full",
                     lambda: stored(setup.store, f"raw/site={SITE}/") >= 2 and open_warc_size(setup.spool) > 15000,
                     proc=proc, log=setup.log)
        else:
            wait_for("20 clean records waiting to upload",
                     lambda: len(spool_files(setup.spool, "clean/**/*.json")) >= 20, proc=proc, log=setup.log)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        kill9(proc)
        left = [p for p in setup.spool.rglob("*") if p.is_file() and p.name != ".lock"]
        print(f"killed at {point}: {article_requests(portal, start)} articles fetched, "
              f"{len(left)} files left in the spool, open WARC {open_warc_size(setup.spool)} bytes")
    finally:
        if s3.proc is None:
            s3.start()
    assert run_crawl(SITE, setup.env, setup.log, *settings) == 0, setup.log.read_text()[-3000:]
    assert "interrupted run(s) finished" in setup.log.read_text()
    assert_complete(setup, f"kill -9 {point}")


def test_restart_with_a_full_spool_drains_it(setup: Setup, s3: SeaweedS3) -> None:
    """A whole crawl with S3 away ends with everything spooled; the next start uploads it."""
    s3.stop()
    try:
        assert run_crawl(SITE, setup.env, setup.log, "-s", "SPOOL_CLOSE_TIMEOUT=1") == 0
    finally:
        s3.start()
    left = [p for p in setup.spool.rglob("*") if p.is_file() and p.name != ".lock"]
    assert "the next crawl of this site uploads them first" in setup.log.read_text()
    print(f"spooled with S3 away: {len(left)} files")
    assert len(left) >= ARTICLES + 3  # clean records, a WARC and its CDXJ, manifest, run file
    assert run_crawl(SITE, setup.env, setup.log) == 0
    assert "left by an earlier run queued for upload" in setup.log.read_text()
    assert_complete(setup, "restart drains")


def test_spool_out_of_space_stops_the_crawl_cleanly(setup: Setup, s3: SeaweedS3) -> None:
    """The site's spool on a 256 KiB tmpfs while S3 is away: the disk fills up."""
    setup.spool.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(setup.spool)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode()[:200]}")
    try:
        s3.stop()
        try:
            assert run_crawl(SITE, setup.env, setup.log, "-s", "SPOOL_CLOSE_TIMEOUT=1") == 1  # failed
        finally:
            s3.start()
        log = setup.log.read_text()
        assert "is not writable (ENOSPC" in log and "stopping the crawl" in log
        assert f"crawl of {SITE} failed: spool " in log
        assert "(spool_unwritable)" in log or "spool_unwritable" in log
        spooled = len(spool_files(setup.spool, "clean/**/*.json"))
        print(f"spool full after {spooled} clean records")
        assert 0 < spooled < ARTICLES
        # Room again (the operator freed the disk): the next crawl recovers and completes.
        subprocess.run(["mount", "-o", "remount,size=16m", str(setup.spool)], check=True)
        assert run_crawl(SITE, setup.env, setup.log) == 0
        assert_complete(setup, "spool out of space")
    finally:
        subprocess.run(["umount", "-l", str(setup.spool)], check=False)


def settle(portal: DemoPortal, quiet: float = 1.0, timeout: float = 20.0) -> None:
    """Wait until the portal has seen no request for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    seen, since = len(portal.requests), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.05)
        if len(portal.requests) != seen:
            seen, since = len(portal.requests), time.monotonic()


def article_requests(portal: DemoPortal, start: int) -> int:
    return sum(1 for site, _m, path in portal.requests[start:] if site == SITE and path.startswith("/content/"))


def open_warc_size(spool: Path) -> int:
    sizes = [p.stat().st_size for p in spool_files(spool, "raw/**/*.warc.gz")
             if not p.with_suffix("").with_suffix(".cdxj").exists()]
    return max(sizes, default=0)
