"""A site's schedule as an APScheduler trigger.

The public contract is the 5-field cron of the site file, in the site's time zone. Tests need runs
every few seconds, which 5-field cron cannot say: the test hook ``DIFANG_TEST_SCHEDULE`` gives a
seconds field instead (``*/3``, for every site, or ``site=*/3;other=1/5``).
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from core.sites import SiteDefinition


def schedule_of(site: SiteDefinition, test_schedules: Mapping[str, str]) -> str:
    """What decides when a site runs, as a stable text (stored with its job to notice changes)."""
    seconds = test_schedules.get(site.name) or test_schedules.get("*")
    if seconds:
        return f"test-seconds {seconds} {site.timezone}"
    return f"cron {site.schedule} {site.timezone}"


def trigger_for(site: SiteDefinition, test_schedules: Mapping[str, str]) -> CronTrigger:
    zone = ZoneInfo(site.timezone)
    seconds = test_schedules.get(site.name) or test_schedules.get("*")
    if seconds:
        return CronTrigger(second=seconds, timezone=zone)
    return CronTrigger.from_crontab(site.schedule, timezone=zone)
