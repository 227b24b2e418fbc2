"""What the operator's commands read from the cluster's PostgreSQL: run history, alerts, the
schedule and the queue (``scheduler.py jobs|runs``, ``difang stats``, the web UI).

Reads never create tables: a database no node has started on yet reads as empty (``tables()``
says whether there is anything). An unreachable database raises DatabaseUnavailable with one
line naming it (without its password).
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg.rows import dict_row

from cluster.db import DatabaseUnavailable, connect, where
from cluster.history import PgRunHistory, run_row
from daemon.history import RunRow


def tables(dsn: str) -> bool:
    """Whether a node has set up the database (its run table exists)."""
    with connect(dsn) as conn:
        row = conn.execute("SELECT to_regclass('difang_runs') IS NOT NULL").fetchone()
    return bool(row and row[0])


def run_history(dsn: str) -> PgRunHistory | None:
    """The run history and alerts in PostgreSQL; None where no node has started yet."""
    return PgRunHistory(dsn) if tables(dsn) else None


def latest_runs(dsn: str) -> dict[str, tuple[RunRow, str]]:
    """The newest run of each site that has ended (ok, failed, timeout, interrupted, lost), and
    the node that ran it."""
    if not tables(dsn):
        return {}
    with connect(dsn) as conn:
        conn.row_factory = dict_row
        rows = conn.execute("SELECT DISTINCT ON (site) * FROM difang_runs WHERE outcome <> 'running'"
                            " ORDER BY site, id DESC").fetchall()
    return {str(r["site"]): (run_row(r), str(r["node"])) for r in rows}


@dataclass(frozen=True)
class SiteQueue:
    last_due: float | None  # the newest due the leader enqueued
    waiting: int  # jobs of the site waiting in the queue
    running_on: str  # the node crawling it now, or ""


def queue_state(dsn: str) -> dict[str, SiteQueue]:
    """Per site: the last due enqueued, jobs waiting, and the node crawling it now."""
    if not tables(dsn):
        return {}
    with connect(dsn) as conn:
        dues = dict(conn.execute("SELECT site, last_due FROM difang_schedule").fetchall())
        waiting: dict[str, int] = {}
        has_queue = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
        if has_queue and has_queue[0]:
            waiting = dict(conn.execute("SELECT args->>'site', count(*) FROM procrastinate_jobs"
                                        " WHERE status = 'todo' GROUP BY 1").fetchall())
        running = dict(conn.execute("SELECT DISTINCT ON (site) site, node FROM difang_runs"
                                    " WHERE outcome = 'running' ORDER BY site, id DESC").fetchall())
    sites = set(dues) | set(waiting) | set(running)
    return {s: SiteQueue(dues.get(s), int(waiting.get(s, 0)), str(running.get(s, ""))) for s in sites}


def describe(dsn: str) -> str:
    return f"difang_runs on {where(dsn)}"


__all__ = ["DatabaseUnavailable", "SiteQueue", "describe", "latest_runs", "queue_state", "run_history", "tables"]
