"""``difang clusters``: the syndication view — each story with every copy, origin first, and
which sites most often republish which others.

Stories are the dedupe index's current clusters when there is one (DIFANG_HOME's, or in cluster
mode the database's; see :mod:`query.syndication`), else the clusters the records were
archived with.
"""

from __future__ import annotations

import argparse
from typing import Any

from archive.cli.args import add_filter_arguments, everything, selection, whole_number
from archive.cli.context import Context, NotFound
from core.output import emit_json, table
from query.syndication import story

NAME = "clusters"
SYNC = True  # cluster mode: the index synced with the cluster first
HELP = "stories with every copy (origin first) and who republishes whom"
MEMBER_FIELDS = ("id", "site", "published_at", "fetched_at", "title", "source", "url", "duplicate_of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help="only stories with a copy matching this")
    parser.add_argument("--story", metavar="ID", help="one story: an article id or a cluster id")
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=whole_number(1), default=10, help="stories to show (default 10)")
    parser.add_argument("--min-copies", type=whole_number(1), default=2, help="smallest story to list (default 2)")
    parser.add_argument("--json", action="store_true", help="stories and republishers as JSON")


def story_of(ctx: Context, name: str) -> dict[str, Any]:
    """One story (named by an article or cluster id) with every copy, origin first."""
    cluster_id, members = story(ctx.index, ctx.current, name)
    return {"cluster_id": cluster_id,
            "copies": [{"role": m["role"], **{k: m[k] for k in MEMBER_FIELDS}} for m in members]}


def _selected_clusters(ctx: Context, args: argparse.Namespace) -> list[str]:
    """The clusters (current where known) of the selected articles."""
    rows = ctx.index.rows(ctx.index.hits(everything(args)), "id, cluster_id")
    current = ctx.current.clusters_of([r["id"] for r in rows]) if ctx.current is not None else {}
    return list(dict.fromkeys(current.get(r["id"], r["cluster_id"]) for r in rows if r["cluster_id"]))


def stories(ctx: Context, args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.story:
        found = story_of(ctx, args.story)
        if not found["copies"]:
            raise NotFound(f"no article or cluster {args.story!r} in the index")
        return [found]
    candidates = [story_of(ctx, c) for c in _selected_clusters(ctx, args)]
    candidates = [s for s in candidates if len(s["copies"]) >= args.min_copies]

    def first(item: dict[str, Any]) -> str:
        return min((c["published_at"] or c["fetched_at"] or "") for c in item["copies"])

    candidates.sort(key=first, reverse=True)
    candidates.sort(key=lambda s: len(s["copies"]), reverse=True)
    return candidates[:args.limit]


def republishers(ctx: Context, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Pairs (origin site, republishing site) by how many stories went that way."""
    clauses, params = selection(args, limit=0).where()
    if ctx.current is None:
        copies = "SELECT a.*, o.site AS origin_site, o.published_at AS origin_published FROM articles a " \
                 "JOIN articles o ON o.id = a.cluster_id WHERE a.id != o.id"
    elif ctx.current.path is None:
        # The dedupe index in PostgreSQL (cluster mode): the selected articles' current origins,
        # fetched by id, in a temporary table of this connection
        ids = [r["id"] for r in ctx.index.rows(ctx.index.hits(everything(args)), "id")]
        ctx.index.db.execute("CREATE TEMP TABLE IF NOT EXISTS current_origin"
                             " (id TEXT PRIMARY KEY, site TEXT, published_at TEXT)")
        ctx.index.db.execute("DELETE FROM current_origin")
        ctx.index.db.executemany("INSERT INTO current_origin VALUES (?, ?, ?)",
                                 [(i, site, published) for i, (o, site, published)
                                  in ctx.current.origins_of(ids).items() if o != i])
        copies = ("SELECT a.*, c.site AS origin_site, c.published_at AS origin_published FROM articles a "
                  "JOIN current_origin c ON c.id = a.id")
    else:
        # Current origins: the earliest member of each cluster in the dedupe index.
        ctx.index.db.execute("ATTACH DATABASE ? AS dedupe", (str(ctx.current.path),))
        copies = (
            "WITH ranked AS MATERIALIZED (SELECT id, site, published_at, cluster, row_number() OVER "
            "(PARTITION BY cluster ORDER BY origin_key, fetched_epoch, rid) AS n FROM dedupe.records) "
            "SELECT a.*, o.site AS origin_site, o.published_at AS origin_published FROM articles a "
            "JOIN ranked m ON m.id = a.id JOIN ranked o ON o.cluster = m.cluster AND o.n = 1 WHERE a.id != o.id")
    where = " AND ".join(["a.site != a.origin_site", *clauses])
    try:
        return ctx.index.execute(
            "SELECT a.origin_site, a.site AS copy_site, count(*) AS stories, "
            "round(avg((julianday(a.published_at) - julianday(a.origin_published)) * 24), 1) AS mean_delay_hours "
            f"FROM ({copies}) a WHERE {where} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 30", params)
    finally:
        if ctx.current is not None and ctx.current.path is not None:
            ctx.index.db.execute("DETACH DATABASE dedupe")


def run(args: argparse.Namespace, ctx: Context) -> int:
    found = stories(ctx, args)
    pairs = [] if args.story else republishers(ctx, args)
    if args.json:
        emit_json(ctx.out, {"stories": found, "republishers": pairs})
        return 0
    out = ctx.out
    for item in found:
        print(f"\nstory {item['cluster_id']} — {len(item['copies'])} copies", file=out)
        table(out, ["role", "published", "fetched", "site", "title", "id"],
              [(c["role"], (c["published_at"] or "")[:16].replace("T", " "),
                (c["fetched_at"] or "")[:16].replace("T", " "), c["site"], c["title"], c["id"])
               for c in item["copies"]], max_widths=[6, 16, 16, 16, 50, 16])
    if pairs:
        print("\nwho republishes whom", file=out)
        table(out, ["origin site", "copied by", "stories", "mean delay (h)"],
              [(p["origin_site"], p["copy_site"], p["stories"], p["mean_delay_hours"]) for p in pairs])
    if not found and not pairs:
        print("no stories with more than one copy", file=out)
    return 0
