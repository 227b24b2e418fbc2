"""The raw capture (``/raw/ID``): ``difang raw`` in a browser, without letting the page loose.

The captured page is served from ``/raw/ID/page`` with a Content-Security-Policy whose
``sandbox`` directive gives it an opaque origin (without ``allow-same-origin``), also when it is
opened on its own, and shown in an ``<iframe sandbox>`` with the same flags. So its scripts
(off unless asked for, and then inline ones only) cannot read the UI's pages, cookies or other
captures, and ``default-src 'none'`` keeps it from fetching anything at all: no request to the
live site, none to the UI. ``/raw/ID/bytes`` and ``/raw/ID/warc`` download the exact payload
and the WARC record, as ``difang raw -o`` and ``difang raw --warc`` write them.
"""

from __future__ import annotations

import logging
import re

from starlette.requests import Request
from starlette.responses import Response

from archive.cli.commands import raw as raw_command
from archive.web.params import record_id
from archive.web.render import page
from archive.web.state import WebState
from query.source import RawCapture

log = logging.getLogger("difang.web")


class UndecodableCapture(Exception):
    """A payload whose Content-Encoding cannot be undone (the download still works)."""


def capture_policy(scripts: bool) -> str:
    """The Content-Security-Policy of a captured page."""
    return "; ".join([
        "sandbox allow-scripts" if scripts else "sandbox",
        "default-src 'none'",
        "script-src 'unsafe-inline'" if scripts else "script-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "media-src data:",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ])


def _scripts(request: Request) -> bool:
    return request.query_params.get("scripts", "") == "1"


def _capture(request: Request) -> tuple[str, RawCapture]:
    state: WebState = request.app.state.web
    rid = record_id(request.path_params["id"])
    return rid, raw_command.capture_of(state.context(), rid)


def _body(capture: RawCapture) -> bytes:
    try:
        return capture.body()
    except Exception as exc:  # gzip, zlib and brotli each raise their own error
        raise UndecodableCapture(f"cannot undo Content-Encoding {capture.header('Content-Encoding')!r}: "
                                 f"{exc}") from None


def _pywb(state: WebState, capture: RawCapture) -> str:
    if not state.pywb_url or not capture.url:
        return ""
    return f"{state.pywb_url}/{re.sub(r'[^0-9]', '', capture.date)[:14]}/{capture.url}"


async def raw_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    rid, capture = _capture(request)
    scripts = _scripts(request)
    try:
        body_size: int | None = len(_body(capture))
    except UndecodableCapture as exc:
        log.warning("raw %s: %s", rid, exc)
        body_size = None
    return page(request, "raw.html", {
        "id": rid, "capture": capture, "scripts": scripts, "body_size": body_size,
        "frame": f"/raw/{rid}/page" + ("?scripts=1" if scripts else ""),
        "sandbox": "allow-scripts" if scripts else "", "pywb": _pywb(state, capture),
    })


async def raw_body(request: Request) -> Response:
    """The captured page, decoded as a browser would receive it, in its sandbox."""
    rid, capture = _capture(request)
    body = _body(capture)
    content_type = capture.header("Content-Type") or "application/octet-stream"
    return Response(body, media_type=None, headers={
        "Content-Type": content_type,
        "Content-Security-Policy": capture_policy(_scripts(request)),
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-store",
    })


def _suffix(capture: RawCapture) -> str:
    kind = (capture.header("Content-Type") or "").split(";")[0].strip().lower()
    base = {"text/html": ".html", "application/xhtml+xml": ".xhtml", "application/json": ".json",
            "text/xml": ".xml", "application/xml": ".xml"}.get(kind, ".bin")
    encoding = (capture.header("Content-Encoding") or "").strip().lower()
    return base + {"gzip": ".gz", "x-gzip": ".gz", "br": ".br", "deflate": ".zz"}.get(encoding, "")


async def raw_bytes(request: Request) -> Response:
    """The payload exactly as served (still content-encoded if it was): ``difang raw -o``."""
    rid, capture = _capture(request)
    return _download(capture.payload, f"{rid}{_suffix(capture)}")


async def raw_warc(request: Request) -> Response:
    """The WARC record as stored (one gzip member, a valid .warc.gz): ``difang raw --warc``."""
    rid, capture = _capture(request)
    return _download(capture.record, f"{rid}.warc.gz")


def _download(data: bytes, filename: str) -> Response:
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Content-Security-Policy": "sandbox; default-src 'none'",
    })
