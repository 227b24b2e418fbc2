"""Request parameters → a :class:`~query.filters.Selection`, checked like the CLI's options.

A bad value is a :class:`BadParameter` whose message names the parameter; the page shows it
(status 400) instead of guessing. Limits keep one request cheap: a query of at most
:data:`MAX_QUERY` characters, pages of :data:`PAGE_SIZES`, at most :data:`MAX_OFFSET` results
skipped.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from archive.cli.args import check_date
from query.filters import Selection

MAX_QUERY = 200  # characters of the search box
MAX_FIELD = 200  # characters of a source or author
PAGE_SIZES = (10, 20, 50, 100)
MAX_OFFSET = 10_000
# Record and cluster ids are hex digests; site names are [a-z0-9_-]+ (core/sites.py).
RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
SITE_NAME = re.compile(r"[a-z0-9_-]{1,64}")


class BadParameter(ValueError):
    """A request parameter that cannot be used; the message names it."""


class Query:
    """The query string as a mapping of lists (a site may be given more than once)."""

    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        self.items = list(items)

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.items:
            if key == name:
                return value
        return default

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.items if k == name]


def _choice(query: Query, name: str, allowed: Sequence[str]) -> str:
    value = query.get(name, allowed[0]) or allowed[0]
    if value not in allowed:
        raise BadParameter(f"{name}: expected one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def _text(query: Query, name: str, limit: int) -> str | None:
    value = " ".join(query.get(name).split())
    if len(value) > limit:
        raise BadParameter(f"{name}: longer than {limit} characters ({len(value)})")
    return value or None


def _date(query: Query, name: str) -> str | None:
    value = query.get(name).strip()
    if not value:
        return None
    try:
        return check_date(value)
    except ValueError as exc:
        raise BadParameter(f"{name}: {exc}") from None


def _whole(query: Query, name: str, default: int) -> int:
    value = query.get(name).strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9:
        raise BadParameter(f"{name}: not a whole number: {value[:40]!r}")
    return int(value)


def site_name(value: str) -> str:
    if not SITE_NAME.fullmatch(value):
        raise BadParameter(f"site: not a site name: {value[:40]!r}")
    return value


@dataclass(frozen=True)
class SearchForm:
    """What the search form holds, validated, and the Selection it asks for."""

    selection: Selection
    page: int = 1
    params: list[tuple[str, str]] = field(default_factory=list)  # the filters, for links

    def link(self, path: str, **changes: Any) -> str:
        """``path`` with this form's filters (and page/limit/sort), some changed."""
        items = [(k, v) for k, v in self.params if k not in changes]
        for key, value in changes.items():
            if value not in (None, ""):
                items.append((key, str(value)))
        return f"{path}?{urlencode(items)}" if items else path


def search_form(query: Query, *, default_limit: int = 20) -> SearchForm:
    q = " ".join(query.get("q").split())
    if len(q) > MAX_QUERY:
        raise BadParameter(f"q: the query is longer than {MAX_QUERY} characters ({len(q)})")
    sites = tuple(dict.fromkeys(site_name(s) for s in query.all("site") if s))
    since, until = _date(query, "since"), _date(query, "until")
    date_field = _choice(query, "date", ("published", "fetched"))
    sort = _choice(query, "sort", ("date", "relevance"))
    limit = _whole(query, "limit", default_limit)
    if limit not in PAGE_SIZES:
        raise BadParameter(f"limit: expected one of {', '.join(map(str, PAGE_SIZES))}, got {limit}")
    page = _whole(query, "page", 1)
    if page < 1 or (page - 1) * limit > MAX_OFFSET:
        raise BadParameter(f"page: must be from 1 to {MAX_OFFSET // limit + 1}, got {page}")
    cluster = query.get("cluster").strip() or None
    if cluster is not None and not RECORD_ID.fullmatch(cluster):
        raise BadParameter(f"cluster: not a cluster id: {cluster[:40]!r}")
    source, author = _text(query, "source", MAX_FIELD), _text(query, "author", MAX_FIELD)
    sel = Selection(query=q, sites=sites, since=since, until=until, date_field=date_field,  # type: ignore[arg-type]
                    source=source, author=author, cluster=cluster, sort=sort,  # type: ignore[arg-type]
                    limit=limit, offset=(page - 1) * limit)
    params: list[tuple[str, str]] = [("q", q)] if q else []
    params += [("site", s) for s in sites]
    for key, value in (("since", since), ("until", until), ("source", source), ("author", author),
                       ("cluster", cluster)):
        if value:
            params.append((key, value))
    if date_field != "published":
        params.append(("date", date_field))
    if sort != "date":
        params.append(("sort", sort))
    if limit != default_limit:
        params.append(("limit", str(limit)))
    return SearchForm(sel, page, params)


def filters_only(form: SearchForm) -> list[tuple[str, str]]:
    """The form's parameters that select articles (no order or paging): for export links."""
    return [(k, v) for k, v in form.params if k not in ("sort", "limit", "page")]


def namespace(sel: Selection, **extra: Any) -> argparse.Namespace:
    """The argparse namespace the ``difang`` commands read for ``sel`` (plus their own options)."""
    return argparse.Namespace(
        query=sel.query, site=list(sel.sites), since=sel.since, until=sel.until, date_field=sel.date_field,
        source=sel.source, author=sel.author, cluster=sel.cluster, sort=sel.sort, limit=sel.limit,
        offset=sel.offset, page=None, **extra)


def record_id(value: str) -> str:
    if not RECORD_ID.fullmatch(value):
        raise BadParameter(f"not an article id: {value[:40]!r}")
    return value
