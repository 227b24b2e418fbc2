"""Run history: every crawl's start, end, exit status, lateness, stats and alerts, in SQLite.

Lives in DIFANG_HOME/daemon/runs.sqlite (WAL, so ``scheduler.py runs`` reads while the daemon
writes). A row is written when a crawl starts, so a daemon killed mid-crawl leaves a row that the
next start marks ``lost`` instead of a crawl that silently never happened. A damaged file is a
one-line StateDbError naming it and the repair.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.sqlite import damaged, is_damaged
from daemon.report import CrawlReport

REPAIR = "move it aside: run history and alerts start empty (next runs are kept in jobs.sqlite)"

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    trigger TEXT NOT NULL,
    scheduled_at REAL,
    started_at REAL NOT NULL,
    ended_at REAL,
    outcome TEXT NOT NULL DEFAULT 'running',
    exit_status INTEGER,
    late INTEGER NOT NULL DEFAULT 0,
    run_id TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    known_articles INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '{}',
    coverage TEXT NOT NULL DEFAULT '{}',
    alerts TEXT NOT NULL DEFAULT '[]',
    log_path TEXT NOT NULL DEFAULT '',
    failure TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_site ON runs (site, id);
CREATE TABLE IF NOT EXISTS alerts (
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    raised_at REAL NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (site, kind)
);
"""

ADDED_COLUMNS = {"failure": "TEXT NOT NULL DEFAULT ''"}  # columns newer than the first schema
# Outcomes of a finished crawl. "interrupted" and "timeout" crawls keep their JOBDIR and resume.
OUTCOMES = ("ok", "failed", "timeout", "interrupted", "lost")


@dataclass(frozen=True)
class RunRow:
    id: int
    site: str
    trigger: str
    scheduled_at: float | None
    started_at: float
    ended_at: float | None
    outcome: str
    exit_status: int | None
    late: bool
    run_id: str = ""
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    known_articles: int = 0
    bytes: int = 0
    errors: Mapping[str, int] = field(default_factory=dict)
    coverage: Mapping[str, int] = field(default_factory=dict)
    alerts: tuple[str, ...] = ()
    log_path: str = ""
    failure: str = ""  # why a failed crawl failed, in one line

    @property
    def duration(self) -> float | None:
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def silent(self) -> bool:
        """Nothing archived and no known article linked: the crawler found no article at all."""
        return self.articles == 0 and self.known_articles == 0

    @classmethod
    def from_db(cls, row: sqlite3.Row) -> RunRow:
        data: dict[str, Any] = dict(row)
        data["late"] = bool(data["late"])
        data["errors"] = json.loads(data["errors"])
        data["coverage"] = json.loads(data["coverage"])
        data["alerts"] = tuple(json.loads(data["alerts"]))
        return cls(**data)


@dataclass(frozen=True)
class ActiveAlert:
    site: str
    kind: str
    raised_at: float
    message: str


# What a finished crawl sets on its run row (with finish_values, in this order): shared with
# cluster mode's table in PostgreSQL (cluster/history.py).
FINISH_COLUMNS = ("ended_at=%s, outcome=%s, exit_status=%s, run_id=%s, pages=%s, articles=%s, duplicates=%s,"
                  " known_articles=%s, bytes=%s, errors=%s, coverage=%s, failure=%s")


def finish_values(ended_at: float, outcome: str, exit_status: int | None, report: CrawlReport,
                  failure: str) -> tuple[Any, ...]:
    return (ended_at, outcome, exit_status, report.run_id, report.pages, report.articles,
            report.duplicates, report.known_articles, report.bytes,
            json.dumps(dict(report.errors), sort_keys=True),
            json.dumps(dict(report.coverage), sort_keys=True), failure)


