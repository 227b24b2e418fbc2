"""Three nodes (own DIFANG_HOME each) share one PostgreSQL and one archive (a shared local
folder: SeaweedFS would add its start-up to a test that is already the longest here), crawling
12 demo sites every few seconds with real Scrapy crawls. A worker is killed with SIGKILL in the
middle of a crawl, then the leader; both come back. Afterwards: no (site, due) was queued or run
twice, no two runs of one site overlapped, every site crawled successfully after the kills,
``difang verify`` passes on the shared archive, there is one clean record per article id, copies of one story are one syndication cluster, and the clusters are the ones a single
process crawling the same sites (``scheduler.py --once``, no database) makes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests.cluster.kit import (
    ROOT,
    ClusterNode,
    Run,
    leader_of,
    needs_cluster_extra,
    overlaps,
    queued,
    runs,
    scheduled_twice,
)
from tests.daemon.kit import Workspace, wait_for, wait_value
from tests.integration.crawlkit import scheduler_once

pytestmark = [pytest.mark.integration, needs_cluster_extra]
DEMOS = ("demo-utf8", "demo-gbk", "demo-big5")
SITES = [f"c{i:02d}-{DEMOS[i % 3]}" for i in range(11)] + ["c11-demo-bench"]



def test_three_nodes_survive_kills(tmp_path, portal, pg_database: str) -> None:
    ws = Workspace(tmp_path, portal)
    for name in SITES:
        ws.add_site(name.split("-", 1)[1], name=name)
    extra = {"DIFANG_TEST_SCHEDULE": "*/6", "DIFANG_MAX_CRAWLS": "2", "DIFANG_SHUTDOWN_GRACE": "0",
             "DIFANG_KILL_GRACE": "5", "DIFANG_FENCE_AFTER": "3"}  # a short holdover after the lost run
    nodes = {name: ClusterNode(ws, name, pg_database, **extra) for name in ("n1", "n2", "n3")}
    leader = wait_for(lambda: leader_of(pg_database), 30, "a leader")
    try:
        # a crawl in the middle of its work on a node that does not lead
        def victim_run() -> Run | None:
            return next((r for r in runs(pg_database) if r.outcome == "running" and r.node != leader
                         and time.time() - r.started_at > 1.0), None)

        victim = wait_for(victim_run, 45, "a crawl running on a worker")
        nodes[victim.node].kill()
        nodes[leader].kill()
        killed_at = time.time()
        wait_for(lambda: leader_of(pg_database) not in (None, leader), 15, "a new leader")
        for name in {victim.node, leader}:
            nodes[name] = ClusterNode(ws, name, pg_database, **extra)

        def crawled_after_kills(found: list[Run]) -> bool:
            return {r.site for r in found if r.outcome == "ok" and r.started_at > killed_at} == set(SITES)

        wait_value(lambda: runs(pg_database), crawled_after_kills, 70, "every site crawled after the kills")
    finally:
        codes = {name: node.stop() for name, node in nodes.items()}
    assert codes == {"n1": 0, "n2": 0, "n3": 0}, codes

    found = runs(pg_database)
    jobs = queued(pg_database)
    assert len(jobs) == len(set(jobs)), "a (site, due) was queued twice"
    assert scheduled_twice(found) == {}
    assert overlaps(found) == []
    killed = next(r for r in found if r.id == victim.id)
    assert killed.outcome == "lost", killed
    assert {r.node for r in found} == {"n1", "n2", "n3"}
    verify = subprocess.run([sys.executable, "-m", "archive.cli.main", "verify"], cwd=ROOT, env=ws.env(),
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # one clean record per article id, and every copy of a story in one cluster, as one process
    # filing them all would make: seen URLs and the dedupe index are shared in PostgreSQL. (Four
    # site files here name each demo portal, so one page is an article of several sites, often
    # fetched at once by crawls on different nodes: archived once, under the first to file it.)
    records = [json.loads(path.read_text(encoding="utf-8")) for path in (ws.archive / "clean").rglob("*.json")]
    per_id = Counter(record["id"] for record in records)
    assert records and [key for key, n in per_id.items() if n > 1] == []
    clusters_of: dict[str, set[str]] = {}
    for record in records:
        clusters_of.setdefault(record["id"], set()).add(record["cluster_id"])
        clusters_of.setdefault(record["content_hash"], set()).add(record["cluster_id"])
    assert {key: c for key, c in clusters_of.items() if len(c) > 1} == {}
    sites_of: dict[str, set[str]] = {}
    for record in records:
        sites_of.setdefault(record["cluster_id"], set()).add(record["site"])
    assert any(len(sites) > 1 for sites in sites_of.values()), "no cluster spans two sites"

    # the same sites crawled once by one machine, without a database: the same stories
    alone = ws.tmp / "alone"
    env = {**ws.env(DIFANG_HOME=str(alone / "home"), DIFANG_ARCHIVE=str(alone / "archive")),
           "DIFANG_MAX_CRAWLS": "2"}
    done = scheduler_once(env)
    assert done.returncode == 0, done.stderr[-3000:]
    single = [json.loads(path.read_text(encoding="utf-8")) for path in (alone / "archive" / "clean").rglob("*.json")]
    assert stories(records) == stories(single)


def stories(records: list[dict[str, object]]) -> set[frozenset[object]]:
    """The syndication clusters as sets of article ids: cluster ids themselves, and which of the
    sites sharing a page archived it, depend on which crawl came first."""
    members: dict[object, set[object]] = {}
    for record in records:
        members.setdefault(record["cluster_id"], set()).add(record["id"])
    return {frozenset(m) for m in members.values()}
