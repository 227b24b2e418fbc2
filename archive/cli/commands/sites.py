"""``difang sites probe URL``: propose a site file for a portal from the portal itself.

Fetches (politely: one request at a time, ``PROBE_DELAY`` apart, at most ``PROBE_MAX_REQUESTS``,
every response archived) the home page, its feeds, sitemaps and list pages and a sample of pages,
learns the article and pagination URL patterns (crawler.probe), and prints the proposed site file
(validated by the loader crawls use) with a preview of sample articles. ``--write`` saves it as
``DIFANG_SITES/NAME.yaml``, never over an existing file unless ``--force``. Bad input
(unreachable, robots.txt says no, a private address no setting allows, no article found) is one
line and exit status 2, with no site file written.
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from scrapy.settings import Settings

from archive.cli.context import Context

NAME = "sites"
HELP = "add portals: `difang sites probe URL` proposes a site file learned from the portal"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sites_command", required=True, metavar="SUBCOMMAND")
    probe = sub.add_parser("probe", help="learn a site file from a portal's home page",
                           description="Learn a site file from a portal's home page: feeds, sitemaps, "
                           "list pages, article and pagination URL patterns, render, script and time zone.")
    probe.add_argument("url", metavar="URL", help="the portal's home page (or a sub-site's: http://host/county/)")
    probe.add_argument("--name", help="site name (default: from the host name)")
    probe.add_argument("--write", action="store_true", help="save the site file as DIFANG_SITES/NAME.yaml")
    probe.add_argument("--force", action="store_true", help="with --write: replace an existing site file")
    probe.add_argument("--no-render", action="store_true", help="never start a browser")
    probe.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       help="a crawl setting, e.g. PROBE_DELAY=2 or ADDRESS_GUARD_EXTRA_HOSTS=10.0.0.5")


def crawl_settings(pairs: list[str]) -> Settings:
    """The crawl's settings (crawler/settings.py) with ``NAME=VALUE`` overrides."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s {pair!r}: expected NAME=VALUE")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def run(args: argparse.Namespace, ctx: Context) -> int:
    from core.sites import named_hosts
    from crawler.probe.fetch import ProbeError
    from crawler.probe.locale import site_name
    from crawler.probe.probe import ProbeOptions, check_url, politeness_from, probe
    from crawler.probe.report import print_report, site_yaml
    from crawler.render import find_browser

    try:
        try:
            settings = crawl_settings(args.set)
            politeness = politeness_from(settings, named_hosts(ctx.config.sites))
        except ValueError as exc:  # -s NAME without =VALUE, PROBE_DELAY=abc
            raise ProbeError(f"bad setting: {exc}") from None
        url = check_url(args.url)
        name = args.name or site_name(url)
        path = Path(ctx.config.sites) / f"{name}.yaml"
        if args.write and path.exists() and not args.force:
            raise ProbeError(f"{path}: exists already; --force replaces it")
        browser = None if args.no_render else find_browser(settings.get("DIFANG_CHROMIUM") or "")
        options = ProbeOptions(url=url, name=name, browser=browser, archive=ctx.config.archive,
                               home=ctx.config.home, sites=ctx.config.sites, politeness=politeness,
                               operator=settings.get("WARC_OPERATOR", ""))
        result = probe(options)
        if args.write:
            header = f"proposed by difang sites probe {url} on {datetime.now(UTC):%Y-%m-%d}"
            _write(path, site_yaml(result.site, header))
    except ProbeError as exc:
        print(f"difang sites probe: {exc}", file=ctx.err)
        return 2
    print_report(ctx.out, result, str(path), written=args.write)
    return 0


def _write(path: Path, text: str) -> None:
    """Write the site file whole, once the loader every crawl uses has taken it (as a file of the
    same name in a scratch folder beside it), or not at all."""
    from core.sites import SiteError, load_site_file
    from crawler.probe.fetch import ProbeError

    scratch = path.parent / f".probe-{path.stem}"
    try:
        scratch.mkdir(parents=True, exist_ok=True)
        draft = scratch / path.name
        draft.write_text(text, encoding="utf-8")
        load_site_file(draft)
        os.replace(draft, path)
    except SiteError as exc:  # the proposal was validated: this would be a bug of the writer
        raise ProbeError(f"{path}: the written site file does not load: {exc}") from None
    except OSError as exc:
        raise ProbeError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
