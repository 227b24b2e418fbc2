"""What a researcher asks for: the search query, its filters, order and page — and their SQL.

``search`` and ``export`` (and ``clusters``) share one :class:`Selection`, so the same command
line selects the same articles everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

DateField = Literal["published", "fetched"]
SortOrder = Literal["date", "relevance"]
_DATE_COLUMN = {"published": "a.published_at", "fetched": "a.fetched_at"}


@dataclass(frozen=True)
class Selection:
    query: str = ""
    sites: tuple[str, ...] = ()
    since: str | None = None  # YYYY-MM-DD (or a longer ISO prefix), inclusive
    until: str | None = None  # inclusive: the whole day named
    date_field: DateField = "published"
    source: str | None = None
    author: str | None = None
    cluster: str | None = None
    sort: SortOrder = "date"
    limit: int | None = 20
    offset: int = 0

    @property
    def date_column(self) -> str:
        return _DATE_COLUMN[self.date_field]

    def key_range(self) -> tuple[int | None, int | None]:
        """``since``/``until`` as date keys (see :func:`query.segment.wall_clock_keys`):
        the first second of ``since``, and the second after the whole period ``until`` names."""
        lo = _key(_start(self.since)) if self.since else None
        hi = _key(_after(self.until)) if self.until else None
        return lo, hi

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions over ``articles a`` (full-text match excluded) and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.sites:
            clauses.append(f"a.site IN ({','.join('?' * len(self.sites))})")
            params.extend(self.sites)
        # Dates are compared as ISO text in the portal's own offset: "2024-03-01" means that
        # day as the portal printed it, which is what a researcher reading the page means.
        if self.since:
            clauses.append(f"{self.date_column} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{self.date_column} < ?")
            params.append(self.until + "\uffff")
        if self.source:
            clauses.append("a.source = ?")
            params.append(self.source)
        if self.author:
            clauses.append("a.rowid IN (SELECT article FROM authors WHERE name = ?)")
            params.append(self.author)
        if self.cluster:
            clauses.append("a.cluster_id = ?")
            params.append(self.cluster)
        return clauses, params


_TEMPLATE = "0001-01-01T00:00:00"


def _start(prefix: str) -> datetime:
    """The first second of a date prefix: ``2024-03`` is 2024-03-01T00:00:00."""
    prefix = prefix.replace(" ", "T")
    if len(prefix) == 7:
        prefix += "-01"
    return datetime.fromisoformat(prefix + _TEMPLATE[len(prefix):]) if len(prefix) < 19 else \
        datetime.fromisoformat(prefix[:19])


def _after(prefix: str) -> datetime:
    """The first second after the period a date prefix names (a year, month, day, hour…)."""
    start = _start(prefix)
    size = len(prefix.replace(" ", "T"))
    if size <= 4:
        return start.replace(year=start.year + 1)
    if size <= 7:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    step = {10: timedelta(days=1), 13: timedelta(hours=1), 16: timedelta(minutes=1)}
    return start + step.get(size, timedelta(seconds=1))


def period(prefix: str) -> tuple[datetime, datetime]:
    """The first second of a date prefix and the first second after it; ValueError if it names
    no real period (``2024-02-30``)."""
    return _start(prefix), _after(prefix)


def _key(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)).total_seconds())
