"""Cluster mode: many machines, one PostgreSQL (``DIFANG_DATABASE=postgresql://...``).

Every node runs the same command (``python scheduler.py --cluster``). One node, the leader (it
holds a PostgreSQL session advisory lock), runs APScheduler and enqueues ``crawl(site, due)``
jobs; every node, the leader too, is a worker that takes jobs from the queue and crawls with
today's code (a ``scrapy crawl`` subprocess, time limit, report, run history). One crawl of a
site at a time across the cluster: the worker holds the site's advisory lock for the whole crawl.

Nothing here is imported by the single-machine code at module level: psycopg and Procrastinate
are the optional extra ``difang[cluster]``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

DATABASE_ENV = "DIFANG_DATABASE"


def database_url(env: Mapping[str, str] | None = None) -> str:
    """The cluster's PostgreSQL, or "" in single-machine mode."""
    return (os.environ if env is None else env).get(DATABASE_ENV, "").strip()


def where_of(dsn: str) -> str:
    """host:port/database of a DSN, without its user or password."""
    parts = urlsplit(dsn)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"
