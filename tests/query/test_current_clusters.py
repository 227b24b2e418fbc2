"""show, clusters and search --cluster follow the dedupe index's current clusters.

A copy archived before its story's origin appeared carries a stale ``duplicate_of`` (null: it
was the first copy seen). The dedupe index knows better; without one (a fresh machine after a
reindex from S3) the records' own fields are used. Each test runs on both forms of the index:
DIFANG_HOME's file, and cluster mode's tables in PostgreSQL (DIFANG_DATABASE).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from archive.cli.main import main
from core.record import clean_key, record_json
from pipelines.syndication import NearDuplicateIndex, open_near_duplicate_index
from query.index import IndexFeed
from query.syndication import open_current
from storage.session import CrawlSession
from tests.query.articles import article

STORY = ("3月28日，成都地铁十九号线二期正式开通运营。新线全长43公里，设站8座，连接天府新区与新津。"
         "开通首日客流平稳，沿线居民纷纷前往体验。市交通运输局表示，将持续优化行车组织和换乘服务。") * 2
COPY, ORIGIN, OTHER = "c000000000000001", "c000000000000002", "c000000000000003"


def open_dedupe(home: Path) -> NearDuplicateIndex:
    """The dedupe index a crawl would file into: cluster mode's when DIFANG_DATABASE is set."""
    return open_near_duplicate_index(home / "dedupe.sqlite", os.environ.get("DIFANG_DATABASE"))


@pytest.fixture(params=["file", "database"])
def home(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home, root = tmp_path / "home", tmp_path / "archive"
    monkeypatch.setenv("DIFANG_HOME", str(home))
    monkeypatch.setenv("DIFANG_ARCHIVE", str(root))
    if request.param == "database":
        monkeypatch.setenv("DIFANG_DATABASE", request.getfixturevalue("pg_database"))
    home.mkdir(parents=True)
    dedupe = open_dedupe(home)
    # The copy is crawled first, so it founds the cluster; the origin, published earlier, comes later.
    copy = article(COPY, "mianyang", "成都地铁十九号线二期开通", STORY, published_at="2024-03-28T15:30:00+08:00",
                   fetched_at="2024-03-28T09:00:00Z")
    origin = article(ORIGIN, "chengdu", "成都地铁十九号线二期开通运营", STORY,
                     published_at="2024-03-28T08:00:00+08:00", fetched_at="2024-03-28T10:00:00Z")
    other = article(OTHER, "leshan", "市人民医院新门诊楼启用", "市人民医院新门诊楼今日启用。",
                    published_at="2024-03-29T08:00:00+08:00", fetched_at="2024-03-29T01:00:00Z")
    session = CrawlSession("mixed", archive_url=str(root), home=home, index=IndexFeed)
    for record in (copy, origin, other):
        match = dedupe.add(record["id"], record["text"], site=record["site"], published_at=record["published_at"],
                           fetched_at=record["fetched_at"], title=record["title"])
        record = {**record, "cluster_id": match.cluster_id, "duplicate_of": match.duplicate_of}
        session.add_record(clean_key(record), record, record_json(record))
    session.close({}, "finished")
    dedupe.close()
    return home


def difang(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines()] if "--jsonl" in argv else json.loads(out)


def test_the_archived_copy_is_stale(home: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("DIFANG_DATABASE"):
        monkeypatch.delenv("DIFANG_DATABASE")  # a machine outside the cluster: records only
    else:
        (home / "dedupe.sqlite").rename(home / "elsewhere.sqlite")  # a fresh machine: records only
    data = difang(capsys, "show", COPY, "--json")
    assert data["record"]["cluster_id"] == COPY and data["record"]["duplicate_of"] is None
    assert data["archived_as"] == {}


def test_show_uses_the_current_origin(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = difang(capsys, "show", COPY, "--json")
    assert data["record"]["cluster_id"] == COPY and data["record"]["duplicate_of"] == ORIGIN
    assert data["archived_as"] == {"duplicate_of": None}
    assert [(c["id"], c["role"]) for c in data["cluster"]] == [(ORIGIN, "origin")]


def test_clusters_list_the_current_origin_first(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = difang(capsys, "clusters", "--json")
    assert [(c["id"], c["role"]) for c in data["stories"][0]["copies"]] == [(ORIGIN, "origin"), (COPY, "copy")]
    assert data["republishers"] == [{"origin_site": "chengdu", "copy_site": "mianyang", "stories": 1,
                                     "mean_delay_hours": 7.5}]
    story = difang(capsys, "clusters", "--story", ORIGIN, "--json")["stories"][0]
    assert story["cluster_id"] == COPY and story["copies"][0]["id"] == ORIGIN


def test_search_by_cluster_and_its_fields_are_current(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = difang(capsys, "search", "--cluster", COPY, "--jsonl")
    assert [(h["id"], h["duplicate_of"]) for h in hits] == [(COPY, ORIGIN), (ORIGIN, None)]
    assert [h["id"] for h in difang(capsys, "search", "--cluster", ORIGIN, "--jsonl")] == [COPY, ORIGIN]


def test_reader_agrees_with_the_dedupe_index(home: Path) -> None:
    current = open_current(home, os.environ.get("DIFANG_DATABASE"))
    assert current is not None
    dedupe = open_dedupe(home)
    for record_id in (COPY, ORIGIN, OTHER, "unknown"):
        assert current.cluster_of(record_id) == dedupe.cluster_of(record_id)
        assert current.origin_of(record_id) == dedupe.origin_of(record_id)
        assert current.members(record_id) == [m["id"] for m in dedupe.members(record_id)]
    dedupe.close()
    current.close()
