"""Figures of the crawl benchmark: medians with spread per crawler, the goal, results.md and JSON.

results.md is rewritten on every run, except what follows NOTES_MARKER: hand-written findings
(the reading of the profile) stay until someone edits them.
"""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from crawlers import Output
from measure import Usage

NOTES_MARKER = "<!-- hand-written notes: everything below this line is kept when run.py rewrites the file -->"


@dataclass(frozen=True)
class Run:
    crawler: str
    round: int
    usage: Usage
    output: Output

    @property
    def cpu_per_1000(self) -> float:
        return self.usage.cpu / max(self.output.articles, 1) * 1000


@dataclass(frozen=True)
class Spread:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def show(self, digits: int = 1) -> str:
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}–{self.high:.{digits}f})"


@dataclass(frozen=True)
class Summary:
    crawler: str
    cpu: Spread
    cpu_per_1000: Spread
    user: Spread
    sys: Spread
    wall: Spread
    max_rss_mib: Spread
    articles: Spread
    responses: Spread


def summarize(runs: list[Run], crawler: str) -> Summary:
    mine = [r for r in runs if r.crawler == crawler]
    return Summary(
        crawler,
        Spread.of([r.usage.cpu for r in mine]), Spread.of([r.cpu_per_1000 for r in mine]),
        Spread.of([r.usage.user for r in mine]), Spread.of([r.usage.sys for r in mine]),
        Spread.of([r.usage.wall for r in mine]), Spread.of([r.usage.max_rss_mib for r in mine]),
        Spread.of([float(r.output.articles) for r in mine]), Spread.of([float(r.output.responses) for r in mine]),
    )


@dataclass(frozen=True)
class CostSplit:
    """CPU split by two crawl sizes: per-article (marginal) and per-crawl (start-up and close)."""

    marginal_per_1000: float
    fixed: float

    @classmethod
    def of(cls, large: Summary, small: Summary) -> CostSplit:
        articles = large.articles.median - small.articles.median
        marginal = (large.cpu.median - small.cpu.median) / articles
        return cls(marginal * 1000, small.cpu.median - marginal * small.articles.median)


def goal(summaries: dict[str, Summary]) -> dict[str, Any]:
    """The issue's goal: difang's CPU per 1,000 articles at or below the peer's, within 2x the floor's."""
    ours = summaries["difang"].cpu_per_1000.median
    peer = summaries["peer"].cpu_per_1000.median
    floor = summaries["floor"].cpu_per_1000.median
    return {"difang_over_peer": ours / peer, "difang_over_floor": ours / floor,
            "at_or_below_peer": ours <= peer, "within_2x_floor": ours <= 2 * floor}


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    total_kib = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return {"arch": platform.machine(), "nproc": os.cpu_count(), "cpu_model": model,
            "ram_gib": round(total_kib / 1024 / 1024, 1), "kernel": platform.release()}


def as_json(meta: dict[str, Any], runs: list[Run], summaries: dict[str, Summary],
            small_runs: list[Run], splits: dict[str, CostSplit]) -> dict[str, Any]:
    return {**meta, "goal": goal(summaries),
            "summary": {name: asdict(s) for name, s in summaries.items()},
            "cost_split": {name: asdict(s) for name, s in splits.items()},
            "small_runs": [{"crawler": r.crawler, "round": r.round, **asdict(r.usage), "cpu": r.usage.cpu,
                            **asdict(r.output)} for r in small_runs],
            "runs": [{"crawler": r.crawler, "round": r.round, **asdict(r.usage), "cpu": r.usage.cpu,
                      "cpu_per_1000": r.cpu_per_1000, **asdict(r.output)} for r in runs]}


def kept_notes(path: Path) -> str:
    if path.exists() and NOTES_MARKER in (text := path.read_text(encoding="utf-8")):
        return text.split(NOTES_MARKER, 1)[1].lstrip("\n")
    return "## Notes\n\n(none yet)\n"


