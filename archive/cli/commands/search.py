"""``difang search QUERY``: full-text search over title and text, with filters and paging."""

from __future__ import annotations

import argparse
from typing import Any

from archive.cli.args import add_filter_arguments, add_paging_arguments, selection
from archive.cli.context import Context
from core.output import emit_json, emit_jsonl, table
from query.filters import Selection
from query.syndication import refresh

NAME = "search"
SYNC = True  # cluster mode: the index synced with the cluster first
HELP = "full-text search over titles and texts (any script; words of any length)"
HIT_FIELDS = ("id", "site", "published_at", "fetched_at", "title", "source", "authors", "url",
              "cluster_id", "duplicate_of", "score")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="",
                        help="words to find, all of them (Simplified or Traditional); empty: all")
    add_filter_arguments(parser)
    add_paging_arguments(parser)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON document: the page of hits")
    output.add_argument("--jsonl", action="store_true", help="one JSON object per hit")


def find(ctx: Context, sel: Selection) -> list[dict[str, Any]]:
    """The page of index rows ``sel`` selects, clusters brought up to date (also the web UI's search)."""
    # --cluster means the story as the dedupe index knows it now (later merges included).
    members = ctx.current.members(sel.cluster) if sel.cluster and ctx.current is not None else None
    return refresh(ctx.current, ctx.index.search(sel, members or None))


def run(args: argparse.Namespace, ctx: Context) -> int:
    sel = selection(args)
    hits = [{k: h[k] for k in HIT_FIELDS} for h in find(ctx, sel)]
    if args.jsonl:
        emit_jsonl(ctx.out, hits)
    elif args.json:
        emit_json(ctx.out, {"query": sel.query, "offset": sel.offset, "limit": sel.limit, "hits": hits})
    else:
        date = "published_at" if sel.date_field == "published" else "fetched_at"
        table(ctx.out, ["date", "site", "title", "source", "id"],
              [((h[date] or "")[:16].replace("T", " "), h["site"], h["title"], h["source"], h["id"])
               for h in hits], max_widths=[16, 16, 60, 16, 16])
        more = f"; next page: --offset {sel.offset + len(hits)}" if len(hits) == sel.limit else ""
        print(f"({len(hits)} shown from {sel.offset + 1 if hits else 0}{more})", file=ctx.err)
    return 0
