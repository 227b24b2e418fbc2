"""``scrapy crawl`` that validates the site definition before anything starts.

A bad or unknown site gives one line naming the file and field and exit status 2 (Scrapy's
UsageError), instead of a traceback from inside a half-started crawl.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.sites import SiteError, load_site


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == "portal":
            site = (opts.spargs or {}).get("site")
            if not site:
                raise UsageError("say which site to crawl: scrapy crawl portal -a site=NAME", print_help=False)
            assert self.settings is not None
            try:
                load_site(self.settings.get("DIFANG_SITES"), site)
            except SiteError as exc:
                raise UsageError(f"site definition error: {exc}", print_help=False) from None
        super().run(args, opts)
