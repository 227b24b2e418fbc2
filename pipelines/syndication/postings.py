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
hold the rest. Both tiers together hold exactly the postings a single B-tree would, so candidate
search (and with it every verdict) does not depend on when merges happen.
"""

from __future__ import annotations

import sqlite3

import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO marks VALUES ('merged', 0)
"""


def pack_keys(keys: list[int]) -> bytes | None:
    """A record's band keys as stored in ``records.keys`` (None when it posted none)."""
    return np.array(keys, dtype="<i8").tobytes() if keys else None


class BandPostings:
    """One connection's view of both tiers (see module docstring). Not shared between threads."""

    def __init__(self, merge_every: int) -> None:
        self.merge_every = merge_every
        self._merged = -1  # marks.merged as last read; -1: nothing read yet
        self._seen = 0  # the highest rid whose postings are in memory (or merged)
        self._recent: dict[int, list[int]] = {}
        self._count = 0  # postings in memory

    def forget(self) -> None:
        """Drop what is held in memory (after a rolled back transaction that extended it)."""
        self._merged, self._seen, self._recent, self._count = -1, 0, {}, 0

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Catch up with records filed (and merges done) by any process since the last call."""
        (merged,) = conn.execute("SELECT value FROM marks WHERE name = 'merged'").fetchone()
        if merged != self._merged:  # a merge moved what we hold into bands: reload the rest
            self._merged, self._seen, self._recent, self._count = merged, merged, {}, 0
        rows = conn.execute(
            "SELECT rid, keys FROM records WHERE rid > ? AND keys IS NOT NULL", (self._seen,)
        ).fetchall()
        for rid, blob in rows:
            self._hold(rid, np.frombuffer(blob, dtype="<i8").tolist())

    def _hold(self, rid: int, keys: list[int]) -> None:
        recent = self._recent
        for key in keys:
            if key in recent:
                recent[key].append(rid)
            else:
                recent[key] = [rid]
        self._count += len(keys)
        self._seen = rid

    def search(self, conn: sqlite3.Connection, keys: list[int]) -> list[tuple[int, int]]:
        """Every (key, rid) posting of the given keys, both tiers; call :meth:`refresh` first."""
        marks = ",".join("?" * len(keys))
        postings: list[tuple[int, int]] = conn.execute(f"SELECT key, rid FROM bands WHERE key IN ({marks})", keys).fetchall()
        recent = self._recent
        for key in keys:
            if key in recent:
                postings += [(key, rid) for rid in recent[key]]
        return postings

    def filed(self, rid: int, keys: list[int]) -> None:
        """Note the postings of a record just inserted (with ``pack_keys(keys)``) by this
        connection's open write transaction, which refreshed first."""
        if keys:
            self._hold(rid, keys)
        self._seen = rid

    def merge_if_due(self, conn: sqlite3.Connection, last_rid: int) -> bool:
        """In the writer's transaction, after :meth:`refresh` and its own :meth:`filed`: move the
        recent postings into ``bands`` once ``merge_every`` records have piled up."""
        if last_rid - self._merged < self.merge_every:
            return False
        postings = sorted((key, rid) for key, rids in self._recent.items() for rid in rids)
        conn.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", postings)
        conn.execute("UPDATE records SET keys = NULL WHERE rid > ? AND keys IS NOT NULL", (self._merged,))
        conn.execute("UPDATE marks SET value = ? WHERE name = 'merged'", (last_rid,))
        self._merged, self._seen, self._recent, self._count = last_rid, last_rid, {}, 0
        return True

    @property
    def held(self) -> int:
        """Postings held in memory."""
        return self._count
