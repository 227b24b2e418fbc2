"""What every ``difang`` subcommand works with: the configuration, the archive and the index.

Opened lazily, so ``difang search`` never touches S3 and ``difang raw`` never opens more than
it needs.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TextIO

from cluster import database_url
from core.config import Config
from query.index import OutdatedIndex, QueryIndex, index_path
from query.source import ArchiveReader
from query.sync import SyncReport
from query.syndication import CurrentClusters, open_current
from storage.store import StoreError, open_store

SYNC_BUDGET = 10.0  # seconds a command waits for the index sync at most (the node's thread does the rest)


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
    sync: bool = False  # cluster mode: feed the index from the cluster's new runs before reading it

    @cached_property
    def archive(self) -> ArchiveReader:
        return ArchiveReader(open_store(self.config.archive))

    @cached_property
    def index(self) -> QueryIndex:
        path = index_path(self.config.home)
        if self.sync and database_url():
            new = not path.exists()
            self.sync_from_cluster(budget=SYNC_BUDGET)
            if new and path.exists():
                print(f"difang: note: new index at {path}: the cluster's runs of the last hour are in it;"
                      " `difang reindex` adds the rest of the archive", file=self.err)
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

    def sync_from_cluster(self, *, budget: float) -> SyncReport | None:
        """Cluster mode: add the runs other nodes crawled since the last sync to this node's
        index (:mod:`cluster.index_sync`). The database or the archive away: one warning line,
        and the index is read as it is."""
        try:
            from cluster.index_sync import sync_index
        except ImportError as exc:
            raise CommandError(f"DIFANG_DATABASE is set but the cluster extra is missing"
                               f" (pip install 'difang[cluster]'): {exc}") from None
        from cluster.db import DatabaseUnavailable

        try:
            return sync_index(database_url(), self.config.home, self.config.archive, budget=budget)
        except (DatabaseUnavailable, StoreError, OSError, sqlite3.OperationalError) as exc:
            print(f"difang: warning: index not synced with the cluster ({exc}); "
                  "reading the local index as it is", file=self.err)
        except OutdatedIndex:
            pass  # said below, with its repair
        return None

    @cached_property
    def current(self) -> CurrentClusters | None:
        """The dedupe index's current clusters, or None where there is none (see
        :mod:`query.syndication`)."""
        return open_current(self.config.home, database_url())
