"""Every node's query index learns of the crawls other nodes ran: from ``difang_runs`` (never by
listing the archive), each run read once, a run whose files are not in the archive yet read on a
later sync. Two DIFANG_HOMEs share one archive folder and a real PostgreSQL; node A crawls the
demo portal for real (``scheduler.py run``), node B searches."""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from query.index import QueryIndex, index_path
from tests.cluster.kit import ClusterNode, needs_cluster_extra
from tests.daemon.kit import FAST, Workspace, wait_for

pytestmark = [needs_cluster_extra, pytest.mark.integration]


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def difang(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Done]:
    """``difang ARGS`` in this process (a fresh interpreter would spend 2 s on imports), with
    the DIFANG_* variables of ``env``."""
    from archive.cli.main import main

    def run(env: Mapping[str, str], *argv: str) -> Done:
        for name in [n for n in os.environ if n.startswith("DIFANG_")]:
            monkeypatch.delenv(name)
        for name, value in env.items():
            if name.startswith("DIFANG_"):
                monkeypatch.setenv(name, value)
        capsys.readouterr()
        status = main(list(argv))
        out, err = capsys.readouterr()
        return Done(status, out, err)

    return run


def ids(done: Done) -> set[str]:
    assert done.returncode == 0, done.stderr
    return {json.loads(line)["id"] for line in done.stdout.splitlines()}


def indexed(home: Path) -> set[str]:
    with QueryIndex(index_path(home)) as index:
        return {r["id"] for r in index.execute("SELECT id FROM articles")}


@pytest.fixture
def nodes(tmp_path: Path, portal, pg_database: str) -> tuple[Workspace, dict[str, str], dict[str, str]]:
    from cluster.db import ensure_schema

    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8", name="alpha")
    ws.add_site("demo-big5", name="beta")
    ensure_schema(pg_database)
    env_a = ws.env(DIFANG_HOME=str(tmp_path / "a"), DIFANG_DATABASE=pg_database, DIFANG_NODE="a")
    env_b = ws.env(DIFANG_HOME=str(tmp_path / "b"), DIFANG_DATABASE=pg_database, DIFANG_NODE="b")
    return ws, env_a, env_b


