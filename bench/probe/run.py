"""Probe benchmark: `difang sites probe` on every demo site and portal shape, against the
hand-written site files.

Run from the repository root: ``.venv/bin/python -m bench.probe.run``. For each site it probes
the home page (no delay, the loopback host allowed, Chromium if there is one), then crawls the
site twice with the real spider, once with the probed site file and once with the hand-written
one, each into its own archive. Writes results.md and results.json next to this file. Not part of
pytest (about two minutes); tests/probe runs two shapes the same way.

Goals (issue 19): the probed file reaches >= 95% of the articles the hand-written one reaches,
no page that is not an article is taken for one, and ``render`` is set right.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.probe.measure import Measure, measure
from crawler.render import find_browser
from demo.server import DemoPortal
from demo.shapes import ShapePortals

HERE = Path(__file__).resolve().parent
DEFAULT_DELAY = 1.0  # crawler/settings.py PROBE_DELAY
BENCH_ARTICLES = 120
REACH_GOAL = 0.95


def demo_sites(portal: DemoPortal, work: Path, only: set[str]) -> list[Measure]:
    out = []
    hand = portal.site_definitions(render_js=True)
    for name, url in portal.sites.items():
        if only and name not in only:
            continue
        truth = set(portal.article_urls(name))
        out.append(measure(name, url, urlsplit(url).hostname or "", hand[name], truth, work / name))
        print(_line(out[-1]), flush=True)
    return out


def shape_sites(portals: ShapePortals, work: Path, only: set[str]) -> list[Measure]:
    out = []
    for name, shape in portals.shapes.items():
        if only and name not in only:
            continue
        out.append(measure(name, shape.probe_url, portals.host_of(name), shape.definition(),
                           set(shape.article_urls()), work / name))
        print(_line(out[-1]), flush=True)
    return out


def _line(m: Measure) -> str:
    if m.error:
        return f"{m.site:13} probe failed: {m.error}"
    return (f"{m.site:13} {m.requests:3} requests {m.seconds:5.1f} s  hand {len(m.hand_reached):3}  probed "
            f"{len(m.probed_reached):3}  reach {m.reach:6.1%}  misjudged {len(m.misjudged)}  render "
            f"{m.probed.get('render')} ({'right' if m.render_right else 'WRONG'})")


def markdown(rows: list[Measure], browser: str | None, started: datetime) -> str:
    ok = [m for m in rows if not m.error]
    lines = [
        "# Probe benchmark: probed site files against hand-written ones",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, {os.cpu_count()} cores "
        f"(shared; times carry others' load)",
        f"- browser: {browser or 'none (render decided without one)'}",
        f"- sites: the {sum(1 for m in rows if m.site.startswith('demo-'))} demo sites (demo/portal.py, demo-bench "
        f"with {BENCH_ARTICLES} articles) and {sum(1 for m in rows if not m.site.startswith('demo-'))} portal shapes "
        "(demo/shapes.py), on loopback",
        "- probe: `difang sites probe URL -s PROBE_DELAY=0 -s ADDRESS_GUARD_EXTRA_HOSTS=HOST` (in-process); "
        "requests include robots.txt, feeds, sitemaps, list pages, samples and the browser's own requests",
        "- crawls: `scrapy crawl portal` with the probed file and with the hand-written one, each into an "
        "archive of its own; reach = articles both crawls archived / articles the hand-written crawl archived",
        "- misjudged: pages the probe judged to be articles that are not, plus pages the probed crawl "
        "archived as articles that are not (the sites know their articles)",
        "- reproduce: `.venv/bin/python -m bench.probe.run`",
        "",
        f"- probe s: measured with no delay; at the default PROBE_DELAY={DEFAULT_DELAY:g} a probe waits "
        f"that long before every request but the first, so it takes about probe s + (requests - 1) x {DEFAULT_DELAY:g} s "
        "(the next column)",
        "",
        "| site | requests | probe s | at default delay s | hand | probed | reach | misjudged | render (hand) "
        "| timezone (hand) | script (hand) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for m in rows:
        if m.error:
            lines.append(f"| {m.site} | | | | | | probe failed: {m.error} | | | | |")
            continue
        lines.append(
            f"| {m.site} | {m.requests} | {m.seconds:.2f} | {m.seconds + (m.requests - 1) * DEFAULT_DELAY:.0f} | "
            f"{len(m.hand_reached)} | {len(m.probed_reached)} | "
            f"{m.reach:.1%} | {len(m.misjudged)} | {_v(m.probed.get('render'))} ({_v(m.hand.get('render'))}) | "
            f"{m.probed.get('timezone')} ({m.hand.get('timezone')}) | {m.probed.get('script')} ({m.hand.get('script')}) |")
    reach_ok = sum(1 for m in ok if m.reach >= REACH_GOAL)
    lines += [
        "",
        f"- reach >= {REACH_GOAL:.0%}: {reach_ok} of {len(rows)} sites; misjudged pages: "
        f"{sum(len(m.misjudged) for m in ok)}; render right: {sum(1 for m in ok if m.render_right)} of {len(rows)}",
        f"- requests per probe: median {_median([m.requests for m in ok])}, max {max((m.requests for m in ok), default=0)}; "
        f"seconds per probe: median {_median([round(m.seconds, 1) for m in ok])}, "
        f"max {max((m.seconds for m in ok), default=0):.1f} (rendering sites start Chromium)",
        "",
        "Script and time zone: the probe proposes the script the pages are written in (demo-big5's hand-written",
        "file converts its Traditional pages to Simplified on purpose: a farm copying mainland stories).",
        "",
        "The shapes were written together with the probe, so a perfect score on them shows the mechanisms",
        "work on these layouts, not that every portal is covered. Evidence from outside: the article verdict",
        f"the probe samples with judges {real_pages()} real article pages of ../shared/real-pages to be articles",
        "(tests/probe/test_verdict.py holds the floor at 95%).",
        "",
        "## What each probe could not decide",
        "",
    ]
    for m in ok:
        for item in m.undecided:
            lines.append(f"- {m.site}: {item}")
    lines += ["", "## Probed site files", ""]
    for m in ok:
        lines += [f"### {m.site}", "", "```yaml", *_yaml(m.probed), "```", ""]
    return "\n".join(lines) + "\n"


def real_pages() -> str:
    """"N of M" real article pages the verdict calls articles, or a note when the corpus is absent."""
    from pipelines.verdict import page_verdict

    root = Path(os.environ.get("DIFANG_REAL_PAGES") or HERE.parents[2] / "shared" / "real-pages")
    if not (root / "gold.json").is_file():
        return "(corpus not found: set DIFANG_REAL_PAGES)"
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    hits = sum(1 for g in gold if page_verdict((root / "pages" / g["file"]).read_bytes(), None,
                                               g.get("url") or "http://example.invalid/a.html").is_article)
    return f"{hits} of {len(gold)}"


def _yaml(site: dict[str, Any]) -> list[str]:
    from crawler.probe.report import site_yaml

    return site_yaml(site).rstrip("\n").splitlines()


def _v(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _median(values: list[Any]) -> Any:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="*", help="only these sites (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results.md/json")
    args = parser.parse_args(argv)
    only = set(args.sites)
    started = datetime.now(UTC)
    browser = find_browser(os.environ.get("DIFANG_CHROMIUM", ""))
    with tempfile.TemporaryDirectory(prefix="probe-bench-") as tmp, \
            DemoPortal(port=0, bench_articles=BENCH_ARTICLES) as portal, ShapePortals(port=0) as shapes:
        rows = demo_sites(portal, Path(tmp) / "demo", only) + shape_sites(shapes, Path(tmp) / "shapes", only)
    if not args.no_write:
        (HERE / "results.md").write_text(markdown(rows, browser, started), encoding="utf-8")
        (HERE / "results.json").write_text(json.dumps([m.row() for m in rows], ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    failed = [m.site for m in rows if m.error or m.reach < REACH_GOAL or m.misjudged or not m.render_right]
    print(f"goals missed by: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
