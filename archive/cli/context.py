"""What every ``difang`` subcommand works with: the configuration, the archive and the index.

Opened lazily, so ``difang search`` never touches S3 and ``difang raw`` never opens more than
it needs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TextIO

from core.config import Config
from query.index import OutdatedIndex, QueryIndex, index_path
from query.source import ArchiveReader
from query.syndication import CurrentClusters, open_current
from storage.store import open_store


class CommandError(Exception):
    """A failure to report in one line (exit status 1), not as a traceback."""


class BadArgument(CommandError):
    """Input on the command line that cannot be used (exit status 2), found past argparse."""


class NotFound(CommandError):
    """The article, story or capture asked for is not in the index (the web UI answers 404)."""


@dataclass
class Context:
    config: Config
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    @cached_property
    def archive(self) -> ArchiveReader:
        return ArchiveReader(open_store(self.config.archive))

    @cached_property
    def index(self) -> QueryIndex:
        path = index_path(self.config.home)
        if not path.exists():
            raise CommandError(f"no query index at {path}: run `difang reindex` first")
        try:
            index = QueryIndex(path)
        except OutdatedIndex as exc:
            raise CommandError(str(exc)) from None
        indexed = index.meta("archive")
        if indexed and indexed != open_store(self.config.archive).url:
            print(f"difang: note: the index at {path} was built from {indexed}, "
                  f"not DIFANG_ARCHIVE", file=self.err)
        return index

    @cached_property
    def current(self) -> CurrentClusters | None:
        """The dedupe index's current clusters, or None where there is none (see
        :mod:`query.syndication`)."""
        return open_current(self.config.home)
