"""Serving the demo portal: one listening socket per site address, all on the same port.

``DemoPortal`` runs the sites of ``demo/portal.py`` in background threads for tests and
``make demo``; ``python -m demo.server --port 8701`` serves them until SIGINT/SIGTERM. Standard
library only. Every request is recorded in ``DemoPortal.requests`` so tests can prove what a
crawler did and did not fetch (robots.txt Disallow).
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import yaml

from demo.portal import (
    BENCH_ARTICLES_DEFAULT,
    BENCH_ARTICLES_ENV,
    DEMO_PORT,
    SITE_ADDRESSES,
    Portal,
    Response,
    bench_size,
)

BIND_ATTEMPTS = 50


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for token in (header or "").split(","):
        coding, _, params = token.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
            try:
                return float(quality) > 0
            except ValueError:
                return True
    return False


def request_target(url: str) -> str:
    """Path and query of a URL or of a request line's target (which may be absolute)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class _SiteServer(ThreadingHTTPServer):
    """The listening socket of one site address."""

    daemon_threads = True
    request_queue_size = 128  # a crawler opens many connections at once; a backlog of 5 drops SYNs
    block_on_close = False  # stop() must not wait for a client's idle keep-alive connection

    def __init__(self, address: tuple[str, int], owner: LoopbackSites, site: str) -> None:
        self.owner = owner
        self.site = site
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a crawler that hangs up mid-body (size cap, cancelled download) is expected, not an error
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "difang-demo/1.0"
    sys_version = ""
    timeout = 30
    # headers and body go out in two writes; with Nagle on, a keep-alive client waits for a delayed ACK
    disable_nagle_algorithm = True
    server: _SiteServer

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        owner = self.server.owner
        owner._record(self.server.site, self.command, self.path)
        response = owner.respond(self.server.site, request_target(self.path))
        gzip_ok = accepts_gzip(self.headers.get("Accept-Encoding"))
        self.send_response(response.status)
        for name, value in response.headers(gzip_ok):
            self.send_header(name, value)
        if response.chunks is not None:
            self.send_header("Content-Length", str(response.chunks_length))
            self.end_headers()
            if send_body:
                for chunk in response.chunks():
                    self.wfile.write(chunk)
            return
        body = response.payload(gzip_ok)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the requests list is the log


class LoopbackSites:
    """Sites on loopback addresses, one listening socket each, all on one port: ``start()``
    listens, ``stop()`` closes. Subclasses say which sites live where and what they answer."""

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self.port = port
        self.requests: list[tuple[str, str, str]] = []
        self.request_times: list[float] = []  # time.monotonic() of each entry of ``requests``
        self._lock = threading.Lock()
        self._servers: list[_SiteServer] = []
        self._threads: list[threading.Thread] = []

    def addresses(self) -> dict[str, str]:
        """Site name -> its loopback address."""
        raise NotImplementedError

    def respond(self, site: str, target: str) -> Response:
        """The response of ``site`` to a request for ``target`` (path and query)."""
        raise NotImplementedError

    def bound(self, port: int) -> None:
        """Called once the sockets are bound on ``port`` (which may differ from the one asked for)."""
        self.port = port

    def _record(self, site: str, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((site, method, path))
            self.request_times.append(time.monotonic())

    def _bind(self) -> list[_SiteServer]:
        """Bind every site address on one port; port 0 picks one that is free on all of them."""
        addresses = self.addresses()
        for _ in range(BIND_ATTEMPTS):
            servers: list[_SiteServer] = []
            try:
                port = self._requested_port
                for name, address in addresses.items():
                    servers.append(_SiteServer((address, port), self, name))
                    port = servers[0].server_address[1]
                return servers
            except OSError:
                for server in servers:
                    server.server_close()
                if self._requested_port:
                    raise
        raise OSError(f"no port free on all of {', '.join(addresses.values())}")

    def start(self) -> None:
        self._servers = self._bind()
        self.bound(self._servers[0].server_address[1])
        for server in self._servers:
            # a short poll interval keeps stop() quick: shutdown() waits for the next poll of each socket
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=f"demo-{server.site}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


class DemoPortal(LoopbackSites):
    """The demo sites of ``demo/portal.py`` on loopback."""

    def __init__(self, port: int = 0, *, bench_articles: int | None = None) -> None:
        super().__init__(port)
        self.bench_articles = bench_size(bench_articles)
        self.portal = Portal(port, self.bench_articles)

    @property
    def sites(self) -> dict[str, str]:
        return {name: site.url("/") for name, site in self.portal.sites.items()}

    def addresses(self) -> dict[str, str]:
        return {name: SITE_ADDRESSES[name] for name in self.portal.sites}

    def respond(self, site: str, target: str) -> Response:
        return self.portal.respond(SITE_ADDRESSES[site], target)

    def bound(self, port: int) -> None:
        if port != self.port:
            self.portal = Portal(port, self.bench_articles)
        self.port = port

    def article_urls(self, site: str) -> list[str]:
        """Absolute URLs of the site's real articles (first page of a multi-page one; no fault URLs)."""
        found = self.portal.sites[site]
        return [found.url(path) for path in found.article_paths()]

    def fault_urls(self, site: str) -> dict[str, str]:
        """Absolute URLs of the site's fault cases by kind (not_found, redirect, redirect_loop, ...)."""
        found = self.portal.sites[site]
        return {kind: found.url(path) for kind, path in found.fault_paths().items()}

    def served_bytes(self, url: str, *, gzip: bool) -> bytes:
        """The exact body bytes a GET of ``url`` receives (gzip: as sent with Content-Encoding gzip)."""
        return self.portal.respond(urlsplit(url).hostname or "", request_target(url)).payload(gzip)

    def site_definitions(self, *, render_js: bool = False) -> dict[str, dict[str, Any]]:
        return {name: site.definition(render_js) for name, site in self.portal.sites.items()}

    def write_site_files(self, folder: str, *, render_js: bool = False) -> list[str]:
        """Write one site YAML per demo site for this port into ``folder``; returns the paths."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, definition in self.site_definitions(render_js=render_js).items():
            path = target / f"{name}.yaml"
            path.write_text(site_yaml(definition), encoding="utf-8")
            paths.append(str(path))
        return paths


def site_yaml(definition: dict[str, Any]) -> str:
    header = "# Demo site definition, generated by demo/server.py (DemoPortal.write_site_files).\n"
    return header + yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=200)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the difang demo portal on loopback.")
    parser.add_argument("--port", type=int, default=DEMO_PORT)
    parser.add_argument("--bench-articles", type=int, default=None,
                        help=f"size of demo-bench (default: ${BENCH_ARTICLES_ENV} or {BENCH_ARTICLES_DEFAULT})")
    parser.add_argument("--write-sites", metavar="FOLDER", help="write the site YAML files for this port and exit")
    args = parser.parse_args()
    portal = DemoPortal(args.port, bench_articles=args.bench_articles)
    if args.write_sites:
        for path in portal.write_site_files(args.write_sites):
            print(path)
        return
    stopped = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with portal:
        for name, url in portal.sites.items():
            print(f"{name:11} {url}", flush=True)
        stopped.wait()


if __name__ == "__main__":
    main()
