"""Run history and alerts in PostgreSQL: the daemon's RunHistory, shared by every node.

Same methods as daemon/history.py, so the daemon's crawl service and alert book work on
it unchanged. Two things only a cluster needs:

- ``start`` refuses a scheduled (site, due) that already has a row (a unique index): a job that
  the queue hands out twice still runs once (AlreadyRan).
- ``start`` is called holding the site's advisory lock, so any other row of the site still
  ``running`` belongs to a crawl that died with its node: it is marked ``lost`` there; the
  leader also sweeps such rows of sites whose lock nobody holds (``mark_lost``). The crawl
  process holds the lock until it exits (cluster/worker.py), so the time a run is found lost is
  after its crawl ended: that time is its ``ended_at`` (an upper bound of the real end).

Every call opens a short connection. ``finish`` retries while the database is away: a crawl that
ends during an outage is still recorded when the database comes back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row

from cluster.db import SITE, lock_held, lock_key, session
from daemon.history import FINISH_COLUMNS, OUTCOMES, ActiveAlert, RunRow, finish_values
from daemon.report import CrawlReport

RECORD_RETRY = 600.0  # seconds a finished crawl waits for the database to record it


class AlreadyRan(RuntimeError):
    """This scheduled (site, due) already has a run."""


def run_row(data: dict[str, Any]) -> RunRow:
    fields = {k: v for k, v in data.items() if k in RunRow.__dataclass_fields__}
    fields["alerts"] = tuple(fields.get("alerts") or ())
    fields["late"] = bool(fields["late"])
    return RunRow(**fields)


class PgRunHistory:
    def __init__(self, dsn: str, *, node: str = "", defs_version: str = "") -> None:
        self.dsn = dsn
        self.node = node
        self.defs_version = defs_version  # of the job being started (set by the worker)

    @contextmanager
    def _db(self, retry_for: float = 0.0) -> Iterator[psycopg.Connection[Any]]:
        with session(self.dsn, retry_for=retry_for) as conn:
            conn.row_factory = dict_row
            yield conn

    def start(self, site: str, trigger: str, scheduled_at: float | None, started_at: float,
              late: bool, log_path: str, defs_version: str = "") -> int:
        with self._db() as db, db.transaction():
            # we hold the site's lock, so those crawls have exited: by now at the latest
            db.execute("UPDATE difang_runs SET outcome = 'lost', ended_at = %s WHERE site = %s AND outcome = 'running'",
                       (started_at, site))
            row = db.execute(
                "INSERT INTO difang_runs (site, trigger, scheduled_at, started_at, late, log_path, node, defs_version)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
                (site, trigger, scheduled_at, started_at, late, log_path, self.node,
                 defs_version or self.defs_version)).fetchone()
        if row is None:
            raise AlreadyRan(f"{site} due at {scheduled_at} already ran")
        return int(row["id"])

    def finish(self, run: int, *, ended_at: float, outcome: str, exit_status: int | None,
               report: CrawlReport, failure: str = "") -> RunRow:
        assert outcome in OUTCOMES, outcome
        with self._db(retry_for=RECORD_RETRY) as db:
            db.execute(f"UPDATE difang_runs SET {FINISH_COLUMNS} WHERE id=%s",
                       (*finish_values(ended_at, outcome, exit_status, report, failure), run))
        return self.get(run)

    def set_alerts(self, run: int, alerts: list[str]) -> None:
        with self._db() as db:
            db.execute("UPDATE difang_runs SET alerts=%s WHERE id=%s", (json.dumps(alerts, ensure_ascii=False), run))

    def mark_lost(self) -> int:
        """Rows still ``running`` whose site lock nobody holds: their crawl died with its node."""
        count = 0
        with self._db() as db:
            rows = db.execute("SELECT id, site FROM difang_runs WHERE outcome = 'running'").fetchall()
            for row in rows:
                if not lock_held(db, lock_key(SITE, row["site"])):
                    count += db.execute("UPDATE difang_runs SET outcome = 'lost', ended_at = %s"
                                        " WHERE id = %s AND outcome = 'running'", (time.time(), row["id"])).rowcount
        return count

    def get(self, run: int) -> RunRow:
        with self._db(retry_for=RECORD_RETRY) as db:
            found = db.execute("SELECT * FROM difang_runs WHERE id=%s", (run,)).fetchone()
            if found is None:
                raise KeyError(f"no run {run} in difang_runs")
            return run_row(found)

    def recent(self, site: str | None = None, limit: int = 50) -> list[RunRow]:
        query = "SELECT * FROM difang_runs" + (" WHERE site=%s" if site else "") + " ORDER BY id DESC LIMIT %s"
        args: tuple[Any, ...] = (site, limit) if site else (limit,)
        with self._db() as db:
            return [run_row(r) for r in db.execute(query, args).fetchall()]

    def finished(self, site: str, limit: int) -> list[RunRow]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM difang_runs WHERE site=%s AND outcome IN ('ok', 'failed')"
                              " ORDER BY id DESC LIMIT %s", (site, limit)).fetchall()
            return [run_row(r) for r in rows]

    def last_success(self) -> dict[str, float]:
        with self._db() as db:
            rows = db.execute("SELECT site, MAX(ended_at) AS ended FROM difang_runs WHERE outcome='ok'"
                              " GROUP BY site").fetchall()
            return {r["site"]: float(r["ended"]) for r in rows}

    def raise_alert(self, alert: ActiveAlert) -> bool:
        with self._db() as db:
            return db.execute("INSERT INTO difang_alerts VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                              (alert.site, alert.kind, alert.raised_at, alert.message)).rowcount > 0

    def clear_alert(self, site: str, kind: str) -> bool:
        with self._db() as db:
            return db.execute("DELETE FROM difang_alerts WHERE site=%s AND kind=%s", (site, kind)).rowcount > 0

    def active_alerts(self, site: str | None = None) -> list[ActiveAlert]:
        query = "SELECT * FROM difang_alerts" + (" WHERE site=%s" if site else "") + " ORDER BY site, kind"
        with self._db() as db:
            return [ActiveAlert(**r) for r in db.execute(query, (site,) if site else ()).fetchall()]
