"""What a probe shows its user: the proposed site file, a preview of sample articles, the pages
judged not to be articles, and what it could not decide."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from core.output import table
from crawler.probe.probe import ProbeResult

PREVIEW_ROWS = 8
FIRST_WORDS = 24
KEY_ORDER = ("name", "title", "start_urls", "feeds", "sitemaps", "article_urls", "follow_urls", "max_depth",
             "schedule", "timezone", "script", "render")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def site_yaml(site: Mapping[str, Any], header: str = "") -> str:
    """The site file as YAML: one key a line, lists one item a line, strings single-quoted (so a
    pattern's backslashes are read as written)."""
    lines = [f"# {line}" for line in header.splitlines()]
    for key in (*KEY_ORDER, *(k for k in site if k not in KEY_ORDER)):
        if key not in site:
            continue
        value = site[key]
        if isinstance(value, list | dict) and not value:
            lines.append(f"{key}: {'[]' if isinstance(value, list) else '{}'}")
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(item)}" for item in value]
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def preview_rows(result: ProbeResult) -> list[list[str]]:
    rows = []
    for page in result.articles[:PREVIEW_ROWS]:
        article = page.verdict.article
        if article is None:
            continue
        rows.append([article.title, (article.published_at or "")[:16].replace("T", " "), article.source or "",
                     " ".join(article.text.split())[:FIRST_WORDS]])
    return rows


def print_report(out: TextIO, result: ProbeResult, path: str, written: bool) -> None:
    requests = result.requests
    run = f"; responses archived in run {result.run_id}" if result.run_id else ""
    print(f"# proposed site file for {path} (validated by the site-file loader)", file=out)
    print(site_yaml(result.site), file=out)
    judged = len({p.final_url for p in result.pages})
    articles = result.articles
    print(f"sample articles ({len(articles)} of {judged} pages judged are articles):", file=out)
    table(out, ["title", "published", "source", "first words"], preview_rows(result), [34, 16, 14, 50])
    rejected = {p.final_url: p.verdict.reason for p in result.pages if not p.verdict.is_article}
    if rejected:
        print("\nnot articles:", file=out)
        for url, reason in list(rejected.items())[:10]:
            print(f"  {url}  ({reason})", file=out)
    if result.undecided:
        print("\ncould not decide:", file=out)
        for line in result.undecided:
            print(f"  - {line}", file=out)
    if result.notes:
        print("\nnotes:", file=out)
        for line in result.notes:
            print(f"  - {line}", file=out)
    print(f"\n{requests} requests in {result.seconds:.1f} s{run}", file=out)
    print(f"written: {path}" if written else f"not written: add --write to save it as {path}", file=out)
