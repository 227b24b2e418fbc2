"""Reindex packs whole manifests into segments, cuts a manifest larger than a segment, keeps the
newest version of an id wherever it is, and gives the answers the crawl hook's index gives —
with segments made tiny here, so every case occurs on a few invented articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.record import MANIFEST_SCHEMA, clean_key, manifest_row
from query import reindex as query_rebuild
from query.filters import Selection
from query.index import QueryIndex
from query.reindex import rebuild
from query.source import ArchiveReader
from storage.store import FileStore
from tests.query.articles import article

PLACES = ["乐山", "绵阳", "宜宾", "泸州", "德阳", "南充", "雅安"]
TOPICS = ["地铁开通", "医院新楼启用", "水稻丰收", "新闻发布会", "高速公路通车"]


def _articles(start: int, n: int, day: int) -> list[dict[str, Any]]:
    return [article(f"{i:016x}", f"site{i % 3}", f"{PLACES[i % 7]}{TOPICS[i % 5]}",
                    f"{PLACES[(i + 2) % 7]}消息：{TOPICS[i % 5]}，第{i}期。{PLACES[i % 7]}县新闻中心",
                    fetched_at=f"2024-04-{day:02d}T03:00:00Z", published_at=f"2024-04-{day:02d}T09:{i % 60:02d}:00+08:00",
                    authors=[f"记者{i % 4}"])
            for i in range(start, start + n)]


def _write(root: Path, name: str, records: list[dict[str, Any]]) -> None:
    path = root / "manifests" / "date=2024-04-01" / f"{name}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([manifest_row(r) for r in records], schema=MANIFEST_SCHEMA), path)


@pytest.mark.parametrize("workers", [1, 2])
def test_manifests_packed_and_cut_into_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                workers: int) -> None:
    monkeypatch.setattr(query_rebuild, "SEGMENT_DOCS", 8)
    small, large, tail = _articles(0, 5, 1), _articles(5, 20, 2), _articles(25, 3, 3)
    newer = _articles(2, 1, 9)[0]  # a later version of an article of the first manifest
    newer["title"] = "乐山地铁三号线开通"
    _write(tmp_path / "archive", "a-run", small)
    _write(tmp_path / "archive", "b-run", large)
    _write(tmp_path / "archive", "c-run", [*tail, newer])
    report = rebuild(ArchiveReader(FileStore(tmp_path / "archive")), tmp_path / "home" / "index.sqlite",
                     manifests_only=True, workers=workers)
    assert (report.manifests, report.manifest_rows, report.articles) == (3, 29, 28)

    crawled = QueryIndex(tmp_path / "crawled.sqlite")  # the crawl hook's index of the same records
    crawled.add((r, clean_key(r)) for r in [*small, *large, *tail, newer])
    with QueryIndex(tmp_path / "home" / "index.sqlite") as index:
        sizes = [r["size"] for r in index.execute("SELECT size FROM segments ORDER BY first")]
        assert sizes == [5, 8, 8, 8]  # 5 | 20 cut into 8 + 8 + 4, the 4 packed with the last manifest's 4
        assert index.get(newer["id"])["title"] == "乐山地铁三号线开通"  # type: ignore[index]
        for query in ("地铁", "乐山", "新闻中心", "县", "三号线", "医院", ""):
            for sort in ("date", "relevance"):
                sel = Selection(query=query, sort=sort, limit=None)
                expected = sorted(r["id"] for r in crawled.search(sel))
                assert sorted(r["id"] for r in index.search(sel)) == expected, (query, sort)
                assert expected, query
        sel = Selection(query="地铁", sites=("site1",), author="记者1", limit=None)
        assert [r["id"] for r in index.search(sel)] == [r["id"] for r in crawled.search(sel)]
    crawled.close()
