"""The command-line options that select articles, shared by search, export and clusters."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from query.filters import Selection, period

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?)?)?")


def check_date(value: str) -> str:
    """A date filter as ``--since``/``--until`` take it (``2024``, ``2024-03``, ``2024-03-01``,
    ``2024-03-01T08:30``…), or ValueError saying why not: shared by the CLI and the web UI."""
    value = value.strip().replace(" ", "T")
    if not _DATE.fullmatch(value):
        raise ValueError(f"not a date: {value[:40]!r} (use YYYY-MM-DD)")
    try:
        period(value)
    except (ValueError, OverflowError):
        raise ValueError(f"no such date: {value!r}") from None
    return value


def _date(value: str) -> str:
    try:
        return check_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def whole_number(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``low``, or one line saying what is wrong."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more, not {number}")
        return number

    parse.__name__ = f"whole number >= {low}"
    return parse


_positive = whole_number(1)


def output_file(value: str) -> str:
    """An argparse type: a file that can be written (its folder exists), or ``-`` (stdout)."""
    if value == "-":
        return value
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a folder, not a file")
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise argparse.ArgumentTypeError(f"cannot write {value!r}: no writable folder {str(folder)!r}")
    return value


def output_folder(value: str) -> Path:
    """An argparse type: a folder to write into, existing or made in a folder that exists."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is not a folder")
    nearest = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not os.access(nearest, os.W_OK):
        raise argparse.ArgumentTypeError(f"cannot write into {value!r}: {str(nearest)!r} is not writable")
    return path


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--site", action="append", default=[], metavar="NAME",
                       help="only this site (repeatable)")
    group.add_argument("--since", type=_date, metavar="DATE", help="on or after this day (YYYY-MM-DD)")
    group.add_argument("--until", type=_date, metavar="DATE", help="on or before this day (YYYY-MM-DD)")
    group.add_argument("--date-field", choices=["published", "fetched"], default="published",
                       help="which date --since/--until and --sort date use (default: published)")
    group.add_argument("--source", metavar="OUTLET", help="originating outlet, exactly as recorded")
    group.add_argument("--author", metavar="NAME", help="one of the article's authors, exactly")
    group.add_argument("--cluster", metavar="ID", help="only copies of this story (cluster id)")


def add_paging_arguments(parser: argparse.ArgumentParser, default_limit: int = 20) -> None:
    parser.add_argument("--sort", choices=["date", "relevance"], default="date",
                        help="newest first (default), or best match first")
    parser.add_argument("--limit", type=_positive, default=default_limit, help="results per page")
    paging = parser.add_mutually_exclusive_group()
    paging.add_argument("--offset", type=whole_number(0), default=0, help="skip this many results")
    paging.add_argument("--page", type=_positive, help="page number (1-based) of --limit results")


def selection(args: argparse.Namespace, *, limit: int | None = None) -> Selection:
    """The Selection an argparse namespace describes (limit None: everything)."""
    page_limit = getattr(args, "limit", None) if limit is None else limit
    offset = getattr(args, "offset", 0) or 0
    if getattr(args, "page", None) and page_limit:
        offset = (args.page - 1) * page_limit
    return Selection(
        query=getattr(args, "query", "") or "",
        sites=tuple(args.site), since=args.since, until=args.until, date_field=args.date_field,
        source=args.source, author=args.author, cluster=args.cluster,
        sort=getattr(args, "sort", "date"), limit=page_limit, offset=offset,
    )


def everything(args: argparse.Namespace) -> Selection:
    """Every article the filters (and query) of ``args`` select, newest first, unpaged."""
    return replace(selection(args), limit=None, offset=0, sort="date")
