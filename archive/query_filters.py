"""What a researcher asks for: the search query, its filters, order and page — and their SQL.

``search`` and ``export`` (and ``clusters``) share one :class:`Selection`, so the same command
line selects the same articles everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from archive.query_terms import match_expression

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
    def match(self) -> str | None:
        return match_expression(self.query) if self.query.strip() else None

    @property
    def date_column(self) -> str:
        return _DATE_COLUMN[self.date_field]

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
