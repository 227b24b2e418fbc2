"""The current syndication clusters, read from the dedupe index (DIFANG_HOME/dedupe.sqlite).

An archived record keeps the ``cluster_id`` and ``duplicate_of`` it was filed with. A record
archived before its story's origin appeared (or before two clusters were found to be one story)
therefore names a stale cluster or origin; the dedupe index of
:class:`pipelines.syndication.NearDuplicateIndex` always holds the current ones. The query side
reads that file here, read-only and without its write-locking constructor, with the same
queries as ``NearDuplicateIndex.cluster_of``/``origin_of``/``members``. Where there is no dedupe
index (a fresh machine after ``difang reindex`` from S3), :func:`open_current` returns None and
the commands fall back to the records' own fields.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from query.index import QueryIndex

log = logging.getLogger(__name__)
DEDUPE_FILE = "dedupe.sqlite"
_ORIGIN_ORDER = "ORDER BY m.origin_key, m.fetched_epoch, m.rid"


class CurrentClusters:
    """Read-only view of the dedupe index's clusters."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
        self.db.execute("SELECT rid, id, cluster, origin_key, fetched_epoch FROM records LIMIT 1")

    def close(self) -> None:
        self.db.close()

    def cluster_of(self, record_id: str) -> str | None:
        """The current cluster id of a record (or of a cluster id merged away); None if unknown."""
        row = self.db.execute("SELECT c.id FROM records r JOIN records c ON c.rid = r.cluster WHERE r.id = ?",
                              (record_id,)).fetchone()
        return None if row is None else str(row[0])

    def members(self, cluster_id: str) -> list[str]:
        """The ids of a cluster (named by any member's id), origin first."""
        return [str(r[0]) for r in self.db.execute(
            "SELECT m.id FROM records c JOIN records m ON m.cluster = c.cluster WHERE c.id = ? "
            + _ORIGIN_ORDER, (cluster_id,))]

    def origin_of(self, cluster_id: str) -> str | None:
        """The current origin (earliest published member) of a cluster; None if unknown."""
        row = self.db.execute(
            "SELECT m.id FROM records c JOIN records m ON m.cluster = c.cluster WHERE c.id = ? "
            + _ORIGIN_ORDER + " LIMIT 1", (cluster_id,)).fetchone()
        return None if row is None else str(row[0])

    def clusters_of(self, record_ids: list[str]) -> dict[str, str]:
        """Current cluster id of each of ``record_ids`` that the dedupe index knows."""
        found: dict[str, str] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start:start + 500]
            found.update(self.db.execute(
                "SELECT r.id, c.id FROM records r JOIN records c ON c.rid = r.cluster "
                f"WHERE r.id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def largest(self, min_copies: int) -> list[tuple[str, int]]:
        """(cluster id, member count) of every cluster with at least ``min_copies`` members."""
        return [(str(c), int(n)) for c, n in self.db.execute(
            "SELECT c.id, count(*) AS n FROM records m JOIN records c ON c.rid = m.cluster "
            "GROUP BY m.cluster HAVING n >= ?", (min_copies,))]


def open_current(home: str | Path) -> CurrentClusters | None:
    """The dedupe index under ``home``, or None when there is none (or it cannot be read)."""
    path = Path(home) / DEDUPE_FILE
    if not path.exists():
        return None
    try:
        return CurrentClusters(path)
    except sqlite3.Error as exc:
        log.warning("dedupe index %s unreadable (%s): using the records' own cluster fields", path, exc)
        return None


def refresh(current: CurrentClusters | None, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (index rows or records) with ``cluster_id`` and ``duplicate_of`` brought up to
    date from the dedupe index, when there is one and it knows the article."""
    if current is None:
        return rows
    out = []
    for row in rows:
        cluster = current.cluster_of(row["id"])
        if cluster is not None:
            origin = current.origin_of(cluster)
            row = {**row, "cluster_id": cluster, "duplicate_of": None if origin == row["id"] else origin}
        out.append(row)
    return out


def story(index: QueryIndex, current: CurrentClusters | None, name: str) -> tuple[str, list[dict[str, Any]]]:
    """A story named by an article id or a cluster id: (cluster id, its indexed copies, origin
    first, each with ``role`` origin or copy) — current clusters when the dedupe index knows it."""
    cluster = current.cluster_of(name) if current is not None else None
    if current is not None and cluster is not None:
        ids = current.members(cluster)
        members = index.by_ids(ids)
        origin = ids[0]
    else:
        row = index.get(name)
        cluster = row["cluster_id"] if row and row["cluster_id"] else name
        members = index.cluster(cluster)
        origin = members[0]["id"] if members else ""
    copies = [{**m, "cluster_id": cluster, "duplicate_of": None if m["id"] == origin else origin,
               "role": "origin" if m["id"] == origin else "copy"} for m in members]
    return cluster, copies
