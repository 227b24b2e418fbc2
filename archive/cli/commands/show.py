"""``difang show ID``: one clean article with its metadata and the other copies of its story."""

from __future__ import annotations

import argparse
from typing import Any

from archive.cli.context import Context, NotFound
from core.output import emit_json, table
from query.syndication import refresh, story

NAME = "show"
SYNC = True  # cluster mode: the index synced with the cluster first
HELP = "one clean article, its metadata, and the other members of its cluster"
_HEADER = ("site", "url", "final_url", "canonical_url", "fetched_at", "published_at", "source",
           "authors", "editor", "script", "script_original", "encoding", "encoding_declared",
           "repairs", "content_hash", "cluster_id", "duplicate_of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="article id (as search prints it)")
    parser.add_argument("--json", action="store_true", help="the clean record and cluster as JSON")


def article(ctx: Context, record_id: str) -> dict[str, Any]:
    """The clean record of ``record_id`` (cluster fields current), the other copies of its story
    and the cluster fields it was archived with where they changed since (also the web UI's)."""
    row = ctx.index.get(record_id)
    if row is None:
        raise NotFound(f"no article {record_id!r} in the index")
    archived = ctx.archive.record(row["clean_key"])
    # The record as archived, with its cluster and origin as the dedupe index knows them now
    # (a copy archived before its story's origin appeared names a stale one).
    record = refresh(ctx.current, [archived])[0]
    _, members = story(ctx.index, ctx.current, row["id"])
    copies = [_copy(m) for m in members if m["id"] != row["id"]]
    stale = {k: archived.get(k) for k in ("cluster_id", "duplicate_of") if archived.get(k) != record.get(k)}
    return {"record": record, "cluster": copies, "archived_as": stale}


def run(args: argparse.Namespace, ctx: Context) -> int:
    found = article(ctx, args.id)
    record, copies, stale = found["record"], found["cluster"], found["archived_as"]
    if args.json:
        emit_json(ctx.out, {"record": record, "cluster": copies, "archived_as": stale})
        return 0
    out = ctx.out
    print(record.get("title") or "", file=out)
    print("=" * 40, file=out)
    for key in ("id", *_HEADER):
        value = record.get(key)
        if value not in (None, "", [], {}):
            print(f"{key:>18}: {', '.join(value) if key == 'authors' else value}", file=out)
    print(f"{'raw':>18}: {record.get('raw')}", file=out)
    if stale:
        print(f"{'archived as':>18}: {stale} (since updated by the dedupe index)", file=out)
    print("", file=out)
    print(record.get("text") or "", file=out)
    if copies:
        print("\nother copies of this story:", file=out)
        table(out, ["role", "published", "site", "title", "id"],
              [(c["role"], (c["published_at"] or "")[:16].replace("T", " "), c["site"], c["title"], c["id"])
               for c in copies], max_widths=[6, 16, 16, 50, 16])
    return 0


def _copy(member: dict[str, Any]) -> dict[str, Any]:
    return {"role": member["role"], **{k: member[k] for k in ("id", "site", "published_at", "fetched_at", "title",
                                                     "url", "duplicate_of")}}
