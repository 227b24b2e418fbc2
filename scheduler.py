"""difang's scheduler: crawls every site of DIFANG_SITES on its schedule, one subprocess per crawl.

    python scheduler.py              the daemon: every site on its cron schedule, until SIGTERM
    python scheduler.py --once       crawl every site once; non-zero exit if any crawl failed
    python scheduler.py jobs         next run per site
    python scheduler.py runs [--site NAME]   run history: outcome, stats, lateness, alerts
    python scheduler.py run SITE     crawl one site now (recorded in the run history)
    python scheduler.py --cluster    a cluster node (leader candidate and worker) on DIFANG_DATABASE;
                                     DIFANG_DATABASE=postgresql://... alone switches cluster mode on,
                                     and jobs, runs and run SITE then read and record in PostgreSQL

Each crawl runs as "scrapy crawl portal -a site=NAME" in its own process (Twisted's reactor
cannot restart). --once validates every site first: a broken file stops everything with exit
status 2 before any crawl starts. Its crawls run as the daemon's do (daemon/runner.py):
each in its own process group, stopped at DIFANG_CRAWL_TIME_LIMIT (SIGTERM, SIGKILL after
DIFANG_KILL_GRACE); SIGTERM or SIGINT stops them the same way and exits 128 + the signal's
number; a --once killed outright takes its crawls with it. The daemon's settings are DIFANG_*
environment variables (see daemon/options.py and the README).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from archive.cli.args import whole_number
from core.config import Config, ConfigError, check_environment, version
from core.sites import SiteDefinition, SiteError, load_sites
from core.sqlite import StateDbError
from daemon.command import ROOT, crawl_command, crawl_env
from daemon.options import DaemonSettings, SettingError
from daemon.runner import CrawlRunner

__all__ = ["CrawlResult", "OnceRun", "crawl_command", "crawl_env", "main", "run_once"]
log = logging.getLogger("difang.scheduler")


@dataclass(frozen=True)
class CrawlResult:
    site: str
    returncode: int
    timed_out: bool = False
    stopped: bool = False  # by a signal to --once, or never started because of one


class OnceRun:
    """Every site crawled once, at most ``parallel`` at a time, the daemon's way."""

    def __init__(self, config: Config, settings: DaemonSettings, extra: Sequence[str] = ()) -> None:
        self.config = config
        self.settings = settings
        self.extra = list(extra)
        self.runner = CrawlRunner(settings.kill_grace, fork=settings.crawl_launcher == "fork")
        self.stopped_by: int | None = None
        self._stopping = threading.Event()

    def crawl(self, site: SiteDefinition) -> CrawlResult:
        if self._stopping.is_set():
            return CrawlResult(site.name, -1, stopped=True)
        log.info("crawl of %s starting", site.name)
        outcome = self.runner.run(site.name, crawl_command(site.name, self.extra), env=crawl_env(self.config),
                                  cwd=ROOT, log_path=None, time_limit=self.settings.time_limit_for(site.name))
        level = logging.INFO if outcome.returncode == 0 and not outcome.timed_out else logging.ERROR
        log.log(level, "crawl of %s finished with exit status %d%s", site.name, outcome.returncode,
                " (time limit)" if outcome.timed_out else " (stopped)" if outcome.interrupted else "")
        return CrawlResult(site.name, outcome.returncode, outcome.timed_out, outcome.interrupted)

    def stop(self, number: int, frame: FrameType | None = None) -> None:
        if self.stopped_by is None:
            log.warning("%s: stopping every crawl", signal.Signals(number).name)
        self.stopped_by = number
        self._stopping.set()
        self.runner.stop_all()

    @contextmanager
    def signals(self) -> Iterator[None]:
        """SIGTERM and SIGINT stop the crawls (a Ctrl-C reaches --once alone: each crawl has its
        own process group)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        before = {n: signal.signal(n, self.stop) for n in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)

    def run(self, sites: Sequence[SiteDefinition], parallel: int) -> list[CrawlResult]:
        try:
            with self.signals(), ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
                return list(pool.map(self.crawl, sites))
        finally:
            self.runner.close()


def run_once(config: Config, *, parallel: int = 2, extra: Sequence[str] = (),
             settings: DaemonSettings | None = None) -> int:
    try:
        settings = settings or DaemonSettings.from_env(config)
        sites = load_sites(config.sites)
    except SettingError as exc:
        log.error("%s", exc)
        return 2
    except SiteError as exc:
        log.error("site definition error: %s", exc)
        return 2
    if not sites:
        log.error("no site definitions in %s", config.sites)
        return 2
    once = OnceRun(config, settings, extra)
    results = once.run(list(sites.values()), parallel)
    if once.stopped_by is not None:
        log.error("stopped by %s: %d of %d crawls did not finish", signal.Signals(once.stopped_by).name,
                  sum(1 for r in results if r.stopped or r.returncode != 0), len(results))
        return 128 + once.stopped_by
    failed = [r.site for r in results if r.returncode != 0 or r.timed_out]
    if failed:
        log.error("%d of %d crawls failed: %s", len(failed), len(results), ", ".join(failed))
        return 1
    log.info("all %d crawls finished", len(results))
    return 0


def _setting(value: str) -> str:
    name, sep, _ = value.partition("=")
    if not sep or not name.strip() or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"not NAME=VALUE: {value!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scheduler.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"difang scheduler {version()}")
    parser.add_argument("--once", action="store_true", help="crawl every site once and exit")
    parser.add_argument("--cluster", action="store_true",
                        help="run a cluster node on DIFANG_DATABASE (README: Cluster mode)")
    parser.add_argument("--parallel", type=whole_number(1), default=2, help="crawls at once with --once (default 2)")
    parser.add_argument("-s", "--set", action="append", default=[], type=_setting, metavar="NAME=VALUE",
                        help="Scrapy setting passed to every crawl")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("jobs", help="next run per site")
    runs = commands.add_parser("runs", help="run history")
    runs.add_argument("--site", help="only this site")
    runs.add_argument("--limit", type=whole_number(1), default=20, help="newest N runs (default 20)")
    runs.add_argument("--json", action="store_true", help="as JSON")
    run = commands.add_parser("run", help="crawl one site now")
    run.add_argument("site")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        check_environment()
    except ConfigError as exc:
        log.error("%s", exc)
        return 2
    config = Config.from_env()
    extra = [x for s in args.set for x in ("-s", s)]
    if args.cluster or _database():
        return _cluster(args, parser, config, extra)
    if args.once:
        if args.command:
            parser.error("--once takes no command")
        return run_once(config, parallel=args.parallel, extra=extra)
    from daemon import cli

    try:
        settings = DaemonSettings.from_env(config)
    except SettingError as exc:
        log.error("%s", exc)
        return 2
    try:
        if args.command == "jobs":
            return cli.show_jobs(config, settings, sys.stdout)
        if args.command == "runs":
            return cli.show_runs(settings, sys.stdout, site=args.site, limit=args.limit, as_json=args.json)
        if args.command == "run":
            return cli.run_now(config, settings, args.site, extra, sys.stdout)
        from daemon.daemon import Daemon

        return Daemon(config, settings, extra).run()
    except StateDbError as exc:  # a damaged runs.sqlite or jobs.sqlite: which, and what to do
        log.error("%s", exc)
        return 2


def _database() -> str:
    from cluster import database_url  # no driver import: cluster/__init__ is plain Python

    return database_url()


def _cluster(args: argparse.Namespace, parser: argparse.ArgumentParser, config: Config, extra: list[str]) -> int:
    dsn = _database()
    if not dsn.startswith(("postgresql://", "postgres://")):
        log.error("cluster mode needs DIFANG_DATABASE=postgresql://USER@HOST:PORT/DB%s",
                  f", not {dsn!r}" if dsn else "")
        return 2
    if args.once:
        parser.error("in cluster mode there is no --once: every node runs the sites' schedules")
    try:
        from cluster import cli as cluster_cli
        from cluster.db import DatabaseUnavailable
        from cluster.node import run_node
    except ImportError as exc:
        log.error("cluster mode needs the cluster extra (pip install 'difang[cluster]'): %s", exc)
        return 2
    try:
        settings = DaemonSettings.from_env(config)
    except SettingError as exc:
        log.error("%s", exc)
        return 2
    try:  # the commands read (and ``run`` records in) the cluster's tables, as every node does
        if args.command == "jobs":
            return cluster_cli.cluster_jobs(dsn, config, settings, sys.stdout)
        if args.command == "runs":
            return cluster_cli.cluster_runs(dsn, settings, sys.stdout, site=args.site, limit=args.limit,
                                            as_json=args.json)
        if args.command == "run":
            return cluster_cli.cluster_run_now(dsn, config, settings, args.site, extra, sys.stdout)
    except DatabaseUnavailable as exc:
        log.error("%s", exc)
        return 2
    return run_node(dsn, config, settings, extra)


if __name__ == "__main__":
    sys.exit(main())
