"""A node cut off from the database (alive, its crawl going on) loses its session and with it the
site's lock; another node takes the site. The fence (cluster/fence.py) stops the cut-off crawl
within seconds, and the node that took the lock waits until that crawl must have stopped: the
two crawl processes never overlap. Then the cut heals and the first node records its run."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.cluster.kit import ClusterNode, needs_cluster_extra, overlaps, runs
from tests.cluster.proxy import CuttableProxy
from tests.cluster.test_node_death import _lives
from tests.daemon.kit import Workspace, wait_for

pytestmark = [pytest.mark.integration, needs_cluster_extra]
FENCE_AFTER = 4.0  # the window of unconfirmed locks (default 60 s), short for the test


def test_a_cut_off_node_stops_its_crawl_before_another_starts_the_site(tmp_path, portal, pg_database: str) -> None:
    from cluster.fence import holdover

    life_file = tmp_path / "lives.txt"
    script = Path(__file__).with_name("closing_crawl.py")

    def crawl(run_for: float) -> str:
        return f"{sys.executable} {script} {{site}} {life_file} {run_for} 2"

    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8", name="only")
    extra = {"DIFANG_TEST_SCHEDULE": "*/2", "DIFANG_SHUTDOWN_GRACE": "0", "DIFANG_KILL_GRACE": "30",
             "DIFANG_FENCE_AFTER": str(FENCE_AFTER)}
    where = urlsplit(pg_database)
    with CuttableProxy(where.hostname or "127.0.0.1", where.port or 5432) as proxy:
        behind = pg_database.replace(f":{where.port}/", f":{proxy.port}/")
        cut_node = ClusterNode(ws, "a", behind, DIFANG_TEST_CRAWL_COMMAND=crawl(120), **extra)
        nodes = [cut_node]
        try:
            victim = wait_for(lambda: next((r for r in runs(pg_database) if r.outcome == "running"), None),
                              40, "a crawl on the node behind the proxy")
            nodes.append(ClusterNode(ws, "b", pg_database, DIFANG_TEST_CRAWL_COMMAND=crawl(1), **extra))
            time.sleep(2)
            proxy.cut()
            cut_at = time.time()
            taken = wait_for(lambda: next((r for r in runs(pg_database) if r.node == "b" and r.outcome == "ok"),
                                          None), 90, "the other node to crawl the site")
            proxy.heal()
            wait_for(lambda: next((r for r in runs(pg_database) if r.id == victim.id and r.outcome == "interrupted"),
                                  None), 60, "the cut-off node to record its stopped run once healed")
        finally:
            codes = [node.stop() for node in nodes]
    assert codes == [0, 0], [node.log()[-3000:] for node in nodes]

    lives = _lives(life_file)
    cut_life = next(life for life in lives if abs(life[1] - victim.started_at) < 2)
    assert cut_life[2] - cut_at < holdover(FENCE_AFTER), "the cut-off crawl was not stopped by the fence"
    assert cut_life[2] - cut_at > FENCE_AFTER - 1  # stopped for the lack of confirmations, not before
    assert taken.started_at >= cut_life[2], "the other node started the site while the cut-off crawl ran"
    for before, later in zip(lives, lives[1:], strict=False):
        assert later[1] >= before[2], f"crawl processes overlapped: {before} and {later}"
    assert "crawl of only: stopping it" in cut_node.log()
    assert "until that crawl must have stopped" in nodes[1].log()
    assert overlaps(runs(pg_database)) == []
