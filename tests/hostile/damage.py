"""Damaged SQLite files, as a full disk, a bad copy or a stray write leave them."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def not_a_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database\n" * 200)


def malformed(path: Path) -> None:
    """A real database whose schema page is overwritten: SQLite says "malformed"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (a TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 500)
    db.commit()
    db.close()
    data = bytearray(path.read_bytes())
    data[100:400] = b"\xff" * 300
    path.write_bytes(bytes(data))
