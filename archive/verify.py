"""``difang verify``: check an archive against the checksums recorded for it.

What counts as recorded: the ``objects`` list of every run file (key, SHA-256, bytes — written by
each crawl, see storage.journal) and, on S3, the ``x-amz-meta-sha256`` stored with each object at
upload. An object is

- **missing** when something refers to it and it is not there: a run file (its WARC files,
  manifest, objects), a CDXJ index (its WARC file), a WARC file (its CDXJ), a clean record (the
  WARC file of its ``raw`` pointer). A run's manifest merged into a day's compacted file (its
  metadata lists it, see storage.compaction) and deleted since is not missing;
- **damaged** when its bytes do not hash to a recorded SHA-256, when a WARC file does not end
  with a complete gzip member, when a run file or clean record is not valid JSON, or when a
  clean record's raw pointer does not lead to its WARC record;
- **unrecorded** when no checksum was ever recorded for it (written before checksums were
  kept, or into a folder by hand): reported, not an error.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storage.compaction import day_of, is_compacted, read_inputs
from storage.recovery import scan_members
from storage.store import Store


@dataclass
class VerifyReport:
    objects: int = 0
    checked: int = 0
    recorded: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # (key, referred to by)
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (key, what is wrong)
    unrecorded: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged

    def summary(self) -> str:
        return (f"{self.objects} objects, {self.checked} checked, {self.recorded} with a recorded "
                f"SHA-256, {len(self.missing)} missing, {len(self.damaged)} damaged, "
                f"{len(self.unrecorded)} unrecorded")


class _Hashing:
    """Passes chunks through while hashing them (one read serves the hash and the gzip check)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks
        self.digest = hashlib.sha256()
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.digest.update(chunk)
            self.size += len(chunk)
            yield chunk


def _in_scope(key: str, site: str | None) -> bool:
    return site is None or f"site={site}/" in key or key.startswith(("runs/", "manifests/"))


def verify(store: Store, *, site: str | None = None, deep: bool = True) -> VerifyReport:
    """Check every object of ``store`` (of one ``site``'s crawls, if given).

    ``deep=False`` checks presence and references only and reads no object bodies besides run
    files, CDXJ indexes and clean records.
    """
    report = VerifyReport()
    keys = {k for k in store.list("") if _in_scope(k, site)}
    report.objects = len(keys)
    recorded: dict[str, str] = {}
    referenced: dict[str, str] = {}

    for key in sorted(k for k in keys if k.startswith("runs/")):
        run = _json(store, key, report)
        if run is None or (site is not None and run.get("site") != site):
            continue
        for warc in run.get("warc_files") or []:
            referenced.setdefault(warc, key)
            referenced.setdefault(warc[: -len(".warc.gz")] + ".cdxj", key)
        if run.get("manifest"):
            referenced.setdefault(run["manifest"], key)
        for obj in run.get("objects") or []:
            recorded[obj["key"]] = obj["sha256"]
            referenced.setdefault(obj["key"], key)

    for key in sorted(keys):
        if key.endswith(".warc.gz"):
            referenced.setdefault(key[: -len(".warc.gz")] + ".cdxj", key)
        elif key.endswith(".cdxj"):
            for warc in _cdxj_files(store, key, report):
                referenced.setdefault(warc, key)
        elif key.startswith("clean/") and key.endswith(".json"):
            record = _json(store, key, report)
            raw = (record or {}).get("raw") or {}
            if raw.get("warc"):
                referenced.setdefault(raw["warc"], key)
                if deep and raw["warc"] in keys:
                    _check_pointer(store, key, raw, report)

    compacted = _compacted(store, keys, report)
    for key, referrer in sorted(referenced.items()):
        if key not in keys and key not in compacted and _in_scope(key, site):
            report.missing.append((key, referrer))

    for key in sorted(keys):
        expected = recorded.get(key) or store.recorded_sha256(key)
        if expected is None:
            report.unrecorded.append(key)
        else:
            report.recorded += 1
        if deep:
            _check_bytes(store, key, expected, report)
    return report


def _compacted(store: Store, keys: set[str], report: VerifyReport) -> set[str]:
    """The run manifests that compacted manifest files hold (listed in their metadata)."""
    held: set[str] = set()
    for key in sorted(k for k in keys if day_of(k) and is_compacted(k)):
        try:
            held.update(name for name, _ in read_inputs(store, key))
        except KeyError:
            continue  # deleted since the listing (a newer compaction of its day)
        except (OSError, ValueError) as exc:  # pyarrow: not a Parquet file, a torn footer
            report.damaged.append((key, f"compacted manifest unreadable: {exc}"))
    return held


def _json(store: Store, key: str, report: VerifyReport) -> dict[str, Any] | None:
    try:
        value = json.loads(store.get(key))
    except KeyError:
        return None
    except ValueError as exc:
        report.damaged.append((key, f"not valid JSON: {exc}"))
        return None
    return value if isinstance(value, dict) else None


def _cdxj_files(store: Store, key: str, report: VerifyReport) -> set[str]:
    folder = key.rsplit("/", 1)[0]
    names: set[str] = set()
    for line in store.get(key).decode("utf-8", "replace").splitlines():
        try:
            names.add(json.loads(line.split(" ", 2)[2])["filename"])
        except (IndexError, ValueError, KeyError):
            report.damaged.append((key, f"unreadable CDXJ line {line[:80]!r}"))
            break
    return {f"{folder}/{name}" for name in names}


def _check_pointer(store: Store, key: str, raw: dict[str, Any], report: VerifyReport) -> None:
    from warcio.archiveiterator import ArchiveIterator

    try:
        data = store.get_range(raw["warc"], int(raw["offset"]), int(raw["length"]))
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        found = record.rec_headers.get_header("WARC-Record-ID")
    except Exception as exc:  # any failure to read the record is the finding
        report.damaged.append((key, f"raw pointer into {raw['warc']} unreadable: {exc}"))
        return
    if found != raw.get("record_id"):
        report.damaged.append((key, f"raw pointer leads to record {found}, not {raw.get('record_id')}"))


def _check_bytes(store: Store, key: str, expected: str | None, report: VerifyReport) -> None:
    hashing = _Hashing(store.read_chunks(key))
    stream = iter(hashing)
    if key.endswith(".warc.gz"):
        end, _records = scan_members(stream)
        for _rest in stream:  # hash what the gzip scan did not need to read
            pass
        if end != hashing.size:
            report.damaged.append((key, f"WARC file ends in an incomplete gzip member at byte {end}"))
    else:
        for _chunk in stream:
            pass
    report.checked += 1
    actual = hashing.digest.hexdigest()
    if expected is not None and actual != expected:
        report.damaged.append((key, f"SHA-256 {actual} differs from the recorded {expected}"))
