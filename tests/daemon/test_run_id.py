"""The daemon hands each crawl its run id and reads back exactly that run's file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from daemon.report import read_report
from storage.session import check_run_id, new_run_id
from storage.store import FileStore


def run_file(run_id: str, articles: int) -> dict[str, object]:
    return {"run_id": run_id, "articles": articles, "stats": {"difang/articles/archived": articles}}


def test_run_ids() -> None:
    run_id = new_run_id("demo-gbk")
    assert check_run_id("demo-gbk", run_id) == run_id
    with pytest.raises(ValueError):
        check_run_id("demo-utf8", run_id)
    with pytest.raises(ValueError):
        check_run_id("demo-gbk", "demo-gbk-../../x")


def test_read_report_by_run_id_prefers_the_exact_file(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "archive")
    now = time.time()
    mine, other = new_run_id("s"), new_run_id("s")
    for run_id, articles in ((mine, 3), (other, 7)):
        store.put(f"runs/{run_id}.json", json.dumps(run_file(run_id, articles)).encode())
    assert read_report(store, "s", now, now, run_id=mine).articles == 3
    assert read_report(store, "s", now, now, run_id=other).articles == 7
    # still in the spool (the store was away at the end of the crawl)
    spool = tmp_path / "spool"
    late = new_run_id("s")
    (spool / "runs").mkdir(parents=True)
    (spool / "runs" / f"{late}.json").write_text(json.dumps(run_file(late, 5)))
    assert read_report(store, "s", now, now, run_id=late, spool=spool).articles == 5
