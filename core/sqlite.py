"""SQLite connections for dedupe state shared by concurrent crawl processes.

WAL lets readers run beside the one writer; ``busy_timeout`` makes a second writer wait instead
of failing with "database is locked"; write transactions are short and begin IMMEDIATE so two
processes never both read-then-write on a stale view.

A damaged file (not a database, or a malformed one) is a :class:`StateDbError` naming the file
and what to do, one line for the operator instead of a traceback from deep inside a crawl.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

BUSY_TIMEOUT_MS = 60_000
DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
MOVE_ASIDE = "move it aside and the next crawl starts an empty one (what that costs: README, Back up)"


class Rows(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int, /) -> list[Any]: ...


class SqlConnection(Protocol):
    """What a store whose SQL is shared by SQLite and PostgreSQL (``core.postgres``
    ``QmarkConnection``) uses of a connection: ``?`` placeholders, rows as tuples."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...
    def executemany(self, sql: str, rows: Any, /) -> object: ...


class StateDbError(RuntimeError):
    """A state database that cannot be used as it is: the message names the file and the repair."""


class StateDbUnavailable(StateDbError):
    """The shared state database (PostgreSQL, cluster mode) cannot be reached right now."""


def state_db_unavailable(exc: BaseException) -> bool:
    """True for a shared state database that is away: our own error, or psycopg's connection
    error (psycopg is looked up, not imported: only cluster mode loads it)."""
    if isinstance(exc, StateDbUnavailable):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


def is_damaged(exc: BaseException) -> bool:
    """True for SQLite's "file is not a database" and "database disk image is malformed"."""
    return isinstance(exc, sqlite3.DatabaseError) and getattr(exc, "sqlite_errorcode", None) in DAMAGED


def damaged(path: str | os.PathLike[str], exc: BaseException, repair: str = MOVE_ASIDE) -> StateDbError:
    return StateDbError(f"{os.fspath(path)} is damaged ({exc}): {repair}")


def check_state_db(path: str | os.PathLike[str], repair: str = MOVE_ASIDE) -> None:
    """Raise :class:`StateDbError` if an existing database's header or schema cannot be read
    (cheap: the first pages only, not an integrity check of the whole file)."""
    if not Path(path).is_file():
        return
    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_damaged(exc):
            raise damaged(path, exc, repair) from None
        raise


def default_state_path(filename: str) -> Path:
    """``$DIFANG_HOME/<filename>`` (``./var`` by default), the folder created if missing."""
    home = Path(os.environ.get("DIFANG_HOME", "./var"))
    home.mkdir(parents=True, exist_ok=True)
    return home / filename


def open_state_db(
    path: str | os.PathLike[str], schema: str, pragmas: Mapping[str, int] | None = None
) -> sqlite3.Connection:
    """Open (creating if needed) a WAL database and apply ``schema`` (idempotent DDL) and
    ``pragmas`` (integer settings of this connection, e.g. ``cache_size``)."""
    try:
        return _open(path, schema, pragmas)
    except sqlite3.DatabaseError as exc:
        if is_damaged(exc):
            raise damaged(path, exc) from None
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            raise StateDbError(f"{os.fspath(path)} cannot be written ({exc}): free space on its disk") from None
        raise


def _open(path: str | os.PathLike[str], schema: str, pragmas: Mapping[str, int] | None) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    for name, value in (pragmas or {}).items():
        conn.execute(f"PRAGMA {name}={int(value)}")
    _enter_wal(conn)
    # NORMAL in WAL mode: a crash can lose the last commits but never corrupts; the crawl that
    # lost them simply redoes the work.
    conn.execute("PRAGMA synchronous=NORMAL")
    # executescript would COMMIT on its own; running the statements one by one keeps the
    # schema set-up inside one IMMEDIATE transaction, so concurrent first opens do not race.
    with write_transaction(conn):
        for statement in _statements(schema):
            conn.execute(statement)
    return conn


def _enter_wal(conn: sqlite3.Connection) -> None:
    # Switching a new file to WAL takes an exclusive lock, and SQLite answers "database is
    # locked" at once (without the busy handler) while another process's first open holds it.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _statements(schema: str) -> list[str]:
    return [s.strip() for s in schema.split(";") if s.strip()]


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): takes the write lock up front."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN … COMMIT around reads that must see one snapshot (WAL: writers are not blocked)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
