"""``difang clusters``: the syndication view — each story with every copy, origin first, and
which sites most often republish which others."""

from __future__ import annotations

import argparse
from typing import Any

from archive.query_args import add_filter_arguments, selection
from archive.query_context import CommandError, Context
from archive.query_output import emit_json, table

NAME = "clusters"
HELP = "stories with every copy (origin first) and who republishes whom"
MEMBER_FIELDS = ("id", "site", "published_at", "fetched_at", "title", "source", "url", "duplicate_of")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", default="", help="only stories with a copy matching this")
    parser.add_argument("--story", metavar="ID", help="one story: an article id or a cluster id")
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=int, default=10, help="stories to show (default 10)")
    parser.add_argument("--min-copies", type=int, default=2, help="smallest story to list (default 2)")
    parser.add_argument("--json", action="store_true", help="stories and republishers as JSON")


def story(ctx: Context, cluster_id: str) -> list[dict[str, Any]]:
    members = ctx.index.cluster(cluster_id)
    return [{"role": "origin" if i == 0 else "copy", **{k: m[k] for k in MEMBER_FIELDS}}
            for i, m in enumerate(members)]


def stories(ctx: Context, args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.story:
        row = ctx.index.get(args.story)
        cluster_id = row["cluster_id"] if row else args.story
        members = story(ctx, cluster_id)
        if not members:
            raise CommandError(f"no article or cluster {args.story!r} in the index")
        return [{"cluster_id": cluster_id, "copies": members}]
    sql, params = ctx.index.select_sql(selection(args, limit=0))
    found = ctx.index.execute(
        "SELECT c.cluster_id, count(*) AS copies, count(DISTINCT c.site) AS sites, "
        "min(coalesce(c.published_at, c.fetched_at)) AS first FROM articles c "
        f"WHERE c.cluster_id IN (SELECT cluster_id FROM ({sql})) GROUP BY c.cluster_id "
        "HAVING copies >= ? ORDER BY copies DESC, first DESC LIMIT ?",
        [*params, args.min_copies, args.limit])
    return [{"cluster_id": f["cluster_id"], "copies": story(ctx, f["cluster_id"])} for f in found]


def republishers(ctx: Context, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Pairs (origin site, republishing site) by how many stories went that way."""
    sel = selection(args, limit=0)
    clauses, params = sel.where()
    where = " AND ".join(["a.id != a.cluster_id", "a.site != o.site", *clauses])
    return ctx.index.execute(
        "SELECT o.site AS origin_site, a.site AS copy_site, count(*) AS stories, "
        "round(avg((julianday(a.published_at) - julianday(o.published_at)) * 24), 1) AS mean_delay_hours "
        f"FROM articles a JOIN articles o ON o.id = a.cluster_id WHERE {where} "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 30", params)


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
