"""Per-URL capture history: which article URLs are archived already, and what their last full
capture was (for WARC ``revisit`` records of the identical-payload-digest profile).

When a URL counts as seen: an article URL is marked archived (``is_article``) only by the
archive stage (``pipelines.persist``), right after ``CrawlSession.add_record`` returned, that
is once its clean record is in the node's durable spool (written to a temporary file, fsynced,
renamed; its WARC synced first), from which the uploader, or the next crawl's recovery, takes
it to the store. A crawl killed before that leaves the URL unseen, and the next crawl fetches
it again. The raw capture middleware records every 200 response too, but as not an article:
that only lets a later identical response be written as a revisit.

Two backends, one interface: :class:`SeenUrls` (SQLite, ``DIFANG_HOME/seen.sqlite``) and, with
``DIFANG_DATABASE`` set, :class:`storage.seen_pg.PgSeenUrls`; :func:`open_seen_urls` picks.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from core.sqlite import open_state_db, write_transaction
from core.times import iso_epoch

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    canonical_url  TEXT PRIMARY KEY,
    payload_digest TEXT NOT NULL,
    warc_record_id TEXT NOT NULL,
    target_uri     TEXT NOT NULL,
    captured_at    TEXT NOT NULL,
    fetched_epoch  REAL NOT NULL,   -- of the latest fetch, also when it was a revisit
    is_article     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS textless (  -- article URLs fetched without article text, not archived
    canonical_url  TEXT PRIMARY KEY,
    tries          INTEGER NOT NULL,
    last_epoch     REAL NOT NULL
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class Capture:
    """The full (response) capture a revisit record refers to."""

    payload_digest: str
    warc_record_id: str
    target_uri: str
    captured_at: str


class SeenUrls:
    """Persistent capture history keyed by canonical URL (SQLite WAL, multi-process safe)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._conn: sqlite3.Connection = open_state_db(path, _SCHEMA)

    def should_fetch(self, canonical_url: str, *, refetch_after_s: float | None, now: float) -> bool:
        """False for an article archived before, unless it is older than ``refetch_after_s``.

        URLs captured only as list pages, feeds or sitemaps (``is_article=False``) are always
        fetched again: that is how new articles are found.
        """
        row = self._conn.execute(
            "SELECT fetched_epoch, is_article FROM captures WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        if row is None or not row[1]:
            return True
        return refetch_after_s is not None and now - float(row[0]) >= refetch_after_s

    def gave_up(self, canonical_url: str, *, tries: int) -> bool:
        """True once ``canonical_url`` was fetched ``tries`` times without any article text."""
        row = self._conn.execute("SELECT tries FROM textless WHERE canonical_url = ?", (canonical_url,)).fetchone()
        return row is not None and int(row[0]) >= tries

    def record_textless(self, canonical_url: str, *, now: float) -> int:
        """Count one more fetch of ``canonical_url`` that had no article text; returns the count."""
        with write_transaction(self._conn) as conn:
            conn.execute(
                """INSERT INTO textless VALUES (?, 1, ?) ON CONFLICT(canonical_url)
                   DO UPDATE SET tries = tries + 1, last_epoch = excluded.last_epoch""",
                (canonical_url, now))
            row = conn.execute("SELECT tries FROM textless WHERE canonical_url = ?", (canonical_url,)).fetchone()
        return int(row[0])

    def forget_textless(self, canonical_url: str) -> None:
        """``canonical_url`` gave article text at last: its earlier empty fetches no longer count."""
        with write_transaction(self._conn) as conn:
            conn.execute("DELETE FROM textless WHERE canonical_url = ?", (canonical_url,))

    def record_capture(
        self,
        canonical_url: str,
        *,
        payload_digest: str,
        warc_record_id: str,
        target_uri: str,
        captured_at: str,
        is_article: bool,
    ) -> None:
        """Remember a fetch of ``canonical_url``.

        When the payload digest equals the remembered one, the fetch was (written as) a revisit:
        only the fetch time moves, the remembered capture stays the original full record, so
        every later revisit points at a record that holds the payload.
        """
        with write_transaction(self._conn) as conn:
            conn.execute(
                """INSERT INTO captures VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(canonical_url) DO UPDATE SET
                     warc_record_id = CASE WHEN payload_digest = excluded.payload_digest
                                      THEN warc_record_id ELSE excluded.warc_record_id END,
                     target_uri = CASE WHEN payload_digest = excluded.payload_digest
                                  THEN target_uri ELSE excluded.target_uri END,
                     captured_at = CASE WHEN payload_digest = excluded.payload_digest
                                   THEN captured_at ELSE excluded.captured_at END,
                     payload_digest = excluded.payload_digest,
                     fetched_epoch = excluded.fetched_epoch,
                     is_article = is_article OR excluded.is_article""",
                (canonical_url, payload_digest, warc_record_id, target_uri, captured_at,
                 iso_epoch(captured_at), int(is_article)),
            )

    def last_capture(self, canonical_url: str) -> Capture | None:
        """The full capture a revisit of ``canonical_url`` should refer to, if any."""
        row = self._conn.execute(
            "SELECT payload_digest, warc_record_id, target_uri, captured_at FROM captures"
            " WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return Capture(*row) if row else None

    def close(self) -> None:
        self._conn.close()


def open_seen_urls(home: str | os.PathLike[str], database: str | None) -> SeenUrls:
    """The seen-URL store of a crawl: PostgreSQL when ``database`` (``DIFANG_DATABASE``) is set,
    connected now so that an unreachable database stops the crawl before it starts; else
    ``home/seen.sqlite``."""
    if database:
        from storage.seen_pg import PgSeenUrls

        store = PgSeenUrls(database)
        store.connect()
        return store
    return SeenUrls(Path(home) / "seen.sqlite")
