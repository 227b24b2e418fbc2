"""``difang rebuild``: write the clean records missing from the archive again, from its WARC files."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date

from archive.cli.args import output_folder
from archive.cli.context import BadArgument, Context
from core.limits import DOWNLOAD_MAXSIZE
from core.sites import SiteDefinition, SiteError, load_site, load_sites
from pipelines.rebuild import Rebuild, RebuildOptions, RebuildReport
from query.index import IndexFeed

NAME = "rebuild"
HELP = ("rebuild clean records from the WARC files: write the missing ones, report the ones "
        "the current extractor would change")
SAMPLE = 5  # changes and failures listed in the summary (--json lists all)


def _date(value: str) -> str:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("use YYYY-MM-DD")
        date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD ({exc})") from None
    return value


def _size(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of bytes (at least 1)")
    return int(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", metavar="NAME", help="only this site (default: every site of DIFANG_SITES)")
    parser.add_argument("--since", type=_date, metavar="DATE", help="WARC files of this date (UTC) or later")
    parser.add_argument("--until", type=_date, metavar="DATE", help="WARC files of this date (UTC) or earlier")
    parser.add_argument("--dry-run", action="store_true", help="write nothing; report what would be written")
    parser.add_argument("--output", type=output_folder, metavar="DIR",
                        help="write every rebuilt record under its key into DIR instead of the archive "
                             "(archive and local state untouched)")
    parser.add_argument("--max-size", type=_size, default=DOWNLOAD_MAXSIZE, metavar="BYTES",
                        help="decoded size over which a gzip/deflate/br/zstd body is refused as too_large "
                             f"(default: the crawl's DOWNLOAD_MAXSIZE, {DOWNLOAD_MAXSIZE})")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        sites: list[SiteDefinition] = ([load_site(ctx.config.sites, args.site)] if args.site
                                       else list(load_sites(ctx.config.sites).values()))
    except SiteError as exc:  # a bad site file, or no site of that name: as for a crawl, exit 2
        raise BadArgument(f"site definition error: {exc}") from None
    options = RebuildOptions(since=args.since, until=args.until, dry_run=args.dry_run, output=args.output,
                             max_body=args.max_size)
    report = Rebuild(ctx.archive.store, ctx.config.home, options, index=IndexFeed,
                     database=ctx.config.database).run(sites)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1), file=ctx.out)
    else:
        summary(report, options, ctx)
    return 1 if report.failures or report.warc_errors else 0


def summary(report: RebuildReport, options: RebuildOptions, ctx: Context) -> None:
    out = ctx.out
    verb = "written" if options.output is None and not options.dry_run else "would write"
    print(f"sites {', '.join(report.sites) or 'none'}: {report.warcs} WARC files read, {report.captures} "
          f"captures, {report.articles} articles", file=out)
    print(f"records {verb} {len(report.written)}, unchanged {report.unchanged}, "
          f"would change {len(report.changed)}, failed {len(report.failures)}, "
          f"filled in {len(report.filled)}", file=out)
    if options.output is not None:
        print(f"{len(report.output)} rebuilt records written under {options.output}", file=out)
    for key in report.written[:SAMPLE]:
        print(f"  {verb}: {key}", file=out)
    for key in report.filled[:SAMPLE]:
        print(f"  filled in: {key}", file=out)
    for change in report.changed[:SAMPLE]:
        print(f"  would change: {change.key} ({', '.join(change.fields) or 'content hash'}) {change.url}",
              file=out)
    for failure in report.failures[:SAMPLE]:
        print(f"  failed: {failure.url}: {failure.reason}", file=out)
    for key, reason in report.warc_errors:
        print(f"difang: WARC {key}: {reason}", file=ctx.err)
    hidden = max(0, len(report.changed) - SAMPLE) + max(0, len(report.failures) - SAMPLE)
    if hidden:
        print(f"  … {hidden} more (--json lists all)", file=out)
