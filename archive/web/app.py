"""The web application: routes, error pages, and the guard every request passes.

The guard (an ASGI middleware) answers GET and HEAD only (nothing here writes), checks the Host
header when the server is bound to loopback (a page elsewhere cannot reach it by DNS
rebinding), asks for ``DIFANG_WEB_TOKEN`` when one is set, and gives every response the security
headers of the UI: a Content-Security-Policy that allows nothing but the UI's own stylesheet and
frames (the pages need no script), no referrer, no sniffing, no framing by others. A response
that sets its own policy (a raw capture) keeps it.

Errors are pages, never tracebacks: an unknown id is 404, a bad parameter 400 with the reason,
a missing index 503 with the command that makes one, anything else 500 (logged in full here).
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.cli.context import CommandError, NotFound
from archive.web import article, raw, search, sites, stats
from archive.web.params import BadParameter
from archive.web.raw import UndecodableCapture
from archive.web.render import HERE, page
from archive.web.state import WebState

log = logging.getLogger("difang.web")
TOKEN_COOKIE = "difang_token"
UI_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
             "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


class Guard:
    def __init__(self, app: ASGIApp, *, token: str = "", allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.token = token
        self.allowed_hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        started = time.perf_counter()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # the time the page took here, for the page-time benchmark and a browser's devtools
                took = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={took:.1f}".encode()))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", UI_POLICY.encode()))
                if b"x-frame-options" not in present:
                    headers.append((b"x-frame-options", b"DENY"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope) -> Response | None:
        if scope["method"] not in ("GET", "HEAD"):
            return PlainTextResponse("read-only: only GET and HEAD\n", 405, headers={"Allow": "GET, HEAD"})
        headers = Headers(scope=scope)
        if self.allowed_hosts is not None:
            host = headers.get("host", "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                return PlainTextResponse(f"unexpected Host header {host[:80]!r}\n", 400)
        if self.token:
            return self._token_refusal(scope, headers)
        return None

    def _token_refusal(self, scope: Scope, headers: Headers) -> Response | None:
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token", "")
        if given and hmac.compare_digest(given.encode(), self.token.encode()):
            # Remember it in a cookie and drop it from the address (and the browser's history).
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        bearer = headers.get("authorization", "").removeprefix("Bearer ").strip()
        cookie = Request(scope).cookies.get(TOKEN_COOKIE, "")
        for candidate in (bearer, cookie):
            if candidate and hmac.compare_digest(candidate.encode(), self.token.encode()):
                return None
        return PlainTextResponse("this difang web UI needs its token: open it once as /?token=…, "
                                 "or send Authorization: Bearer …\n", 401)


def _error(request: Request, status: int, key: str, what: object = "") -> Response:
    """The error page: ``error.KEY`` in the request's language, with ``what`` went wrong."""
    try:
        return page(request, "error.html", {"status": status, "key": f"error.{key}", "what": str(what)},
                    status=status)
    except Exception:  # the error page itself failed: still no traceback for the browser
        log.exception("rendering the error page failed")
        return PlainTextResponse(f"error {status}\n", status)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, "not_found", exc)


async def _bad_request(request: Request, exc: Exception) -> Response:
    return _error(request, 400, "bad_request", exc)


async def _unavailable(request: Request, exc: Exception) -> Response:
    return _error(request, 503, "unavailable", exc)


async def _http(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return _error(request, 404, "not_found", request.url.path)
    if status == 405:
        return PlainTextResponse("read-only: only GET and HEAD\n", 405)
    return _error(request, status, "bad_request", getattr(exc, 'detail', ''))


async def _internal(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _error(request, 500, "internal")


async def _undecodable(request: Request, exc: Exception) -> Response:
    return _error(request, 502, "unavailable", exc)


def routes() -> list[Route | Mount]:
    return [
        Route("/", search.search_page),
        Route("/export", search.export),
        Route("/article/{id}", article.article_page),
        Route("/story/{id}", article.story_page),
        Route("/raw/{id}", raw.raw_page),
        Route("/raw/{id}/page", raw.raw_body),
        Route("/raw/{id}/bytes", raw.raw_bytes),
        Route("/raw/{id}/warc", raw.raw_warc),
        Route("/sites", sites.board),
        Route("/sites/{name}", sites.site_page),
        Route("/stats", stats.stats_page),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
        Mount("/static", StaticFiles(directory=Path(HERE, "static")), name="static"),
    ]


def create_app(state: WebState, *, token: str = "", allowed_hosts: Iterable[str] | None = None) -> Any:
    """The ASGI application over ``state``; ``allowed_hosts`` None accepts any Host header."""
    app = Starlette(routes=routes(), exception_handlers={
        NotFound: _not_found, BadParameter: _bad_request, CommandError: _unavailable,
        UndecodableCapture: _undecodable, HTTPException: _http, Exception: _internal,
    })
    app.state.web = state
    return Guard(app, token=token, allowed_hosts=allowed_hosts)
