"""A hung crawl is stopped at its time limit: SIGTERM first, SIGKILL after the grace
(a stand-in crawl command, DIFANG_TEST_CRAWL_COMMAND, plays the hung crawler)."""

from __future__ import annotations

import pytest

from tests.daemon.kit import FAKE_CRAWL, Daemon, Workspace, metric, wait_value

pytestmark = pytest.mark.integration


def test_hung_crawl_is_killed_at_its_limit(ws: Workspace) -> None:
    ws.add_site("demo-gbk", name="hung")  # ignores SIGTERM
    ws.add_site("demo-gbk", name="slow")  # honours SIGTERM
    env = ws.env(DIFANG_TEST_SCHEDULE="*/2", DIFANG_TEST_CRAWL_COMMAND=FAKE_CRAWL,
                 DIFANG_CRAWL_TIME_LIMIT="1.5;slow=1", DIFANG_KILL_GRACE="1.5")
    daemon = Daemon(ws, env)
    runs = wait_value(ws.runs, lambda r: {x.site for x in r} == {"hung", "slow"}, 60,
                    "a stopped run of both sites")
    metrics = daemon.metrics()
    assert daemon.stop() == 0
    hung = next(r for r in runs if r.site == "hung")
    slow = next(r for r in runs if r.site == "slow")
    assert hung.outcome == slow.outcome == "timeout"
    assert hung.exit_status == -9 and slow.exit_status == -15
    assert hung.duration is not None and 2.9 <= hung.duration < 8, hung  # 1.5 s limit + 1.5 s grace
    assert slow.duration is not None and 0.9 <= slow.duration < 4, slow
    log = daemon.log()
    assert "crawl of hung hit its time limit of 2 s" in log
    assert "crawl of hung ignored SIGTERM for 2 s: SIGKILL" in log
    assert "crawl of slow ignored SIGTERM" not in log
    assert "test hook DIFANG_TEST_CRAWL_COMMAND is set" in log
    assert metric(metrics, "difang_crawls_total", site="hung", outcome="timeout") == 1
