"""URL identity: one canonical form per article URL, and the record id derived from it.

Regional portals hand out the same article under many URLs: share links with WeChat and
analytics parameters, mobile hosts, upper-case hosts, `:80`, fragments. The crawler keys its
seen-URL store and the archive keys its clean records on the canonical form made here.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that say how a reader arrived, never which article: analytics (utm_*, spm, gclid),
# share buttons of WeChat/Weibo/QQ and app share sheets, referrers.
TRACKING_PARAMS = frozenset(
    {
        "spm", "from", "ref", "refer", "referer", "referrer",
        "share", "share_from", "share_token", "sharetype", "share_type", "shareid", "share_id",
        "sharer_shareid", "sharer_sharetime", "sharer_shareinfo", "sharer_shareinfo_first",
        "isappinstalled", "scene", "clicktime", "enterid", "wxfrom", "wxshare", "wx_share",
        "subscene", "ascene", "devicetype", "nettype", "pass_ticket", "exportkey", "chksm",
        "mpshare", "gclid", "fbclid", "yclid", "msclkid", "mc_cid", "mc_eid", "tt_from",
        "tt_medium", "ivk_sa", "utm",
    }
)
TRACKING_PREFIXES = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci", "wt.", "_hs")

# Second-level suffixes under which registrations happen (com.cn, gov.cn, bj.cn, com.hk ...):
# enough of the public suffix list for the portals we crawl, without shipping the list.
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac", "mil", "co", "idv", "info"})
_CN_PROVINCES = frozenset(
    "bj tj he sx nm ln jl hl sh js zj ah fj jx sd ha hb hn gd gx hi cq sc gz yn xz sn gs qh nx xj tw hk mo".split()
)


_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def _idna_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") or host.isascii():
        return host
    return host.encode("idna").decode("ascii")


def _normalize_path(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith("/")
    path = re.sub(r"/{2,}", "/", path)  # `//` in CMS templates never names a different page
    norm = posixpath.normpath(path)
    if norm in (".", "//"):
        norm = "/"
    if trailing and not norm.endswith("/"):
        norm += "/"
    return norm


def canonicalize_url(url: str, *, mobile_hosts: Mapping[str, str] | None = None) -> str:
    """The canonical form of an article URL (see :func:`_canonicalize`); the same URL is
    canonicalized several times per page (capture, seen-URL check, dedupe), so plain calls are
    remembered."""
    if mobile_hosts:
        return _canonicalize(url, mobile_hosts)
    return _canonicalize_plain(url)


@lru_cache(maxsize=16384)
def _canonicalize_plain(url: str) -> str:
    return _canonicalize(url, None)


def _canonicalize(url: str, mobile_hosts: Mapping[str, str] | None) -> str:
    """The canonical form of an article URL.

    Lower-case scheme and host (IDNA for non-ASCII hosts), default port dropped, fragment
    dropped, tracking parameters removed, remaining parameters sorted (blank values kept, they
    can be meaningful), dot segments and repeated slashes removed, percent-encoding made
    uniform. ``mobile_hosts`` maps a site's mobile host to its desktop host (``m.x.cn`` →
    ``www.x.cn``) when both serve the same path.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _idna_host(parts.hostname or "")
    if mobile_hosts:
        host = _idna_host(mobile_hosts.get(host, host))
    try:
        port = parts.port
    except ValueError:
        port = None
    # credentials are dropped: they never belong to an article's identity
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query.sort()
    rebuilt = urlunsplit((scheme, netloc, _normalize_path(parts.path), urlencode(query), ""))
    # %e6 and %E6 are the same byte; RFC 3986 makes upper case the normal form
    return _ESCAPE.sub(lambda m: m.group(0).upper(), safe_url_string(rebuilt, encoding="utf-8"))


def registrable_domain(host: str) -> str:
    """The domain a host was registered under: ``news.bjd.com.cn`` → ``bjd.com.cn``."""
    labels = _idna_host(host).split(".")
    if len(labels) >= 3 and (labels[-2] in _SECOND_LEVEL or (labels[-1] == "cn" and labels[-2] in _CN_PROVINCES)):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def canonical_from_html(html: str, url: str) -> str | None:
    """The page's ``<link rel=canonical>`` as an absolute canonical URL, if it is sane.

    Sane: http(s), on the same registrable domain as ``url`` (content farms point canonicals at
    their own aggregator pages), and not the bare home page for an article (a common CMS
    template bug that would fold every article into one).
    """
    for tag in _LINK_TAG.findall(html):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag)}
        if "canonical" not in attrs.get("rel", "").lower().split():
            continue
        href = attrs.get("href", "").strip()
        if not href:
            return None
        absolute = urljoin(url, href)
        target, page = urlsplit(absolute), urlsplit(url)
        if target.scheme not in ("http", "https") or not target.hostname or not page.hostname:
            return None
        if registrable_domain(target.hostname) != registrable_domain(page.hostname):
            return None
        if target.path in ("", "/") and not target.query and page.path not in ("", "/"):
            return None
        return canonicalize_url(absolute)
    return None


def record_id(canonical_url: str) -> str:
    """Stable id of the clean record of a canonical URL: 16 hex digits of its SHA-256."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]
