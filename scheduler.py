"""difang's scheduler: crawls every site of DIFANG_SITES, one subprocess per crawl.

    python scheduler.py --once      crawl every site once; non-zero exit if any crawl failed

Each crawl runs as ``scrapy crawl portal -a site=NAME`` in its own process (Twisted's reactor
cannot restart). Site definitions are validated first: a broken file stops everything with exit
status 2 before any crawl starts.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from archive.config import Config
from crawler.sites import SiteDefinition, SiteError, load_sites

log = logging.getLogger("difang.scheduler")
ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CrawlResult:
    site: str
    returncode: int


def crawl_command(site: str, extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}", *extra]


def crawl_env(config: Config) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    env["DIFANG_SITES"] = str(Path(config.sites).absolute())
    env["DIFANG_HOME"] = str(Path(config.home).absolute())
    archive = config.archive
    if "://" not in archive:
        archive = str(Path(archive).absolute())
    env["DIFANG_ARCHIVE"] = archive
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--once", action="store_true", help="crawl every site once and exit")
    parser.add_argument("--parallel", type=int, default=2, help="crawls at once (default 2)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="Scrapy setting passed to every crawl")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = Config.from_env()
    extra = [x for s in args.set for x in ("-s", s)]
    if args.once:
        return run_once(config, parallel=args.parallel, extra=extra)
    parser.error("the daemon is not built yet: use --once")
    return 2


if __name__ == "__main__":
    sys.exit(main())
