"""A site that goes silent (a redesign: no link matches its article pattern any more) raises an
alert after N runs in a row: in the log, the metrics, ``runs``, and the webhook."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.daemon.kit import Daemon, Workspace, metric, wait_for, wait_value

pytestmark = pytest.mark.integration


class Hook(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        super().__init__(("127.0.0.1", 0), _HookHandler)


class _HookHandler(BaseHTTPRequestHandler):
    server: Hook

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_alert_fires_when_a_site_goes_silent(ws: Workspace, hook: Hook) -> None:
    ws.add_site("demo-gbk")
    url = f"http://127.0.0.1:{hook.server_address[1]}/alerts"
    env = ws.env(DIFANG_TEST_SCHEDULE="*/2", DIFANG_ALERT_SILENT_RUNS="2", DIFANG_ALERT_WEBHOOK=url)
    daemon = Daemon(ws, env)
    wait_for(lambda: ws.runs(), 60, "a first, healthy crawl")
    ws.edit_site("demo-gbk", article_urls=[r"/redesigned/\d+\.shtml$"])
    runs = wait_value(ws.runs, lambda r: any(x.alerts for x in r), 90, "the alert")
    metrics = daemon.metrics()
    runs_out = ws.cli("runs", env=env)
    assert daemon.stop() == 0

    assert runs[0].articles > 0 and not runs[0].silent
    silent = [r for r in runs if r.silent]
    assert len(silent) >= 2 and not silent[0].alerts  # one silent run is not an alert yet
    assert silent[1].alerts and silent[1].alerts[0].startswith("silent: no articles found in the last 2 runs")
    assert "ALERT demo-gbk silent: no articles found" in daemon.log()
    assert metric(metrics, "difang_site_alert", site="demo-gbk", kind="silent") == 1
    assert metric(metrics, "difang_alerts_total", site="demo-gbk", kind="silent") == 1
    assert "ALERT demo-gbk silent" in runs_out.stdout
    firing = [p for p in hook.posts if p["state"] == "firing"]
    assert len(firing) == 1 and firing[0]["site"] == "demo-gbk" and firing[0]["alert"] == "silent"
