"""Crawl benchmark: difang next to a bare Scrapy spider (the floor) and a Scrapy + trafilatura +
OpenCC + warcio spider (the peer), on the same loopback pages, in one run.

Run from the repository root: ``.venv/bin/python bench/crawl/run.py --articles 1000``. It exports
the committed HEAD (``--source worktree``: the checkout as it is) into a work folder, serves
demo-bench with N articles from it in a separate process, crawls it with each crawler ROUNDS times
(interleaved), measures each crawler process (CPU, wall, peak RSS), checks what each produced,
profiles one more difang crawl with cProfile, and writes results.md and results.json next to this
file. Not part of pytest: it takes minutes and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from crawl_profile import profile_markdown
from crawl_report import CostSplit, Run, as_json, kept_notes, machine, markdown, summarize
from crawlers import HERE, NAMES, ROOT, launch, output, same_settings
from measure import measure

PACKAGES = ("Scrapy", "Twisted", "lxml", "warcio", "trafilatura", "OpenCC", "faust-cchardet", "rensa")


class DemoServer:
    """``python -m demo.server`` with N bench articles on a free port, in its own process."""

    def __init__(self, articles: int, log: Path, source: Path) -> None:
        self.articles = articles
        self.log = log
        self.source = source
        self.process: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> DemoServer:
        cmd = [sys.executable, "-m", "demo.server", "--port", "0", "--bench-articles", str(self.articles)]
        self.process = subprocess.Popen(cmd, cwd=self.source, stdout=subprocess.PIPE, stderr=self.log.open("w"), text=True)
        assert self.process.stdout is not None
        for line in self.process.stdout:  # one "name url" line per site, once they all listen
            if line.startswith("demo-bench"):
                self.port = int(line.split()[1].rsplit(":", 1)[1].strip("/"))
                return self
        raise RuntimeError(f"demo server did not start; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def write_site(self, folder: Path) -> Path:
        """demo-bench's site definition for this port, alone in ``folder``."""
        subprocess.run([sys.executable, "-m", "demo.server", "--port", str(self.port), "--bench-articles",
                        str(self.articles), "--write-sites", str(folder)], cwd=self.source, check=True, capture_output=True)
        for other in folder.glob("*.yaml"):
            if other.name != "demo-bench.yaml":
                other.unlink()
        return folder / "demo-bench.yaml"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.rstrip("\n")


def snapshot(work: Path, commit: str) -> Path:
    """A commit exported into the work folder: what is measured cannot change meanwhile."""
    source = work / "source"
    source.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(source, filter="data")
    return source


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def metadata(args: argparse.Namespace, settings: list[str]) -> dict[str, Any]:
    dirty: list[str] = []
    if args.source == "worktree":
        dirty = sorted({line[3:] for line in git("status", "--porcelain", "--", "crawler", "pipelines",
                                                   "archive", "demo").splitlines()})
    command = f".venv/bin/python bench/crawl/run.py --articles {args.articles}"
    if args.rounds != 3:
        command += f" --rounds {args.rounds}"
    if args.source != "HEAD":
        command += f" --source {args.source}"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
        "load_at_start": load(), "source": args.source,
        "versions": {"Python": sys.version.split()[0], **{p: version(p) for p in PACKAGES}},
        "commit": git("rev-parse", "--short", "HEAD"), "dirty": dirty, "articles": args.articles,
        "small_articles": args.small, "rounds": args.rounds, "settings": settings, "command": command,
    }


def crawl(name: str, round_no: int, site_file: Path, work: Path, settings: list[str], expected: int) -> Run:
    run_dir = work / f"n{expected}-round{round_no}-{name}"
    usage = measure(launch(name, site_file, run_dir, settings, work / "source"), run_dir / "crawl.log")
    result = Run(name, round_no, usage, output(name, run_dir))
    print(f"round {round_no} {name:6} cpu {usage.cpu:6.1f}s wall {usage.wall:6.1f}s "
          f"rss {usage.max_rss_mib:5.0f}MiB articles {result.output.articles}", flush=True)
    if usage.exit_status or result.output.articles != expected:
        print(f"  WARNING: exit {usage.exit_status}, {result.output.articles} of {expected} articles; "
              f"see {run_dir / 'crawl.log'}", flush=True)
    return result


def complete(run: Run, articles: int) -> bool:
    """Exit 0 and every one of the site's ``articles`` archived."""
    return run.usage.exit_status == 0 and run.output.articles == articles


def rounds(count: int, site_file: Path, work: Path, settings: list[str], articles: int) -> list[Run]:
    """Each crawler ``count`` times, interleaved, the order rotated each round."""
    runs = []
    for round_no in range(1, count + 1):
        shift = (round_no - 1) % len(NAMES)
        for name in NAMES[shift:] + NAMES[:shift]:
            runs.append(crawl(name, round_no, site_file, work, settings, articles))
    return runs


def profile(site_file: Path, work: Path, settings: list[str]) -> str:
    run_dir = work / "profile-difang"
    prof = work / "difang.prof"
    source = work / "source"
    usage = measure(launch("difang", site_file, run_dir, settings, source, profile_to=prof), run_dir / "crawl.log")
    print(f"profile difang cpu {usage.cpu:.1f}s", flush=True)
    return profile_markdown(prof, usage.cpu, output("difang", run_dir).articles, source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000, help="articles on demo-bench (default 1000)")
    parser.add_argument("--small", type=int, default=50,
                        help="articles of the second, small crawl that splits fixed from per-article CPU (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each crawler (default 3)")
    parser.add_argument("--source", choices=("HEAD", "worktree"), default="HEAD",
                        help="difang as committed (default) or the checkout with its uncommitted changes")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run of difang")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (archives, logs, profile)")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.md and results.json go")
    args = parser.parse_args()

    settings = same_settings()
    work = Path(tempfile.mkdtemp(prefix="difang-crawl-bench-"))
    print(f"work folder {work}", flush=True)
    meta = metadata(args, settings)
    runs: list[Run] = []
    small_runs: list[Run] = []
    profile_md = None
    try:
        if args.source == "HEAD":
            snapshot(work, meta["commit"])
        else:
            (work / "source").symlink_to(ROOT)
        with DemoServer(args.articles, work / "demo-server.log", work / "source") as server:
            site_file = server.write_site(work / "sites")
            runs = rounds(args.rounds, site_file, work, settings, args.articles)
            if not args.no_profile:
                profile_md = profile(site_file, work, settings)
        with DemoServer(args.small, work / "demo-server-small.log", work / "source") as server:
            small_runs = rounds(args.rounds, server.write_site(work / "sites-small"), work, settings, args.small)
    finally:
        failed = [r for r in runs if not complete(r, args.articles)]
        failed += [r for r in small_runs if not complete(r, args.small)]
        if failed:  # kept so that what went wrong can be looked at
            print(f"{len(failed)} incomplete run(s), left out of the figures; work folder kept: {work}")
        elif not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    meta["load_at_end"] = load()
    meta["incomplete_runs"] = [f"round {r.round} {r.crawler}" for r in failed]
    runs = [r for r in runs if complete(r, args.articles)]
    small_runs = [r for r in small_runs if complete(r, args.small)]
    summaries = {name: summarize(runs, name) for name in NAMES}
    splits = {name: CostSplit.of(summaries[name], summarize(small_runs, name)) for name in NAMES}
    figures = as_json(meta, runs, summaries, small_runs, splits)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    results = args.out / "results.md"
    results.write_text(markdown(meta, runs, summaries, splits, profile_md, kept_notes(results)), encoding="utf-8")
    print(f"wrote {results}")


if __name__ == "__main__":
    main()
