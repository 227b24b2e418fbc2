"""A node killed with SIGKILL in the middle of a crawl: its crawl gets SIGTERM and takes a while
to close. No other node starts the site before that crawl process has exited, although the
queue has long given its job up (a worker silent for 10 s is gone), and the run history's
``ended_at`` of the lost run is not before the crawl's real end."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.cluster.kit import ClusterNode, needs_cluster_extra, overlaps, runs
from tests.daemon.kit import Workspace, wait_for

pytestmark = [pytest.mark.integration, needs_cluster_extra]
RUN_FOR = 8.0
CLOSE_FOR = 18.0  # longer than the queue's stalled-worker timeout plus the leader's sweep


def _lives(path: Path) -> list[tuple[int, float, float]]:
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        _, pid, start, end = line.split()
        found.append((int(pid), float(start), float(end)))
    return sorted(found, key=lambda life: life[1])


def test_no_overlap_when_a_node_dies_mid_crawl(tmp_path, portal, pg_database: str) -> None:
    life_file = tmp_path / "lives.txt"
    crawl = (f"{sys.executable} {Path(__file__).with_name('closing_crawl.py')} {{site}} {life_file}"
             f" {RUN_FOR} {CLOSE_FOR}")
    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8", name="only")
    # the survivor waits out the fence's holdover after the lost run: a short window keeps it short
    extra = {"DIFANG_TEST_SCHEDULE": "*/2", "DIFANG_TEST_CRAWL_COMMAND": crawl, "DIFANG_SHUTDOWN_GRACE": "0",
             "DIFANG_FENCE_AFTER": "3"}
    nodes = {name: ClusterNode(ws, name, pg_database, **extra) for name in ("a", "b")}
    try:
        victim = wait_for(lambda: next((r for r in runs(pg_database) if r.outcome == "running"
                                        and time.time() - r.started_at > 1.0), None), 40, "a crawl running")
        nodes[victim.node].kill()
        killed_at = time.time()
        survivor = nodes["b" if victim.node == "a" else "a"]
        after = wait_for(lambda: next((r for r in runs(pg_database) if r.node == survivor.name
                                       and r.started_at > killed_at and r.outcome == "ok"), None),
                         CLOSE_FOR + RUN_FOR + 40, "a crawl by the surviving node after the kill")
    finally:
        for node in nodes.values():
            node.stop()

    lives = _lives(life_file)
    killed_life = next(life for life in lives if abs(life[1] - victim.started_at) < 2)
    assert killed_life[2] - killed_at > CLOSE_FOR - 1, "the killed node's crawl did not take its time to close"
    for before, later in zip(lives, lives[1:], strict=False):
        assert later[1] >= before[2], f"crawl processes overlapped: {before} and {later}"
    assert after.started_at >= killed_life[2]
    found = runs(pg_database)
    lost = next(r for r in found if r.id == victim.id)
    assert lost.outcome == "lost" and lost.ended_at is not None
    assert lost.ended_at >= killed_life[2]
    assert overlaps(found) == []
