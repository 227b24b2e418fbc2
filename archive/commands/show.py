"""``difang show ID``: one clean article with its metadata and the other copies of its story."""

from __future__ import annotations

import argparse
from typing import Any

from archive.query_context import CommandError, Context
from archive.query_output import emit_json, table

NAME = "show"
HELP = "one clean article, its metadata, and the other members of its cluster"
_HEADER = ("site", "url", "final_url", "canonical_url", "fetched_at", "published_at", "source",
           "authors", "editor", "script", "script_original", "encoding", "encoding_declared",
           "repairs", "content_hash", "cluster_id", "duplicate_of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="article id (as search prints it)")
    parser.add_argument("--json", action="store_true", help="the clean record and cluster as JSON")


def run(args: argparse.Namespace, ctx: Context) -> int:
    row = ctx.index.get(args.id)
    if row is None:
        raise CommandError(f"no article {args.id!r} in the index")
    record = ctx.archive.record(row["clean_key"])
    copies = [_copy(m) for m in ctx.index.cluster(row["cluster_id"]) if m["id"] != row["id"]] \
        if row["cluster_id"] else []
    if args.json:
        emit_json(ctx.out, {"record": record, "cluster": copies})
        return 0
    out = ctx.out
    print(record.get("title") or "", file=out)
    print("=" * 40, file=out)
    for key in ("id", *_HEADER):
        value = record.get(key)
        if value not in (None, "", [], {}):
            print(f"{key:>18}: {', '.join(value) if key == 'authors' else value}", file=out)
    print(f"{'raw':>18}: {record.get('raw')}", file=out)
    print("", file=out)
    print(record.get("text") or "", file=out)
    if copies:
        print("\nother copies of this story:", file=out)
        table(out, ["role", "published", "site", "title", "id"],
              [(c["role"], (c["published_at"] or "")[:16].replace("T", " "), c["site"], c["title"], c["id"])
               for c in copies], max_widths=[6, 16, 16, 50, 16])
    return 0


def _copy(member: dict[str, Any]) -> dict[str, Any]:
    role = "origin" if member["id"] == member["cluster_id"] or not member["duplicate_of"] else "copy"
    return {"role": role, **{k: member[k] for k in ("id", "site", "published_at", "fetched_at", "title",
                                                     "url", "duplicate_of")}}
