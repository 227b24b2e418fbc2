"""The ``difang`` subcommands: one module each, registered in :data:`COMMANDS`.

A subcommand module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, ctx) -> int`` (the exit status). To add one, write the module and add it here.
"""

from __future__ import annotations

from types import ModuleType

from archive.cli.commands import (
    clusters,
    compact,
    export,
    raw,
    rebuild,
    reindex,
    search,
    show,
    sites,
    stats,
    sync,
    verify,
    web,
)

COMMANDS: list[ModuleType] = [search, show, raw, clusters, export, stats, sync, reindex, rebuild, compact, verify, sites,
                             web]
