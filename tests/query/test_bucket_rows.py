"""The crawl hook's vectorised bucket rows equal the per-term reference on random segments."""

from __future__ import annotations

import numpy as np

from query.postings import DOC_BITS, bucket_of, bucket_rows, bucket_rows_of_keys, lookup, postings


def _keys(rng: np.random.Generator, size: int, terms: int, occurrences: int) -> np.ndarray:
    # Zipf-like term ids: a few terms in most documents (bitmaps), most in few (offset lists)
    ids = (rng.zipf(1.3, occurrences) % max(terms, 1)).astype(np.uint64) * np.uint64(7919)
    docs = rng.integers(0, size, occurrences).astype(np.uint64)
    return (ids << np.uint64(DOC_BITS)) | docs


def test_vectorised_rows_equal_the_reference() -> None:
    rng = np.random.default_rng(8)
    for _ in range(200):
        size = int(rng.integers(1, 500))
        keys = _keys(rng, size, int(rng.integers(1, 3000)), int(rng.integers(0, 20000)))
        assert bucket_rows_of_keys(keys.copy(), size) == bucket_rows(postings(keys.copy(), size))


def test_every_list_reads_back() -> None:
    rng = np.random.default_rng(9)
    size = 300
    keys = _keys(rng, size, 2000, 30000)
    rows, buckets = bucket_rows_of_keys(keys.copy(), size)
    blobs = dict(rows)
    expected = dict(postings(keys.copy(), size))
    assert len(expected) > 1000
    for term, blob in expected.items():
        assert lookup(blobs[bucket_of(term, buckets)], term) == blob


def test_no_keys() -> None:
    assert bucket_rows_of_keys(np.zeros(0, dtype=np.uint64), 10) == bucket_rows(postings(np.zeros(0, dtype=np.uint64), 10))
