"""What an archive holds for one demo site, as the numbers the durability tests print and assert."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.verify import verify
from storage.store import Store
from tests.integration.crawlkit import FAST, ROOT, clean_records

# Short retry delays and a bounded wait at the end, so outages in tests last seconds.
DURABLE = ["-s", "SPOOL_RETRY_MAX_DELAY=1", "-s", "SPOOL_CLOSE_TIMEOUT=90"]


@dataclass(frozen=True)
class Census:
    expected: int  # articles the portal serves
    raw: int  # of those, with a full response record in a WARC file
    clean: int  # of those, with a clean record
    duplicated: int  # clean records beyond one per article + WARC records stored twice
    damaged: int  # difang verify: bytes that do not match their checksum, broken pointers
    missing: int  # difang verify: referenced but absent
    objects: int
    spooled: int  # files still waiting in the spool
    without_clean: frozenset[str]  # article URLs with no clean record

    def line(self, label: str) -> str:
        return (f"[{label}] articles expected={self.expected} raw present={self.raw} "
                f"clean present={self.clean} duplicated={self.duplicated} damaged={self.damaged} "
                f"missing={self.missing} objects={self.objects} left in spool={self.spooled}")

    @property
    def complete(self) -> bool:
        return (self.raw == self.clean == self.expected and not self.duplicated and not self.damaged
                and not self.missing and not self.spooled)


def census(store: Store, expected_urls: list[str], site: str, spool: Path) -> Census:
    expected = set(expected_urls)
    records = clean_records(store, site)
    per_url = Counter(r["url"] for r in records)
    record_ids: Counter[str] = Counter()
    responses: set[str] = set()
    for key in (k for k in store.list(f"raw/site={site}/") if k.endswith(".warc.gz")):
        for record in ArchiveIterator(io.BytesIO(store.get(key)), check_digests=True):
            record_ids[record.rec_headers.get_header("WARC-Record-ID")] += 1
            if record.rec_type == "response":
                responses.add(record.rec_headers.get_header("WARC-Target-URI"))
    report = verify(store, site=site)
    spooled = [p for p in spool.rglob("*") if p.is_file() and p.name != ".lock"] if spool.exists() else []
    return Census(
        expected=len(expected), raw=len(expected & responses), clean=len(expected & set(per_url)),
        duplicated=sum(n - 1 for n in per_url.values()) + sum(n - 1 for n in record_ids.values()),
        damaged=len(report.damaged), missing=len(report.missing), objects=report.objects,
        spooled=len(spooled), without_clean=frozenset(expected - set(per_url)),
    )


def start_crawl(site: str, env: Mapping[str, str], log: Path, *settings: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}", *FAST, *DURABLE,
           *settings]
    with log.open("ab") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT)


def run_crawl(site: str, env: Mapping[str, str], log: Path, *settings: str) -> int:
    proc = start_crawl(site, env, log, *settings)
    return proc.wait(timeout=300)


def wait_for(what: str, condition: Callable[[], bool], timeout: float = 120.0,
             proc: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            tail = log.read_text()[-3000:] if log is not None else ""
            raise AssertionError(f"the crawl ended (status {proc.returncode}) before {what}:\n{tail}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def spool_files(spool: Path, pattern: str) -> list[Path]:
    return [p for p in spool.glob(pattern) if p.is_file()] if spool.exists() else []


def kill9(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, 9)
    proc.wait()
