"""Site definitions: one YAML file per portal, validated when loaded.

A malformed file fails at start-up with a :class:`SiteError` naming the file and the field, never
mid-crawl. The keys are the contract of DESIGN.md ("Site definition").
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import re2
import yaml

NAME_RE = re.compile(r"^[a-z0-9_-]+$")
SCRIPTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
SELECTOR_KEYS = ("title", "body", "published_at", "source", "authors")
RENDER_VALUES = (False, True, "articles")
KNOWN_KEYS = (
    "name", "title", "start_urls", "feeds", "sitemaps", "article_urls", "follow_urls",
    "max_depth", "schedule", "timezone", "script", "render", "selectors", "refetch_after",
    "max_pages", "host_group",
)
DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_SCHEDULE = "0 * * * *"
HOST_GROUP_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
MAX_PAGES_LIMIT = 10_000_000
MAX_DEPTH_LIMIT = 50
# A site's URL patterns run in RE2 (linear time: a pattern such as (a|a)+$ cannot hang a crawl on
# a crafted link), and a URL longer than this is never matched (nor fetched: Scrapy's own limit).
MAX_URL_LENGTH = 2083
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a bad pattern is our one-line error, not RE2's log line
MAX_YAML_BYTES = 1 << 20  # a site file is a few hundred bytes; a megabyte is not one
DEFAULT_TIMEZONE = "Asia/Shanghai"


class SiteError(ValueError):
    """A site definition that cannot be used; the message names the file and the field."""

    def __init__(self, path: str | os.PathLike[str], field: str | None, reason: str) -> None:
        self.path = str(path)
        self.field = field
        self.reason = reason
        where = f"{self.path}: {field}" if field else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class SiteDefinition:
    """One portal, as its YAML file describes it."""

    name: str
    title: str
    article_urls: tuple[str, ...]
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    follow_urls: tuple[str, ...] = ()
    max_depth: int = 2
    schedule: str = DEFAULT_SCHEDULE
    timezone: str = DEFAULT_TIMEZONE
    script: str = "zh-Hans"
    render: bool | str = False
    selectors: Mapping[str, str] = field(default_factory=dict)
    refetch_after: float | None = None  # seconds; None: an archived article is never fetched again
    max_pages: int | None = None  # requests per crawl; None: the PAGE_BUDGET setting
    host_group: str | None = None  # cluster mode: sites of one group are crawled one at a time
    path: str = ""

    @property
    def urls(self) -> list[str]:
        """The URLs the site definition names (start pages, feeds, sitemaps)."""
        return [*self.start_urls, *self.feeds, *self.sitemaps]

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts named in the site's URLs: its allowed destinations."""
        return frozenset(h for h in (urlsplit(u).hostname for u in self.urls) if h)

    @property
    def by_content(self) -> bool:
        """No ``article_urls``: pages are recognized as articles by their content."""
        return not self.article_urls

    def is_article(self, url: str) -> bool:
        return _matches(self.article_urls, url)

    def is_followable(self, url: str) -> bool:
        return _matches(self.follow_urls, url)


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(re2.compile(p, _RE2_OPTIONS) for p in patterns)


def _matches(patterns: tuple[str, ...], url: str) -> bool:
    return len(url) <= MAX_URL_LENGTH and any(r.search(url) for r in _compiled(patterns))


def _fail(path: Path, fieldname: str | None, reason: str) -> SiteError:
    return SiteError(path, fieldname, reason)


def _url_list(path: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "must be a list of URLs")
    for url in value:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _fail(path, key, f"not an absolute http(s) URL: {url!r}")
        if "@" in parts.netloc:
            # never echoed: the URL holds a secret
            raise _fail(path, key, f"credentials in a URL (host {parts.hostname}): put secrets in the "
                        "environment, never in a site file")
        try:
            _ = parts.port
        except ValueError:
            raise _fail(path, key, f"bad port in {url!r}") from None
        if len(url) > MAX_URL_LENGTH:
            raise _fail(path, key, f"URL longer than {MAX_URL_LENGTH} characters")
    return tuple(value)


def _regex_list(path: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "must be a list of regular expressions")
    for pattern in value:
        try:
            re2.compile(pattern, _RE2_OPTIONS)
        except re2.error as exc:
            reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
            raise _fail(path, key, f"bad regular expression {pattern!r}: {reason} (patterns are RE2: no "
                        "backreferences or lookaround)") from None
    return tuple(value)


