"""PostgreSQL connections for the shared state of cluster mode (``DIFANG_DATABASE``).

Imported only by the PostgreSQL stores, and they only when ``DIFANG_DATABASE`` is set: psycopg
is the optional extra ``cluster``, and a single machine never loads it.

Each store keeps its tables in a schema of its own (``seen_urls``, ``syndication``, …) named by
the connection's ``search_path``, so a store whose SQL is shared with its SQLite twin writes the
same unqualified table names. Tables are created on first open under an advisory lock (two
processes' ``CREATE … IF NOT EXISTS`` at once can otherwise both try to create).

:func:`exclusive` is the cluster's ``BEGIN IMMEDIATE``: a transaction that first takes a
transaction-level advisory lock, so writers of one store take turns and each sees every earlier
writer's commits (READ COMMITTED: every statement reads what is committed when it starts).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from core.sqlite import StateDbUnavailable

# A dead server (or a cut cable) is noticed in about 20 s rather than the kernel's two hours.
_KEEPALIVE: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2}
CONNECT_TIMEOUT_S = 10


class DatabaseUnavailable(StateDbUnavailable):
    """The database cannot be reached or refused us; one line naming it (without a password).
    A :class:`StateDbError`: every entry point says it in one line, as it does a damaged file."""


def describe(dsn: str) -> str:
    """``host:port/dbname`` of a DSN: what an error message may show (never the password)."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "DIFANG_DATABASE (unparsable)"
    return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a name."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def connect(dsn: str, schema: str, ddl: str = "") -> psycopg.Connection[Any]:
    """An autocommit connection whose ``search_path`` is ``schema``, the schema and ``ddl``
    (idempotent statements separated by ``;``) created if missing."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    try:
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name="difang", options=f"-c search_path={schema}", **_KEEPALIVE)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(f"database {describe(dsn)} unreachable: {reason}") from None
    with exclusive(conn, f"schema:{schema}"):
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for statement in (s.strip() for s in ddl.split(";")):
            if statement:
                conn.execute(statement)  # our own constant DDL
    return conn


class StoreConnection:
    """A store's connection to its schema: opened on first use, and again after it was lost."""

    def __init__(self, dsn: str, schema: str, ddl: str = "") -> None:
        self.dsn, self.schema, self.ddl = dsn, schema, ddl
        self._conn: psycopg.Connection[Any] | None = None

    def get(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._conn is not None:
                self._conn.close()
            self._conn = connect(self.dsn, self.schema, self.ddl)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@contextmanager
def exclusive(conn: psycopg.Connection[Any], name: str) -> Iterator[psycopg.Connection[Any]]:
    """A transaction holding the advisory lock ``name`` from its first statement to its end."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(name),))
        yield conn


@contextmanager
def snapshot(conn: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """A read-only transaction that sees one snapshot throughout (SQLite's ``BEGIN`` in WAL)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield conn


class QmarkConnection:
    """A psycopg connection that takes SQLite's ``?`` placeholders, for SQL shared by a store's
    SQLite and PostgreSQL forms (the shared statements contain no literal ``?`` or ``%``)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._sql: dict[str, str] = {}

    def _pg(self, sql: str) -> str:
        found = self._sql.get(sql)
        if found is None:
            found = self._sql[sql] = sql.replace("?", "%s")
        return found

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        return self.conn.execute(self._pg(sql), parameters)

    def executemany(self, sql: str, rows: Any, /) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(self._pg(sql), rows)