def markdown(meta: dict[str, Any], runs: list[Run], summaries: dict[str, Summary], splits: dict[str, CostSplit],
             profile: str | None, notes: str) -> str:
    m, verdict = meta["machine"], goal(summaries)
    out = [
        "# Crawl benchmark: CPU and memory per 1,000 articles", "",
        f"- date: {meta['date']}",
        f"- machine: {m['arch']}, {m['nproc']} cores, {m['cpu_model']}, {m['ram_gib']} GiB RAM "
        f"(load average at start {meta['load_at_start']}, at end {meta['load_at_end']}; "
        "the machine is shared, so wall times and, less so, CPU times carry others' load)",
        f"- versions: {', '.join(f'{k} {v}' for k, v in meta['versions'].items())}",
        f"- difang: commit {meta['commit']}" + (" (exported snapshot)" if meta["source"] == "HEAD" else
                                                  f" plus uncommitted changes in {', '.join(meta['dirty']) or '-'}"),
        f"- pages: demo-bench, {meta['articles']} articles, list pages of 50 links, served by "
        "`python -m demo.server` in its own process (not counted)",
        f"- settings for all three: `{' '.join(meta['settings'])}`",
        f"- {meta['rounds']} rounds, the three crawlers interleaved (order rotated each round); "
        "figures are medians with (min–max)",
        f"- reproduce: `{meta['command']}`",
        *([f"- left out of the figures, incomplete (exit status or articles): {', '.join(meta['incomplete_runs'])}"]
          if meta.get("incomplete_runs") else []),
        "",
        "CPU = user + sys of the crawler process and its children (`os.wait4`); peak RSS = ru_maxrss.",
        "", "| crawler | CPU s | CPU s / 1,000 articles | user s | sys s | wall s | peak RSS MiB | articles | responses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in summaries.items():
        out.append(f"| {name} | {s.cpu.show()} | {s.cpu_per_1000.show(2)} | {s.user.show()} | {s.sys.show()} "
                   f"| {s.wall.show()} | {s.max_rss_mib.show(0)} | {s.articles.show(0)} | {s.responses.show(0)} |")
    out += [
        "", "- **difang**: `scrapy crawl portal` — WARC (request + response, gzip per record, CDXJ), "
        "decode → extract → normalize → dedupe → archive (one clean JSON per article, Parquet manifest).",
        "- **floor**: bench/crawl/floor_spider.py — follows the same links, counts articles, nothing else.",
        "- **peer**: bench/crawl/peer_spider.py — warcio WARC of every request + response (gzip per record), "
        "trafilatura `bare_extraction` (defaults, with metadata), OpenCC t2s on title and text, JSON lines feed.",
        "", f"Fixed and per-article cost, from a second crawl of {meta['small_articles']} articles "
        f"({meta['rounds']} rounds, medians): CPU = fixed + marginal × articles.", "",
        "| crawler | marginal CPU s / 1,000 articles | fixed CPU s per crawl (start-up, close) |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {split.marginal_per_1000:.2f} | {split.fixed:.1f} |" for name, split in splits.items()],
        "", "## Goal", "",
        f"- difang / peer = {verdict['difang_over_peer']:.2f}: at or below the peer — "
        f"**{'met' if verdict['at_or_below_peer'] else 'not met'}**",
        f"- difang / floor = {verdict['difang_over_floor']:.2f}: within 2× of the floor — "
        f"**{'met' if verdict['within_2x_floor'] else 'not met'}**",
        f"- per article only (marginal): difang / peer = "
        f"{splits['difang'].marginal_per_1000 / splits['peer'].marginal_per_1000:.2f}, difang / floor = "
        f"{splits['difang'].marginal_per_1000 / splits['floor'].marginal_per_1000:.2f}",
        "", "## Every run", "",
        "| round | crawler | CPU s | wall s | peak RSS MiB | articles | responses | WARC responses | exit |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    out += [f"| {r.round} | {r.crawler} | {r.usage.cpu:.1f} | {r.usage.wall:.1f} | {r.usage.max_rss_mib:.0f} "
            f"| {r.output.articles} | {r.output.responses} "
            f"| {'–' if r.output.warc_responses is None else r.output.warc_responses} | {r.usage.exit_status} |"
            for r in runs]
    if profile:
        out += ["", "## Where difang's CPU goes (cProfile, generated)", "", profile.rstrip()]
    out += ["", NOTES_MARKER, "", notes.rstrip(), ""]
    return "\n".join(out)
