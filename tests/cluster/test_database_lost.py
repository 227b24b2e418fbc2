"""The database lost mid-run: the leader stops scheduling at once, the crawl in hand finishes and
is recorded once the database is back, and the node leads and crawls again."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster.kit import ClusterNode, leader_of, needs_cluster_extra, runs
from tests.daemon.kit import Workspace, wait_for
from tests.pgserver import PostgresServer

pytestmark = [pytest.mark.integration, needs_cluster_extra]
CRAWL = f"{sys.executable} {Path(__file__).with_name('sleepy_crawl.py')} {{site}} 6"


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A server of this test alone: it is stopped and started again."""
    with PostgresServer() as server:
        yield server


def test_database_lost_and_back(tmp_path, portal, own_server: PostgresServer) -> None:
    dsn = own_server.create_database("lost")
    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8", name="only")
    node = ClusterNode(ws, "solo", dsn, DIFANG_TEST_SCHEDULE="*/3", DIFANG_TEST_CRAWL_COMMAND=CRAWL,
                       DIFANG_SHUTDOWN_GRACE="0")
    try:
        wait_for(lambda: leader_of(dsn) == "solo", 30, "the node to lead")
        wait_for(lambda: any(r.outcome == "running" for r in runs(dsn)), 30, "a crawl to start")
        in_hand = next(r for r in runs(dsn) if r.outcome == "running")
        own_server.pause()
        down = time.monotonic()
        wait_for(lambda: "solo stopped scheduling: lost the database" in node.log(), 5, "the leader to step down")
        assert time.monotonic() - down < 3
        time.sleep(6)  # the crawl in hand ends while the database is away
        assert node.alive()
        own_server.resume()
        finished = wait_for(lambda: next((r for r in runs(dsn) if r.id == in_hand.id and r.outcome == "ok"), None),
                            40, "the crawl in hand recorded")
        assert finished.ended_at is not None and finished.ended_at < time.time()
        wait_for(lambda: leader_of(dsn) == "solo", 30, "the node to lead again")
        back = time.time()
        wait_for(lambda: any(r.started_at > back for r in runs(dsn)), 30, "a crawl after the database came back")
    finally:
        code = node.stop()
    assert code == 0, node.log()[-3000:]
