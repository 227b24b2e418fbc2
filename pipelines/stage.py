"""What every pipeline stage shares: the crawler it runs in, its spider, its stats, and what
it does with an article it cannot write (a full disk)."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from typing import Any, NoReturn, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from core.sqlite import state_db_unavailable


def unwritable_kind(exc: BaseException) -> str | None:
    """``disk_full`` for a full disk or quota (an OSError, or SQLite's "database or disk is
    full"), ``spool_unwritable`` for another error of the spool, ``database_unavailable`` for
    the shared state database away (cluster mode); None for anything else."""
    from storage.spool import SpoolError

    if state_db_unavailable(exc):
        return "database_unavailable"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full"
    if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return "disk_full"
    return "spool_unwritable" if isinstance(exc, SpoolError) else None


class Stage:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Scrapy's StatsCollector looks each method up through a __getattribute__ of its own
        # (a few µs, several counts per article): the bound method is taken once.
        self._inc: Callable[[str, int], None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def writing(self, item: Any, step: Callable[[Any], Any]) -> Any:
        """``step(item)``; an article it cannot write (a full disk) is dropped by :meth:`not_written`."""
        try:
            return step(item)
        except Exception as exc:  # noqa: BLE001 - what is not a write failure is raised again
            kind = unwritable_kind(exc)
            if kind is None:
                raise
            self.not_written(item, exc, kind)

    def not_written(self, item: Any, exc: BaseException, kind: str) -> NoReturn:
        """Drop an article that could not be written, in one line (the crawl stops on the cause
        and says it once): it is not marked archived, so a later crawl fetches it again."""
        self.count(f"errors/{kind}")
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())
        raise DropItem(f"{item.get('url', '?')}: not archived ({kind}: {reason}); a later crawl fetches it "
                       "again", log_level="INFO") from exc

    def count(self, key: str, n: int = 1) -> None:
        if self._inc is None:
            if self.crawler.stats is None:
                return
            self._inc = self.crawler.stats.inc_value
        self._inc(f"difang/{key}", n)
