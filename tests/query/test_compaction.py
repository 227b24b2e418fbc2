"""``difang compact`` on a folder and on a real S3 server (SeaweedFS): runs archived by the real
CrawlSession, then their manifests merged per day. The rows stay the same, ``difang verify``
accepts the runs whose manifest went into a compacted file, ``difang reindex`` gives the same
index, and a compaction cut short between its write and its deletes still leaves a correct
archive."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from archive.cli.main import main
from core.record import clean_key, record_json
from query.index import QueryIndex, index_path
from storage.compaction import is_compacted, read_inputs
from storage.session import CrawlSession
from storage.store import Store, open_store
from tests.query.articles import ARTICLES

OLD_DAY = "2024-03-01"


def archive_run(url: str, home: Path, records: list[dict[str, Any]]) -> None:
    session = CrawlSession("leshan", archive_url=url, home=home)
    for record in records:
        session.add_record(clean_key(record), record, record_json(record))
    assert session.close({}, "finished")["uploads_complete"]


def manifests(store: Store) -> list[str]:
    return sorted(k for k in store.list("manifests/") if k.endswith(".parquet"))


def rows(store: Store) -> list[tuple[str, str]]:
    """(id, fetched_at) of every manifest row, sorted, repeats kept."""
    found = []
    for key in manifests(store):
        table = pq.read_table(io.BytesIO(store.get(key)), columns=["id", "fetched_at"])
        found += zip(table["id"].to_pylist(), table["fetched_at"].to_pylist(), strict=True)
    return sorted(found)


def difang(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(list(argv))
    return status, capsys.readouterr().out


def indexed(home: Path) -> list[tuple[str, str]]:
    with QueryIndex(index_path(home)) as index:
        return sorted((r["id"], r["fetched_at"]) for r in index.execute("SELECT id, fetched_at FROM articles"))


@pytest.fixture(params=["folder", "s3"])
def archive(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three runs of today (one archives a newer version of an article) and an older day's
    manifest written before the ``extraction_error`` column existed."""
    if request.param == "folder":
        url = str(tmp_path / "archive")
    else:
        request.getfixturevalue("s3_env")
        bucket = f"difang-{secrets.token_hex(4)}"
        request.getfixturevalue("s3_server").create_bucket(bucket)
        url = f"s3://{bucket}/archive"
    home = tmp_path / "home"
    monkeypatch.setenv("DIFANG_HOME", str(home))
    monkeypatch.setenv("DIFANG_ARCHIVE", url)
    store = open_store(url)
    archive_run(url, home, ARTICLES[:3])
    archive_run(url, home, ARTICLES[3:])
    archive_run(url, home, [{**ARTICLES[0], "fetched_at": "2024-04-03T00:00:00Z", "title": "成都地铁十九号线二期今日开通"}])
    today = manifests(store)[0]
    old = pq.read_table(io.BytesIO(store.get(today))).drop_columns(["extraction_error"])
    buffer = io.BytesIO()
    pq.write_table(old, buffer)
    store.put(f"manifests/date={OLD_DAY}/leshan-20240301000000-abcdef.parquet", buffer.getvalue())
    return {"store": store, "home": home, "old_rows": old.num_rows}


def test_compaction_keeps_rows_verify_and_reindex(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    store, home = archive["store"], archive["home"]
    before_keys = manifests(store)
    assert len(before_keys) == 4
    before_rows = rows(store)
    assert difang(capsys, "reindex", "--workers", "1")[0] == 0
    before_index = indexed(home)
    assert len(before_index) == len(ARTICLES)

    status, out = difang(capsys, "compact", "--before", "2999-01-01")
    assert status == 0, out
    after_keys = manifests(store)
    assert len(after_keys) == 2 and all(is_compacted(k) for k in after_keys)
    assert rows(store) == before_rows
    inputs = [name for key in after_keys for name, _ in read_inputs(store, key)]
    assert sorted(inputs) == before_keys
    old = next(k for k in after_keys if OLD_DAY in k)
    column = pq.read_table(io.BytesIO(store.get(old))).column("extraction_error")  # unified: null
    assert len(column) == column.null_count == archive["old_rows"]

    assert difang(capsys, "verify")[0] == 0
    assert difang(capsys, "reindex", "--workers", "1", "--manifests-only")[0] == 0
    assert indexed(home) == before_index
    assert difang(capsys, "compact", "--before", "2999-01-01")[1].startswith("compacted 0 days")
    assert manifests(store) == after_keys


def test_a_compaction_cut_short_before_its_deletes(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    store, home = archive["store"], archive["home"]
    assert difang(capsys, "reindex", "--workers", "1")[0] == 0
    before_index = indexed(home)
    before_rows = rows(store)
    today = [k for k in manifests(store) if OLD_DAY not in k]
    kept = {k: store.get(k) for k in today}
    assert difang(capsys, "compact", "--before", "2999-01-01")[0] == 0
    for key, data in kept.items():  # as if the process died after writing the compacted file
        store.put(key, data)
    twice = sum(pq.ParquetFile(io.BytesIO(data)).metadata.num_rows for data in kept.values())
    assert twice and len(rows(store)) == len(before_rows) + twice  # those rows are there twice now

    assert difang(capsys, "verify")[0] == 0
    assert difang(capsys, "reindex", "--workers", "1", "--manifests-only")[0] == 0
    assert indexed(home) == before_index
    status, out = difang(capsys, "compact", "--before", "2999-01-01")
    assert status == 0 and "leftover files deleted" in out, out
    assert rows(store) == before_rows and all(is_compacted(k) for k in manifests(store))


def test_a_late_manifest_compacts_the_day_again(archive: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    store, home = archive["store"], archive["home"]
    assert difang(capsys, "compact", "--before", "2999-01-01")[0] == 0
    first = [k for k in manifests(store) if OLD_DAY not in k]
    late = {**ARTICLES[1], "fetched_at": "2024-04-04T00:00:00Z"}
    archive_run(store.url, home, [late])  # a spool uploaded after the day was compacted
    before_rows = rows(store)
    assert difang(capsys, "compact", "--before", "2999-01-01")[0] == 0
    second = [k for k in manifests(store) if OLD_DAY not in k]
    assert len(second) == 1 and second != first
    assert rows(store) == before_rows
    assert len(read_inputs(store, second[0])) == 4  # the three runs carried over, and the late one
    assert difang(capsys, "verify")[0] == 0
    assert difang(capsys, "reindex", "--workers", "1")[0] == 0
    assert (late["id"], late["fetched_at"]) in indexed(home)


def test_a_manifest_of_a_newer_schema_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(str(tmp_path / "archive"))
    monkeypatch.setenv("DIFANG_ARCHIVE", store.url)
    monkeypatch.setenv("DIFANG_HOME", str(tmp_path / "home"))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": ["a"], "fetched_at": ["2024-01-01T00:00:00Z"], "mood": ["sunny"]}), buffer)
    key = "manifests/date=2024-01-01/x-20240101000000-abcdef.parquet"
    store.put(key, buffer.getvalue())
    status = main(["compact"])
    captured = capsys.readouterr()
    assert status == 1
    assert "2024-01-01  not compacted:" in captured.err and "mood" in captured.err
    assert manifests(store) == [key]
