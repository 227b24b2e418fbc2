"""A crawl job carries the version of its site's definition, stored in PostgreSQL by the leader
from its last good files; the worker that runs the job crawls that very definition (written
once into its DIFANG_HOME/cluster/sites/NAME/vN/). So a node with no site file of its own
crawls, an edit on the leader becomes a new version that the next jobs carry, and a job made
before the edit still runs the definition it was made with."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.cluster.kit import ClusterNode, leader_of, needs_cluster_extra
from tests.daemon.kit import Workspace, wait_for

pytestmark = [pytest.mark.integration, needs_cluster_extra]
SITES = ("va", "vb", "vc")


def version_runs(dsn: str) -> list[tuple[str, str, str, str, int]]:
    """(site, node, defs_version, outcome, pages) of every finished run."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT site, node, defs_version, outcome, coalesce(pages, 0) FROM difang_runs"
                            " WHERE outcome <> 'running' ORDER BY id").fetchall()
    return [(str(a), str(b), str(c), str(d), int(e)) for a, b, c, d, e in rows]


def test_jobs_run_the_stored_definition_they_name(tmp_path: Path, portal, pg_database: str) -> None:
    from core.config import Config
    from daemon.options import DaemonSettings

    ws = Workspace(tmp_path, portal)
    for name in SITES:
        ws.add_site("demo-utf8", name=name)
    bare_sites = tmp_path / "no-sites"
    bare_sites.mkdir()
    # one crawl at a time per node: the three sites' jobs of each due spread over both nodes
    extra = {"DIFANG_TEST_SCHEDULE": "*/4", "DIFANG_SHUTDOWN_GRACE": "0", "DIFANG_MAX_CRAWLS": "1"}
    nodes = [ClusterNode(ws, "keeper", pg_database, **extra)]
    try:
        wait_for(lambda: leader_of(pg_database) == "keeper", 30, "the node with the site files to lead")
        nodes.append(ClusterNode(ws, "bare", pg_database, DIFANG_SITES=str(bare_sites), **extra))

        def bare_crawled(version: str, site: str | None = None) -> bool:
            return any(node == "bare" and v == version and outcome == "ok" and pages > 0
                       and (site is None or s == site) for s, node, v, outcome, pages in version_runs(pg_database))

        wait_for(lambda: bare_crawled("1"), 60, "a crawl on the node without site files")
        original = ws.site_file("va").read_text(encoding="utf-8")
        ws.edit_site("va", title="青山新闻网（新版）")
        wait_for(lambda: any(s == "va" and v == "2" for s, _, v, _, _ in version_runs(pg_database)), 60,
                 "a crawl of the edited definition")
        wait_for(lambda: bare_crawled("2", "va"), 60, "the node without site files to crawl the new version")
        assert nodes[0].stop() == 0
        time.sleep(3)  # a standby takes over within a second or two: not one without site files
        assert leader_of(pg_database) is None and nodes[1].alive()
    finally:
        codes = [node.stop() for node in nodes]
    assert codes == [0, 0], [node.log()[-3000:] for node in nodes]
    assert "no site definitions in" in nodes[1].log()

    found = version_runs(pg_database)
    assert {v for s, _, v, _, _ in found if s != "va"} == {"1"}  # unchanged sites stay at version 1
    edited = ws.site_file("va").read_text(encoding="utf-8")
    bare_home = tmp_path / "nodes" / "bare" / "cluster" / "sites"
    assert (bare_home / "va" / "v2" / "va.yaml").read_text(encoding="utf-8") == edited
    crawled_bare = {(site, v) for site, node, v, _, _ in found if node == "bare"}
    assert all((bare_home / site / f"v{v}" / f"{site}.yaml").exists() for site, v in crawled_bare)
    assert not list(bare_sites.iterdir())

    # a job made before the edit (version 1) runs the definition of version 1, on any node
    from cluster.worker import ClusterWorker

    env = ws.env(DIFANG_HOME=str(tmp_path / "nodes" / "late"), DIFANG_SITES=str(bare_sites),
                 DIFANG_CRAWL_LAUNCHER="subprocess")
    config = Config.from_env(env)
    worker = ClusterWorker(pg_database, config, DaemonSettings.from_env(config, env), "late")
    folder, definition, number = worker.definition("va", "1")
    assert number == "1" and (folder / "va.yaml").read_text(encoding="utf-8") == original
    assert definition.title != "青山新闻网（新版）"
    assert worker.definition("va", "")[2] == "2"  # a job naming no version: the latest
