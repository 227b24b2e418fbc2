"""Starting a node with a bad or unreachable database: one line naming it, exit status 2."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.cluster.kit import ROOT, needs_cluster_extra
from tests.daemon.kit import Workspace

pytestmark = needs_cluster_extra


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when this returns: nothing listens there


def _start(ws: Workspace, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "scheduler.py", "--cluster"], cwd=ROOT, env=ws.env(**env),
                          capture_output=True, text=True, timeout=60)


def test_unreachable_database_is_one_line_and_status_2(tmp_path, portal) -> None:
    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8")
    port = _closed_port()
    done = _start(ws, DIFANG_DATABASE=f"postgresql://difang:secret@127.0.0.1:{port}/difang")
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1, done.stderr
    assert f"cluster database 127.0.0.1:{port}/difang unreachable" in errors[0]
    assert "secret" not in done.stderr and "Traceback" not in done.stderr


def test_cluster_without_a_database_url(tmp_path, portal) -> None:
    ws = Workspace(tmp_path, portal)
    ws.add_site("demo-utf8")
    done = _start(ws)
    assert done.returncode == 2
    assert "cluster mode needs DIFANG_DATABASE=postgresql://" in done.stderr
    assert "Traceback" not in done.stderr