class RunHistory:
    """The history file at ``path``; ``read_only`` opens an existing one without ever writing
    (the web UI; sqlite3.OperationalError if there is none)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = threading.Lock()
        if read_only:
            with self._db() as db:
                db.execute("SELECT 1 FROM runs LIMIT 1")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Two processes creating the file at once (two `scheduler.py run`): SQLite may refuse the
        # switch to WAL with "database is locked" at once, without waiting (a lock upgrade it
        # cannot wait for). The set-up is idempotent: tried again for up to 30 s.
        deadline = time.monotonic() + 30
        while True:
            try:
                self._set_up()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _set_up(self) -> None:
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            have = {row["name"] for row in db.execute("PRAGMA table_info(runs)")}
            for name, kind in ADDED_COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE runs ADD COLUMN {name} {kind}")

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # one short connection per call: crawl threads write, the CLI reads from another process
        with self._lock:
            db = (sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)
                  if self.read_only else sqlite3.connect(self.path, timeout=30))
            db.row_factory = sqlite3.Row
            try:
                with db:
                    yield db
            except sqlite3.DatabaseError as exc:
                if is_damaged(exc):
                    raise damaged(self.path, exc, REPAIR) from None
                raise
            finally:
                db.close()

    def start(self, site: str, trigger: str, scheduled_at: float | None, started_at: float,
              late: bool, log_path: str, defs_version: str = "") -> int:
        # defs_version: the stored definition a cluster job carries; a single machine crawls
        # from its own last good files, so there is nothing to record here.
        with self._db() as db:
            cur = db.execute(
                "INSERT INTO runs (site, trigger, scheduled_at, started_at, late, log_path)"
                " VALUES (?, ?, ?, ?, ?, ?)", (site, trigger, scheduled_at, started_at, int(late), log_path))
            return int(cur.lastrowid or 0)

    def finish(self, run: int, *, ended_at: float, outcome: str, exit_status: int | None,
               report: CrawlReport, failure: str = "") -> RunRow:
        assert outcome in OUTCOMES, outcome
        with self._db() as db:
            db.execute(f"UPDATE runs SET {FINISH_COLUMNS} WHERE id=?".replace("%s", "?"),
                       (*finish_values(ended_at, outcome, exit_status, report, failure), run))
        return self.get(run)

    def set_alerts(self, run: int, alerts: list[str]) -> None:
        with self._db() as db:
            db.execute("UPDATE runs SET alerts=? WHERE id=?", (json.dumps(alerts, ensure_ascii=False), run))

    def mark_lost(self) -> int:
        """Rows still 'running' from a daemon that died: those crawls' ends are unknown."""
        with self._db() as db:
            return db.execute("UPDATE runs SET outcome='lost' WHERE outcome='running'").rowcount

    def get(self, run: int) -> RunRow:
        with self._db() as db:
            return RunRow.from_db(db.execute("SELECT * FROM runs WHERE id=?", (run,)).fetchone())

    def recent(self, site: str | None = None, limit: int = 50) -> list[RunRow]:
        """Newest first."""
        query = "SELECT * FROM runs" + (" WHERE site=?" if site else "") + " ORDER BY id DESC LIMIT ?"
        args: tuple[Any, ...] = (site, limit) if site else (limit,)
        with self._db() as db:
            return [RunRow.from_db(r) for r in db.execute(query, args)]

    def finished(self, site: str, limit: int) -> list[RunRow]:
        """The site's newest completed crawls (not interrupted, timed out or lost), newest first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM runs WHERE site=? AND outcome IN ('ok', 'failed')"
                              " ORDER BY id DESC LIMIT ?", (site, limit))
            return [RunRow.from_db(r) for r in rows]

    def last_success(self) -> dict[str, float]:
        with self._db() as db:
            rows = db.execute("SELECT site, MAX(ended_at) FROM runs WHERE outcome='ok' GROUP BY site")
            return {site: float(ended) for site, ended in rows}

    # -- active alerts ------------------------------------------------------------------------
    def raise_alert(self, alert: ActiveAlert) -> bool:
        """Record an alert; False if it was already active."""
        with self._db() as db:
            cur = db.execute("INSERT OR IGNORE INTO alerts VALUES (?, ?, ?, ?)",
                             (alert.site, alert.kind, alert.raised_at, alert.message))
            return cur.rowcount > 0

    def clear_alert(self, site: str, kind: str) -> bool:
        with self._db() as db:
            return db.execute("DELETE FROM alerts WHERE site=? AND kind=?", (site, kind)).rowcount > 0

    def active_alerts(self, site: str | None = None) -> list[ActiveAlert]:
        query = "SELECT * FROM alerts" + (" WHERE site=?" if site else "") + " ORDER BY site, kind"
        with self._db() as db:
            return [ActiveAlert(**dict(r)) for r in db.execute(query, (site,) if site else ())]
