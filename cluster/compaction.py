"""The leader's daily compaction of run manifests (:mod:`storage.compaction`).

Once a day at :data:`AT` (UTC) the leader, and only it, merges the manifests of the days before
yesterday. A leader that steps down meanwhile finishes it: compaction is safe to run twice or
to cut short (the next one completes it).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger

from storage.compaction import compact
from storage.store import open_store

log = logging.getLogger("difang.cluster")
JOB_ID = "difang:compact-manifests"  # a ':' no site name has
AT = {"hour": 3, "minute": 17}


def trigger() -> CronTrigger:
    return CronTrigger(timezone=UTC, **AT)


def daily_compaction(archive: str, workdir: Path) -> None:
    before = datetime.now(UTC).date() - timedelta(days=1)
    try:
        report = compact(open_store(archive), before=before, workdir=workdir)
    except Exception:  # noqa: BLE001 - the archive away: tomorrow's run does it
        log.exception("daily compaction of manifests failed; the next one tries again")
        return
    written = [d for d in report.days if d.key]
    log.info("daily compaction: %d days compacted (%d runs, %d rows), %d skipped", len(written),
             sum(d.runs for d in written), sum(d.rows for d in written), len(report.skipped))
