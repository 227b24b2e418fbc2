"""Helpers for integration tests: run real crawls of the demo portal and read the archive back."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "SUMMARY_INTERVAL=0"]


def crawl_env(tmp: Path, sites: Path, archive: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update({"DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp / "home"), "DIFANG_ARCHIVE": archive})
    env.update(extra or {})
    return env


def scrapy_crawl(site: str, env: Mapping[str, str], *settings: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}", *FAST, *settings]
    return subprocess.run(cmd, cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=600)


def scheduler_once(env: Mapping[str, str], *settings: str) -> subprocess.CompletedProcess[str]:
    extra = [x for i in range(0, len(FAST), 2) for x in ("--set", FAST[i + 1])]
    cmd = [sys.executable, "scheduler.py", "--once", *extra, *[x for s in settings for x in ("--set", s)]]
    return subprocess.run(cmd, cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=900)


def clean_records(store: Store, site: str | None = None) -> list[dict[str, Any]]:
    prefix = f"clean/site={site}/" if site else "clean/"
    return [json.loads(store.get(k)) for k in store.list(prefix) if k.endswith(".json")]


def runs(store: Store) -> list[dict[str, Any]]:
    return [json.loads(store.get(k)) for k in store.list("runs/")]


def warc_records(store: Store, key: str) -> Iterator[Any]:
    yield from ArchiveIterator(io.BytesIO(store.get(key)), check_digests=True)


def payload_at(store: Store, pointer: Mapping[str, Any]) -> tuple[Any, bytes]:
    """The WARC record a clean record points at, and its HTTP payload as served (not decoded)."""
    data = store.get_range(pointer["warc"], pointer["offset"], pointer["length"])
    record = next(iter(ArchiveIterator(io.BytesIO(data))))
    return record, record.raw_stream.read()
