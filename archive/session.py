"""One crawl's archive session: store, spool, uploader, WARC writer, manifest and run file.

The spider opens it when the crawl starts and closes it last, after every pipeline has finished,
so the run file and the manifest describe the whole crawl.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from archive.index import IndexFeed
from archive.record import MANIFEST_SCHEMA, manifest_row
from archive.spool import Uploader
from archive.store import Store, open_store
from archive.warc import FinishedWarc, WarcWriter

log = logging.getLogger(__name__)

MANIFEST_BATCH = 500


class CrawlSession:
    def __init__(self, site: str, *, archive_url: str, home: str | os.PathLike[str],
                 warc_max_bytes: int = 1 << 30, operator: str = "", store: Store | None = None) -> None:
        self.site = site
        self.started_at = datetime.now(UTC)
        self.run_id = f"{site}-{self.started_at:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
        self.home = Path(home)
        self.spool = self.home / "spool" / site
        self.spool.mkdir(parents=True, exist_ok=True)
        self.store = store or open_store(archive_url)
        self.uploader = Uploader(self.store, self.spool)
        self.recovered = self.uploader.recover()
        self.warcs: list[str] = []
        self.warc = WarcWriter(self.spool, site, max_bytes=warc_max_bytes,
                               on_finished=self._warc_finished, operator=operator)
        self.manifest_key = f"manifests/date={self.started_at:%Y-%m-%d}/{self.run_id}.parquet"
        self._rows: list[dict[str, Any]] = []
        self._manifest: pq.ParquetWriter | None = None
        self.index = IndexFeed(self.home, self.store.url)  # the local query index (difang search)
        self.articles = 0
        self.closed = False

    def _warc_finished(self, done: FinishedWarc) -> None:
        self.warcs.append(done.key)
        # The index goes up first: a WARC in the store always has its CDXJ beside it.
        self.uploader.submit(done.cdxj_key)
        self.uploader.submit(done.key)

    def add_record(self, key: str, record: dict[str, Any], data: bytes) -> None:
        self.uploader.write(key, data)
        self.articles += 1
        self._rows.append(manifest_row(record))
        if len(self._rows) >= MANIFEST_BATCH:
            self._flush_manifest()
        self.index.add(record, key)  # never raises: the index is a cache

    def _flush_manifest(self) -> None:
        if not self._rows:
            return
        if self._manifest is None:
            path = self.uploader.path_for(self.manifest_key + ".part")
            path.parent.mkdir(parents=True, exist_ok=True)
            self._manifest = pq.ParquetWriter(str(path), MANIFEST_SCHEMA, compression="zstd")
        self._manifest.write_table(pa.Table.from_pylist(self._rows, schema=MANIFEST_SCHEMA))
        self._rows = []

    def close(self, stats: Mapping[str, Any], reason: str) -> dict[str, Any]:
        """Finish the WARC, manifest and run file; wait for uploads. Returns the run summary."""
        if self.closed:
            return {}
        self.closed = True
        self.warc.close()
        self._flush_manifest()
        self.index.flush()
        if self._manifest is not None:
            self._manifest.close()
            part = self.uploader.path_for(self.manifest_key + ".part")
            os.replace(part, self.uploader.path_for(self.manifest_key))
            self.uploader.submit(self.manifest_key)
        finished = datetime.now(UTC)
        run = {
            "run_id": self.run_id,
            "site": self.site,
            "started_at": self.started_at.isoformat(),
            "finished_at": finished.isoformat(),
            "finish_reason": reason,
            "articles": self.articles,
            "warc_files": self.warcs,
            "manifest": self.manifest_key if self._manifest is not None else None,
            "stats": {k: _jsonable(v) for k, v in sorted(stats.items())},
        }
        self.uploader.write(f"runs/{self.run_id}.json",
                            json.dumps(run, ensure_ascii=False, indent=1).encode("utf-8"))
        ok = self.uploader.close()
        run["uploads_complete"] = ok
        run["upload_stats"] = dict(self.uploader.stats)
        return run


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
