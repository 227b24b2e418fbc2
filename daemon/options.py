"""The daemon's settings: DIFANG_* environment variables, each with a working default.

Two of them are test hooks and say so in their names (``DIFANG_TEST_SCHEDULE``,
``DIFANG_TEST_CRAWL_COMMAND``): the daemon logs a warning when either is set, so a production
daemon cannot run with one unnoticed.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import Config


class SettingError(ValueError):
    """A DIFANG_* variable that cannot be used; the message names it."""


def per_site(name: str, value: str, default: str) -> tuple[str, dict[str, str]]:
    """``DEFAULT;site=VALUE;site2=VALUE``: a default for every site and overrides by name."""
    overall, overrides = default, {}
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        site, sep, setting = part.partition("=")
        if not sep:
            overall = part
        elif site.strip() and setting.strip():
            overrides[site.strip()] = setting.strip()
        else:
            raise SettingError(f"{name}: expected NAME=VALUE, got {part!r}")
    return overall, overrides


def _number(name: str, text: str, kind: type[float] | type[int], minimum: float,
            maximum: float | None = None) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise SettingError(f"{name}: not a {'whole ' if kind is int else ''}number: {text!r}") from None
    if value < minimum:
        raise SettingError(f"{name}: must be at least {minimum:g}, got {value:g}")
    if maximum is not None and value > maximum:
        raise SettingError(f"{name}: must be at most {maximum:g}, got {value:g}")
    return value


def _seconds(name: str, text: str, *, minimum: float = 0.0) -> float:
    return float(_number(name, text, float, minimum))


LAUNCHERS = ("subprocess", "fork")


def _choice(name: str, text: str, choices: tuple[str, ...]) -> str:
    if text not in choices:
        raise SettingError(f"{name}: one of {', '.join(choices)}, got {text[:40]!r}")
    return text


def _whole(name: str, text: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    return int(_number(name, text, int, minimum, maximum))


@dataclass(frozen=True)
class DaemonSettings:
    home: Path
    max_crawls: int = 2
    time_limit: float = 4 * 3600.0
    time_limits: Mapping[str, float] = field(default_factory=dict)
    kill_grace: float = 30.0
    shutdown_grace: float = 60.0
    misfire_grace: int = 3600
    late_after: float = 30.0
    jobstore_url: str = ""
    health_host: str = "127.0.0.1"
    health_port: int = 8765
    reload_interval: float = 5.0
    silent_runs: int = 3
    field_drop: float = 0.5
    min_articles: int = 5
    webhook: str = ""
    logs_kept: int = 20
    test_schedules: Mapping[str, str] = field(default_factory=dict)
    test_crawl_command: tuple[str, ...] = ()
    crawl_launcher: str = "fork"  # crawls forked from a pre-imported process, or "subprocess"
    index_sync_interval: float = 60.0  # cluster mode: seconds between a node's index syncs (0: after crawls only)
    fence_after: float = 60.0  # cluster mode: seconds a crawl goes on with its site lock unconfirmed

    @classmethod
    def from_env(cls, config: Config, env: Mapping[str, str] | None = None) -> DaemonSettings:
        env = os.environ if env is None else env
        home = Path(config.home).absolute()

        def get(name: str, default: str) -> str:
            return env.get(name, "").strip() or default

        limit, limits = per_site("DIFANG_CRAWL_TIME_LIMIT", get("DIFANG_CRAWL_TIME_LIMIT", "14400"), "14400")
        test_all, test_sites = per_site("DIFANG_TEST_SCHEDULE", get("DIFANG_TEST_SCHEDULE", ""), "")
        schedules = dict(test_sites)
        if test_all:
            schedules["*"] = test_all
        return cls(
            home=home,
            max_crawls=_whole("DIFANG_MAX_CRAWLS", get("DIFANG_MAX_CRAWLS", "2"), minimum=1),
            time_limit=_seconds("DIFANG_CRAWL_TIME_LIMIT", limit, minimum=1),
            time_limits={k: _seconds("DIFANG_CRAWL_TIME_LIMIT", v, minimum=1) for k, v in limits.items()},
            kill_grace=_seconds("DIFANG_KILL_GRACE", get("DIFANG_KILL_GRACE", "30")),
            shutdown_grace=_seconds("DIFANG_SHUTDOWN_GRACE", get("DIFANG_SHUTDOWN_GRACE", "60")),
            misfire_grace=_whole("DIFANG_MISFIRE_GRACE", get("DIFANG_MISFIRE_GRACE", "3600"), minimum=1),
            late_after=_seconds("DIFANG_LATE_AFTER", get("DIFANG_LATE_AFTER", "30")),
            jobstore_url=get("DIFANG_JOBSTORE", f"sqlite:///{home / 'daemon' / 'jobs.sqlite'}"),
            health_host=get("DIFANG_HEALTH_HOST", "127.0.0.1"),
            health_port=_whole("DIFANG_HEALTH_PORT", get("DIFANG_HEALTH_PORT", "8765"), maximum=65535),
            reload_interval=_seconds("DIFANG_RELOAD_INTERVAL", get("DIFANG_RELOAD_INTERVAL", "5")),
            silent_runs=_whole("DIFANG_ALERT_SILENT_RUNS", get("DIFANG_ALERT_SILENT_RUNS", "3"), minimum=1),
            field_drop=_seconds("DIFANG_ALERT_FIELD_DROP", get("DIFANG_ALERT_FIELD_DROP", "0.5")),
            min_articles=_whole("DIFANG_ALERT_MIN_ARTICLES", get("DIFANG_ALERT_MIN_ARTICLES", "5"), minimum=1),
            webhook=get("DIFANG_ALERT_WEBHOOK", ""),
            logs_kept=_whole("DIFANG_CRAWL_LOGS_KEPT", get("DIFANG_CRAWL_LOGS_KEPT", "20"), minimum=1),
            test_schedules=schedules,
            test_crawl_command=tuple(shlex.split(get("DIFANG_TEST_CRAWL_COMMAND", ""))),
            crawl_launcher=_choice("DIFANG_CRAWL_LAUNCHER", get("DIFANG_CRAWL_LAUNCHER", "fork"),
                                   LAUNCHERS),
            index_sync_interval=_seconds("DIFANG_INDEX_SYNC_INTERVAL", get("DIFANG_INDEX_SYNC_INTERVAL", "60")),
            fence_after=_seconds("DIFANG_FENCE_AFTER", get("DIFANG_FENCE_AFTER", "60"), minimum=1),
        )

    @property
    def jobstore_file(self) -> Path | None:
        """The job store's file when it is SQLite (the default), else None."""
        prefix = "sqlite:///"
        return Path(self.jobstore_url[len(prefix):]) if self.jobstore_url.startswith(prefix) else None

    def time_limit_for(self, site: str) -> float:
        return self.time_limits.get(site, self.time_limit)

    def state_path(self, *parts: str) -> Path:
        """A path under DIFANG_HOME/daemon (the folder is created)."""
        path = self.home.joinpath("daemon", *parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def jobdir(self, site: str) -> Path:
        """Scrapy's JOBDIR of a site: where an interrupted crawl leaves what it still had to do."""
        return self.home / "jobs" / site

    @property
    def test_hooks(self) -> list[str]:
        hooks = []
        if self.test_schedules:
            hooks.append("DIFANG_TEST_SCHEDULE")
        if self.test_crawl_command:
            hooks.append("DIFANG_TEST_CRAWL_COMMAND")
        return hooks
