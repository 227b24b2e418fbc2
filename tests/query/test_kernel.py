"""The compiled segment builder (reindex) gives exactly the bucket rows, texts and lengths of the
numpy one (the crawl hook), whose terms are those of :func:`query.terms.term_keys`, in
buckets that :func:`query.postings.lookup` reads back."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa

from core.record import MANIFEST_SCHEMA, clean_key, manifest_row
from query.kernel import CLASSES, LOWER, collect
from query.postings import bucket_of, lookup, postings
from query.segment import (
    _facets,
    _kernel_index,
    _numpy_index,
    build,
    build_table,
    postings_of,
    unpack_text,
)
from query.terms import TITLE, facet_term, term_keys
from tests.query.articles import ARTICLES

# Han (common and rare, one from Extension B), kana, Latin of both cases, digits, full-width
# letters, punctuation and spaces: every class of character the terms tell apart.
PIECES = ["地铁", "医院", "新闻中心", "县", "乐山", "𠀋", "の", "ABC", "abc", "5G", "2024", "Ｆ", "，", "。",
          " ", "\n", "_", "é", "Ω"]


def _text(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(PIECES) for _ in range(parts))


def _documents(n: int, seed: int) -> tuple[list[str], list[str], list[dict[str, object]]]:
    rng = random.Random(seed)
    titles = [_text(rng, rng.randint(0, 6)) for _ in range(n)]
    bodies = [_text(rng, rng.randint(0, 60)) for _ in range(n)]
    records: list[dict[str, object]] = [
        {"site": f"s{i % 3}", "source": rng.choice([None, "乐山日报"]), "authors": rng.choice([[], ["王明"], ["王明", "李"]])}
        for i in range(n)]
    return titles, bodies, records


def _reference(titles: list[str], bodies: list[str], records: list[dict[str, object]]) -> dict[int, bytes]:
    both = [f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)]
    facets = [(facet_term(kind, str(value)) << 16) | i for i, r in enumerate(records)
              for kind, value in [("site", r["site"]), ("source", r["source"])]
              + [("author", a) for a in r["authors"]] if value]  # type: ignore[attr-defined]
    keys = np.concatenate((term_keys(both), term_keys(titles, TITLE), np.array(facets, dtype=np.uint64)))
    return dict(postings(keys, len(titles)))


def test_kernel_terms_equal_the_numpy_reference() -> None:
    for n, seed in ((1, 1), (17, 2), (300, 3)):  # 300: common terms become bitmaps
        titles, bodies, records = _documents(n, seed)
        expected = _reference(titles, bodies, records)
        blobs, buckets = postings_of(titles, bodies, records)  # numpy: the crawl hook's path
        stored = dict(blobs)
        found = {}
        for term in expected:
            bucket = stored.get(bucket_of(term, buckets))
            assert bucket is not None
            found[term] = lookup(bucket, term)
        assert found == expected
        every = sum(int.from_bytes(b[:4], "little") for b in stored.values())
        assert every == len(expected)  # and no term the reference lacks
        assert lookup(next(iter(stored.values())), 12345678) is None
        # The compiled loops (reindex's path) write the very same rows, texts and lengths.
        kernel = _kernel_index(pa.array(titles), pa.array(bodies), records)
        numpy = _numpy_index(titles, bodies, records)
        assert (kernel.postings, kernel.buckets, kernel.texts) == (numpy.postings, numpy.buckets, numpy.texts)
        assert kernel.lengths.tolist() == numpy.lengths.tolist()


def test_kernel_keeps_the_text_as_utf16_and_counts_body_characters() -> None:
    titles, bodies, records = _documents(40, 4)
    facet_offsets, facet_terms = _facets(records)
    title_array, body_array = pa.array(titles), pa.array(bodies)
    _, t_off, t_data = title_array.buffers()
    _, b_off, b_data = body_array.buffers()
    out = collect(np.frombuffer(t_data, dtype=np.uint8), np.frombuffer(t_off, dtype=np.int32).astype(np.int64),
                  np.frombuffer(b_data, dtype=np.uint8), np.frombuffer(b_off, dtype=np.int32).astype(np.int64),
                  facet_offsets, facet_terms, LOWER, CLASSES)
    utf16, offsets, chars = out[4], out[5], out[6]
    blob = utf16.tobytes()
    assert [unpack_text(blob[2 * a:2 * b]) for a, b in zip(offsets[:-1], offsets[1:], strict=True)] == [
        f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)]
    assert chars.tolist() == [len(b) for b in bodies]


def test_manifest_rows_build_the_segment_a_crawl_builds() -> None:
    """``build_table`` (reindex, column by column) and ``build`` (crawl hook, per record) agree
    on every stored row, text, posting and date, Traditional articles included."""
    table = pa.Table.from_pylist([manifest_row(r) for r in ARTICLES], schema=MANIFEST_SCHEMA)
    by_table = build_table(table, 100)
    by_record = build(ARTICLES, [clean_key(r) for r in ARTICLES], 100)
    assert by_table.articles == by_record.articles
    assert by_table.authors == by_record.authors and by_table.texts == by_record.texts
    assert by_table.postings == by_record.postings and by_table.buckets == by_record.buckets
    for name in ("published", "fetched", "lengths"):
        assert np.array_equal(getattr(by_table, name), getattr(by_record, name))
