"""LSH band postings in two tiers: recent postings written with their record, older ones in
the ``bands`` B-tree, moved there in bulk.

Why: a posting inserted into the band B-tree lands on a random page, and WAL commits write every
page a transaction dirtied. Posting an article's ~24 keys one at a time dirtied ~24 pages per add
(two write calls each, and again at checkpoint): most of an add's cost. Instead a record's postings
are appended as one row of ``recent`` (its tail page: one page per add), and every process
searches the recent rows in memory. When ``merge_every`` records have piled up, the writer that
notices moves them into ``bands`` in key order within one transaction, so each B-tree page is
written once for many articles, and deletes them from ``recent`` (whose freed pages are reused).

``marks.merged`` is the rid up to which postings are in ``bands``; the rows of ``recent`` hold
the rest. Keys absent from ``bands`` are mostly answered by a Bloom filter without a
B-tree seek (band_filter.py). A small index merges sooner (when the recent records are an eighth of it), so
that what every process holds in memory stays a small share of the index. Both tiers together hold exactly the postings a single B-tree would, so candidate
search (and with it every verdict) does not depend on when merges happen.
"""

from __future__ import annotations

import sys

import numpy as np

from core.sqlite import SqlConnection

from . import band_filter
from .band_filter import BandFilter

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO marks VALUES ('merged', 0);
CREATE TABLE IF NOT EXISTS recent (rid INTEGER PRIMARY KEY, keys BLOB NOT NULL);
""" + band_filter.SCHEMA


class BandPostings:
    """One connection's view of both tiers (see module docstring). Not shared between threads."""

    def __init__(self, merge_every: int) -> None:
        self.merge_every = merge_every
        self.forget()

    def forget(self) -> None:
        """Drop what is held in memory (after a rolled back transaction that extended it)."""
        self._merged = -1  # marks.merged as last read; -1: nothing read yet
        self._seen = 0  # the highest rid of recent postings read (or posted) by this connection
        # key → rid; the rare second and later rids of a key in ``_more`` (a dict of ints is
        # about half the memory of a dict of lists)
        self._recent: dict[int, int] = {}
        self._more: dict[int, list[int]] = {}
        self._count = 0  # postings in memory
        self._filter: BandFilter | None = None

    def refresh(self, conn: SqlConnection) -> None:
        """Catch up with postings (and merges) of any process since the last call. In a
        transaction: the mark, the filter and the recent rows must be of one snapshot."""
        (merged,) = conn.execute("SELECT value FROM marks WHERE name = 'merged'").fetchone()
        if merged != self._merged:  # a merge moved what we hold into bands: read the rest again
            self.forget()
            self._merged = self._seen = merged
            self._filter = BandFilter.load(conn)
        for rid, blob in conn.execute("SELECT rid, keys FROM recent WHERE rid > ?", (self._seen,)).fetchall():
            self._hold(rid, np.frombuffer(blob, dtype="<i8").tolist())

    def post(self, conn: SqlConnection, rid: int, keys: list[int]) -> None:
        """Post a record's band keys, in the open write transaction that filed it (after
        :meth:`refresh`)."""
        if keys:
            conn.execute("INSERT INTO recent VALUES (?, ?)", (rid, np.array(keys, dtype="<i8").tobytes()))
            self._hold(rid, keys)

    def _hold(self, rid: int, keys: list[int]) -> None:
        recent = self._recent
        for key in keys:
            if key in recent:
                self._more.setdefault(key, []).append(rid)
            else:
                recent[key] = rid
        self._count += len(keys)
        self._seen = rid

    def search(self, conn: SqlConnection, keys: list[int]) -> list[tuple[int, int]]:
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

    def merge_if_due(self, conn: SqlConnection, last_rid: int) -> bool:
        """In the writer's transaction, after :meth:`refresh` and :meth:`post` of what it filed
        (up to ``last_rid``): move the recent postings into ``bands`` once enough records have
        piled up."""
        if last_rid - self._merged < min(self.merge_every, max(256, self._merged // 8)):
            return False
        assert self._filter is not None
        more = [(key, rid) for key, rids in self._more.items() for rid in rids]
        keys = np.fromiter([*self._recent, *(key for key, _ in more)], dtype=np.int64, count=self._count)
        rids = np.fromiter([*self._recent.values(), *(rid for _, rid in more)], dtype=np.int64, count=self._count)
        order = np.argsort(keys, kind="stable")  # key order: each B-tree page is written once
        conn.executemany("INSERT INTO bands VALUES (?, ?) ON CONFLICT DO NOTHING",
                         zip(keys[order].tolist(), rids[order].tolist(), strict=True))
        conn.execute("DELETE FROM recent")
        conn.execute("UPDATE marks SET value = ? WHERE name = 'merged'", (last_rid,))
        merged_filter = self._filter.add(conn, keys)
        self.forget()
        self._merged = self._seen = last_rid
        self._filter = merged_filter
        return True

    @property
    def held(self) -> int:
        """Postings held in memory."""
        return self._count

    def memory_bytes(self) -> int:
        """About what this view holds in memory: the filter's bits, the recent postings' dicts
        and their key objects (a record's rid object is shared by its keys)."""
        filter_bytes = 0 if self._filter is None else len(self._filter.bits)
        keys = sys.getsizeof(self._recent) + sys.getsizeof(self._more) + 32 * self._count
        return filter_bytes + keys + 32 * (self._count // 24)
