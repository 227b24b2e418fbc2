"""The probe's polite fetcher: one request at a time, a delay between, a budget, robots.txt obeyed,
private addresses refused, and every response archived to WARC like a crawl's.

Plain ``http.client`` rather than a Scrapy crawl: a probe makes a few dozen requests, each
chosen after reading the last, which a linear program says best. The rules are the crawl's own:

- robots.txt as RFC 9309 reads it (crawler.middlewares.robots): a 5xx answer or none disallows
  the host, a 4xx allows all, only the first ``ROBOTSTXT_MAX_BYTES`` are read;
- private, loopback and link-local destinations are refused unless a site file names the host or
  ``ADDRESS_GUARD_EXTRA_HOSTS`` lists it (crawler.middlewares.address_guard), at every redirect;
- responses are kept as served (still compressed) and archived once the probe has succeeded,
  through the archive session of a crawl (storage.session): the probe's evidence is a run of the
  site like any other. A probe that fails leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

from protego import Protego

from crawler.middlewares.address_guard import AddressPolicy, Network, unit_of
from crawler.middlewares.render_capture import BrowserExchange, archive_rendered
from storage.session import CrawlSession

log = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


class ProbeError(Exception):
    """A probe that cannot go on: bad input or a site that gives nothing. One line, exit status 2."""


@dataclass(frozen=True)
class Politeness:
    """How the probe treats a site (from Scrapy settings: crawler/settings.py ``PROBE_*``)."""

    user_agent: str
    delay: float = 1.0  # seconds between two requests
    max_requests: int = 40  # the whole probe's budget, robots.txt and rendering included
    timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    robots_max_bytes: int = 500 * 1024
    allowed_hosts: frozenset[str] = frozenset()  # private addresses allowed anyway
    headers: tuple[tuple[str, str], ...] = ()
    allowed_networks: tuple[Network, ...] = ()  # ADDRESS_GUARD_ALLOW

    def policy(self, hosts: frozenset[str] = frozenset()) -> AddressPolicy:
        """The crawl's address rules, with ``allowed_hosts`` (and ``hosts``) named on any port."""
        return AddressPolicy(self.allowed_hosts | hosts, self.allowed_networks)


@dataclass
class Fetched:
    """One answer (after redirects), its body decoded from its Content-Encoding."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class Exchange:
    """One request the probe made, for the report."""

    url: str
    kind: str
    outcome: str  # "200", "404", "failed: …", "not fetched: …"
    seconds: float
    requested: bool = True  # False: not sent (robots.txt said no)


class _DisallowAll:
    def can_fetch(self, url: str, user_agent: str) -> bool:
        return False


class _AllowAll:
    def can_fetch(self, url: str, user_agent: str) -> bool:
        return True


@dataclass
class Robots:
    """One host's robots.txt as read; ``unavailable`` says why everything is disallowed."""

    rules: Any
    sitemaps: list[str] = field(default_factory=list)
    unavailable: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        return bool(self.rules.can_fetch(url, user_agent))


@dataclass(frozen=True)
class Capture:
    """A response the probe received (``exchange``: write_exchange's arguments), or a page a browser
    rendered (its exchanges and its DOM), waiting to be archived."""

    exchange: dict[str, Any] | None = None
    rendered: tuple[list[BrowserExchange], str, bytes] | None = None


