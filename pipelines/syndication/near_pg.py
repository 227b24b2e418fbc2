"""The near-duplicate index in PostgreSQL (cluster mode): the tables of near.py, postings.py and
band_filter.py in the schema ``syndication``, filed by the very same statements.

One writer at a time, cluster-wide: each ``add_many`` (and the first open's settings check) is
a transaction that first takes the advisory lock ``syndication`` — SQLite's ``BEGIN IMMEDIATE``
— so every writer sees the records of every earlier one (READ COMMITTED after the lock) and two
crawls filing copies of one story on two machines make one cluster. Read-only lookups run in a
REPEATABLE READ snapshot, as WAL readers do. Each process holds the recent band postings in
memory and catches up on the others' at every refresh, exactly as with the SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.postgres import QmarkConnection, connect, exclusive, snapshot
from core.sqlite import SqlConnection

from .near import NearDuplicateIndex
from .tuning import NearDuplicateSettings

SCHEMA = "syndication"
LOCK = "syndication"
_DDL = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    rid            BIGINT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    cluster        BIGINT NOT NULL,
    site           TEXT NOT NULL,
    published_at   TEXT,
    fetched_at     TEXT NOT NULL,
    title          TEXT NOT NULL,
    origin_key     DOUBLE PRECISION NOT NULL,
    fetched_epoch  DOUBLE PRECISION NOT NULL,
    text_key       BIGINT NOT NULL,
    exact          INTEGER NOT NULL,
    similarity     DOUBLE PRECISION NOT NULL,
    shingles       INTEGER NOT NULL,
    sample         BYTEA NOT NULL,
    sentence_chars INTEGER NOT NULL,
    sentences      BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS records_text_key ON records(text_key);
CREATE INDEX IF NOT EXISTS records_cluster ON records(cluster, origin_key, fetched_epoch);
CREATE TABLE IF NOT EXISTS bands (key BIGINT NOT NULL, rid BIGINT NOT NULL, PRIMARY KEY (key, rid));
-- rowid last (the shared INSERT names three values), merges() orders by it as by SQLite's rowid
CREATE TABLE IF NOT EXISTS merges (
    absorbed  BIGINT PRIMARY KEY,
    survivor  BIGINT NOT NULL,
    bridge    TEXT NOT NULL,
    rowid     BIGSERIAL
);
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO marks VALUES ('merged', 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS recent (rid BIGINT PRIMARY KEY, keys BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS band_filter (
    id    INTEGER PRIMARY KEY CHECK (id = 0),
    keys  BIGINT NOT NULL,
    bits  BYTEA NOT NULL
);
INSERT INTO band_filter VALUES (0, 0, decode(repeat('00', 262144), 'hex')) ON CONFLICT DO NOTHING
"""


class PgNearDuplicateIndex(NearDuplicateIndex):
    """:class:`NearDuplicateIndex` in PostgreSQL (see module docstring)."""

    def __init__(self, dsn: str, settings: NearDuplicateSettings | None = None) -> None:
        # no super().__init__: there is no SQLite file; _start is the rest of it
        self.dsn = dsn
        self._pg = connect(dsn, SCHEMA, _DDL)
        self._start(QmarkConnection(self._pg), settings)

    def _reconnect_if_lost(self) -> None:
        """After the connection was lost (the server restarted, a network cut), the next
        transaction runs on a new one; the transaction that was cut off raised and rolled back."""
        if self._pg.broken or self._pg.closed:
            self._pg.close()
            self._pg = connect(self.dsn, SCHEMA, _DDL)
            self._conn = QmarkConnection(self._pg)
            self._bands.forget()

    @contextmanager
    def _write(self) -> Iterator[SqlConnection]:
        self._reconnect_if_lost()
        with exclusive(self._pg, LOCK):
            yield self._conn

    @contextmanager
    def _read(self) -> Iterator[SqlConnection]:
        self._reconnect_if_lost()
        with snapshot(self._pg):
            yield self._conn

    def close(self) -> None:
        self._pg.close()
