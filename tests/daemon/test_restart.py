"""The job store keeps next-run times across a restart: runs missed while the daemon was down run
once (coalesced), late, and are recorded as late."""

from __future__ import annotations

import time

import pytest

from tests.daemon.kit import Daemon, Workspace, next_second, wait_value

pytestmark = pytest.mark.integration
PERIOD = 6  # room for a slow start: the daemon must be up before the next fire time


def test_restart_runs_a_missed_run_once_and_late(ws: Workspace) -> None:
    ws.add_site("demo-gbk")
    env = ws.env(DIFANG_TEST_SCHEDULE=f"*/{PERIOD}", DIFANG_SHUTDOWN_GRACE="0")
    first = Daemon(ws, env)  # stores the job and its next run time, and stops
    assert first.stop() == 0
    stopped = time.time()
    before = ws.runs()
    time.sleep(PERIOD)
    next_second(PERIOD, 1.0)  # two fire times passed with no daemon; the newest is 1 s old
    restarted = time.time()
    second = Daemon(ws, env)
    runs = wait_value(ws.runs, lambda r: len(r) >= len(before) + 2, 60,
                    "the missed run and the next one")
    assert second.stop() == 0
    missed = [r for r in runs[len(before):] if r.scheduled_at is not None and r.scheduled_at < restarted]
    assert len(missed) == 1, missed  # two or more fire times missed, one run
    late = missed[0]
    assert late.late and late.outcome == "ok"
    assert late.scheduled_at is not None and stopped < late.scheduled_at < restarted
    assert restarted - late.scheduled_at >= 0.9
    assert late.started_at - late.scheduled_at > 1  # DIFANG_LATE_AFTER
    assert "crawl of demo-gbk is late" in second.log()
    following = runs[len(before) + 1]
    assert following.scheduled_at is not None and following.scheduled_at > restarted and not following.late
