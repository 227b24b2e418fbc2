"""A run journal holds each clean record as spooled; journals of the earlier format (the
manifest row itself) left in a spool by an older version make the same manifest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from core.items import RawPointer
from core.record import manifest_row, record_json
from storage.journal import RunJournal, finish_run, journal_path
from storage.store import FileStore
from tests.durability.warcfixture import clean_record


def records() -> list[dict[str, object]]:
    out = []
    for i in range(5):
        raw = RawPointer(warc="raw/site=qs/date=2026-11-20/qs-1.warc.gz", offset=100 * i, length=90,
                         record_id=f"<urn:uuid:{i:08d}-0000-4000-8000-000000000000>")
        record = clean_record("qs", i, raw)
        record.update(repairs={"script_chars": i}, authors=["记者 王芳"] if i % 2 else [],
                      images=[{"src": f"/img/{i}.jpg", "caption": "通车现场", "width": 640}])
        out.append(record)
    return out


def manifest_of(tmp_path: Path, name: str, write: str) -> list[dict[str, object]]:
    spool = tmp_path / name
    run_id = "qs-20261120083000-abcdef"
    journal = RunJournal(journal_path(spool, run_id), {"run_id": run_id, "site": "qs",
                                                      "started_at": "2026-11-20T08:30:00+00:00"})
    for record in records():
        if write == "record":
            journal.record(record_json(record))
        else:  # what versions before the record event wrote
            journal._append({"row": manifest_row(record)})
    journal.close()
    run = finish_run(spool, journal_path(spool, run_id), reason="finished")
    assert run["articles"] == 5
    table = pq.read_table(io.BytesIO(FileStore(spool).get(run["manifest"])))
    return table.to_pylist()


def test_record_events_and_earlier_row_events_make_the_same_manifest(tmp_path: Path) -> None:
    now, before = manifest_of(tmp_path, "now", "record"), manifest_of(tmp_path, "before", "row")
    print(json.dumps(now[1], ensure_ascii=False)[:300])
    assert now == before and len(now) == 5
    assert now[3]["repairs"] == '{"script_chars": 3}' and now[3]["images"] == [
        {"src": "/img/3.jpg", "caption": "通车现场"}]
