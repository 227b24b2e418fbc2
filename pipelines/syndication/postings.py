"""LSH band postings in two tiers: recent postings written with their record, older ones in
the ``bands`` B-tree, moved there in bulk.

Why: a posting inserted into the band B-tree lands on a random page, and WAL commits write every
page a transaction dirtied. Posting an article's ~24 keys one at a time dirtied ~24 pages per add
(two write calls each, and again at checkpoint): most of an add's cost. Instead a record's postings
are kept in its own row (``records.keys``, appended with it: no extra page), and every process
searches the recent rows in memory. When ``merge_every`` records have piled up, the writer that
notices moves them into ``bands`` in key order within one transaction, so each B-tree page is
written once for many articles, and clears their ``keys``.

``marks.merged`` is the rid up to which postings are in ``bands``; records after it with ``keys``
hold the rest. Keys absent from ``bands`` are mostly answered by a Bloom filter without a
B-tree seek (band_filter.py). A small index merges sooner (when the recent records are an eighth of it), so
that what every process holds in memory stays a small share of the index. Both tiers together hold exactly the postings a single B-tree would, so candidate
search (and with it every verdict) does not depend on when merges happen.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from . import band_filter
from .band_filter import BandFilter

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO marks VALUES ('merged', 0);
""" + band_filter.SCHEMA


def pack_keys(keys: list[int]) -> bytes | None:
    """A record's band keys as stored in ``records.keys`` (None when it posted none)."""
    return np.array(keys, dtype="<i8").tobytes() if keys else None


class BandPostings:
    """One connection's view of both tiers (see module docstring). Not shared between threads."""

    def __init__(self, merge_every: int) -> None:
        self.merge_every = merge_every
        self.forget()

    def forget(self) -> None:
        """Drop what is held in memory (after a rolled back transaction that extended it)."""
        self._merged = -1  # marks.merged as last read; -1: nothing read yet
        self._seen = 0  # the highest rid read (or filed) by this connection
        # key → rid; the rare second and later rids of a key in ``_more`` (a dict of ints is
        # about half the memory of a dict of lists)
        self._recent: dict[int, int] = {}
        self._more: dict[int, list[int]] = {}
        self._count = 0  # postings in memory
        self._filter: BandFilter | None = None

    def refresh(self, conn: sqlite3.Connection) -> int:
        """Catch up with records filed (and merges done) by any process since the last call;
        answers the highest rid (the last record filed, 0 for none). In a transaction: the mark,
        the filter and the records must be of one snapshot."""
        (merged,) = conn.execute("SELECT value FROM marks WHERE name = 'merged'").fetchone()
        if merged != self._merged:  # a merge moved what we hold into bands: read the rest again
            self.forget()
            self._merged = self._seen = merged
            self._filter = BandFilter.load(conn)
        for rid, blob in conn.execute("SELECT rid, keys FROM records WHERE rid > ?", (self._seen,)).fetchall():
            self.filed(rid, np.frombuffer(blob, dtype="<i8").tolist() if blob else [])
        return self._seen

    def filed(self, rid: int, keys: list[int]) -> None:
        """Note the postings of a record inserted (with ``pack_keys(keys)``) after the last
        :meth:`refresh`, in this connection's open write transaction."""
        recent = self._recent
        for key in keys:
            if key in recent:
                self._more.setdefault(key, []).append(rid)
            else:
                recent[key] = rid
        self._count += len(keys)
        self._seen = rid

    def search(self, conn: sqlite3.Connection, keys: list[int]) -> list[tuple[int, int]]:
        """Every (key, rid) posting of the given keys, both tiers; call :meth:`refresh` first."""
        assert self._filter is not None
        postings: list[tuple[int, int]] = []
        merged = self._filter.may_hold(keys)
        if merged:
            marks = ",".join("?" * len(merged))
            postings = conn.execute(f"SELECT key, rid FROM bands WHERE key IN ({marks})", merged).fetchall()
        recent = self._recent
        for key in keys:
            if key in recent:
                postings.append((key, recent[key]))
                if key in self._more:
                    postings += [(key, rid) for rid in self._more[key]]
        return postings

    def merge_if_due(self, conn: sqlite3.Connection) -> bool:
        """In the writer's transaction, after :meth:`refresh` and :meth:`filed` of what it filed:
        move the recent postings into ``bands`` once enough records have piled up."""
        recent = self._seen - self._merged
        if recent < min(self.merge_every, max(256, self._merged // 8)):
            return False
        assert self._filter is not None
        more = [(key, rid) for key, rids in self._more.items() for rid in rids]
        keys = np.fromiter([*self._recent, *(key for key, _ in more)], dtype=np.int64, count=self._count)
        rids = np.fromiter([*self._recent.values(), *(rid for _, rid in more)], dtype=np.int64, count=self._count)
        order = np.argsort(keys, kind="stable")  # key order: each B-tree page is written once
        conn.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                         zip(keys[order].tolist(), rids[order].tolist(), strict=True))
        conn.execute("UPDATE records SET keys = NULL WHERE rid > ? AND keys IS NOT NULL", (self._merged,))
        conn.execute("UPDATE marks SET value = ? WHERE name = 'merged'", (self._seen,))
        merged_filter, last = self._filter.add(conn, keys), self._seen
        self.forget()
        self._merged = self._seen = last
        self._filter = merged_filter
        return True

    @property
    def held(self) -> int:
        """Postings held in memory."""
        return self._count
