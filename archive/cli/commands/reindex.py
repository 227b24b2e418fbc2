"""``difang reindex``: throw the local index away and rebuild it from the archive alone."""

from __future__ import annotations

import argparse
import os

from archive.cli.args import whole_number
from archive.cli.context import Context
from query.index import index_path
from query.reindex import rebuild

NAME = "reindex"
HELP = "rebuild the local query index from the archive (manifests, then clean records)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--manifests-only", action="store_true",
                        help="skip listing clean/ for records that no manifest holds (faster on S3)")
    parser.add_argument("--workers", type=whole_number(1), default=min(2, os.cpu_count() or 1),
                        help="processes cutting text into search terms (default: 2)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    path = index_path(ctx.config.home)
    report = rebuild(ctx.archive, path, manifests_only=args.manifests_only, workers=args.workers)
    print(f"indexed {report.articles} articles from {report.manifests} manifests "
          f"({report.manifest_rows} rows) and {report.clean_records} other clean records "
          f"in {report.seconds:.1f} s -> {path}", file=ctx.out)
    return 0
