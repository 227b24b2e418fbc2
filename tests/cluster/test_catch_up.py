"""The dues a leader takeover skipped: which one runs late (cluster/leader.py ``latest_fire``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from apscheduler.triggers.cron import CronTrigger

from tests.cluster.kit import needs_cluster_extra

pytestmark = needs_cluster_extra


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 12, 7, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(("after", "now", "expected"), [
    (at(10, 0), at(10, 47), at(10, 45)),   # three missed: the latest only (coalesced)
    (at(10, 0), at(10, 15), at(10, 15)),   # a due at "now" has fallen
    (at(10, 15), at(10, 29, 59), None),    # the due at "after" was enqueued; none since
    (at(10, 14, 59), at(10, 16), at(10, 15)),
])
def test_latest_fire(after: datetime, now: datetime, expected: datetime | None) -> None:
    from cluster.leader import latest_fire

    assert latest_fire(CronTrigger(minute="*/15", timezone=UTC), after, now) == expected


@pytest.mark.integration
def test_a_due_missed_while_no_node_led_runs_late(tmp_path, portal, pg_database: str) -> None:
    """Dues every 10 s. The only node is killed, and comes back 2 s after the next due: that due
    is enqueued at once (by the catch-up: the schedule's next is 8 s away), once per site."""
    import math
    import time

    from tests.cluster.kit import FAKE_CRAWL, ClusterNode, leader_of, queued
    from tests.daemon.kit import Workspace, wait_for

    ws = Workspace(tmp_path, portal)
    sites = ("alpha", "beta")
    for name in sites:
        ws.add_site("demo-utf8", name=name)
    extra = {"DIFANG_TEST_SCHEDULE": "*/10", "DIFANG_TEST_CRAWL_COMMAND": FAKE_CRAWL, "DIFANG_SHUTDOWN_GRACE": "0"}
    node = ClusterNode(ws, "only", pg_database, **extra)
    try:
        wait_for(lambda: leader_of(pg_database) == "only", 30, "the node to lead")
        wait_for(lambda: {s for s, _ in queued(pg_database)} == set(sites), 30, "a due of every site")
        node.kill()
        missed = math.ceil(time.time() / 10) * 10  # the next due, while no node runs
        time.sleep(max(0.0, missed + 2 - time.time()))
        node = ClusterNode(ws, "only", pg_database, **extra)
        wait_for(lambda: {s for s, due in queued(pg_database) if due == missed} == set(sites), 5,
                 "the missed due enqueued late")
    finally:
        node.stop()
    jobs = queued(pg_database)
    assert len(jobs) == len(set(jobs)), "a (site, due) was enqueued twice"
