"""``difang verify``: the archive checked against its recorded SHA-256 checksums.

Lists every missing object (with what refers to it) and every damaged one (with what is wrong),
then one summary line. Exit status 0 when nothing is missing or damaged, 1 otherwise, so a cron
job or CI step can alert on it.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from archive.cli.context import Context
from archive.verify import verify
from core.output import emit_json
from storage.store import open_store

NAME = "verify"
HELP = "check the archive against its recorded checksums; report missing and damaged objects"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", help="only this site's objects and runs")
    parser.add_argument("--quick", action="store_true",
                        help="presence and references only: read no WARC bodies, hash nothing")
    parser.add_argument("--json", action="store_true", help="the whole report as one JSON document")


def run(args: argparse.Namespace, ctx: Context) -> int:
    report = verify(open_store(ctx.config.archive), site=args.site, deep=not args.quick)
    if args.json:
        emit_json(ctx.out, {**asdict(report), "ok": report.ok})
    else:
        for key, referrer in report.missing:
            print(f"missing  {key}  (referred to by {referrer})", file=ctx.out)
        for key, why in report.damaged:
            print(f"damaged  {key}  {why}", file=ctx.out)
        print(report.summary(), file=ctx.out)
    return 0 if report.ok else 1
