"""``scrapy crawl`` that validates the site definition before anything starts.

A bad or unknown site, or a ``render`` site with no browser to render it, gives one line naming
the file and field (or what to install) and exit status 2 (Scrapy's UsageError), instead of a
traceback from inside a half-started crawl.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from archive.config import ConfigError, check_environment
from crawler.render import BrowserNotFound, browser_for
from crawler.sites import SiteError, load_site


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "portal":
            site = (opts.spargs or {}).get("site")
            if not site:
                raise UsageError("say which site to crawl: scrapy crawl portal -a site=NAME", print_help=False)
            assert self.settings is not None
            try:
                check_environment()
                definition = load_site(self.settings.get("DIFANG_SITES"), site)
                if definition.render:
                    browser_for(definition.name, definition.render, self.settings.get("DIFANG_CHROMIUM") or "")
            except SiteError as exc:
                raise UsageError(f"site definition error: {exc}", print_help=False) from None
            except ConfigError as exc:
                raise UsageError(str(exc), print_help=False) from None
            except BrowserNotFound as exc:
                raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