class Fetcher:
    """Fetches for one probe and keeps what it received for :meth:`archive`."""

    def __init__(self, politeness: Politeness, sleep: Callable[[float], None] = time.sleep) -> None:
        self.politeness = politeness
        self.captures: list[Capture] = []
        self.sleep = sleep
        self.exchanges: list[Exchange] = []
        self.robots: dict[str, Robots] = {}
        self._internal: dict[str, str | None] = {}  # host:port -> why refused, or None
        self._last: float | None = None

    # -- budget ---------------------------------------------------------------------------------
    @property
    def used(self) -> int:
        return sum(1 for e in self.exchanges if e.requested)

    @property
    def left(self) -> int:
        return self.politeness.max_requests - self.used

    def spend(self, url: str, kind: str, outcome: str, seconds: float) -> None:
        """Count a request made elsewhere (the browser's) against the budget."""
        self.exchanges.append(Exchange(url, kind, outcome, seconds))

    # -- guards ---------------------------------------------------------------------------------
    def check_address(self, url: str) -> None:
        """Raise ProbeError for a private, loopback or link-local host no setting allows."""
        host, unit = unit_of(url)
        if unit not in self._internal:
            self._internal[unit] = asyncio.run(self.politeness.policy().refusal(url))
        reason = self._internal[unit]
        if reason is not None:
            raise ProbeError(f"{url}: {reason}; allow it with -s ADDRESS_GUARD_EXTRA_HOSTS={host} "
                             "(or a site file that names it)")

    def robots_for(self, url: str) -> Robots:
        parts = urlsplit(url)
        netloc = parts.netloc.lower()
        if netloc not in self.robots:
            self.robots[netloc] = self._read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        return self.robots[netloc]

    def _read_robots(self, url: str) -> Robots:
        if self.left <= 0:
            return Robots(_DisallowAll(), unavailable="request budget spent")
        try:
            answer = self._exchange(url, "robots")
        except OSError as exc:
            return Robots(_DisallowAll(), unavailable=_os_reason(exc))
        if answer.status >= 500:
            return Robots(_DisallowAll(), unavailable=f"HTTP {answer.status}")
        if answer.status >= 400 or answer.status in REDIRECTS:
            # a redirected robots.txt is followed by crawlers; a probe reads only the host's own
            return Robots(_AllowAll())
        body = answer.body[: self.politeness.robots_max_bytes]
        if len(answer.body) > len(body):
            body = body[: body.rfind(b"\n") + 1]
        rules = Protego.parse(body.decode("utf-8", "replace"))
        return Robots(rules, sitemaps=[urljoin(url, s) for s in rules.sitemaps])

    # -- fetching -------------------------------------------------------------------------------
    def get(self, url: str, kind: str) -> Fetched | None:
        """GET ``url`` and follow its redirects, each hop checked and archived. None when the
        budget is spent, robots.txt disallows it or it fails (the exchange log says which)."""
        first = url
        for _ in range(MAX_REDIRECTS + 1):
            self.check_address(url)
            robots = self.robots_for(url)
            if not robots.allows(url, self.politeness.user_agent):
                why = f"robots.txt unavailable ({robots.unavailable})" if robots.unavailable else "robots.txt"
                self.exchanges.append(Exchange(url, kind, f"not fetched: disallowed by {why}", 0.0, requested=False))
                return None
            if self.left <= 0:
                return None
            try:
                answer = self._exchange(url, kind)
            except OSError:
                return None
            answer.url = first
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or not location:
                return answer
            target = urljoin(url, location).split("#", 1)[0]
            if urlsplit(target).scheme not in ("http", "https"):
                return answer
            url = target
        return None

    def _exchange(self, url: str, kind: str) -> Fetched:
        """One request and its answer, archived; OSError when there is no answer."""
        if self._last is not None:
            wait = self.politeness.delay - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)
        started = time.monotonic()
        try:
            answer = self._send(url)
        except OSError as exc:
            self.exchanges.append(Exchange(url, kind, f"failed: {_os_reason(exc)}", time.monotonic() - started))
            raise
        finally:
            self._last = time.monotonic()
        self.exchanges.append(Exchange(url, kind, str(answer.status), time.monotonic() - started))
        return answer

    def _send(self, url: str) -> Fetched:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.hostname or ""
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(host, parts.port, timeout=self.politeness.timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=self.politeness.timeout)
        sent = [("User-Agent", self.politeness.user_agent), *self.politeness.headers,
                ("Accept-Encoding", "gzip, deflate")]
        try:
            conn.connect()
            peer = _peer(conn)
            conn.putrequest("GET", target, skip_accept_encoding=True)
            for name, value in sent:
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            payload = response.read(self.politeness.max_bytes + 1)
        except (http.client.HTTPException, ssl.SSLError, ValueError) as exc:
            raise OSError(f"{type(exc).__name__}: {exc}") from None
        finally:
            conn.close()
        if len(payload) > self.politeness.max_bytes:
            raise OSError(f"larger than {self.politeness.max_bytes} bytes")
        pairs = response.getheaders()
        headers = {k.lower(): v for k, v in pairs}
        self.captures.append(Capture(exchange={
            "url": url, "method": "GET", "request_headers": [("Host", parts.netloc), *sent], "request_body": b"",
            "status": response.status, "reason": response.reason or _reason(response.status),
            "protocol": "HTTP/1.0" if response.version == 10 else "HTTP/1.1", "response_headers": pairs,
            "payload": payload, "ip_address": peer, "when": datetime.now(UTC)}))
        body = _decoded(payload, headers.get("content-encoding", ""), self.politeness.max_bytes)
        return Fetched(url=url, final_url=url, status=response.status, headers=headers, body=body)

    def keep_rendered(self, captured: list[BrowserExchange], url: str, dom: bytes) -> None:
        """Keep what a browser received for a page, and the DOM it built, for :meth:`archive`."""
        self.captures.append(Capture(rendered=(captured, url, dom)))

    def archive(self, session: CrawlSession) -> int:
        """Write every capture, in the order received, into ``session``'s WARC files (the crawl's
        own writer: request + response records, rendered pages as in a crawl). Returns how many."""
        for capture in self.captures:
            if capture.exchange is not None:
                session.warc.write_exchange(**capture.exchange)
            elif capture.rendered is not None:
                captured, url, dom = capture.rendered
                archive_rendered(session.warc, captured, url, dom, "utf-8")
        return len(self.captures)


def _decoded(payload: bytes, encoding: str, max_bytes: int) -> bytes:
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    body = payload
    try:
        for coding in reversed(codings):
            if coding in ("gzip", "x-gzip"):
                body = _inflate(body, zlib.MAX_WBITS | 16, max_bytes)
            elif coding == "deflate":
                try:
                    body = _inflate(body, zlib.MAX_WBITS, max_bytes)
                except zlib.error:  # raw deflate, as some servers send it
                    body = _inflate(body, -zlib.MAX_WBITS, max_bytes)
    except zlib.error as exc:
        raise OSError(f"bad {encoding} body: {exc}") from None
    return body


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise OSError(f"larger than {max_bytes} bytes once decompressed")
    return out


def _peer(conn: http.client.HTTPConnection) -> str | None:
    sock = conn.sock
    try:
        return str(sock.getpeername()[0]) if sock is not None else None
    except OSError:
        return None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    text = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
