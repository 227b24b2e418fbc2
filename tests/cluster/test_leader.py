"""Two nodes on one database: one leader at a time, no due enqueued twice, and a standby takes
over within seconds when the leader is killed with SIGKILL."""

from __future__ import annotations

import time

import pytest

from tests.cluster.kit import (
    FAKE_CRAWL,
    ClusterNode,
    leader_of,
    needs_cluster_extra,
    queued,
    runs,
    scheduled_twice,
)
from tests.daemon.kit import Workspace, wait_for
from tests.pgserver import PostgresServer

pytestmark = [pytest.mark.integration, needs_cluster_extra]
SITES = ("alpha", "beta", "gamma")


def test_one_leader_and_a_takeover(tmp_path, portal, pg_database: str, pg_server: PostgresServer) -> None:
    def crawled_by(node: str, since: float) -> set[str]:
        return {r.site for r in runs(pg_database) if r.node == node and r.started_at > since}

    ws = Workspace(tmp_path, portal)
    for name in SITES:
        ws.add_site("demo-utf8", name=name)
    # a site whose crawl dies with the leader waits out the fence's holdover (16 s at 3 s)
    extra = {"DIFANG_TEST_SCHEDULE": "*/2", "DIFANG_TEST_CRAWL_COMMAND": FAKE_CRAWL, "DIFANG_SHUTDOWN_GRACE": "0",
             "DIFANG_FENCE_AFTER": "3"}
    first = ClusterNode(ws, "first", pg_database, **extra)
    second: ClusterNode | None = None
    try:
        wait_for(lambda: leader_of(pg_database) == "first", 30, "the first node to lead")
        second = ClusterNode(ws, "second", pg_database, **extra)
        wait_for(lambda: "cluster node second running" in second.log(), 30, "the second node to start")
        time.sleep(6)  # both nodes up, three dues of every site
        assert leader_of(pg_database) == "first"
        assert "second is the leader" not in second.log()
        before = len(queued(pg_database))
        assert before >= len(SITES) * 2
        # both nodes work: the standby takes crawls from the queue although it schedules none
        assert {r.node for r in runs(pg_database)} == {"first", "second"}

        first.kill()
        killed, killed_at = time.monotonic(), time.time()
        wait_for(lambda: leader_of(pg_database) == "second", 15, "the standby to take over")
        takeover = time.monotonic() - killed
        wait_for(lambda: len(queued(pg_database)) >= before + len(SITES) * 2, 20, "dues enqueued by the new leader")
        wait_for(lambda: crawled_by("second", killed_at) == set(SITES), 40, "the new leader to crawl every site")
        assert second.stop() == 0
    finally:
        first.kill()
        if second is not None:
            second.stop()

    jobs = queued(pg_database)
    assert len(jobs) == len(set(jobs)), "a (site, due) was enqueued twice"
    assert scheduled_twice(runs(pg_database)) == {}
    assert takeover < 10, takeover
    outcomes = {(r.node, r.outcome) for r in runs(pg_database)}
    assert outcomes <= {("first", "ok"), ("first", "lost"), ("first", "running"), ("second", "ok"),
                        ("second", "interrupted")}, outcomes
