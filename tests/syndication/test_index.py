"""NearDuplicateIndex: exact copies, near copies, origin, idempotence, persistence, processes."""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pipelines.syndication import (
    IndexEntry,
    NearDuplicateIndex,
    NearDuplicateSettings,
    SyndicationMatch,
    content_hash,
    to_simplified,
)

STORY = (
    "3月3日，19个医药健康产业重大项目在昌平区中关村生命科学园签约落地。\n"
    "这次签约既有世界和中国500强企业、头部基金和重要机构，也有知名科学家领衔的原创医药企业，"
    "涵盖科技、资本、服务等产业发展各个环节。\n"
    "昌平正启动实施医药健康产业倍增行动计划，重点聚焦生物制药前沿技术、医疗器械、美丽健康三大主赛道，"
    "计划到十四五末实现产业收入、工业产值和研发投入三个翻一番。\n"
    "生命科学创新走廊以生命科学园为核心，以京新、京藏高速为主轴，一直向北延伸，"
    "未来3至5年可新供应高品质医药健康产业空间约450万平方米。"
)
OTHER = (
    "记者从市气象台获悉，受冷空气影响，今天夜间到明天白天本市将出现大风降温天气，"
    "北部山区阵风可达八级，请市民注意防范，外出时远离广告牌和临时搭建物。\n"
    "气象部门提醒，此次降温幅度较大，最低气温将降至零下五摄氏度，请及时添加衣物，"
    "农业生产单位应做好大棚设施加固工作。"
)


def postings(index: NearDuplicateIndex) -> list[tuple[int, int]]:
    """Every (band key, rid) posting of an index, merged or recent."""
    conn = index._conn
    recent = [(key, rid) for rid, blob in conn.execute("SELECT rid, keys FROM recent")
              for key in np.frombuffer(blob, dtype="<i8").tolist()]
    return sorted(conn.execute("SELECT key, rid FROM bands").fetchall() + recent)


def add(index: NearDuplicateIndex, rid: str, text: str, published: str | None, site: str = "a") -> SyndicationMatch:
    return index.add(rid, text, site=site, published_at=published, fetched_at="2024-03-05T00:00:00Z",
                     title=rid)


@pytest.fixture
def index(tmp_path: Path) -> NearDuplicateIndex:
    return NearDuplicateIndex(tmp_path / "dedupe.sqlite")


def test_first_record_founds_a_cluster(index: NearDuplicateIndex) -> None:
    m = add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    assert (m.cluster_id, m.duplicate_of, m.exact, m.similarity) == ("r1", None, False, 0.0)


def test_exact_copy_under_other_url(index: NearDuplicateIndex) -> None:
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    m = add(index, "r2", "  " + STORY.replace("\n", "\n\n") + " ", "2024-03-03T12:00:00+08:00", site="b")
    assert (m.cluster_id, m.duplicate_of, m.exact, m.similarity) == ("r1", "r1", True, 1.0)


def test_traditional_copy_with_pinyin_notes_is_near(index: NearDuplicateIndex) -> None:
    import opencc

    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    trad = opencc.OpenCC("s2t").convert(STORY).replace("醫", "醫(yī)").replace("業", "業(yè)")
    m = add(index, "r2", to_simplified(trad), "2024-03-04T10:00:00+08:00", site="farm")
    assert m.cluster_id == "r1" and m.duplicate_of == "r1" and m.similarity >= 0.8


def test_cut_copy_joins_by_containment(index: NearDuplicateIndex) -> None:
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    cut = "\n".join(STORY.split("\n")[:2])
    m = add(index, "r2", "编者按：本文有删节。\n" + cut, "2024-03-03T11:00:00+08:00", site="b")
    # the similarity is estimated from the stored 48-hash sample (true containment here 0.92,
    # the estimate's spread about ±0.1): it must clear the containment threshold
    assert m.cluster_id == "r1" and not m.exact and m.similarity >= index.settings.min_containment


def test_different_story_is_not_merged(index: NearDuplicateIndex) -> None:
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    m = add(index, "r2", OTHER, "2024-03-03T10:00:00+08:00")
    assert (m.cluster_id, m.duplicate_of) == ("r2", None)


def test_origin_is_earliest_published_even_if_added_later(index: NearDuplicateIndex) -> None:
    add(index, "copy", STORY, "2024-03-04T09:00:00+08:00", site="farm")
    m = add(index, "orig", STORY, "2024-03-03T10:00:00+08:00", site="bjd")
    assert (m.cluster_id, m.duplicate_of) == ("copy", None)
    assert add(index, "copy", STORY, None).duplicate_of == "orig"  # idempotent re-add, current view
    assert [r["id"] for r in index.members("copy")] == ["orig", "copy"]
    assert index.members("copy")[0] == {"id": "orig", "site": "bjd", "published_at": "2024-03-03T10:00:00+08:00",
                                        "fetched_at": "2024-03-05T00:00:00Z", "title": "orig"}