def crawl(ws: Workspace, env: Mapping[str, str], site: str) -> str:
    """A real crawl on the node of ``env``; its run id (from difang_runs)."""
    import psycopg

    done = ws.cli(*[x for s in FAST for x in ("--set", s)], "run", site, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    with psycopg.connect(env["DIFANG_DATABASE"]) as conn:
        row = conn.execute("SELECT run_id FROM difang_runs WHERE site = %s ORDER BY id DESC LIMIT 1",
                           (site,)).fetchone()
    assert row and row[0]
    return str(row[0])


def synced(difang: Callable[..., Done], env: Mapping[str, str]) -> str:
    done = difang(env, "sync")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_crawl_on_node_a_is_searchable_on_node_b(nodes, difang) -> None:
    ws, env_a, env_b = nodes
    crawl(ws, env_a, "alpha")
    on_a = indexed(Path(env_a["DIFANG_HOME"]))
    assert on_a, "node A's own crawl fed its index"
    assert not index_path(env_b["DIFANG_HOME"]).exists()

    found = difang(env_b, "search", "--jsonl", "--limit", "1000")  # syncs first, making B's index
    assert ids(found) == on_a
    assert "new index" in found.stderr  # says how to get the older archive
    assert indexed(Path(env_b["DIFANG_HOME"])) == on_a
    # each run is read once: nothing new, nothing read again
    assert synced(difang, env_b).startswith("index sync: 0 runs read, 0 records added, 0 waiting")

    crawl(ws, env_a, "beta")
    line = synced(difang, env_b)
    assert line.startswith("index sync: 1 runs read,"), line
    assert indexed(Path(env_b["DIFANG_HOME"])) == indexed(Path(env_a["DIFANG_HOME"]))
    beta = {i for i in indexed(Path(env_a["DIFANG_HOME"])) if i not in on_a}
    assert beta and ids(difang(env_b, "search", "--site", "beta", "--jsonl", "--limit", "1000")) == beta


def test_a_run_not_in_the_archive_yet_is_read_on_a_later_sync(nodes, difang) -> None:
    ws, env_a, env_b = nodes
    assert synced(difang, env_b).startswith("index sync: 0 runs read")  # B's index exists, synced, empty
    run_id = crawl(ws, env_a, "alpha")
    # as if the run's files were still in node A's spool (the store away while it crawled)
    archive = Path(env_a["DIFANG_ARCHIVE"])
    run_file = archive / "runs" / f"{run_id}.json"
    manifest = archive / json.loads(run_file.read_text(encoding="utf-8"))["manifest"]
    held = Path(env_a["DIFANG_HOME"]) / "held"
    held.mkdir()
    shutil.move(run_file, held / "run.json")
    shutil.move(manifest, held / "manifest.parquet")

    assert synced(difang, env_b).startswith("index sync: 1 runs read, 0 records added, 1 waiting")
    assert not indexed(Path(env_b["DIFANG_HOME"]))
    shutil.move(held / "manifest.parquet", manifest)  # the manifest arrives first: still waiting
    assert synced(difang, env_b).startswith("index sync: 1 runs read, 0 records added, 1 waiting")
    shutil.move(held / "run.json", run_file)
    line = synced(difang, env_b)
    assert line.startswith("index sync: 1 runs read,") and " 0 waiting" in line, line
    assert indexed(Path(env_b["DIFANG_HOME"])) == indexed(Path(env_a["DIFANG_HOME"]))
    assert synced(difang, env_b).startswith("index sync: 0 runs read")


def test_a_compacted_run_is_found_in_its_days_compacted_file(nodes, difang) -> None:
    ws, env_a, env_b = nodes
    assert synced(difang, env_b).startswith("index sync: 0 runs read")
    crawl(ws, env_a, "alpha")
    done = difang(env_a, "compact", "--before", "2999-01-01")  # every day, today's too
    assert done.returncode == 0, done.stderr
    assert not [p for p in Path(env_a["DIFANG_ARCHIVE"]).glob("manifests/*/*.parquet")
                if not p.name.startswith("compact-")]
    line = synced(difang, env_b)
    assert line.startswith("index sync: 1 runs read,") and " 0 waiting" in line, line
    assert indexed(Path(env_b["DIFANG_HOME"])) == indexed(Path(env_a["DIFANG_HOME"]))


def test_database_away_searches_the_local_index_as_it_is(nodes, difang) -> None:
    ws, env_a, env_b = nodes
    crawl(ws, env_a, "alpha")
    assert synced(difang, env_b).startswith("index sync: 1 runs read")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    away = {**env_b, "DIFANG_DATABASE": f"postgresql://u:pw@127.0.0.1:{port}/x"}
    found = difang(away, "search", "--jsonl", "--limit", "1000")
    assert ids(found) == indexed(Path(env_a["DIFANG_HOME"]))
    warning = [line for line in found.stderr.splitlines() if line.strip()]
    assert len(warning) == 1 and "index not synced" in warning[0] and "unreachable" in warning[0], found.stderr
    assert "pw" not in found.stderr
    sync = difang(away, "sync")
    assert sync.returncode == 1 and "unreachable" in sync.stderr and "Traceback" not in sync.stderr


def test_an_idle_node_keeps_its_index_fed(nodes, pg_database: str) -> None:
    ws, env_a, _ = nodes
    for site in ("alpha", "beta"):
        ws.edit_site(site, schedule="0 0 1 1 *")  # nothing due while the test runs: node B stays idle
    node = ClusterNode(ws, "b", pg_database, DIFANG_INDEX_SYNC_INTERVAL="0.5")
    try:
        crawl(ws, env_a, "alpha")
        on_a = indexed(Path(env_a["DIFANG_HOME"]))
        wait_for(lambda: index_path(node.home).exists() and indexed(node.home) == on_a, 30,
                 "node B's index to hold node A's crawl")
        assert node.alive(), node.log()[-3000:]
    finally:
        assert node.stop() == 0, node.log()[-3000:]
    assert "index sync: 1 runs read" in node.log()


def test_the_web_ui_keeps_its_index_fed(nodes) -> None:
    """``difang web`` in cluster mode: node A's crawl becomes findable in the UI of node B while it
    serves, with no command run on B."""
    import urllib.request

    from tests.web.conftest import start_server, stop_server

    ws, env_a, env_b = nodes
    proc, url = start_server({**env_b, "DIFANG_INDEX_SYNC_INTERVAL": "0.5"})
    try:
        crawl(ws, env_a, "alpha")
        on_a = indexed(Path(env_a["DIFANG_HOME"]))
        wait_for(lambda: index_path(env_b["DIFANG_HOME"]).exists() and indexed(Path(env_b["DIFANG_HOME"])) == on_a,
                 30, "the web UI's index to hold node A's crawl")
        some = sorted(on_a)[0]
        with urllib.request.urlopen(f"{url}/article/{some}", timeout=10) as page:
            assert page.status == 200
    finally:
        stop_server(proc)