def _check_cron(path: Path, schedule: Any, timezone: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    if not isinstance(schedule, str) or not schedule.strip():
        raise _fail(path, "schedule", "must be a cron expression such as '*/30 * * * *'")
    try:
        trigger = CronTrigger.from_crontab(schedule, timezone=ZoneInfo(timezone))
        fires = trigger.get_next_fire_time(None, datetime.now(ZoneInfo(timezone)))
    except (ValueError, OverflowError) as exc:
        raise _fail(path, "schedule", f"bad cron expression {schedule!r}: {exc}") from None
    if fires is None:
        raise _fail(path, "schedule", f"cron expression {schedule!r} never fires (a day that no month has?)")
    return schedule


def _check_timezone(path: Path, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(path, "timezone", "must be an IANA zone name such as Asia/Shanghai")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(path, "timezone", f"unknown time zone {value!r}") from None
    return value


def _check_selectors(path: Path, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, "selectors", "must be a mapping of field to CSS or XPath")
    for key, sel in value.items():
        if key not in SELECTOR_KEYS:
            raise _fail(path, f"selectors.{key}", f"unknown selector; known: {', '.join(SELECTOR_KEYS)}")
        if not isinstance(sel, str) or not sel.strip():
            raise _fail(path, f"selectors.{key}", "must be a non-empty CSS or XPath string")
        _check_selector_syntax(path, key, sel)
    return dict(value)


def _check_selector_syntax(path: Path, key: str, sel: str) -> None:
    from lxml import etree
    from parsel.csstranslator import HTMLTranslator

    try:
        if sel.startswith(("/", "(")):
            etree.XPath(sel)
        else:
            HTMLTranslator().css_to_xpath(sel)
    except Exception as exc:  # cssselect and lxml raise several unrelated types
        raise _fail(path, f"selectors.{key}", f"bad selector {sel!r}: {exc}") from None


def parse_site(data: Any, path: Path) -> SiteDefinition:
    """Validate one decoded YAML document; raise SiteError naming the file and field."""
    if not isinstance(data, dict):
        raise _fail(path, None, "must be a YAML mapping of site keys")
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        raise _fail(path, unknown[0], f"unknown key; known keys: {', '.join(KNOWN_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise _fail(path, "name", "required, lower-case letters, digits, '_' and '-' only")
    title = data.get("title", name)
    if not isinstance(title, str):
        raise _fail(path, "title", "must be a string")
    start_urls = _url_list(path, data, "start_urls")
    feeds = _url_list(path, data, "feeds")
    sitemaps = _url_list(path, data, "sitemaps")
    if not (start_urls or feeds or sitemaps):
        raise _fail(path, "start_urls", "a site needs start_urls, feeds or sitemaps to start from")
    # none: the crawl recognizes articles by what the extractor finds on each page
    article_urls = _regex_list(path, data, "article_urls")
    follow_urls = _regex_list(path, data, "follow_urls")
    if follow_urls and not start_urls:
        raise _fail(path, "follow_urls", "list pages are followed from start_urls, and there are none")
    max_depth = data.get("max_depth", 2)
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or not 0 <= max_depth <= MAX_DEPTH_LIMIT:
        raise _fail(path, "max_depth", f"must be a whole number from 0 to {MAX_DEPTH_LIMIT}")
    timezone = _check_timezone(path, data.get("timezone", DEFAULT_TIMEZONE))
    schedule = _check_cron(path, data.get("schedule", DEFAULT_SCHEDULE), timezone)
    script = data.get("script", "zh-Hans")
    if script not in SCRIPTS:
        raise _fail(path, "script", f"must be one of {', '.join(SCRIPTS)}")
    render = data.get("render", False)
    if render not in RENDER_VALUES or (render is not False and render is not True and render != "articles"):
        raise _fail(path, "render", "must be true, false or 'articles'")
    selectors = _check_selectors(path, data.get("selectors"))
    refetch_after = _check_duration(path, "refetch_after", data.get("refetch_after"))
    max_pages = data.get("max_pages")
    if max_pages is not None and (isinstance(max_pages, bool) or not isinstance(max_pages, int)
                                  or not 1 <= max_pages <= MAX_PAGES_LIMIT):
        raise _fail(path, "max_pages", f"must be a whole number from 1 to {MAX_PAGES_LIMIT}")
    host_group = data.get("host_group")
    if host_group is not None and (not isinstance(host_group, str) or not HOST_GROUP_RE.match(host_group)):
        raise _fail(path, "host_group", "must be a name of letters, digits, '.', '_' or '-' (at most 100)")
    site = SiteDefinition(
        name=name, title=title, start_urls=start_urls, feeds=feeds, sitemaps=sitemaps,
        article_urls=article_urls, follow_urls=follow_urls, max_depth=max_depth,
        schedule=schedule, timezone=timezone, script=script, render=render,
        selectors=selectors, refetch_after=refetch_after, max_pages=max_pages, host_group=host_group,
        path=str(path),
    )
    _check_hosts(path, site)
    return site


def _check_duration(path: Path, key: str, value: Any) -> float | None:
    """``90``, ``"30m"``, ``"12h"``, ``"2d"``: seconds, or None when absent."""
    if value is None:
        return None
    match = DURATION_RE.match(str(value)) if not isinstance(value, bool) else None
    if match is None or float(match.group(1)) <= 0:
        raise _fail(path, key, f"must be a positive duration such as 30m, 12h or 2d, not {value!r}")
    return float(match.group(1)) * DURATION_UNITS[match.group(2)]


def _check_hosts(path: Path, site: SiteDefinition) -> None:
    for host in site.hosts:
        try:
            addr = ipaddress.ip_address(host)
        except ValueError:
            continue
        if addr.is_unspecified or addr.is_multicast:
            raise _fail(path, "start_urls", f"{host} is not a host that serves pages")
        if addr.is_link_local or (addr.version == 6 and addr.ipv4_mapped and addr.ipv4_mapped.is_link_local):
            # 169.254.0.0/16 holds cloud metadata services (169.254.169.254): never a portal
            raise _fail(path, "start_urls", f"{host} is a link-local address (cloud metadata lives there)")


def load_site_file(path: str | os.PathLike[str]) -> SiteDefinition:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(p, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise _fail(p, None, "not UTF-8 text") from None
    if len(text) > MAX_YAML_BYTES:
        raise _fail(p, None, f"larger than {MAX_YAML_BYTES} bytes: not a site file")
    try:
        data = yaml.load(text, Loader=_SiteLoader)  # a SafeLoader: no object tags
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _fail(p, None, f"malformed YAML{where}: {problem}") from None
    except RecursionError:
        raise _fail(p, None, "malformed YAML: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise _fail(p, None, f"malformed YAML: {str(exc).splitlines()[0][:120]}") from None
    site = parse_site(data, p)
    if site.name != p.stem:
        raise _fail(p, "name", f"{site.name!r} does not match the file name {p.stem!r}")
    return site


class _SiteLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (the safe loader keeps the last
    one silently: a site file would crawl with a value its author overrode by mistake)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: the base constructor reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def site_files(folder: str | os.PathLike[str]) -> list[Path]:
    root = Path(folder)
    if not root.is_dir():
        raise SiteError(root, None, "sites folder does not exist (set DIFANG_SITES)")
    return sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_sites(folder: str | os.PathLike[str]) -> dict[str, SiteDefinition]:
    """Every site of a folder; the first bad file raises SiteError."""
    sites: dict[str, SiteDefinition] = {}
    for path in site_files(folder):
        site = load_site_file(path)
        if site.name in sites:
            raise SiteError(path, "name", f"{site.name!r} is already defined in {sites[site.name].path}")
        sites[site.name] = site
    return sites


def load_site(folder: str | os.PathLike[str], name: str) -> SiteDefinition:
    """One site by name, validating it; unknown names list the known ones."""
    for path in site_files(folder):
        if path.stem == name:
            return load_site_file(path)
    known = ", ".join(p.stem for p in site_files(folder)) or "none"
    raise SiteError(folder, "site", f"no site named {name!r} (known: {known})")


def all_hosts(sites: Iterable[SiteDefinition]) -> frozenset[str]:
    return frozenset(h for s in sites for h in s.hosts)


def named_urls(folder: str | os.PathLike[str]) -> list[str]:
    """URLs named by any valid site definition of ``folder`` (a broken file names none: one bad
    neighbour must not stop a crawl or a probe)."""
    urls: list[str] = []
    try:
        files = site_files(folder)
    except SiteError:
        return []
    for path in files:
        try:
            urls += load_site_file(path).urls
        except SiteError:
            continue
    return urls


def named_hosts(folder: str | os.PathLike[str]) -> frozenset[str]:
    """Hosts named by any valid site definition of ``folder``."""
    return frozenset(h for h in (urlsplit(u).hostname for u in named_urls(folder)) if h)
