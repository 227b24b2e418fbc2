"""``difang sync``: feed this node's query index from the runs the cluster crawled since the
last sync (cluster mode; see :mod:`cluster.index_sync`). ``search``, ``show``, ``clusters``,
``export`` and ``stats`` do the same first, for a few seconds at most; a node's scheduler does it
after every crawl and every minute."""

from __future__ import annotations

import argparse

from archive.cli.context import BadArgument, CommandError, Context
from cluster import database_url

NAME = "sync"
HELP = "cluster mode: add the runs other nodes crawled to this node's query index"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=float, default=600.0, metavar="SECONDS",
                        help="stop after this long; the next sync goes on from there (default: 600)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not database_url():
        raise BadArgument("sync needs cluster mode (DIFANG_DATABASE=postgresql://...); on one machine "
                          "every crawl feeds the index itself")
    if args.budget <= 0:
        raise BadArgument(f"--budget: must be more than 0, not {args.budget}")
    from cluster.db import DatabaseUnavailable
    from cluster.index_sync import sync_index

    try:
        report = sync_index(database_url(), ctx.config.home, ctx.config.archive, budget=args.budget)
    except DatabaseUnavailable as exc:
        raise CommandError(str(exc)) from None
    if report is None:
        print("another process is syncing this index: nothing done", file=ctx.out)
        return 0
    print(report.line(), file=ctx.out)
    return 0
