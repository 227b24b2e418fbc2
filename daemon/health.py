"""The daemon's HTTP endpoint: ``/healthz`` (JSON) and ``/metrics`` (Prometheus text format).

Bound to loopback by default (DIFANG_HEALTH_HOST, DIFANG_HEALTH_PORT; port 0 picks a free one):
it tells whoever can reach it which sites exist and when they run, so it is not for the internet.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST

from daemon.metrics import DaemonMetrics

Status = Callable[[], dict[str, Any]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], metrics: DaemonMetrics, status: Status) -> None:
        self.metrics = metrics
        self.status = status
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            self._send(200, CONTENT_TYPE_LATEST, self.server.metrics.exposition())
        elif path == "/healthz":
            status = self.server.status()
            code = 200 if status.get("status") == "ok" else 503
            self._send(code, "application/json", json.dumps(status, ensure_ascii=False).encode("utf-8"))
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: try /healthz or /metrics\n")

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # scraped every few seconds; not worth a log line each


class HealthServer:
    def __init__(self, host: str, port: int, metrics: DaemonMetrics, status: Status) -> None:
        self._server = _Server((host, port), metrics, status)
        self._thread = threading.Thread(target=self._server.serve_forever, name="difang-health", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever for a loop never started
            self._server.shutdown()
        self._server.server_close()
