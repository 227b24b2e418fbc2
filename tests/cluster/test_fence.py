"""The fence on one node, against a real PostgreSQL: a crawl whose lock session the database ended
(while the database itself is still reachable) has its lock taken again and goes on, unless
another node has taken the site meanwhile: then it is stopped at the next check; a crawl whose
locks are held is left alone; and the wait of a node taking a site whose last run did not finish."""

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


def test_a_lock_session_ended_is_taken_again_or_the_crawl_stopped(pg_database: str) -> None:
    from cluster.db import SITE, connect, lock_key
    from cluster.fence import FENCE_GRACE, LockFence

    stops = Stops()
    fence = LockFence(pg_database, stops, every=0.2)
    sessions = {site: connect(pg_database) for site in ("kept", "retaken", "taken-over")}
    keys = {site: [lock_key(SITE, site)] for site in sessions}
    for site, conn in sessions.items():
        conn.execute("SELECT pg_advisory_lock(%s)", (keys[site][0],))
    other_node = connect(pg_database)

    def holder(key: int) -> str | None:
        """The application name of the session holding an advisory lock (pg_locks splits the key)."""
        unsigned = key & 0xFFFFFFFFFFFFFFFF
        row = other_node.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::oid AND l.objid = %s::oid",
            (unsigned >> 32, unsigned & 0xFFFFFFFF)).fetchone()
        return str(row[0]) if row else None

    def take(site: str) -> bool:
        row = other_node.execute("SELECT pg_try_advisory_lock(%s)", keys[site]).fetchone()
        return bool(row and row[0])

    with fence.watch("kept", sessions["kept"], keys["kept"]), \
            fence.watch("retaken", sessions["retaken"], keys["retaken"]), \
            fence.watch("taken-over", sessions["taken-over"], keys["taken-over"]):
        time.sleep(1.0)
        assert stops.sites == []  # all confirmed
        # another node waits for one of the locks: it gets it the moment the session ends
        waiting = threading.Thread(target=other_node.execute, args=("SELECT pg_advisory_lock(%s)", keys["taken-over"]))
        waiting.start()
        time.sleep(0.3)
        with connect(pg_database) as admin:
            for site in ("retaken", "taken-over"):
                admin.execute("SELECT pg_terminate_backend(%s)", (sessions[site].info.backend_pid,))
        waiting.join(5)
        assert not waiting.is_alive()
        assert stops.event.wait(10)
        deadline = time.monotonic() + 10
        while holder(keys["retaken"][0]) != "difang-fence retaken" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert holder(keys["retaken"][0]) == "difang-fence retaken"  # the fence holds it again
        assert not take("retaken")
    assert set(stops.sites) == {("taken-over", FENCE_GRACE)}  # asked again each second till it ends
    deadline = time.monotonic() + 5  # let go after the crawl (the server ends a closed session at once, not instantly)
    while not take("retaken") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert holder(keys["retaken"][0]) == "difang"  # other_node's own, by its application name
    for conn in (*sessions.values(), other_node):
        conn.close()


def test_the_wait_after_an_unfinished_run(pg_database: str) -> None:
    from cluster.db import connect, ensure_schema
    from cluster.fence import fence_wait, holdover

    ensure_schema(pg_database)
    now = time.time()
    with connect(pg_database) as conn:
        hold = holdover(10.0)
        assert fence_wait(conn, "quiet", 10.0, now) == 0.0
        insert = ("INSERT INTO difang_runs (site, trigger, started_at, late, log_path, outcome, ended_at)"
                  " VALUES (%s, 'schedule', %s, false, '', %s, %s)")
        conn.execute(insert, ("running", now - 60, "running", None))
        conn.execute(insert, ("lost", now - 60, "lost", now - 4))
        conn.execute(insert, ("long-lost", now - 600, "lost", now - hold - 1))
        conn.execute(insert, ("done", now - 60, "ok", now - 1))
        assert fence_wait(conn, "running", 10.0, now) == pytest.approx(hold)
        assert fence_wait(conn, "lost", 10.0, now) == pytest.approx(hold - 4)
        assert fence_wait(conn, "long-lost", 10.0, now) == 0.0
        assert fence_wait(conn, "done", 10.0, now) == 0.0