def test_add_is_idempotent(index: NearDuplicateIndex, tmp_path: Path) -> None:
    first = add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    assert add(index, "r1", STORY, "2024-03-03T10:00:00+08:00") == first
    assert add(index, "r1", OTHER, None) == first  # same id: the first filing stands
    assert len(index.members("r1")) == 1


def test_state_survives_restart(tmp_path: Path) -> None:
    index = NearDuplicateIndex(tmp_path / "d.sqlite")
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    index.close()
    index = NearDuplicateIndex(tmp_path / "d.sqlite")
    assert add(index, "r2", STORY, None).duplicate_of == "r1"


def test_settings_are_fixed_per_index(tmp_path: Path) -> None:
    NearDuplicateIndex(tmp_path / "d.sqlite").close()
    with pytest.raises(ValueError, match="built with"):
        NearDuplicateIndex(tmp_path / "d.sqlite", NearDuplicateSettings(ngram=3))


def test_empty_text(index: NearDuplicateIndex) -> None:
    assert add(index, "e1", "", None).cluster_id == "e1"
    assert add(index, "e2", " \n", None).exact  # same (empty) content hash


def test_content_hash_folds_space_and_script() -> None:
    import opencc

    assert content_hash(STORY) == content_hash(" " + STORY.replace("\n", " \n\n"))
    assert content_hash(STORY) == content_hash(opencc.OpenCC("s2t").convert(STORY))
    assert content_hash(STORY).startswith("sha256:") and content_hash(STORY) != content_hash(OTHER)


def _worker(path: str, site: str, n: int) -> None:
    # postings merged every 9 records: merges by either process happen between the other's adds
    index = NearDuplicateIndex(path, NearDuplicateSettings(merge_every=9))
    for i in range(n):
        # every worker files the same shared story plus its own stories
        index.add(f"{site}-shared-{i}", f"第{i}号通报。" + STORY, site=site, published_at=None,
                  fetched_at=f"2024-03-05T00:00:{i % 60:02d}Z")
        index.add(f"{site}-own-{i}", f"{site}站第{i}条独家：" + OTHER * (1 + i % 3), site=site,
                  published_at=None, fetched_at="2024-03-05T00:00:00Z")
    index.close()


def test_two_processes_add_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "d.sqlite")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(path, site, 40)) for site in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    index = NearDuplicateIndex(path)
    rows = index._conn.execute("SELECT count(*), count(DISTINCT id) FROM records").fetchone()
    assert rows == (160, 160)
    assert index._conn.execute("SELECT value FROM marks WHERE name = 'merged'").fetchone()[0] >= 144
    # the shared story is one cluster however the two processes interleaved
    clusters = {index.add(f"{s}-shared-{i}", "", site=s, published_at=None, fetched_at="2024-03-05T00:00:00Z").cluster_id
                for s in ("a", "b") for i in range(40)}
    assert len(clusters) == 1


def test_add_many_files_in_order_like_add(index: NearDuplicateIndex, tmp_path: Path) -> None:
    entries = [IndexEntry("r1", STORY, "a", "2024-03-03T10:00:00+08:00", "2024-03-05T00:00:00Z"),
               IndexEntry("r2", OTHER, "a", None, "2024-03-05T00:00:00Z"),
               IndexEntry("r3", "编者按：转载。\n" + STORY, "b", "2024-03-02T10:00:00+08:00", "2024-03-05T00:00:00Z"),
               IndexEntry("r1", OTHER, "a", None, "2024-03-05T00:00:00Z")]  # filed already: first filing stands
    batch = index.add_many(entries)
    single = NearDuplicateIndex(tmp_path / "single.sqlite")
    for e in entries:
        single.add(e.record_id, e.text_simplified, site=e.site, published_at=e.published_at, fetched_at=e.fetched_at)
    assert batch == [single.add(e.record_id, "", site="", published_at=None, fetched_at="2024-03-05T00:00:00Z")
                     for e in entries]
    # at the end of the batch r3 (published earlier) is the origin of r1's cluster
    assert [(m.cluster_id, m.duplicate_of) for m in batch] == [("r1", "r3"), ("r2", None), ("r1", None), ("r1", "r3")]


def test_lookup_is_read_only(index: NearDuplicateIndex) -> None:
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    assert index.lookup(to_simplified("转载：" + STORY)) == "r1"
    assert index.lookup(OTHER) is None
    assert index.cluster_of("r1") == "r1" and index.cluster_of("nope") is None
    assert len(index.members("r1")) == 1


