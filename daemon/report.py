"""What one crawl did, read back from the archive: its run file and its manifest.

The crawl subprocess writes ``runs/RUN.json`` (storage/session.py) with its Scrapy stats, and a
Parquet manifest of the clean records it archived. The daemon does not share memory with it, so
this is how it learns pages, articles, duplicates, bytes, errors by kind, and how many of the new
records carry ``published_at``, ``source`` and ``authors`` (field coverage, for the alerts).
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storage.store import Store

log = logging.getLogger("difang.daemon")
COVERED_FIELDS = ("published_at", "source", "authors")


@dataclass(frozen=True)
class CrawlReport:
    run_id: str = ""
    finish_reason: str = ""
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    known_articles: int = 0  # article links skipped because they are archived already
    bytes: int = 0
    errors: Mapping[str, int] = field(default_factory=dict)
    coverage: Mapping[str, int] = field(default_factory=dict)  # "records" and per-field counts

    @property
    def found(self) -> bool:
        return bool(self.run_id)


def report_from_run(run: Mapping[str, Any], manifest: bytes | None) -> CrawlReport:
    from crawler.extensions.summary import summarize  # imports Scrapy: only when a crawl has ended

    stats = run.get("stats") or {}
    summary = summarize(dict(stats))
    return CrawlReport(
        run_id=str(run.get("run_id", "")),
        finish_reason=str(run.get("finish_reason", "")),
        pages=int(summary["pages"]),
        articles=int(summary["articles_archived"]),
        duplicates=int(summary["duplicates"]),
        known_articles=int(stats.get("difang/dedupe/url_seen", 0)),
        bytes=int(summary["bytes"]),
        errors={str(k): int(v) for k, v in summary["errors"].items()},
        coverage=field_coverage(manifest) if manifest else {},
    )


def field_coverage(manifest: bytes) -> dict[str, int]:
    """How many manifest rows have each covered field filled (non-empty)."""
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(manifest), columns=list(COVERED_FIELDS))
    counts = {"records": table.num_rows}
    for name in COVERED_FIELDS:
        counts[name] = sum(1 for value in table.column(name).to_pylist() if value)
    return counts


def _run_keys(store: Store, site: str, since: datetime, until: datetime) -> list[str]:
    """Run files of a site started between two instants (run ids carry the UTC start second)."""
    pattern = re.compile(rf"^runs/{re.escape(site)}-(\d{{14}})-[0-9a-f]+\.json$")
    low, high = f"{since:%Y%m%d%H%M%S}", f"{until:%Y%m%d%H%M%S}"
    keys = []
    day = since.date()
    while day <= until.date():  # list by day, not every run the site ever had
        for key in store.list(f"runs/{site}-{day:%Y%m%d}"):
            match = pattern.match(key)
            if match and low <= match.group(1) <= high:
                keys.append(key)
        day += timedelta(days=1)
    return sorted(keys, key=lambda k: pattern.match(k).group(1))  # type: ignore[union-attr]


def read_report(store: Store, site: str, started: float, ended: float, *, run_id: str | None = None,
                spool: Path | None = None) -> CrawlReport:
    """The report of the crawl of ``site``: its run file by ``run_id`` (in the archive, or still
    in the site's spool while the store is away); without one, the run that ran between two
    ``time.time()`` instants (a crawl started by hand, a test's stand-in command)."""
    since = datetime.fromtimestamp(started, UTC) - timedelta(seconds=1)
    until = datetime.fromtimestamp(ended, UTC) + timedelta(seconds=1)
    try:
        data = _run_file(store, run_id, spool) if run_id else None
        if data is None:
            keys = _run_keys(store, site, since, until)
            if not keys:
                return CrawlReport()
            data = store.get(keys[-1])
        run = json.loads(data)
        manifest = _manifest(store, run.get("manifest"))
        return report_from_run(run, manifest)
    except Exception as exc:  # a store outage must not lose the run's history row
        log.error("cannot read the run file of %s: %s", site, exc)
        return CrawlReport()


def _run_file(store: Store, run_id: str, spool: Path | None) -> bytes | None:
    key = f"runs/{run_id}.json"
    if spool is not None and (spool / key).is_file():
        return (spool / key).read_bytes()
    try:
        return store.get(key)
    except KeyError:
        return None


def _manifest(store: Store, key: object) -> bytes | None:
    if not isinstance(key, str) or not key:
        return None
    try:
        return store.get(key)
    except Exception as exc:
        log.warning("cannot read manifest %s: %s", key, exc)
        return None
