"""The run journal: what one crawl has put in the spool so far, one JSON line per event.

A crawl appends to ``SPOOL/.runs/RUN.jsonl`` as it goes:

- ``{"run": {...}}`` once, first: run id, site, start time;
- ``{"warc": KEY}`` just before a WARC file is opened;
- ``{"object": {"key", "sha256", "bytes"}}`` when a file is complete in the spool — the
  checksum list that ends up in the run file and that ``difang verify`` checks the archive by;
- ``{"record": {...}}`` for every clean record, its JSON as spooled (written once, not encoded
  a second time): the rows of the run's Parquet manifest (:func:`core.record.manifest_row`).
  Journals of earlier versions hold ``{"row": {...}}``, the manifest row itself.

:func:`finish_run` turns a journal into the manifest and the run file. The session does that at
the end of a crawl; when the process died first (``kill -9``, power cut, disk full), the next
start does the same with the reason ``interrupted`` (see :mod:`storage.recovery`). So every run,
killed or not, leaves a manifest of its articles and a run file with the SHA-256 of every object.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from core.record import MANIFEST_SCHEMA, manifest_row
from storage.store import write_atomic

log = logging.getLogger(__name__)

JOURNAL_DIR = ".runs"
MANIFEST_BATCH = 500


def journal_path(spool: Path, run_id: str) -> Path:
    return spool / JOURNAL_DIR / f"{run_id}.jsonl"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RunJournal:
    """Appends events to a run's journal; each line goes to the kernel in one ``write``."""

    def __init__(self, path: Path, header: Mapping[str, Any]) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._append({"run": dict(header)})

    def _append(self, event: Mapping[str, Any]) -> None:
        self._write(json.dumps(event, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")

    def _write(self, line: bytes) -> None:
        written = os.write(self._fd, line)
        if written != len(line):  # a short write is how a full disk often shows itself
            raise OSError(28, "No space left on device (short write to the run journal)")

    def warc_opened(self, key: str) -> None:
        self._append({"warc": key})

    def object(self, key: str, sha256: str, size: int) -> None:
        self._append({"object": {"key": key, "sha256": sha256, "bytes": size}})

    def record(self, data: bytes) -> None:
        """A clean record, given as its one-line JSON (:func:`core.record.record_json`)."""
        self._write(b'{"record": ' + data + b"}\n")

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


@dataclass
class JournalState:
    """What a journal says, without its manifest rows."""

    header: dict[str, Any]
    warcs: list[str] = field(default_factory=list)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: int = 0


def _events(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                return  # torn last line of a killed process: the event never happened
            try:
                yield json.loads(line)
            except ValueError:
                log.warning("run journal %s: unreadable line skipped", path)


def read_journal(path: Path) -> JournalState:
    state = JournalState(header={})
    for event in _events(path):
        if "run" in event:
            state.header = event["run"]
        elif "warc" in event:
            state.warcs.append(event["warc"])
        elif "object" in event:
            state.objects[event["object"]["key"]] = event["object"]
        elif "record" in event or "row" in event:
            state.rows += 1
    if not state.header:
        state.header = {"run_id": path.stem, "site": path.stem.rsplit("-", 2)[0]}
    return state


def iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    for event in _events(path):
        if "record" in event:
            yield manifest_row(event["record"])
        elif "row" in event:
            yield event["row"]


def manifest_key(header: Mapping[str, Any]) -> str:
    day = str(header.get("started_at", ""))[:10] or "unknown"
    return f"manifests/date={day}/{header['run_id']}.parquet"


def _write_manifest(path: Path, rows: Iterator[dict[str, Any]], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(".tmp-" + target.name)
    try:
        with pq.ParquetWriter(str(tmp), MANIFEST_SCHEMA, compression="zstd") as writer:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= MANIFEST_BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=MANIFEST_SCHEMA))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=MANIFEST_SCHEMA))
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _record_object(spool: Path, state: JournalState, key: str) -> None:
    path = spool / key
    if key not in state.objects and path.is_file():
        state.objects[key] = {"key": key, "sha256": file_sha256(path), "bytes": path.stat().st_size}


def finish_run(
    spool: Path,
    path: Path,
    *,
    reason: str,
    stats: Mapping[str, Any] | None = None,
    finished_at: datetime | None = None,
    submit: Callable[[str], None] | None = None,
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the manifest and the run file of the journal at ``path``, then drop the journal.

    ``details``: more of what the run found, under their own keys (e.g. ``learned``: URL patterns
    a crawl recognized articles by).

    Idempotent up to the last step: if it fails half-way (disk full), the journal stays and
    the next start finishes the run. WARC files of the run must be finished (or salvaged) first.
    """
    state = read_journal(path)
    header = state.header
    run_key = f"runs/{header['run_id']}.json"
    if (spool / run_key).exists():  # written just before a crash: keep it, it may be uploading
        path.unlink()
        return dict(json.loads((spool / run_key).read_bytes()))
    for key in state.warcs:  # finished, or salvaged by recovery, but not journalled as such
        _record_object(spool, state, key)
        _record_object(spool, state, key[: -len(".warc.gz")] + ".cdxj")
    warcs = [k for k in state.warcs if k in state.objects]
    manifest = None
    if state.rows:
        manifest = manifest_key(header)
        target = spool / manifest
        if not target.exists():
            _write_manifest(path, iter_rows(path), target)
        _record_object(spool, state, manifest)
        if submit is not None:
            submit(manifest)
    if finished_at is None:
        finished_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    run = {
        "run_id": header["run_id"],
        "site": header.get("site"),
        "started_at": header.get("started_at"),
        "finished_at": finished_at.isoformat(),
        "finish_reason": reason,
        "articles": state.rows,
        "warc_files": warcs,
        "manifest": manifest,
        "stats": {k: _jsonable(v) for k, v in sorted((stats or {}).items())},
        "objects": sorted(state.objects.values(), key=lambda o: o["key"]),
        **{k: v for k, v in (details or {}).items() if k not in ("run_id", "site", "stats", "objects")},
    }
    write_atomic(spool / run_key, json.dumps(run, ensure_ascii=False, indent=1).encode("utf-8"))
    if submit is not None:
        submit(run_key)
    path.unlink()
    return run


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
