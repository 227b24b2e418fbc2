"""The current syndication clusters, read from the dedupe index (DIFANG_HOME/dedupe.sqlite, or
in cluster mode the schema ``syndication`` of DIFANG_DATABASE, shared by every node).

An archived record keeps the ``cluster_id`` and ``duplicate_of`` it was filed with. A record
archived before its story's origin appeared (or before two clusters were found to be one story)
therefore names a stale cluster or origin; the dedupe index of
:class:`pipelines.syndication.NearDuplicateIndex` always holds the current ones. The query side
reads it here, read-only and without its write-locking constructor, with the same queries as
``NearDuplicateIndex.cluster_of``/``origin_of``/``members`` (SQLite's ``?`` placeholders, which
:class:`core.postgres.QmarkConnection` takes too). Where there is no dedupe index (a fresh
machine after ``difang reindex`` from S3, a database no crawl has filed into), :func:`open_current`
returns None and the commands fall back to the records' own fields.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from core.sqlite import SqlConnection, StateDbError
from query.index import QueryIndex

log = logging.getLogger(__name__)
DEDUPE_FILE = "dedupe.sqlite"
PG_SCHEMA = "syndication"  # pipelines/syndication/near_pg.py's
_ORIGIN_ORDER = "ORDER BY m.origin_key, m.fetched_epoch, m.rid"


class CurrentClusters:
    """Read-only view of the dedupe index's clusters."""

    def __init__(self, db: SqlConnection, where: str, close: Any = None, path: Path | None = None) -> None:
        self.db = db
        self.where = where
        self.path = path  # the SQLite file (None: in PostgreSQL), for queries that attach it
        self._close = close
        self.db.execute("SELECT rid, id, cluster, origin_key, fetched_epoch FROM records LIMIT 1").fetchall()

    @classmethod
    def of_file(cls, path: Path) -> CurrentClusters:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
        try:
            return cls(db, str(path), db.close, path)
        except sqlite3.Error:
            db.close()
            raise

    @classmethod
    def of_database(cls, dsn: str) -> CurrentClusters:
        import psycopg

        from core.postgres import QmarkConnection, connect, describe

        conn = connect(dsn, PG_SCHEMA)
        conn.read_only = True
        try:
            return cls(QmarkConnection(conn), f"database {describe(dsn)}", conn.close)
        except psycopg.Error:
            conn.close()
            raise

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def cluster_of(self, record_id: str) -> str | None:
        """The current cluster id of a record (or of a cluster id merged away); None if unknown."""
        row = self.db.execute("SELECT c.id FROM records r JOIN records c ON c.rid = r.cluster WHERE r.id = ?",
                              (record_id,)).fetchone()
        return None if row is None else str(row[0])

    def members(self, cluster_id: str) -> list[str]:
        """The ids of a cluster (named by any member's id), origin first."""
        return [str(r[0]) for r in self.db.execute(
            "SELECT m.id FROM records c JOIN records m ON m.cluster = c.cluster WHERE c.id = ? "
            + _ORIGIN_ORDER, (cluster_id,)).fetchall()]

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

    def origins_of(self, record_ids: list[str]) -> dict[str, tuple[str, str, str | None]]:
        """(origin id, its site, its published_at) of the current cluster of each of
        ``record_ids`` that the dedupe index knows."""
        found: dict[str, tuple[str, str, str | None]] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start:start + 500]
            rows = self.db.execute(
                "SELECT r.id, o.id, o.site, o.published_at FROM records r JOIN records o ON o.rid = ("
                "SELECT m.rid FROM records m WHERE m.cluster = r.cluster " + _ORIGIN_ORDER + " LIMIT 1) "
                f"WHERE r.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            found.update((str(r), (str(o), str(site), published)) for r, o, site, published in rows)
        return found

    def largest(self, min_copies: int) -> list[tuple[str, int]]:
        """(cluster id, member count) of every cluster with at least ``min_copies`` members."""
        return [(str(c), int(n)) for c, n in self.db.execute(
            "SELECT c.id, count(*) AS n FROM records m JOIN records c ON c.rid = m.cluster "
            "GROUP BY m.cluster, c.id HAVING count(*) >= ?", (min_copies,)).fetchall()]


def open_current(home: str | Path, database: str | None = None) -> CurrentClusters | None:
    """The dedupe index: in ``database`` (cluster mode) or under ``home``; None when there is
    none (or it cannot be read: said in one line)."""
    if database:
        import psycopg

        try:
            return CurrentClusters.of_database(database)
        except (psycopg.Error, StateDbError) as exc:
            if isinstance(exc, psycopg.errors.UndefinedTable):
                return None  # no crawl has filed an article into this database yet
            log.warning("dedupe index in the database unreadable (%s): using the records' own cluster fields",
                        " ".join(str(exc).split()))
            return None
    path = Path(home) / DEDUPE_FILE
    if not path.exists():
        return None
    try:
        return CurrentClusters.of_file(path)
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
