"""CPU cost of article extraction per page, per page set, for this checkout and an earlier one.

Each round runs one child process per checkout (taking turns, so a burst of load from other
work on the machine hits both alike); a child extracts every page once to warm up, then times
``extract_article`` over each set with the process CPU clock, the extractor's caches emptied
before each set, in three passes, and keeps the least time of each set (the pass that other
work on the machine disturbed least). The figure is the median over rounds of the ms of CPU
per page.

    flock /tmp/difang-bench.lock .venv/bin/python -m bench.extract_speed.run \\
        --before-tree /tmp/extract-before --rounds 7 --write
    .venv/bin/python -m bench.extract_speed.run --profile demo-bench   # cProfile, CPU clock

``--before-tree`` is a ``git worktree`` of the earlier commit (remove it afterwards); ``--write``
records the figures in results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .tree import use_tree

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results.md"
NOTES = "\n## Notes"
ROUNDS = 5
PASSES = 3  # timed passes over every set in one child; the least time is its figure


def child(tree: Path | None) -> dict[str, float]:
    """ms of CPU per page of each set, the least of :data:`PASSES` timed passes (after one warm-up
    pass over every page)."""
    use_tree(tree)
    from bench.extract.speed import forget_line_verdicts
    from pipelines.article import extract_article

    from .pages import page_sets

    sets = page_sets()
    for pages in sets.values():
        for page in pages:
            extract_article(page.html, page.url)
    found: dict[str, float] = {}
    for _ in range(PASSES):
        for name, pages in sets.items():
            forget_line_verdicts()
            start = time.process_time()
            for page in pages:
                extract_article(page.html, page.url)
            elapsed = (time.process_time() - start) * 1000 / len(pages)
            found[name] = min(found.get(name, elapsed), elapsed)
    return found


def _child_run(tree: Path | None) -> dict[str, float]:
    cmd = [sys.executable, "-m", "bench.extract_speed.run", "--child"]
    if tree is not None:
        cmd += ["--tree", str(tree)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def measure(trees: dict[str, Path | None], rounds: int) -> dict[str, dict[str, float]]:
    """Median ms/page by checkout label and set."""
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for _ in range(rounds):
        for label, tree in trees.items():
            runs[label].append(_child_run(tree))
    return {label: {name: statistics.median(run[name] for run in found) for name in found[0]}
            for label, found in runs.items()}


def profile(set_name: str) -> str:
    """cProfile (CPU clock) of extract_article over one set, after a warm-up pass."""
    from bench.extract.speed import forget_line_verdicts
    from bench.extract.speed import profile as extract_profile
    from pipelines.article import extract_article

    from .pages import page_sets

    pages = page_sets()[set_name]
    for page in pages:
        extract_article(page.html, page.url)
    forget_line_verdicts()
    return extract_profile(pages, extract_article, lines=35)  # type: ignore[arg-type]


def git(*args: str, tree: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=tree or ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()


def machine() -> str:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{platform.machine()}, {os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def report(figures: dict[str, dict[str, float]], commits: dict[str, str], rounds: int, sizes: dict[str, int],
           load: tuple[str, str]) -> str:
    before, after = figures["before"], figures["after"]
    rows = [f"| {name} | {sizes[name]} | {before[name]:.3f} | {after[name]:.3f} | "
            f"{100 * (1 - after[name] / before[name]):.0f}% |" for name in after]
    return "\n".join([
        "# Article extraction CPU per page",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}; shared with other work (load average {load[0]} at start, {load[1]} at end)",
        f"- before: {commits['before']}; after: {commits['after']}; both in the same run, one child process"
        f" per checkout taking turns in each of {rounds} rounds; figure = median over the rounds",
        "- per page: `extract_article` only (decoded HTML in, Article out), process CPU time; every page"
        " extracted once first (warm-up), the extractor's caches emptied before each set; least of"
        f" {PASSES} passes per child",
        "- sets: demo-bench = the first 500 article pages of the crawl benchmark's generated site (demo/portal.py);"
        " the others are every stored page of tests/article/golden and tests/article_sets/*/pages",
        "- output identity: `python -m bench.extract_speed.dump` of both checkouts, diffed (`--diff`)",
        "",
        "| set | pages | before ms/page | after ms/page | less CPU |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--before-tree", type=Path, help="checkout of the earlier commit")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--profile", metavar="SET", help="print a CPU profile of one set and stop")
    parser.add_argument("--write", action="store_true", help="record the figures in results.md")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.tree)))
        return
    if args.profile:
        print(profile(args.profile))
        return
    trees: dict[str, Path | None] = {"after": None}
    if args.before_tree:
        trees = {"before": args.before_tree, "after": None}
    load_start = os.getloadavg()[0]
    figures = measure(trees, args.rounds)
    for label, found in figures.items():
        print(label, json.dumps({k: round(v, 3) for k, v in found.items()}))
    if args.write and args.before_tree:
        from .pages import page_sets

        sizes = {name: len(pages) for name, pages in page_sets().items()}
        commits = {"before": git("rev-parse", "--short", "HEAD", tree=args.before_tree),
                   "after": git("rev-parse", "--short", "HEAD") + (" + changes" if git("status", "--porcelain",
                                                                                     "pipelines/article") else "")}
        # the notes written by hand below the figures stay
        notes = RESULTS.read_text(encoding="utf-8").partition(NOTES)[2] if RESULTS.exists() else ""
        text = report(figures, commits, args.rounds, sizes, (f"{load_start:.2f}", f"{os.getloadavg()[0]:.2f}"))
        RESULTS.write_text(text + (NOTES + notes if notes else ""), encoding="utf-8")
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
