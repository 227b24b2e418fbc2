"""``difang``: search, read, replay and export what the crawls archived.

Reads DIFANG_ARCHIVE (the archive, source of truth) and DIFANG_HOME (the local query index).
Each subcommand lives in :mod:`archive.cli.commands`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence

from archive.cli.commands import COMMANDS
from archive.cli.context import BadArgument, CommandError, Context
from core.config import Config, ConfigError, check_environment, version
from core.sqlite import is_damaged
from query.index import REINDEX, index_path
from storage.store import StoreError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="difang", description="Search, read and export the difang archive "
        "(DIFANG_ARCHIVE) through the local query index (DIFANG_HOME/index.sqlite).")
    top.add_argument("-v", "--verbose", action="store_true", help="log what is going on")
    top.add_argument("--version", action="version", version=f"difang {version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        child = sub.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(child)
        child.set_defaults(run=command.run, sync=getattr(command, "SYNC", False))
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        check_environment()
    except ConfigError as exc:
        print(f"difang: {exc}", file=sys.stderr)
        return 2
    ctx = Context(Config.from_env(), sync=args.sync)
    try:
        status: int = args.run(args, ctx)
        sys.stdout.flush()
        return status
    except BadArgument as exc:
        print(f"difang: {exc}", file=sys.stderr)
        return 2
    except (CommandError, StoreError) as exc:  # StoreError: e.g. an archive that refuses the keys
        print(f"difang: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # damage found past the index's first pages
        if not is_damaged(exc):
            raise
        print(f"difang: {index_path(ctx.config.home)} is damaged ({exc}): {REINDEX}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `difang search … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # an output file or folder that became unwritable (disk full, …)
        print(f"difang: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
