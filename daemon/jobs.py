"""The APScheduler job book: one job per site, kept in line with the site definitions.

Jobs live in a persistent SQLAlchemy store, so a job is stored as a textual reference to
``run_scheduled_crawl`` plus the site's name; the function finds the running daemon's crawl
service through this module (a process runs one daemon). A job whose schedule did not change is
left alone on reload and restart: replacing it would recompute its next run time and lose a run
missed while the daemon was down.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler

from core.sites import SiteDefinition
from daemon.crawls import CrawlService
from daemon.options import DaemonSettings
from daemon.schedules import schedule_of, trigger_for

log = logging.getLogger("difang.daemon")
JOB_FUNCTION = f"{__name__}:run_scheduled_crawl"


class RunTimeExecutor(ThreadPoolExecutor):
    """A thread pool that remembers the time each job was due, to tell a late run."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers)
        self._due: dict[str, datetime] = {}
        self._due_lock = threading.Lock()

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        # with coalesce=True run_times holds only the newest missed time
        with self._due_lock:
            self._due[job.id] = run_times[-1]
        super()._do_submit_job(job, run_times)

    def due(self, job_id: str) -> datetime | None:
        with self._due_lock:
            return self._due.get(job_id)


class _Current:
    service: CrawlService | None = None
    executor: RunTimeExecutor | None = None


def attach(service: CrawlService | None, executor: RunTimeExecutor | None) -> None:
    _Current.service, _Current.executor = service, executor


def run_scheduled_crawl(site: str, schedule: str = "") -> None:
    service, executor = _Current.service, _Current.executor
    if service is None or executor is None:
        raise RuntimeError("no daemon in this process to run the crawl of " + site)
    due = executor.due(site)
    service.crawl(site, trigger="schedule", scheduled_at=due.timestamp() if due else None)


class JobBook:
    def __init__(self, scheduler: BaseScheduler, settings: DaemonSettings) -> None:
        self.scheduler = scheduler
        self.settings = settings

    def job_options(self) -> dict[str, Any]:
        return {"coalesce": True, "max_instances": 1, "misfire_grace_time": self.settings.misfire_grace}

    def sync(self, sites: Mapping[str, SiteDefinition]) -> None:
        """Add jobs of new sites, reschedule changed ones, remove those of removed sites."""
        jobs = {job.id: job for job in self.scheduler.get_jobs()}
        options = self.job_options()
        for name, site in sorted(sites.items()):
            schedule = schedule_of(site, self.settings.test_schedules)
            job = jobs.get(name)
            if job is not None and job.kwargs.get("schedule") == schedule:
                if any(getattr(job, k) != v for k, v in options.items()):
                    self.scheduler.modify_job(name, **options)  # settings changed; next run kept
                continue
            self.scheduler.add_job(JOB_FUNCTION, trigger=trigger_for(site, self.settings.test_schedules),
                                   id=name, name=name, kwargs={"site": name, "schedule": schedule},
                                   replace_existing=True, **options)
            log.info("site %s %s: %s", name, "rescheduled" if job else "scheduled", schedule)
        for name in sorted(set(jobs) - set(sites)):
            self.scheduler.remove_job(name)
            log.info("site %s: job removed", name)

    def next_runs(self) -> dict[str, dict[str, str | None]]:
        return {job.id: {"next_run": job.next_run_time.isoformat() if job.next_run_time else None,
                         "schedule": job.kwargs.get("schedule")}
                for job in self.scheduler.get_jobs()}