def test_record_linking_two_clusters_merges_them(index: NearDuplicateIndex) -> None:
    paragraphs = STORY.split("\n")
    first_half, second_half = "\n".join(paragraphs[:2]), "\n".join(paragraphs[2:])
    add(index, "x", first_half, "2024-03-03T12:00:00+08:00", site="b")
    add(index, "y", second_half, "2024-03-03T11:00:00+08:00", site="c")
    assert index.cluster_of("x") == "x" and index.cluster_of("y") == "y"  # no sentence in common
    m = add(index, "full", STORY, "2024-03-03T13:00:00+08:00", site="d")
    # the cluster with the earliest origin (y) survives; x's cluster id now resolves to it
    assert (m.cluster_id, m.duplicate_of) == ("y", "y")
    assert {index.cluster_of(r) for r in ("x", "y", "full")} == {"y"}
    assert [r["id"] for r in index.members("x")] == [r["id"] for r in index.members("y")] == ["y", "x", "full"]
    assert index.origin_of("x") == index.origin_of("y") == "y"
    assert index.merges() == [("x", "y", "full")]
    # later adds see one cluster; the already filed x reports its current cluster and origin
    assert add(index, "again", first_half, None, site="e").cluster_id == "y"
    assert (add(index, "x", "", None).cluster_id, add(index, "x", "", None).duplicate_of) == ("y", "y")


def test_boilerplate_band_keys_are_capped(tmp_path: Path) -> None:
    rng = random.Random(11)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]

    def sentences(n: int) -> str:
        return "".join("".join(rng.choices(chars, k=20)) + "。" for _ in range(n))

    boilerplate = sentences(6)  # a third of each article: not a copy, but shares band keys
    # merged into bands every 7 records: the cap holds across both tiers of postings
    index = NearDuplicateIndex(tmp_path / "d.sqlite", NearDuplicateSettings(max_postings=3, merge_every=7))
    stories = [sentences(12) for _ in range(40)]
    for i, story in enumerate(stories):
        assert add(index, f"s{i}", story + "\n" + boilerplate, None).cluster_id == f"s{i}"
    assert max(Counter(key for key, _ in postings(index)).values()) == 3
    assert add(index, "copy", "转载：" + stories[7] + "\n" + boilerplate, None).cluster_id == "s7"


def test_postings_do_not_depend_on_when_they_are_merged(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = [STORY, OTHER] + ["".join(rng.choices(STORY + OTHER, k=300)) for _ in range(30)]
    texts += [t[: len(t) * 2 // 3] for t in texts[::3]]  # cut copies, filed after their originals
    answers, kept = [], []
    for merge_every in (1, 5, 4096):
        index = NearDuplicateIndex(tmp_path / f"m{merge_every}.sqlite", NearDuplicateSettings(merge_every=merge_every))
        answers.append([add(index, f"r{i}", t, None) for i, t in enumerate(texts)])
        kept.append(postings(index))
        assert index.lookup(texts[3][:200] + texts[3][200:]) == "r3"
    assert answers[0] == answers[1] == answers[2] and kept[0] == kept[1] == kept[2]
    assert sum(m.cluster_id != f"r{i}" for i, m in enumerate(answers[0])) >= 10  # copies were found


def test_rolled_back_batch_leaves_no_postings_in_memory(index: NearDuplicateIndex) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        # the second entry's id is taken by the first within the batch only after filing: a
        # NOT NULL site makes the insert fail half-way, and the whole batch rolls back
        index.add_many([IndexEntry("r1", STORY, "a", None, "2024-03-05T00:00:00Z"),
                        IndexEntry("r2", OTHER, None, None, "2024-03-05T00:00:00Z")])  # type: ignore[arg-type]
    assert index.cluster_of("r1") is None and index.lookup(STORY) is None
    assert add(index, "r3", STORY, None).cluster_id == "r3"


def test_format_2_index_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    index = NearDuplicateIndex(path)
    add(index, "r1", STORY, "2024-03-03T10:00:00+08:00")
    add(index, "r2", OTHER, None)
    # what format 2 looked like: every posting in bands, no recent postings, no merge mark
    conn = index._conn
    conn.executemany("INSERT INTO bands VALUES (?, ?)", postings(index))
    for table in ("recent", "marks", "band_filter"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("UPDATE settings SET value = '2' WHERE name = 'format'")
    index.close()
    index = NearDuplicateIndex(path)
    assert add(index, "r3", "转载：" + STORY, None).duplicate_of == "r1"
    assert index.lookup(OTHER) == "r2"
    assert index._conn.execute("SELECT value FROM settings WHERE name = 'format'").fetchone()[0] == "7"
    index.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE settings SET value = '1' WHERE name = 'format'")
    conn.close()
    with pytest.raises(ValueError, match="built with"):
        NearDuplicateIndex(path)


def test_batch_answers_without_queries_equal_the_stored_view(index: NearDuplicateIndex) -> None:
    paragraphs = STORY.split("\n")
    texts = [OTHER, "\n".join(paragraphs[:2]), "\n".join(paragraphs[2:]), STORY, OTHER, "转载：" + OTHER]
    entries = [IndexEntry(f"r{i}", t, "a", None, f"2024-03-05T00:00:0{i}Z") for i, t in enumerate(texts)]
    batch = index.add_many(entries[:2]) + index.add_many(entries[2:] + entries[:1])
    assert batch[2:] == [index._match(e.record_id) for e in entries[2:] + entries[:1]]
    assert [m.cluster_id for m in batch] == ["r0", "r1", "r1", "r1", "r0", "r0", "r0"]
