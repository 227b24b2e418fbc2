"""What :class:`query.sync.IndexSync` remembers between syncs, over runs archived by the real
CrawlSession: an id the run table skipped (a start committing late) is looked for again, a run
whose files are not archived yet is retried and given up after the window, a run still crawling
is read once it ends. The run table is a list here (the PostgreSQL one: tests/cluster)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.record import clean_key, record_json
from query.index import QueryIndex
from query.source import ArchiveReader
from query.sync import GAP_GRACE, PENDING_WINDOW, IndexSync, RunRef
from storage.session import CrawlSession
from storage.store import open_store
from tests.query.articles import ARTICLES


class ListedRuns:
    def __init__(self) -> None:
        self.rows: dict[int, RunRef] = {}

    def after(self, high: int, also: Sequence[int]) -> list[RunRef]:
        return [r for i, r in sorted(self.rows.items()) if i > high or i in also]

    def recent(self, since: float) -> tuple[list[RunRef], int]:
        return [r for _, r in sorted(self.rows.items())], max(self.rows, default=0)


def archived(url: str, home: Path, records: list[dict[str, Any]]) -> str:
    session = CrawlSession("leshan", archive_url=url, home=home)
    for record in records:
        session.add_record(clean_key(record), record, record_json(record))
    return str(session.close({}, "finished")["run_id"])


def test_gaps_pending_runs_and_running_ones(tmp_path: Path) -> None:
    url = str(tmp_path / "archive")
    runs = [archived(url, tmp_path / "crawler", [r]) for r in ARTICLES[:4]]
    source = ListedRuns()
    index = QueryIndex(tmp_path / "index.sqlite")
    sync = IndexSync(index, ArchiveReader(open_store(url)), source)
    now = 1_000_000.0
    assert sync.run(now=now).runs == 0  # nothing yet: the table is empty

    source.rows = {1: RunRef(1, runs[0], True), 3: RunRef(3, runs[2], True), 4: RunRef(4, runs[3], False),
                   5: RunRef(5, "leshan-20240101000000-abcdef", True)}  # 2: a start not committed yet
    first = sync.run(now=now)
    assert (first.runs, first.records, first.waiting) == (3, 2, 1)  # 4 still crawls, 5 not archived
    assert index.count() == 2

    source.rows[2] = RunRef(2, runs[1], True)
    source.rows[4] = RunRef(4, runs[3], True)
    second = sync.run(now=now + 60)
    assert (second.runs, second.records, second.waiting) == (3, 2, 1)  # 2, 4, and 5 tried again
    assert index.count() == 4
    assert sync.run(now=now + 120).records == 0

    source.rows[7] = RunRef(7, "", True)  # ended without a run id: nothing to read; 6 never comes
    late = sync.run(now=now + PENDING_WINDOW + 1)
    assert late.given_up == 1 and late.waiting == 0
    assert [r["id"] for r in index.execute("SELECT id FROM sync_open")] == [6]
    sync.run(now=now + PENDING_WINDOW + GAP_GRACE + 2)
    assert index.execute("SELECT id FROM sync_open") == []
    assert index.meta("sync_high") == "7"
    index.close()


def test_time_up_leaves_the_rest_for_the_next_sync(tmp_path: Path) -> None:
    url = str(tmp_path / "archive")
    runs = [archived(url, tmp_path / "crawler", [r]) for r in ARTICLES[:3]]
    source = ListedRuns()
    source.rows = {i + 1: RunRef(i + 1, run, True) for i, run in enumerate(runs)}
    with QueryIndex(tmp_path / "index.sqlite") as index:
        sync = IndexSync(index, ArchiveReader(open_store(url)), source)
        cut = sync.run(budget=-1)
        assert not cut.complete and cut.runs == 0
        rest = sync.run()
        assert rest.complete and (rest.runs, rest.records) == (3, 3)
