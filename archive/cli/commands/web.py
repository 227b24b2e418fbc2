"""``difang web``: serve the read-only web UI (:mod:`archive.web`) until interrupted.

Bound to 127.0.0.1:8080 by default. In cluster mode its index is kept fed from the whole
cluster's crawls while it serves. Any other address needs DIFANG_WEB_TOKEN (the browser opens
``/?token=…`` once; scripts send ``Authorization: Bearer …``); without it the command refuses in
one line, exit status 2.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
import threading

from archive.cli.context import Context
from cluster import database_url

NAME = "web"
HELP = "serve a read-only web UI: search, articles, raw captures, stories, sites board, stats"
TOKEN_ENV = "DIFANG_WEB_TOKEN"
PYWB_ENV = "DIFANG_PYWB_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help=f"address to listen on (default 127.0.0.1; any other needs {TOKEN_ENV})")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    parser.add_argument("--pywb", metavar="URL", default=os.environ.get(PYWB_ENV, ""),
                        help=f"a pywb collection to link raw captures to, e.g. http://127.0.0.1:8090/difang "
                             f"(default: {PYWB_ENV})")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or OSError (the caller says why in one line)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def allowed_hosts(host: str) -> list[str] | None:
    """Host headers to accept: loopback names when bound to loopback (so that no other site's page
    reaches the UI by DNS rebinding); any when bound elsewhere (the token guards it)."""
    return ["127.0.0.1", "localhost", "::1", "[::1]", host] if is_loopback(host) else None


def _keep_index_synced(ctx: Context) -> threading.Event:
    """In cluster mode, the index the UI searches is fed from the whole cluster's crawls while it
    serves (as a node's is: cluster/index_sync.py), every DIFANG_INDEX_SYNC_INTERVAL seconds."""
    stop = threading.Event()
    dsn = database_url()
    if dsn:
        from cluster.index_sync import NodeIndexSync
        from daemon.options import DaemonSettings

        every = DaemonSettings.from_env(ctx.config).index_sync_interval or 60.0
        syncing = NodeIndexSync(dsn, ctx.config.home, ctx.config.archive, every)
        threading.Thread(target=syncing.run, args=(stop,), name="index-sync", daemon=True).start()
    return stop


def run(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    from archive.web.app import create_app
    from archive.web.state import WebState
    from daemon.options import SettingError

    token = os.environ.get(TOKEN_ENV, "").strip()
    if not is_loopback(args.host) and not token:
        print(f"difang web: refusing to listen on {args.host}, which is not a loopback address, without "
              f"{TOKEN_ENV}: set it to a long random secret, or use --host 127.0.0.1", file=ctx.err)
        return 2
    if not 0 <= args.port <= 65535:
        print(f"difang web: --port must be from 0 to 65535, got {args.port}", file=ctx.err)
        return 2
    try:
        state = WebState(ctx.config, pywb_url=args.pywb)
    except SettingError as exc:
        print(f"difang web: {exc}", file=ctx.err)
        return 2
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        print(f"difang web: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=ctx.err)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"difang web: serving http://{shown}:{port}/ (read-only; Ctrl-C stops)", file=ctx.err, flush=True)
    app = create_app(state, token=token, allowed_hosts=allowed_hosts(args.host))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", server_header=False, access_log=False,
                                           proxy_headers=False, lifespan="off"))
    stop_sync = _keep_index_synced(ctx)
    try:
        server.run(sockets=[sock])
    finally:
        stop_sync.set()
        state.close()
        sock.close()
    sys.stdout.flush()
    return 0
