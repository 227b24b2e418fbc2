"""The three crawlers of the benchmark, as commands over the same demo-bench pages.

difang runs as its users run it (``scrapy crawl portal`` from the root of its source tree, into a
fresh archive and a fresh DIFANG_HOME); the source tree is a snapshot of a commit unless asked
otherwise, so that work in progress in the shared checkout cannot change it mid-benchmark. The floor and the peer run with ``scrapy runspider`` from
their own empty folder, so no difang setting, middleware or pipeline loads into them. All three
get the same concurrency and politeness settings (SAME_SETTINGS).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NAMES = ("difang", "floor", "peer")
CONCURRENCY = 16


def same_settings(concurrency: int = CONCURRENCY) -> list[str]:
    """What every crawler gets: no politeness delay, the same concurrency, robots.txt obeyed."""
    values = {
        "AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "ROBOTSTXT_OBEY": "1",
        "CONCURRENT_REQUESTS": str(concurrency), "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "COOKIES_ENABLED": "0", "TELNETCONSOLE_ENABLED": "0", "LOG_LEVEL": "INFO",
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    }
    return [arg for name, value in values.items() for arg in ("-s", f"{name}={value}")]


@dataclass(frozen=True)
class Launch:
    argv: list[str]
    cwd: Path
    env: dict[str, str]


@dataclass(frozen=True)
class Output:
    """What one crawl left behind: articles kept, responses fetched, responses in its WARC."""

    articles: int
    responses: int
    warc_responses: int | None


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "SCRAPY_", "AWS_"))}
    env.update(extra or {})
    return env


def launch(name: str, site_file: Path, run_dir: Path, settings: list[str], source: Path = ROOT,
           profile_to: Path | None = None) -> Launch:
    """The command that crawls demo-bench with crawler ``name`` into ``run_dir``."""
    run_dir.mkdir(parents=True)
    python = [sys.executable] + (["-m", "cProfile", "-o", str(profile_to)] if profile_to else [])
    if name == "difang":
        env = clean_env({"DIFANG_SITES": str(site_file.parent), "DIFANG_HOME": str(run_dir / "home"),
                         "DIFANG_ARCHIVE": str(run_dir / "archive")})
        argv = [*python, "-m", "scrapy", "crawl", "portal", "-a", "site=demo-bench", *settings]
        # the folder we start in comes first on sys.path, before the editable install of the checkout
        return Launch(argv, source, env)
    site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    argv = [*python, "-m", "scrapy", "runspider", str(HERE / f"{name}_spider.py"),
            "-a", f"start={site['start_urls'][0]}", "-a", f"article={site['article_urls'][0]}",
            "-a", f"follow={site['follow_urls'][0]}", "-a", f"stats_out={run_dir / 'stats.json'}",
            *settings]
    if name == "peer":
        argv += ["-s", f"PEER_WARC={run_dir / 'peer.warc.gz'}", "-O", str(run_dir / "articles.jsonl")]
    return Launch(argv, run_dir, clean_env())


def warc_responses(paths: list[Path]) -> int:
    """Response records in the WARC files, read back with warcio (which checks the digests)."""
    count = 0
    for path in paths:
        with path.open("rb") as stream:
            count += sum(r.rec_type == "response" for r in ArchiveIterator(stream, check_digests=True))
    return count


def output(name: str, run_dir: Path) -> Output:
    """What the crawl produced; nothing at all when it failed before writing its summary."""
    try:
        return _output(name, run_dir)
    except (OSError, ValueError, KeyError) as exc:
        # say why, with what is left of the run, so that a failed round can be looked into
        spool = sorted(str(p.relative_to(run_dir)) for p in (run_dir / "home").rglob("*") if p.is_file())[:20]
        runs = sorted(p.name for p in (run_dir / "archive" / "runs").glob("*")) if name == "difang" else []
        print(f"{name} in {run_dir}: no output ({type(exc).__name__}: {exc}); run files {runs}; "
              f"files under home: {spool}", file=sys.stderr)
        return Output(0, 0, None)


def _output(name: str, run_dir: Path) -> Output:
    if name == "difang":
        archive = run_dir / "archive"
        (run,) = [json.loads(p.read_text(encoding="utf-8")) for p in (archive / "runs").glob("*.json")]
        articles = sum(1 for _ in (archive / "clean").rglob("*.json"))
        return Output(articles, run["stats"]["response_received_count"],
                      warc_responses(sorted((archive / "raw").rglob("*.warc.gz"))))
    stats: dict[str, Any] = json.loads((run_dir / "stats.json").read_text(encoding="utf-8"))
    if name == "floor":
        return Output(stats.get("bench/articles", 0), stats["response_received_count"], None)
    lines = (run_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return Output(len(lines), stats["response_received_count"], warc_responses([run_dir / "peer.warc.gz"]))
