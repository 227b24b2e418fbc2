"""The cluster leader's daily compaction job: when it fires, and which days it merges (a
folder archive; the merging itself: tests/query/test_compaction.py)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cluster import compaction
from core.record import MANIFEST_SCHEMA
from storage.compaction import is_compacted
from storage.store import FileStore


def test_fires_once_a_day_at_03_17_utc() -> None:
    trigger = compaction.trigger()
    first = trigger.get_next_fire_time(None, datetime(2024, 1, 1, 4, 0, tzinfo=UTC))
    assert first == datetime(2024, 1, 2, 3, 17, tzinfo=UTC)
    assert trigger.get_next_fire_time(first, first + timedelta(seconds=1)) == first + timedelta(days=1)


def test_merges_the_days_before_yesterday(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "archive")
    today = datetime.now(UTC).date()
    for back in (0, 1, 2):
        day = (today - timedelta(days=back)).isoformat()
        for run in ("a", "b"):
            buffer = io.BytesIO()
            pq.write_table(pa.Table.from_pylist([{"id": f"{day}{run}", "fetched_at": day}], schema=MANIFEST_SCHEMA),
                           buffer)
            store.put(f"manifests/date={day}/site-{run}.parquet", buffer.getvalue())
    compaction.daily_compaction(store.url, tmp_path / "home")
    by_day: dict[str, list[str]] = {}
    for key in store.list("manifests/"):
        by_day.setdefault(key.split("/")[1], []).append(key)
    assert [len(by_day[f"date={(today - timedelta(days=b)).isoformat()}"]) for b in (0, 1, 2)] == [2, 2, 1]
    assert is_compacted(by_day[f"date={(today - timedelta(days=2)).isoformat()}"][0])
