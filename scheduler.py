"""difang's scheduler: crawls every site of DIFANG_SITES on its schedule, one subprocess per crawl.

    python scheduler.py              the daemon: every site on its cron schedule, until SIGTERM
    python scheduler.py --once       crawl every site once; non-zero exit if any crawl failed
    python scheduler.py jobs         next run per site
    python scheduler.py runs [--site NAME]   run history: outcome, stats, lateness, alerts
    python scheduler.py run SITE     crawl one site now (recorded in the run history)

Each crawl runs as "scrapy crawl portal -a site=NAME" in its own process (Twisted's reactor
cannot restart). --once validates every site first: a broken file stops everything with exit
status 2 before any crawl starts. The daemon's settings are DIFANG_* environment variables (see
crawler/daemon/settings.py and the README).
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from archive.config import Config, ConfigError, check_environment, version
from archive.query_args import whole_number
from crawler.daemon.command import ROOT, crawl_command, crawl_env
from crawler.sites import SiteDefinition, SiteError, load_sites

__all__ = ["CrawlResult", "crawl_command", "crawl_env", "main", "run_crawl", "run_once"]
log = logging.getLogger("difang.scheduler")


@dataclass(frozen=True)
class CrawlResult:
    site: str
    returncode: int


def run_crawl(site: SiteDefinition, config: Config, extra: Sequence[str] = ()) -> CrawlResult:
    log.info("crawl of %s starting", site.name)
    proc = subprocess.run(crawl_command(site.name, extra), env=crawl_env(config), cwd=ROOT, check=False)
    level = logging.INFO if proc.returncode == 0 else logging.ERROR
    log.log(level, "crawl of %s finished with exit status %d", site.name, proc.returncode)
    return CrawlResult(site.name, proc.returncode)


def run_once(config: Config, *, parallel: int = 2, extra: Sequence[str] = ()) -> int:
    try:
        sites = load_sites(config.sites)
    except SiteError as exc:
        log.error("site definition error: %s", exc)
        return 2
    if not sites:
        log.error("no site definitions in %s", config.sites)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = list(pool.map(lambda s: run_crawl(s, config, extra), sites.values()))
    failed = [r.site for r in results if r.returncode != 0]
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
    if args.once:
        if args.command:
            parser.error("--once takes no command")
        return run_once(config, parallel=args.parallel, extra=extra)
    from crawler.daemon import cli
    from crawler.daemon.settings import DaemonSettings, SettingError

    try:
        settings = DaemonSettings.from_env(config)
    except SettingError as exc:
        log.error("%s", exc)
        return 2
    if args.command == "jobs":
        return cli.show_jobs(config, settings, sys.stdout)
    if args.command == "runs":
        return cli.show_runs(settings, sys.stdout, site=args.site, limit=args.limit, as_json=args.json)
    if args.command == "run":
        return cli.run_now(config, settings, args.site, extra, sys.stdout)
    from crawler.daemon.daemon import Daemon

    return Daemon(config, settings, extra).run()


if __name__ == "__main__":
    sys.exit(main())
