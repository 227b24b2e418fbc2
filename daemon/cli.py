"""``scheduler.py jobs``, ``runs`` and ``run SITE``: the operator's view of the daemon."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from core.config import Config
from core.sites import SiteDefinition, SiteError, load_site, load_sites
from daemon.crawls import CrawlService
from daemon.history import RunHistory, RunRow
from daemon.metrics import DaemonMetrics
from daemon.options import DaemonSettings
from daemon.schedules import schedule_of, trigger_for

if TYPE_CHECKING:
    from apscheduler.job import Job


def when(ts: float | None, zone: str = "UTC") -> str:
    if ts is None:
        return "-"
    return datetime.fromtimestamp(ts, ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S%z")


def print_table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


@dataclass(frozen=True)
class JobRow:
    """When one site runs next: from the job store, or from its schedule if not stored yet."""

    site: str
    next_run: float | None  # None: paused, or a schedule that never fires
    zone: str
    schedule: str
    state: str  # "" (scheduled), "paused", "never", "not scheduled yet"
    note: str  # "", "file gone: removed at next reload", "file changed: applied at next reload"


def job_rows(sites: Mapping[str, SiteDefinition], stored: Mapping[str, Job],
             settings: DaemonSettings) -> list[JobRow]:
    """Next run per site (``scheduler.py jobs`` and the web UI's sites board)."""
    rows = []
    for name in sorted(set(stored) | set(sites)):
        site = sites.get(name)
        zone = site.timezone if site else "UTC"
        job = stored.get(name)
        note = ""
        if job is not None:
            nxt = job.next_run_time.timestamp() if job.next_run_time else None
            state = "" if nxt is not None else "paused"
            schedule = str(job.kwargs.get("schedule", ""))
            if site is None:
                note = "file gone: removed at next reload"
            elif schedule_of(site, settings.test_schedules) != schedule:
                note = "file changed: applied at next reload"
        else:
            assert site is not None
            fire = trigger_for(site, settings.test_schedules).get_next_fire_time(None, datetime.now(UTC))
            nxt = fire.timestamp() if fire else None
            state = "not scheduled yet" if fire else "never"
            schedule = schedule_of(site, settings.test_schedules)
        rows.append(JobRow(name, nxt, zone, schedule, state, note))
    return rows


def show_jobs(config: Config, settings: DaemonSettings, out: TextIO) -> int:
    """Next run per site, from the job store; sites the daemon has not scheduled yet are listed too."""
    from daemon.daemon import stored_jobs

    try:
        sites = load_sites(config.sites)
    except SiteError as exc:
        out.write(f"site definition error: {exc}\n")
        sites = {}
    stored = {job.id: job for job in stored_jobs(settings)}
    table = [["SITE", "NEXT RUN (site time)", "SCHEDULE"]]
    for row in job_rows(sites, stored, settings):
        nxt = {"": when(row.next_run, row.zone), "paused": "paused", "never": "never (not scheduled yet)",
               }.get(row.state, f"{when(row.next_run, row.zone)} (not scheduled yet)")
        table.append([row.site, nxt, row.schedule + (f"  ({row.note})" if row.note else "")])
    print_table(table, out)
    return 0


RUN_HEADER = ["RUN", "SITE", "STARTED (UTC)", "TOOK", "OUTCOME", "EXIT", "LATE", "PAGES", "ARTICLES",
              "DUPS", "BYTES", "ERRORS", "ALERTS"]


def run_line(run: RunRow) -> list[str]:
    duration = f"{run.duration:.1f}s" if run.duration is not None else "-"
    errors = ",".join(f"{k}={v}" for k, v in sorted(run.errors.items())) or "-"
    return [str(run.id), run.site, when(run.started_at), duration, run.outcome,
            "-" if run.exit_status is None else str(run.exit_status), "late" if run.late else "",
            str(run.pages), str(run.articles), str(run.duplicates), str(run.bytes), errors,
            " | ".join(run.alerts)]


def show_runs(settings: DaemonSettings, out: TextIO, *, site: str | None = None, limit: int = 20,
              as_json: bool = False, history: RunHistory | None = None) -> int:
    """Run history and active alerts: the daemon's runs.sqlite, or ``history`` (cluster mode's
    tables in PostgreSQL have the same methods)."""
    history = history or RunHistory(settings.state_path("runs.sqlite"))
    runs = history.recent(site, limit)
    alerts = history.active_alerts(site)
    if as_json:
        out.write(json.dumps({"runs": [r.__dict__ | {"alerts": list(r.alerts)} for r in runs],
                              "alerts": [a.__dict__ for a in alerts]}, ensure_ascii=False, indent=1) + "\n")
        return 0
    for alert in alerts:
        out.write(f"ALERT {alert.site} {alert.kind} since {when(alert.raised_at)}: {alert.message}\n")
    if not runs:
        out.write("no runs yet\n")
        return 0
    print_table([RUN_HEADER, *[run_line(r) for r in runs]], out)
    return 0


def run_now(config: Config, settings: DaemonSettings, site: str, extra: Sequence[str], out: TextIO) -> int:
    """Crawl one site now, recorded in the run history like a scheduled crawl."""
    try:
        load_site(config.sites, site)
    except SiteError as exc:
        out.write(f"site definition error: {exc}\n")
        return 2
    history = RunHistory(settings.state_path("runs.sqlite"))
    service = CrawlService(config, settings, sites_folder=Path(config.sites), history=history,
                           metrics=DaemonMetrics(), extra=extra)
    row = service.crawl(site, trigger="manual")
    if row is None:
        return 3
    print_table([RUN_HEADER, run_line(row)], out)
    return 0 if row.outcome == "ok" else 1
