"""``scrapy shell``: Scrapy's own, as a dry run by default (``ARCHIVE_ENABLED=False``)."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShell

from crawler.commands import archive_off_unless_asked


class Command(ScrapyShell):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        archive_off_unless_asked(self.settings)
