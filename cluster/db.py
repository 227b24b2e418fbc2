"""Connections to the cluster's PostgreSQL, its tables, and advisory lock keys.

Every connection sets TCP keepalives on both ends (client options and the server's
``tcp_keepalives_*`` for the session), so that a node that vanishes without closing its socket
(power cut, network gone) loses its session, and with it its advisory locks, in seconds.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from cluster import where_of as where
from core.postgres import DatabaseUnavailable  # one class for every PostgreSQL store of ours

KEEPALIVE: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 3, "keepalives_interval": 1, "keepalives_count": 3}
SERVER_KEEPALIVE = "-c tcp_keepalives_idle=3 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3"
CONNECT_TIMEOUT = 5

# Namespaces of advisory lock keys (a bigint from a name): one lock per purpose and name.
LEADER = "leader"
SITE = "site"
HOST_GROUP = "host-group"
SCHEMA_LOCK = "schema"

SCHEMA = """
CREATE TABLE IF NOT EXISTS difang_runs (
    id BIGSERIAL PRIMARY KEY,
    site TEXT NOT NULL,
    trigger TEXT NOT NULL,
    scheduled_at DOUBLE PRECISION,
    started_at DOUBLE PRECISION NOT NULL,
    ended_at DOUBLE PRECISION,
    outcome TEXT NOT NULL DEFAULT 'running',
    exit_status INTEGER,
    late BOOLEAN NOT NULL DEFAULT false,
    run_id TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    known_articles INTEGER NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    errors JSONB NOT NULL DEFAULT '{}',
    coverage JSONB NOT NULL DEFAULT '{}',
    alerts JSONB NOT NULL DEFAULT '[]',
    log_path TEXT NOT NULL DEFAULT '',
    failure TEXT NOT NULL DEFAULT '',
    node TEXT NOT NULL DEFAULT '',
    defs_version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS difang_runs_site ON difang_runs (site, id);
-- a node's first index sync reads the runs that ended lately (cluster/index_sync.py)
CREATE INDEX IF NOT EXISTS difang_runs_ended ON difang_runs (ended_at);
-- a scheduled (site, due) runs at most once, whatever the queue does
CREATE UNIQUE INDEX IF NOT EXISTS difang_runs_site_due ON difang_runs (site, scheduled_at)
    WHERE trigger = 'schedule';
CREATE TABLE IF NOT EXISTS difang_alerts (
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    raised_at DOUBLE PRECISION NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (site, kind)
);
-- the newest due the leader enqueued per site: a new leader never enqueues a due again
CREATE TABLE IF NOT EXISTS difang_schedule (
    site TEXT PRIMARY KEY,
    last_due DOUBLE PRECISION NOT NULL
);
"""


def connect(dsn: str, *, autocommit: bool = True, application: str = "difang") -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT,
                               application_name=application, options=SERVER_KEEPALIVE, **KEEPALIVE)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DatabaseUnavailable(f"cluster database {where(dsn)} unreachable: {reason}") from None


def lock_key(namespace: str, name: str) -> int:
    """A signed 64-bit advisory lock key for ``name`` in ``namespace``."""
    digest = hashlib.blake2b(f"difang\0{namespace}\0{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_held(conn: psycopg.Connection[Any], key: int) -> bool:
    """Whether any session holds the advisory lock ``key`` (a bigint key is classid:objid, objsubid 1)."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    with conn.cursor(row_factory=tuple_row) as cur:
        row = cur.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                          " AND classid = %s::oid AND objid = %s::oid AND objsubid = 1)",
                          (unsigned >> 32, unsigned & 0xFFFFFFFF)).fetchone()
    return bool(row and row[0])


def ensure_schema(dsn: str) -> None:
    """Our tables, and the queue's, created once; nodes starting together take turns."""
    with connect(dsn) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (lock_key(SCHEMA_LOCK, "schema"),))
        try:
            conn.execute(SCHEMA)
            from cluster.procrastinate_queue import ensure_queue_schema

            ensure_queue_schema(conn)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (lock_key(SCHEMA_LOCK, "schema"),))


@contextmanager
def session(dsn: str, *, retry_for: float = 0.0) -> Iterator[psycopg.Connection[Any]]:
    """A short connection; with ``retry_for``, a failed connect is retried that long (the database
    may come back: a worker finishing its crawl keeps trying to record it)."""
    deadline = time.monotonic() + retry_for
    delay = 0.5
    while True:
        try:
            conn = connect(dsn)
            break
        except DatabaseUnavailable:
            if time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
    with conn:
        yield conn
