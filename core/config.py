"""The environment variables of DESIGN.md, each with its working default.

``DIFANG_DATABASE`` is the one switch between the two ways difang keeps its shared state: unset
(the default), a single machine with SQLite files and JSON under ``DIFANG_HOME``; a
``postgresql://`` URL, cluster mode with that state in PostgreSQL. Reading it connects to
nothing and imports no driver: the stores connect when they are opened (``core.postgres``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def version() -> str:
    """The installed version of difang (pyproject.toml), for ``--version``."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("difang")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


class ConfigError(ValueError):
    """An environment variable with a value difang cannot use; the message names it."""


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Refuse, with one line naming the variable, values every entry point would trip on later
    (a crawl half-started, a traceback from deep inside): the archive URL's scheme and the
    numbers the crawl process reads."""
    env = os.environ if env is None else env
    archive = env.get("DIFANG_ARCHIVE") or ""
    if archive:
        parts = urlsplit(archive)
        scheme = parts.scheme if len(parts.scheme) > 1 else "file"
        if scheme not in ("file", "s3"):
            raise ConfigError(f"DIFANG_ARCHIVE: unsupported scheme {parts.scheme!r}: use a folder, file:// or s3://")
        if scheme == "s3" and not parts.netloc:
            raise ConfigError("DIFANG_ARCHIVE: an s3:// URL needs a bucket: s3://bucket/prefix")
    database_url(env)
    for name, low, high in (("DIFANG_SPOOL_MAX_BYTES", 1, None), ("DIFANG_HEALTH_PORT", 0, 65535)):
        text = (env.get(name) or "").strip()
        if not text:
            continue
        try:
            value = int(text)
        except ValueError:
            raise ConfigError(f"{name}: not a whole number: {text[:40]!r}") from None
        if value < low or (high is not None and value > high):
            raise ConfigError(f"{name}: must be from {low} to {high}, got {value}" if high is not None
                              else f"{name}: must be at least {low}, got {value}")


DATABASE_SCHEMES = ("postgresql", "postgres")


def database_url(env: Mapping[str, str] | None = None) -> str | None:
    """``DIFANG_DATABASE``: the PostgreSQL URL of cluster mode, or None (a single machine).

    The one place that says which backend holds the shared state (seen URLs, the syndication
    index, title decorations, site definitions); a value that is not a PostgreSQL URL is a
    :class:`ConfigError` naming the variable."""
    env = os.environ if env is None else env
    url = (env.get("DIFANG_DATABASE") or "").strip()
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme not in DATABASE_SCHEMES:
        shown = f"{scheme}://" if scheme else repr(url[:12])
        raise ConfigError(f"DIFANG_DATABASE: not a PostgreSQL URL ({shown}): use postgresql://user@host:port/dbname")
    return url


def crawl_database(settings: Any) -> str | None:
    """:func:`database_url` for a crawl's components: its ``DIFANG_DATABASE`` setting if it has
    one (the cluster's worker or a test may set it), else the environment."""
    value = settings.get("DIFANG_DATABASE")
    return database_url({"DIFANG_DATABASE": str(value)} if value else None)


@dataclass(frozen=True)
class Config:
    sites: str
    archive: str
    home: str
    database: str | None = None  # DIFANG_DATABASE: None on a single machine

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        return cls(
            sites=env.get("DIFANG_SITES") or "./sites",
            archive=env.get("DIFANG_ARCHIVE") or "./var/archive",
            home=env.get("DIFANG_HOME") or "./var",
            database=database_url(env),
        )

    def home_path(self, *parts: str) -> Path:
        path = Path(self.home).joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
