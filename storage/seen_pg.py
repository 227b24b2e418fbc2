"""Seen URLs in PostgreSQL (cluster mode): the capture history of :mod:`storage.seen`, shared by
every node's crawls.

The same two tables (schema ``seen_urls``), the same answers; :class:`PgSeenUrls` is a
:class:`~storage.seen.SeenUrls` so that every component handed the crawl's store takes either.
Each write is one statement (an upsert), atomic on its own: no lock is needed, and concurrent
crawls of different sites that reach the same URL (a story syndicated across portals) simply
both write it. The connection is opened by :func:`storage.seen.open_seen_urls` (or on first use),
and opened again once after it was lost.
"""

from __future__ import annotations

from typing import Any

import psycopg

from core.postgres import StoreConnection
from core.times import iso_epoch
from storage.seen import Capture, SeenUrls

SCHEMA = "seen_urls"
_DDL = """
CREATE TABLE IF NOT EXISTS captures (
    canonical_url  TEXT PRIMARY KEY,
    payload_digest TEXT NOT NULL,
    warc_record_id TEXT NOT NULL,
    target_uri     TEXT NOT NULL,
    captured_at    TEXT NOT NULL,
    fetched_epoch  DOUBLE PRECISION NOT NULL,
    is_article     BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS textless (
    canonical_url  TEXT PRIMARY KEY,
    tries          INTEGER NOT NULL,
    last_epoch     DOUBLE PRECISION NOT NULL
)
"""
_RECORD = """
INSERT INTO captures AS c VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (canonical_url) DO UPDATE SET
  warc_record_id = CASE WHEN c.payload_digest = excluded.payload_digest
                   THEN c.warc_record_id ELSE excluded.warc_record_id END,
  target_uri = CASE WHEN c.payload_digest = excluded.payload_digest
               THEN c.target_uri ELSE excluded.target_uri END,
  captured_at = CASE WHEN c.payload_digest = excluded.payload_digest
                THEN c.captured_at ELSE excluded.captured_at END,
  payload_digest = excluded.payload_digest,
  fetched_epoch = excluded.fetched_epoch,
  is_article = c.is_article OR excluded.is_article
"""


class PgSeenUrls(SeenUrls):
    """:class:`SeenUrls` over PostgreSQL (see module docstring)."""

    def __init__(self, dsn: str) -> None:  # no super().__init__: there is no SQLite file
        self.dsn = dsn
        self._db = StoreConnection(dsn, SCHEMA, _DDL)

    def connect(self) -> psycopg.Connection[Any]:
        """The connection, opened (and the tables created) if it is not open or was lost."""
        return self._db.get()

    def _run(self, sql: str, params: tuple[Any, ...]) -> Any:
        """The first row of one statement; a lost connection is opened again once (every
        statement here may run twice: the upserts converge, a count of a textless fetch may
        count one too many)."""
        for attempt in (1, 2):
            conn = self.connect()
            try:
                cursor = conn.execute(sql, params)
                return cursor.fetchone() if cursor.description else None
            except psycopg.OperationalError:
                if attempt == 2 or not conn.broken:
                    raise
        return None  # pragma: no cover

    def should_fetch(self, canonical_url: str, *, refetch_after_s: float | None, now: float) -> bool:
        row = self._run("SELECT fetched_epoch, is_article FROM captures WHERE canonical_url = %s", (canonical_url,))
        if row is None or not row[1]:
            return True
        return refetch_after_s is not None and now - float(row[0]) >= refetch_after_s

    def gave_up(self, canonical_url: str, *, tries: int) -> bool:
        row = self._run("SELECT tries FROM textless WHERE canonical_url = %s", (canonical_url,))
        return row is not None and int(row[0]) >= tries

    def record_textless(self, canonical_url: str, *, now: float) -> int:
        row = self._run(
            """INSERT INTO textless AS t VALUES (%s, 1, %s) ON CONFLICT (canonical_url)
               DO UPDATE SET tries = t.tries + 1, last_epoch = excluded.last_epoch RETURNING tries""",
            (canonical_url, now))
        return int(row[0])

    def forget_textless(self, canonical_url: str) -> None:
        self._run("DELETE FROM textless WHERE canonical_url = %s", (canonical_url,))

    def record_capture(self, canonical_url: str, *, payload_digest: str, warc_record_id: str, target_uri: str,
                       captured_at: str, is_article: bool) -> None:
        self._run(_RECORD, (canonical_url, payload_digest, warc_record_id, target_uri, captured_at,
                            iso_epoch(captured_at), is_article))

    def last_capture(self, canonical_url: str) -> Capture | None:
        row = self._run("SELECT payload_digest, warc_record_id, target_uri, captured_at FROM captures"
                        " WHERE canonical_url = %s", (canonical_url,))
        return Capture(*row) if row else None

    def close(self) -> None:
        self._db.close()
