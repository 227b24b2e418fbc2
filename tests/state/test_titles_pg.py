"""Title decorations in PostgreSQL: one row per site; crawls of different sites that overlap,
in other processes (other machines), each keep what they learned. The same test runs against
the JSON file of a single machine."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from pipelines.text.title_store import TitleDecorationFile, open_title_decorations
from pipelines.text.title_store_pg import PgTitleDecorations
from tests.pgserver import PostgresServer

HEADS = [f"{place}{what}" for place in ("青山县", "白水镇", "东城区", "南湖街道")
         for what in ("召开防汛工作会议", "开展义诊活动", "启动秋季招聘会", "通报道路施工进展")]
SITES = [(f"site{i}", f"_第{i}频道") for i in range(2)]


@pytest.fixture(params=["file", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str | None:
    return request.getfixturevalue("pg_database") if request.param == "postgresql" else None


def learn(home: Path, database: str | None, site: str, suffix: str, loaded: Any, go: Any) -> None:
    store = open_title_decorations(home, database)
    decorations = store.load()
    loaded.wait()  # every process has loaded before any saves: the overlap that used to lose updates
    for head in HEADS:
        decorations.observe(site, head + suffix)
    go.wait()
    store.save(decorations)
    store.close()


def test_processes_saving_different_sites_at_once_lose_nothing(tmp_path: Path, backend: str | None) -> None:
    store = open_title_decorations(tmp_path, backend)
    assert isinstance(store, PgTitleDecorations if backend else TitleDecorationFile)
    context = multiprocessing.get_context("fork")  # the modules imported already: seconds, not tens
    loaded, go = context.Barrier(len(SITES)), context.Barrier(len(SITES))
    procs = [context.Process(target=learn, args=(tmp_path, backend, site, suffix, loaded, go))
             for site, suffix in SITES]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    assert [proc.exitcode for proc in procs] == [0] * len(SITES)
    learned = store.load()
    for site, suffix in SITES:
        assert learned.decorations(site)[1] == {suffix}, site
    assert (tmp_path / "title_decorations.json").exists() == (backend is None)


def test_one_row_per_site_and_a_save_writes_only_its_sites(pg_server: PostgresServer, pg_database: str,
                                                            tmp_path: Path) -> None:
    store = open_title_decorations(tmp_path, pg_database)
    first = store.load()
    for head in HEADS:
        first.observe("qs", head + "_青山新闻网")
    store.save(first)
    second = store.load()
    for head in HEADS:
        second.observe("bs", head + " - 白水在线")
    second.observe("qs", "青山县某条新闻标题很长")  # qs observed again: its row is written again
    store.save(second)
    third = store.load()
    third.observe("bs", "白水镇又一条新闻")
    store.save(third)  # only bs: the qs row is left as it is
    name = pg_database.rsplit("/", 1)[1]
    rows = pg_server.psql("SELECT site, jsonb_array_length(state->'seen') FROM title_decorations.sites ORDER BY site",
                          database=name).split()
    assert rows == ["bs|17", f"qs|{len(HEADS) + 1}"]
    final = store.load()
    assert final.decorations("qs")[1] == {"_青山新闻网"} and final.decorations("bs")[1] == {"- 白水在线"}
