"""The sites board (``/sites``) and a site's page (``/sites/NAME``): ``scheduler.py jobs`` and
``runs``, plus what each site archived per day, in a browser.

Schedules and next runs come from the daemon's job table (:func:`daemon.cli.job_rows`),
runs and active alerts from its run history (``DIFANG_HOME/daemon/runs.sqlite``, read-only),
articles per day from ``difang stats`` over the last 30 days of captures, broken site files
from validating ``DIFANG_SITES`` the way the daemon does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from archive.cli.commands import stats as stats_command
from archive.cli.context import CommandError, NotFound
from archive.web import charts
from archive.web.params import site_name
from archive.web.render import page
from archive.web.state import WebState
from daemon.history import ActiveAlert, RunRow
from query.filters import Selection

DAYS = 30
HISTORY_RUNS = 50
LOG_LINES = 60


def when(ts: float | None, zone: str = "UTC") -> str:
    if ts is None:
        return ""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d %H:%M %z")


def took(run: RunRow) -> str:
    return "" if run.duration is None else f"{run.duration:.1f} s"


def errors_text(run: RunRow) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(run.errors.items()))


@dataclass
class BoardRow:
    name: str
    title: str
    zone: str
    schedule: str
    next_run: str
    state: str
    note: str
    last: RunRow | None
    alerts: list[ActiveAlert]
    chart: Markup | None
    archived: int
    broken: str = ""


def _per_day(state: WebState, sites: tuple[str, ...] = ()) -> tuple[dict[str, dict[str, int]], list[str], str]:
    """Captures per site per day over the last DAYS days (UTC), the days, and why not if not."""
    window = charts.days(datetime.now(UTC).date(), DAYS)
    sel = Selection(sites=sites, since=window[0], date_field="fetched")
    try:
        rows = stats_command.report(state.context(), sel, sections=("per_day",), runs=False)["per_day"]
    except CommandError as exc:
        return {}, window, str(exc)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["site"]][row["day"]] = row["articles"]
    return counts, window, ""


async def board(request: Request) -> Response:
    state: WebState = request.app.state.web
    files = state.site_files()
    history = state.history()
    alerts: dict[str, list[ActiveAlert]] = defaultdict(list)
    for alert in history.active_alerts() if history else []:
        alerts[alert.site].append(alert)
    counts, window, index_error = _per_day(state)
    unit = "articles"
    rows = []
    running = files.running
    for job in state.jobs(running):
        site = running.get(job.site)
        last = history.recent(job.site, 1) if history else []
        per_site = counts.get(job.site, {})
        rows.append(BoardRow(
            name=job.site, title=site.title if site else "", zone=job.zone,
            schedule=site.schedule if site else job.schedule, next_run=when(job.next_run, job.zone),
            state=job.state, note=job.note, last=last[0] if last else None, alerts=alerts.get(job.site, []),
            chart=None if index_error else charts.per_day(per_site, window, unit),
            archived=sum(per_site.values())))
    return page(request, "sites.html", {
        "rows": rows, "broken_names": {f.rsplit(".", 1)[0] for f in files.broken}, "files": files, "history": history is not None, "history_path": state.history_path,
        "index_error": index_error, "when": when, "took": took, "errors_text": errors_text,
        "orphan_alerts": [a for site, found in alerts.items() for a in found
                          if site not in {r.name for r in rows}],
    })


async def site_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    name = site_name(request.path_params["name"])
    files = state.site_files()
    history = state.history()
    runs = history.recent(name, HISTORY_RUNS) if history else []
    broken = {f: e for f, e in files.broken.items() if f.rsplit(".", 1)[0] == name}
    site = files.running.get(name)
    if site is None and not broken and not runs:
        raise NotFound(f"no site {name!r} in {state.config.sites} or the run history")
    zone = site.timezone if site else "UTC"
    job = next((j for j in state.jobs(files.running) if j.site == name), None)
    counts, window, index_error = _per_day(state, (name,))
    chart_runs = list(reversed(runs))
    run_chart = charts.bars([charts.Bar(when(r.started_at, zone)[5:16], r.articles,
                                        f"{when(r.started_at, zone)} {r.outcome}: {r.articles} articles, "
                                        f"{r.pages} pages", r.outcome) for r in chart_runs],
                            width=640, height=96, label="articles per run") if runs else None
    latest_log = next((r for r in runs if r.log_path), None)
    tail = state.log_tail(latest_log.log_path, LOG_LINES) if latest_log else None
    return page(request, "site.html", {
        "name": name, "site": site, "broken": broken, "zone": zone, "job": job, "runs": runs,
        "alerts": history.active_alerts(name) if history else [], "history": history is not None,
        "history_path": state.history_path, "run_chart": run_chart, "log": tail, "log_lines": LOG_LINES,
        "log_run": latest_log,
        "day_chart": None if index_error else charts.per_day(counts.get(name, {}), window, "articles"),
        "index_error": index_error, "when": when, "took": took, "errors_text": errors_text,
    })

