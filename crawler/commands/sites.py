"""``scrapy sites``: the site files of DIFANG_SITES — list them, check them, or print their schema.

    scrapy sites            name, title, schedule, render and last run of every site
    scrapy sites --check    validate every file; one line per bad file, exit status 2 if any
    scrapy sites --schema   the JSON Schema of a site file, for editors (core/site.schema.json)

A bad file is the same one line a crawl would stop with (file, field, reason). The last run is
the newest run file of the site in the archive (``runs/``, DIFANG_ARCHIVE).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from core.site_schema import schema_json
from core.sites import SiteDefinition, SiteError, load_site_file, site_files


def check_folder(folder: str) -> tuple[list[SiteDefinition], list[SiteError]]:
    """Every site file of ``folder`` loaded: the good sites and one error per bad file."""
    sites: dict[str, SiteDefinition] = {}
    errors: list[SiteError] = []
    for path in site_files(folder):
        try:
            site = load_site_file(path)
        except SiteError as exc:
            errors.append(exc)
            continue
        if site.name in sites:
            errors.append(SiteError(path, "name", f"{site.name!r} is already defined in {sites[site.name].path}"))
            continue
        sites[site.name] = site
    return list(sites.values()), errors


def last_runs(archive_url: str) -> dict[str, dict[str, Any]]:
    """The newest run file of each site in the archive."""
    from query.source import ArchiveReader
    from storage.store import open_store

    return ArchiveReader(open_store(archive_url)).latest_runs()


def describe_run(run: dict[str, Any] | None) -> str:
    if not run:
        return "never"
    finished = str(run.get("finished_at") or run.get("started_at") or "?")[:16].replace("T", " ")
    return f"{finished} UTC {run.get('finish_reason', '?')}, {run.get('articles', 0)} articles"


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--check | --schema]"

    def short_desc(self) -> str:
        return "List the site files (name, title, schedule, render, last run), check them, or print their schema"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--check", action="store_true",
                          help="validate every site file: one line per bad file, exit status 2 if any")
        what.add_argument("--schema", action="store_true", help="print the JSON Schema of a site file")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}", print_help=False)
        if opts.schema:
            sys.stdout.write(schema_json())
            return
        assert self.settings is not None
        folder = self.settings.get("DIFANG_SITES")
        try:
            sites, errors = check_folder(folder)
        except SiteError as exc:  # no such folder
            errors, sites = [exc], []
        for error in errors:
            print(f"site definition error: {error}", file=sys.stderr)
        if opts.check:
            if not errors:
                print(f"{len(sites)} site files in {folder}: all valid")
        else:
            self._list(sites)
        self.exitcode = 2 if errors else 0

    def _list(self, sites: list[SiteDefinition]) -> None:
        from core.config import check_environment
        from core.output import table

        assert self.settings is not None
        runs: dict[str, dict[str, Any]] = {}
        try:
            check_environment()
            runs = last_runs(self.settings.get("DIFANG_ARCHIVE"))
        except Exception as exc:  # ConfigError, S3 away, …: the listing is worth having without
            print(f"last runs not read from {self.settings.get('DIFANG_ARCHIVE')}: {exc}", file=sys.stderr)
        rows = [[s.name, s.title, f"{s.schedule} ({s.timezone})", _render(s.render), describe_run(runs.get(s.name))]
                for s in sorted(sites, key=lambda s: s.name)]
        table(sys.stdout, ["NAME", "TITLE", "SCHEDULE", "RENDER", "LAST RUN"], rows)


def _render(value: bool | str) -> str:
    return "no" if value is False else "lists" if value is True else str(value)

