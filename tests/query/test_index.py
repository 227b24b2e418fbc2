"""The query index: words of one, two and more characters, scripts, filters, order, paging."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.record import clean_key
from query.filters import Selection
from query.index import OutdatedIndex, QueryIndex
from tests.query.articles import ARTICLES, article


@pytest.fixture()
def index(tmp_path: Path) -> QueryIndex:
    index = QueryIndex(tmp_path / "index.sqlite")
    index.add((r, clean_key(r)) for r in ARTICLES)
    return index


def ids(index: QueryIndex, **kw: object) -> list[str]:
    return [row["id"][-2:] for row in index.search(Selection(**kw))]  # type: ignore[arg-type]


def test_two_character_word(index: QueryIndex) -> None:
    assert ids(index, query="地铁") == ["a2", "a1"]
    assert ids(index, query="新闻") == ["a5"]


def test_one_character_word_anywhere_in_a_run(index: QueryIndex) -> None:
    assert ids(index, query="稻") == ["a5"]  # inside a run
    assert sorted(ids(index, query="楼")) == ["a3"]  # last character of a title run
    assert ids(index, query="县") == ["a5"]


def test_longer_words_are_exact_substrings(index: QueryIndex) -> None:
    assert ids(index, query="十九号线") == ["a2", "a1"]
    assert ids(index, query="人民医院") == ["a3"]
    assert ids(index, query="地铁十号") == []  # every bigram exists, not in this order


def test_query_in_traditional_finds_simplified_and_vice_versa(index: QueryIndex) -> None:
    assert ids(index, query="醫院") == ["a3", "a4"]
    assert ids(index, query="夜间门诊") == ["a4"]


def test_latin_and_digits(index: QueryIndex) -> None:
    assert ids(index, query="5g") == ["a6"]
    assert ids(index, query="A股") == ["a6"]


def test_all_words_must_match(index: QueryIndex) -> None:
    assert ids(index, query="地铁 新津区") == ["a2"]


def test_filters(index: QueryIndex) -> None:
    assert ids(index, query="地铁", sites=("chengdu",)) == ["a1"]
    assert ids(index, source="乐山发布") == ["a3", "a5"]
    assert ids(index, author="李明") == ["a3", "a1"]
    assert ids(index, cluster="a0000000000000a1") == ["a2", "a1"]
    assert ids(index, since="2024-04-01", until="2024-04-15") == ["a4", "a5"]
    assert ids(index, since="2024-06-01", date_field="fetched") == ["a6"]
    assert ids(index, until="2024-03-28") == ["a2", "a1"]  # until includes the whole day


def test_relevance_prefers_title_matches(index: QueryIndex) -> None:
    extra = article("a0000000000000a7", "leshan", "春耕", "地铁。" * 1 + "其他内容" * 30,
                    published_at="2024-07-01T00:00:00+08:00")
    index.add([(extra, clean_key(extra))])
    assert ids(index, query="地铁")[0] == "a7"  # newest first by date
    assert ids(index, query="地铁", sort="relevance")[-1] == "a7"  # only in a long body


def test_paging(index: QueryIndex) -> None:
    everything = ids(index, limit=None)
    assert len(everything) == len(ARTICLES)
    assert ids(index, limit=2) + ids(index, limit=2, offset=2) + ids(index, limit=2, offset=4) == everything
    assert everything[-1] == "a6"  # no publication date: last when sorting by it


def test_newer_version_replaces_older(index: QueryIndex) -> None:
    newer = article("a0000000000000a5", "leshan", "春耕进展（更新）", "水稻育秧全部完成。",
                    fetched_at="2024-04-11T09:00:00Z", published_at="2024-04-10T16:00:00+08:00")
    older = article("a0000000000000a5", "leshan", "旧的", "旧版本", fetched_at="2024-04-09T09:00:00Z")
    assert index.add([(newer, clean_key(newer)), (older, clean_key(older))]) == 1
    assert ids(index, query="新闻发布会") == []
    assert ids(index, query="全部完成") == ["a5"]
    assert index.count() == len(ARTICLES)
    row = index.get("a0000000000000a5")
    assert row is not None and row["clean_key"].endswith("date=2024-04-11/a0000000000000a5.json")


def test_cluster_lists_origin_first(index: QueryIndex) -> None:
    assert [m["id"][-2:] for m in index.cluster("a0000000000000a1")] == ["a1", "a2"]


def test_punctuation_query_matches_nothing(index: QueryIndex) -> None:
    assert ids(index, query="！？") == []


def test_small_segments_are_merged_and_still_found(tmp_path: Path) -> None:
    index = QueryIndex(tmp_path / "merged.sqlite")
    for batch in range(25):  # what a crawl's hook does: many small batches
        records = [article(f"b{batch:07d}{i:08d}", f"site{i % 3}", f"第{batch}批新闻{i}",
                           f"县城新建停车场{batch}号，" + ("地铁" if i == 0 else "公交") + "方便居民出行。",
                           published_at=f"2024-04-{1 + batch:02d}T{i:02d}:00:00+08:00")
                   for i in range(10)]
        index.add((r, clean_key(r)) for r in records)
    sizes = [r["size"] for r in index.execute("SELECT size FROM segments ORDER BY first")]
    assert sizes == [100, 100] + [10] * 5  # ten segments of ten became one of a hundred, twice
    found = index.search(Selection(query="地铁", limit=None))
    assert [r["id"][:8] for r in found] == [f"b{b:07d}" for b in reversed(range(25))]
    assert len(index.search(Selection(query="停车场", sites=("site1",), limit=None))) == 25 * 3


def test_a_segment_without_any_publication_date(index: QueryIndex) -> None:
    undated = article("a0000000000000a8", "leshan", "地铁站周边交通调整", "地铁站周边公交线路调整。", published_at=None)
    index.add([(undated, clean_key(undated))])  # a segment of its own, no published date at all
    assert ids(index, query="地铁") == ["a2", "a1", "a8"]
    assert ids(index, query="地铁", since="2024-01-01") == ["a2", "a1"]


def test_an_index_of_the_old_layout_asks_for_a_reindex(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "old.sqlite")
    old.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                      "INSERT INTO meta VALUES ('schema', '1');")
    old.close()
    with pytest.raises(OutdatedIndex, match="difang reindex"):
        QueryIndex(tmp_path / "old.sqlite")


@pytest.mark.parametrize(("kw", "expected", "exact"), [
    ({"query": "地铁"}, 2, True),
    ({"query": "醫院"}, 2, True),
    ({"query": "医院", "sites": ("leshan",)}, 1, True),
    ({"query": "李明"}, 0, True),  # an author, not a word of the texts
    ({"author": "李明"}, 2, True),
    ({"since": "2024-04", "until": "2024-04"}, 2, True),
    ({}, 6, True),
    ({"query": "，。"}, 0, True),  # punctuation only matches nothing
    ({"query": "十九号线"}, 2, False),
    ({"query": "院新增"}, 1, False),  # 院新 and 新增 are in a3, 院新增 is not: an upper bound
])
def test_count_matches(index: QueryIndex, kw: dict[str, object], expected: int, exact: bool) -> None:
    sel = Selection(**kw, limit=None)  # type: ignore[arg-type]
    assert index.count_hits(sel) == (expected, exact)
    assert expected >= len(index.hits(sel)) and (not exact or expected == len(index.hits(sel)))
