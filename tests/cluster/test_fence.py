"""The fence on one node, against a real PostgreSQL: a crawl whose lock session the database ended
(while the database itself is still reachable) is stopped at the next check; a crawl whose locks
are held is left alone; and the wait of a node taking a site whose last run did not finish."""

from __future__ import annotations

import threading
import time

import pytest

from tests.cluster.kit import needs_cluster_extra

pytestmark = needs_cluster_extra


class Stops:
    def __init__(self) -> None:
        self.sites: list[tuple[str, float | None]] = []
        self.event = threading.Event()

    def stop(self, site: str, grace: float | None = None) -> bool:
        self.sites.append((site, grace))
        self.event.set()
        return True


def test_a_crawl_whose_lock_session_ended_is_stopped(pg_database: str) -> None:
    from cluster.db import SITE, connect, lock_key
    from cluster.fence import FENCE_GRACE, LockFence

    stops = Stops()
    fence = LockFence(pg_database, stops, every=0.2)
    kept, ended = connect(pg_database), connect(pg_database)
    for conn, site in ((kept, "kept"), (ended, "ended")):
        conn.execute("SELECT pg_advisory_lock(%s)", (lock_key(SITE, site),))
    with fence.watch("kept", kept, 1), fence.watch("ended", ended, 1):
        time.sleep(1.0)
        assert stops.sites == []  # both confirmed
        with connect(pg_database) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (ended.info.backend_pid,))
        assert stops.event.wait(5)
        time.sleep(0.5)
    assert set(stops.sites) == {("ended", FENCE_GRACE)}
    kept.close()
    ended.close()


def test_the_wait_after_an_unfinished_run(pg_database: str) -> None:
    from cluster.db import connect, ensure_schema
    from cluster.fence import HOLDOVER, fence_wait

    ensure_schema(pg_database)
    now = time.time()
    with connect(pg_database) as conn:
        assert fence_wait(conn, "quiet", now) == 0.0
        insert = ("INSERT INTO difang_runs (site, trigger, started_at, late, log_path, outcome, ended_at)"
                  " VALUES (%s, 'schedule', %s, false, '', %s, %s)")
        conn.execute(insert, ("running", now - 60, "running", None))
        conn.execute(insert, ("lost", now - 60, "lost", now - 4))
        conn.execute(insert, ("long-lost", now - 600, "lost", now - 500))
        conn.execute(insert, ("done", now - 60, "ok", now - 1))
        assert fence_wait(conn, "running", now) == pytest.approx(HOLDOVER)
        assert fence_wait(conn, "lost", now) == pytest.approx(HOLDOVER - 4)
        assert fence_wait(conn, "long-lost", now) == 0.0
        assert fence_wait(conn, "done", now) == 0.0
