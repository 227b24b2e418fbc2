"""The stats page (``/stats``): ``difang stats`` as tables and charts, with the same filters."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from archive.cli.commands import stats as stats_command
from archive.web import charts
from archive.web.params import BadParameter, Query, search_form
from archive.web.render import page
from archive.web.state import WebState

MAX_DAYS = 366  # days drawn per site; older ones stay in the table


def _day_charts(per_day: list[dict[str, Any]]) -> dict[str, Markup]:
    """One chart per site: its articles per day from its first to its last day (gaps as zero)."""
    by_site: dict[str, dict[str, int]] = defaultdict(dict)
    for row in per_day:
        if row["day"] and len(row["day"]) == 10:
            by_site[row["site"]][row["day"]] = row["articles"]
    out = {}
    for site, counts in by_site.items():
        try:
            last = date.fromisoformat(max(counts))
            first = date.fromisoformat(min(counts))
        except ValueError:
            continue
        span = min((last - first).days + 1, MAX_DAYS)
        out[site] = charts.per_day(counts, charts.days(last, span), "articles")
    return out


async def stats_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    query = Query([(k, v) for k, v in request.query_params.multi_items() if k != "q"])
    context: dict[str, Any] = {"sites": state.site_files().sites, "error": None, "report": None}
    try:
        form = search_form(query)
    except BadParameter as exc:
        context.update(error=str(exc), form=search_form(Query([])))
        return page(request, "stats.html", context, status=400)
    report = stats_command.report(state.context(), form.selection)
    total = max((r["articles"] for r in report["sites"]), default=0)
    context.update(form=form, report=report, day_charts=_day_charts(report["per_day"]),
                   meter=charts.meter, most=total,
                   most_encoding=max((r["articles"] for r in report["encodings"]), default=0))
    return page(request, "stats.html", context)
