"""``difang compact``: merge each finished day's run manifests into one Parquet file.

DuckDB over S3 slows with the number of files it opens; compaction keeps it at one file a day
(see :mod:`storage.compaction`). Days before ``--before`` (default: yesterday, UTC, so the day
before yesterday is the last one merged: a run started just before midnight uploads its
manifest later). Safe to run again at any time, and after a crash. In cluster mode the leader
runs it every day; on one machine run it from cron.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from archive.cli.context import BadArgument, Context
from storage.compaction import compact
from storage.store import open_store

NAME = "compact"
HELP = "merge the run manifests of each finished day into one Parquet file (for DuckDB over S3)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--before", metavar="DATE",
                        help="compact the days before DATE (YYYY-MM-DD; default: yesterday, UTC)")


def default_before(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).date() - timedelta(days=1)


def run(args: argparse.Namespace, ctx: Context) -> int:
    before = default_before()
    if args.before:
        try:
            before = date.fromisoformat(args.before)
        except ValueError:
            raise BadArgument(f"--before: not a date: {args.before[:40]!r} (use YYYY-MM-DD)") from None
    report = compact(open_store(ctx.config.archive), before=before, workdir=Path(ctx.config.home))
    for day in report.days:
        if day.key:
            print(f"{day.day}  {day.runs} run manifests, {day.rows} rows -> {day.key}"
                  f" ({len(day.deleted)} files deleted)", file=ctx.out)
        elif day.deleted:
            print(f"{day.day}  already compacted; {len(day.deleted)} leftover files deleted", file=ctx.out)
    for day_name, why in report.skipped:
        print(f"{day_name}  not compacted: {why}", file=ctx.err)
    written = sum(1 for d in report.days if d.key)
    print(f"compacted {written} days before {before.isoformat()}"
          f"{f', {len(report.skipped)} skipped' if report.skipped else ''}", file=ctx.out)
    return 1 if report.skipped else 0
