"""``difang export``: the selected clean records as JSONL, CSV or Parquet."""

from __future__ import annotations

import argparse
from dataclasses import replace

from archive.cli.args import add_filter_arguments, everything, output_file
from archive.cli.context import BadArgument, CommandError, Context
from query.export import FORMATS, format_for, selected_tables, write
from query.filters import Selection

NAME = "export"
SYNC = True  # cluster mode: the index synced with the cluster first
HELP = "write selected clean records to JSONL, CSV or Parquet (same filters as search)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help="only articles matching this (optional)")
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, help="default: from the -o suffix")
    parser.add_argument("-o", "--output", required=True, type=output_file, metavar="FILE",
                        help="FILE, or - for stdout")


def selected(ctx: Context, sel: Selection) -> dict[str, str]:
    """The versions ``sel`` selects ({"id|fetched_at": clean key}; also the web UI's export)."""
    sel = replace(sel, limit=None, offset=0, sort="date")
    members = ctx.current.members(sel.cluster) if sel.cluster and ctx.current is not None else None
    rows = ctx.index.rows(ctx.index.hits(sel, members or None), "id, fetched_at, clean_key")
    return {f"{row['id']}|{row['fetched_at']}": row["clean_key"] for row in rows}


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        fmt = format_for(args.output, args.format)
    except ValueError as exc:
        raise BadArgument(str(exc)) from None
    wanted = selected(ctx, everything(args))
    try:
        count = write(selected_tables(ctx.archive, wanted), args.output, fmt)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    print(f"exported {count} of {len(wanted)} selected records to {args.output} ({fmt})", file=ctx.err)
    return 0 if count == len(wanted) else 1

