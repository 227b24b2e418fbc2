"""``difang stats``: what the archive holds — per site and day, duplicates, encodings, repairs,
and each site's last crawl."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from archive.cli.args import add_filter_arguments, selection
from archive.cli.context import CommandError, Context
from cluster import database_url
from core.output import emit_json, table
from query.filters import Selection

NAME = "stats"
SYNC = True  # cluster mode: the index synced with the cluster first
HELP = ("articles per site per day, duplicate rates, extraction errors, encodings and repairs, "
        "last crawl per site")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("--json", action="store_true", help="everything as one JSON document")
    parser.add_argument("--no-runs", action="store_true",
                        help="skip each site's last crawl (runs/ in the archive; difang_runs in cluster mode)")


SECTIONS = ("per_day", "sites", "encodings", "repairs")


def _queries(sel: Selection) -> dict[str, str]:
    clauses, _ = sel.where()
    where = " AND ".join(clauses) or "1"
    day = f"substr(coalesce({sel.date_column}, a.fetched_at), 1, 10)"
    return {
        "per_day": f"SELECT a.site, {day} AS day, count(*) AS articles, "
                   f"sum(a.duplicate_of IS NOT NULL) AS duplicates FROM articles a WHERE {where} "
                   f"GROUP BY a.site, day ORDER BY a.site, day",
        "sites": "SELECT a.site, count(*) AS articles, sum(a.duplicate_of IS NOT NULL) AS duplicates, "
                 "round(1.0 * sum(a.duplicate_of IS NOT NULL) / count(*), 3) AS duplicate_rate, "
                 "sum(a.cluster_id IS NOT NULL AND a.id != a.cluster_id) AS in_others_clusters, "
                 "sum(a.extraction_error IS NOT NULL) AS extraction_errors, "
                 f"min({day}) AS first_day, max({day}) AS last_day "
                 f"FROM articles a WHERE {where} GROUP BY a.site ORDER BY a.site",
        "encodings": "SELECT a.encoding_declared AS declared, a.encoding AS used, count(*) AS articles "
                     f"FROM articles a WHERE {where} GROUP BY 1, 2 ORDER BY 3 DESC",
        "repairs": "SELECT r.key AS repair, count(*) AS articles, sum(r.value) AS total "
                   f"FROM articles a, json_each(a.repairs) r WHERE {where} "
                   "GROUP BY r.key ORDER BY 2 DESC",
    }


def report(ctx: Context, sel: Selection, *, sections: tuple[str, ...] = SECTIONS,
           runs: bool = True) -> dict[str, Any]:
    """The figures of ``sections`` for the articles ``sel`` filters, and (``runs``) each site's
    last crawl from runs/ (also the web UI's stats page and sites board)."""
    _, params = sel.where()
    queries = _queries(sel)
    found: dict[str, Any] = {name: ctx.index.execute(queries[name], params) for name in sections}
    if runs and database_url():
        found["last_crawl"] = [row for row in cluster_last_crawls(database_url()) if not sel.sites or row["site"] in sel.sites]
    elif runs:
        found["last_crawl"] = [
            {"site": site, "run_id": run.get("run_id"), "finished_at": run.get("finished_at"),
             "finish_reason": run.get("finish_reason"), "articles": run.get("articles")}
            for site, run in ctx.archive.latest_runs().items() if not sel.sites or site in sel.sites
        ]
    return found


def cluster_last_crawls(dsn: str) -> list[dict[str, Any]]:
    """Each site's last ended crawl from the run table (cluster mode: DIFANG_DATABASE), not from
    listing runs/ in the archive; ``finish_reason`` is the run's outcome (ok, failed, lost...)."""
    try:
        from cluster.reads import DatabaseUnavailable, latest_runs
    except ImportError as exc:
        raise CommandError(f"DIFANG_DATABASE is set but the cluster extra is missing"
                           f" (pip install 'difang[cluster]'): {exc}") from None
    try:
        latest = latest_runs(dsn)
    except DatabaseUnavailable as exc:
        raise CommandError(str(exc)) from None
    return [{"site": site, "run_id": run.run_id or None,
             "finished_at": datetime.fromtimestamp(run.ended_at, UTC).isoformat() if run.ended_at else None,
             "finish_reason": run.outcome, "articles": run.articles, "node": node}
            for site, (run, node) in latest.items()]


def gather(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    return report(ctx, selection(args, limit=0), runs=not args.no_runs)


def run(args: argparse.Namespace, ctx: Context) -> int:
    report = gather(args, ctx)
    if args.json:
        emit_json(ctx.out, report)
        return 0
    out = ctx.out
    sections = [
        ("articles per site", "sites", ["site", "articles", "duplicates", "duplicate_rate",
                                        "in_others_clusters", "extraction_errors", "first_day", "last_day"]),
        ("articles per site per day", "per_day", ["site", "day", "articles", "duplicates"]),
        ("encodings (declared -> used)", "encodings", ["declared", "used", "articles"]),
        ("repairs", "repairs", ["repair", "articles", "total"]),
    ]
    if database_url():
        sections.append(("last crawl per site (difang_runs)", "last_crawl",
                         ["site", "finished_at", "finish_reason", "articles", "node", "run_id"]))
    else:
        sections.append(("last crawl per site (runs/)", "last_crawl",
                         ["site", "finished_at", "finish_reason", "articles", "run_id"]))
    for title, key, columns in sections:
        if key not in report:
            continue
        print(f"\n{title}", file=out)
        table(out, columns, [[row[c] for c in columns] for row in report[key]])
    return 0
