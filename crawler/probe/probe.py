"""One probe of a portal: from its home page to a validated site file and a preview.

Steps (each bounded by the request budget, one request at a time):

1. robots.txt of the host, then the home page (robots.txt obeyed; refusals end the probe);
2. feeds the home page announces (else a common path or two) and sitemaps (robots.txt's, else
   ``/sitemap.xml``; an index is opened at its news sitemap first);
3. a few list pages from the home page's navigation;
4. pages whose HTML holds few links but runs scripts are rendered (when a browser is there);
5. link shapes are sampled, best evidence first: a shape whose samples the extractor finds to be
   articles (headline, publish time, body of real length) becomes an ``article_urls`` pattern,
   split by directory when some of its samples are not articles;
6. pages linking to articles are the start pages, their pagers the ``follow_urls``;
7. ``render`` if the rendered pages show articles nothing else reaches; script and time zone
   from the sampled articles.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from scrapy.settings import BaseSettings

from core.sites import DEFAULT_SCHEDULE, NAME_RE, SiteDefinition, SiteError, parse_site
from crawler.discovery import DiscoveryError, feed_links, sitemap_entries
from crawler.middlewares.address_guard import AddressPolicy
from crawler.probe import candidates, locale
from crawler.probe.fetch import Exchange, Fetched, Fetcher, Politeness, ProbeError
from crawler.probe.links import (
    Link,
    announced_feeds,
    forwarded_to,
    has_scripts,
    is_page_url,
    page_links,
    pagination_links,
    parse,
)
from crawler.probe.urlshapes import (
    group_by_shape,
    in_scope,
    learn_patterns,
    loose_groups,
    matches,
    pattern_for,
    scope_of,
)
from pipelines.verdict import PageVerdict, page_verdict
from storage.session import CrawlSession

log = logging.getLogger(__name__)
T = TypeVar("T")

COMMON_FEEDS = ("rss.xml", "feed", "atom.xml")
MAX_LIST_PAGES = 4
MAX_SITEMAPS = 3
MAX_GROUPS = 8
MAX_SAMPLES = 6  # pages fetched to decide one link shape
MAX_DIRS = 4  # directories of one shape sampled
MAX_START_URLS = 12
MAX_RENDERS = 3
MAX_FORWARDS = 2  # entry pages (meta refresh, script redirect) followed to the home page
THIN_LINKS = 5  # fewer headline links than this in a page's HTML: maybe its scripts add them
MIN_LIST_ARTICLES = 2
PAGINATION_DEPTH = 3
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class ProbeOptions:
    url: str
    politeness: Politeness
    name: str | None = None
    browser: str | None = None  # a Chromium executable; None: no rendering
    archive: str = "./var/archive"
    home: str = "./var"
    sites: str = "./sites"
    operator: str = ""


@dataclass(eq=False)  # one object per page, hashed by identity
class Page:
    """An HTML page the probe fetched (or rendered), its links and what the extractor made of it."""

    url: str
    final_url: str
    role: str  # home, list, sample, pagination
    links: list[Link]
    verdict: PageVerdict
    scripts: bool = False
    rendered_links: list[Link] = field(default_factory=list)


@dataclass
class ProbeResult:
    site: dict[str, Any]
    definition: SiteDefinition
    pages: list[Page]
    undecided: list[str]
    notes: list[str]
    exchanges: list[Exchange]
    seconds: float
    run_id: str | None

    @property
    def articles(self) -> list[Page]:
        return [p for p in self.pages if p.verdict.is_article]

    @property
    def requests(self) -> int:
        """Requests made (robots.txt and the browser's own included)."""
        return sum(1 for e in self.exchanges if e.requested)


class Probe:
    def __init__(self, options: ProbeOptions) -> None:
        self.options = options
        self.fetcher = Fetcher(options.politeness)
        self.pages: dict[str, Page] = {}
        self.failed: set[str] = set()  # pages that could not be fetched or read
        self.feeds: dict[str, list[str]] = {}
        self.feed_texts: list[str] = []
        self.sitemaps: dict[str, list[str]] = {}
        self.sitemaps_from_robots: set[str] = set()
        self.undecided: list[str] = []
        self.notes: list[str] = []
        self.hosts: set[str] = set()
        self.scope = "/"
        self.start = ""
        self.name = ""

    # -- the whole probe --------------------------------------------------------------------------
    def run(self) -> ProbeResult:
        started = time.monotonic()
        self.start = check_url(self.options.url)
        self.name = self.options.name or locale.site_name(self.start)
        if not NAME_RE.match(self.name):
            raise ProbeError(f"--name {self.name!r}: lower-case letters, digits, '_' and '-' only")
        result = self._probe(started)
        result.run_id = self._archive()
        return result

    def _archive(self) -> str:
        """Archive what the probe received as a run of the site (its WARC files and run file)."""
        o = self.options
        try:
            session = CrawlSession(self.name, archive_url=o.archive, home=o.home, operator=o.operator)
        except OSError as exc:
            raise ProbeError(f"{self.start}: probed, but its responses cannot be archived: {exc}") from None
        written = self.fetcher.archive(session)
        pages = set(dict.fromkeys(self.pages.values()))
        stats = {"difang/probe/requests": self.fetcher.used, "difang/probe/captures": written,
                 "difang/probe/pages": len(pages),
                 "difang/probe/articles": sum(1 for p in pages if p.verdict.is_article)}
        session.close(stats, "probe")
        return session.run_id

    def _probe(self, started: float) -> ProbeResult:
        home = self._home()
        self.scope = scope_of(home.final_url)
        self._feeds(home)
        self._sitemaps(home.final_url)
        self._lists(home)
        self._render_thin_pages()
        patterns, samples_tried = self._article_patterns()
        if not patterns and self.scope != "/":
            self.notes.append(f"no articles under {self.scope}: patterns learned for the whole host")
            self.scope = "/"
            patterns, more = self._article_patterns()
            samples_tried += more
        if not patterns:
            raise ProbeError(f"{self.start}: no article found: {samples_tried} page(s) of "
                             f"{len(self._groups())} link shape(s) sampled, none with a headline, a publish "
                             "time and a body")
        site = self._site(patterns)
        try:
            definition = parse_site(site, Path(self.options.sites) / f"{self.name}.yaml")
        except SiteError as exc:  # a bug of the probe, said as such
            raise ProbeError(f"{self.start}: the proposed site file does not validate: {exc}") from None
        return ProbeResult(site, definition, list(dict.fromkeys(self.pages.values())), self.undecided, self.notes,
                           self.fetcher.exchanges, time.monotonic() - started, None)

    # -- 1. the home page -----------------------------------------------------------------------
    def _home(self) -> Page:
        self.fetcher.check_address(self.start)
        robots = self.fetcher.robots_for(self.start)
        host = urlsplit(self.start).netloc
        if robots.unavailable:
            if self.fetcher.exchanges and self.fetcher.exchanges[-1].outcome.startswith("failed"):
                raise ProbeError(f"{self.start}: unreachable: {robots.unavailable}")
            raise ProbeError(f"{self.start}: robots.txt of {host} answered {robots.unavailable}: "
                             "nothing may be fetched until it answers (RFC 9309)")
        if not robots.allows(self.start, self.options.politeness.user_agent):
            raise ProbeError(f"{self.start}: robots.txt of {host} disallows it for difang: nothing to probe")
        answer = self.fetcher.get(self.start, "home")
        if answer is None:
            last = self.fetcher.exchanges[-1].outcome if self.fetcher.exchanges else "no answer"
            raise ProbeError(f"{self.start}: unreachable: {last}")
        if not answer.ok:
            raise ProbeError(f"{self.start}: answered HTTP {answer.status}")
        page = self._read(answer, "home")
        if page is None:
            raise ProbeError(f"{self.start}: not an HTML page ({answer.content_type or 'no Content-Type'})")
        for _ in range(MAX_FORWARDS):  # an entry page that forwards to the portal itself
            root = parse(page.verdict.text)
            target = forwarded_to(root, page.final_url) if root is not None and len(page.links) < THIN_LINKS else None
            if target is None or target in self.pages or not is_page_url(target):
                break
            forwarded = self._fetch_page(target, "home")
            if forwarded is None:
                break
            self.notes.append(f"{page.final_url} forwards to {forwarded.final_url}: probed from there")
            page.role = "entry"
            page = forwarded
        return page

    def _read(self, answer: Fetched, role: str) -> Page | None:
        """An HTML answer parsed, its links taken and the extractor's verdict on it."""
        kind = answer.content_type.split(";")[0].strip().lower()
        if kind and kind not in HTML_TYPES or not kind and b"<html" not in answer.body[:2048].lower():
            return None
        self.hosts.add(urlsplit(answer.final_url).hostname or "")
        verdict = page_verdict(answer.body, answer.content_type, answer.final_url)
        root = parse(verdict.text)
        links = page_links(root, answer.final_url, role) if root is not None else []
        page = Page(answer.url, answer.final_url, role, links, verdict,
                    scripts=root is not None and has_scripts(root))
        self.pages[answer.url] = page
        if answer.final_url != answer.url:
            self.pages[answer.final_url] = page
        return page

    def _fetch_page(self, url: str, role: str) -> Page | None:
        if url in self.pages:
            return self.pages[url]
        if url in self.failed:
            return None
        answer = self.fetcher.get(url, role)
        page = self._read(answer, role) if answer is not None and answer.ok else None
        if page is None:
            self.failed.add(url)
        return page

    def _on_site(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.hosts and in_scope(url, self.scope) and is_page_url(url)

    # -- 2. feeds and sitemaps ------------------------------------------------------------------
    def _feeds(self, home: Page) -> None:
        root = parse(home.verdict.text)
        announced = [u for u in (announced_feeds(root, home.final_url) if root is not None else [])
                     if (urlsplit(u).hostname or "") in self.hosts]
        tried = announced or [urljoin(home.final_url, self.scope + path) for path in COMMON_FEEDS]
        for url in dict.fromkeys(tried):
            if self.fetcher.left <= 8:
                break
            links = self._document(url, "feed", feed_links)
            if links:
                self.feeds[url] = links
                if not announced:
                    break

    def _document(self, url: str, kind: str, read: Callable[[bytes, str], T]) -> T | None:
        """A feed or sitemap fetched and read, or None (failed, not found, unreadable). Its text
        is kept: the times it states tell the time zone."""
        answer = self.fetcher.get(url, kind)
        if answer is None or not answer.ok:
            return None
        try:
            found = read(answer.body, answer.final_url)
        except DiscoveryError:
            return None
        self.feed_texts.append(answer.body[:200_000].decode("utf-8", "replace"))
        return found

    def _sitemaps(self, home_url: str) -> None:
        robots = self.fetcher.robots_for(home_url)
        listed = [u for u in robots.sitemaps if (urlsplit(u).hostname or "") in self.hosts]
        self.sitemaps_from_robots = set(listed)
        queue = listed or [urljoin(home_url, "/sitemap.xml")]
        fetched = 0
        while queue and fetched < MAX_SITEMAPS and self.fetcher.left > 8:
            url = queue.pop(0)
            fetched += 1
            entries = self._document(url, "sitemap", sitemap_entries)
            if entries is None:
                continue
            if entries.is_index:
                children = sorted(entries.urls, key=lambda u: (0 if "news" in u.lower() else 1))
                queue[:0] = children[:2]  # the crawl reads them all; two show the shape of the rest
                if url in self.sitemaps_from_robots:
                    self.sitemaps_from_robots.update(children[:2])
                continue
            self.sitemaps[url] = entries.urls[:5000]

    def _listed_links(self) -> list[Link]:
        out = [Link(u, "", False, "feed", f) for f, urls in self.feeds.items() for u in urls]
        out += [Link(u, "", False, "sitemap", s) for s, urls in self.sitemaps.items() for u in urls]
        return [link for link in out if self._on_site(link.url)]

    # -- 3. list pages --------------------------------------------------------------------------
    def _lists(self, home: Page) -> None:
        links = [link for link in home.links if self._on_site(link.url)]
        known = self._listed_links() + links
        article_like = {u for g in candidates.shape_groups(known)
                        if (len(g.shapes) >= 3 and g.shapes[0].has_digits and g.headline_share >= 0.5) or g.listed > 0
                        for u in g.urls}
        exclude = {home.url, home.final_url}
        for url in candidates.list_candidates(links, article_like, exclude, MAX_LIST_PAGES):
            if self.fetcher.left <= 10:
                break
            self._fetch_page(url, "list")

    # -- 4. rendering ---------------------------------------------------------------------------
    def _thin(self, page: Page) -> bool:
        headlines = {x.url for x in page.links if not x.furniture and self._on_site(x.url)
                     and len(x.text) >= candidates.HEADLINE_CHARS}
        return len(headlines) < THIN_LINKS

    def _render_thin_pages(self) -> None:
        thin = [p for p in dict.fromkeys(self.pages.values()) if p.role in ("home", "list") and self._thin(p)
                and p.scripts and not p.verdict.is_article]
        if not thin:
            return
        if not self.options.browser:
            self.undecided.append(
                "render: " + ", ".join(p.final_url for p in thin[:3]) + " hold(s) few links in HTML and run "
                "scripts; no browser to see what they show (install Chromium or set DIFANG_CHROMIUM); "
                "render: false kept")
            return
        from crawler.probe.browser import render_pages

        allowed = {*self.hosts, *self.options.politeness.allowed_hosts}
        rendered = render_pages([p.final_url for p in thin[:MAX_RENDERS]], browser=self.options.browser,
                                fetcher=self.fetcher, allowed_hosts=allowed,
                                timeout=self.options.politeness.timeout)
        for result in rendered:
            page = self.pages[result.url]
            root = parse(result.dom)
            if root is not None:
                page.rendered_links = page_links(root, result.final_url, "rendered")

    # -- 5. article patterns --------------------------------------------------------------------
    def _all_links(self) -> list[Link]:
        out = self._listed_links()
        for page in dict.fromkeys(self.pages.values()):
            if page.role in ("home", "list", "pagination"):
                out += [x for x in (*page.links, *page.rendered_links) if self._on_site(x.url)]
        return out

    def _groups(self) -> list[candidates.ShapeGroup]:
        return candidates.shape_groups(self._all_links())

    def _article_patterns(self) -> tuple[list[str], int]:
        positives: list[str] = []
        tried = 0
        for group in candidates.article_candidates(self._groups())[:MAX_GROUPS]:
            if self.fetcher.left <= 4:
                self.undecided.append(f"request budget spent before every link shape was sampled "
                                      f"(next: {pattern_for(group.shapes, self.scope)})")
                break
            good, sampled = self._sample(group)
            tried += sampled
            positives += good
        negatives = [p.final_url for p in dict.fromkeys(self.pages.values()) if not p.verdict.is_article]
        negatives += [p.url for p in dict.fromkeys(self.pages.values()) if not p.verdict.is_article]
        return learn_patterns(positives, negatives, self.scope), tried

    def _sample(self, group: candidates.ShapeGroup) -> tuple[list[str], int]:
        """Fetch members of a shape until it is decided; return its article URLs (all members
        when every sample is an article, those of the article directories when mixed).

        A shape spread over directories gets one sample per directory (up to MAX_DIRS): a
        portal's video or gallery pages often share the articles' URL form in a section of
        their own."""
        dirs = {s.url: s.dirs for s in group.shapes}
        all_dirs = set(dirs.values())
        verdicts: dict[str, bool] = {u: self.pages[u].verdict.is_article for u in group.urls if u in self.pages}
        wanted = 2 if len(group.shapes) >= 2 else 1
        fetched = 0
        for url in group.sample_order():
            sampled = {dirs[u] for u in verdicts}
            articles = sum(verdicts.values())
            if len(verdicts) >= MAX_SAMPLES or self.fetcher.left <= 4:
                break
            if verdicts and not articles and (len(verdicts) >= 2 or len(all_dirs) == 1):
                break  # not an article shape
            if len(verdicts) >= wanted and (sampled == all_dirs or len(sampled) >= MAX_DIRS):
                break
            if url in verdicts or url in self.failed:
                continue
            if dirs[url] in sampled and len(sampled) < min(MAX_DIRS, len(all_dirs)):
                continue  # another directory first
            page = self._fetch_page(url, "sample")
            fetched += 1
            if page is not None:
                verdicts[url] = page.verdict.is_article
        if not any(verdicts.values()):
            return [], fetched
        good = {dirs[u] for u, ok in verdicts.items() if ok}
        bad = {dirs[u] for u, ok in verdicts.items() if not ok}
        if not bad:
            if all_dirs - good:
                self.notes.append(f"{pattern_for(group.shapes, self.scope)}: {len(good)} of {len(all_dirs)} "
                                  "directories sampled, all articles; the rest taken to be alike")
            return group.urls, fetched
        keep = good - bad
        left_out = len(all_dirs - good - bad)
        said = (f"{pattern_for(group.shapes, self.scope)}: articles in {len(keep)} director(ies), not in "
                f"{len(bad)}: a pattern per article directory")
        if left_out:
            self.undecided.append(f"{said}; {left_out} unsampled director(ies) left out")
        else:
            self.notes.append(said)
        return [u for u, d in dirs.items() if d in keep], fetched

    # -- 6. start pages and pagination ----------------------------------------------------------
    def _article_links(self, page: Page, patterns: list[str], rendered: bool) -> set[str]:
        links = [*page.links, *(page.rendered_links if rendered else [])]
        return {x.url for x in links if self._on_site(x.url) and any(matches(p, x.url) for p in patterns)}

    def _start_and_follow(self, patterns: list[str], render: bool) -> tuple[list[str], list[str]]:
        lists = [p for p in dict.fromkeys(self.pages.values()) if not p.verdict.is_article
                 and p.role in ("home", "list") and len(self._article_links(p, patterns, render)) >= MIN_LIST_ARTICLES]
        lists.sort(key=lambda p: (p.role != "home", -len(self._article_links(p, patterns, render))))
        pagers = {p.final_url: [x for x in pagination_links(p.final_url, [*p.links, *(p.rendered_links if render
                                                                                   else [])])
                                if self._on_site(x.url) and not any(matches(pt, x.url) for pt in patterns)]
                  for p in lists}
        paged = {x.url for links in pagers.values() for x in links}
        # a list's further pages are reached through follow_urls, not started from
        start = [p.final_url for p in lists if p.final_url not in paged or p.role == "home"]
        # sections of the same shape as a confirmed one, linked from the home page: unfetched ones,
        # and fetched ones a script fills that were not rendered
        list_keys = set(group_by_shape(p.final_url for p in lists if p.role != "home"))
        home = next((p for p in self.pages.values() if p.role == "home"), None)
        if home is not None and list_keys:
            for key, shapes in group_by_shape(x.url for x in home.links if self._on_site(x.url)).items():
                if key in list_keys:
                    start += [s.url for s in shapes if s.url not in start and s.url not in paged
                              and self._maybe_list(s.url, render)]
        follow = []
        for shapes in loose_groups(x.url for links in pagers.values() for x in links):
            follow.append(pattern_for(shapes, self.scope, dates=False))
            if not render:  # a rendered list's further pages show nothing to a plain fetch
                self._confirm_pagination(shapes[0].url, patterns)
        return start[:MAX_START_URLS], follow

    def _maybe_list(self, url: str, render: bool) -> bool:
        page = self.pages.get(url)
        if page is None:
            return url not in self.failed
        return render and page.scripts and not page.rendered_links and self._thin(page)

    def _confirm_pagination(self, url: str, patterns: list[str]) -> None:
        if self.fetcher.left <= 1 or url in self.pages:
            return
        page = self._fetch_page(url, "pagination")
        if page is None or len(self._article_links(page, patterns, False)) < MIN_LIST_ARTICLES:
            self.undecided.append(f"pagination: {url} was expected to list articles and does not (or failed)")

    # -- 7. the site file -----------------------------------------------------------------------
    def _render_needed(self, patterns: list[str]) -> bool:
        """Whether rendered pages show articles that a plain crawl cannot reach: not linked from
        the HTML of a front or list page (an article's own links are not followed), nor listed
        by a feed or sitemap."""
        rendered = {u for p in self.pages.values() for u in self._article_links_of(p.rendered_links, patterns)}
        if not rendered:
            return False
        static = {u for p in self.pages.values() if p.role in ("home", "list", "pagination")
                  for u in self._article_links_of(p.links, patterns)}
        static |= set(self._article_links_of(self._listed_links(), patterns))
        if not rendered - static:
            self.notes.append(f"list pages are filled by scripts, but their HTML, the feeds and the sitemaps "
                              f"already reach all {len(rendered)} articles they show: render: false")
            return False
        return True

    def _article_links_of(self, links: Iterable[Link], patterns: list[str]) -> list[str]:
        return [x.url for x in links if self._on_site(x.url) and any(matches(p, x.url) for p in patterns)]

    def _site(self, patterns: list[str]) -> dict[str, Any]:
        render = self._render_needed(patterns)
        start, follow = self._start_and_follow(patterns, render)
        feeds = [f for f, urls in self.feeds.items() if self._article_links_of(_plain(urls), patterns)]
        sitemaps = self._sitemap_entries(patterns)
        if not (start or feeds or sitemaps):
            raise ProbeError(f"{self.start}: articles found, but no list page, feed or sitemap leads to them")
        articles = [p for p in dict.fromkeys(self.pages.values()) if p.verdict.is_article and p.verdict.article]
        script = locale.decide_script(f"{a.verdict.article.title}\n{a.verdict.article.text}"
                                      for a in articles if a.verdict.article)
        offsets = locale.stated_offsets([*(a.verdict.text for a in articles), *self.feed_texts])
        zone = locale.decide_timezone(offsets, urlsplit(self.start).hostname or "", script.value)
        self.undecided += [d.note for d in (script, zone) if d.note]
        home = next(p for p in self.pages.values() if p.role == "home")
        site: dict[str, Any] = {
            "name": self.name,
            "title": locale.site_title([_document_title(home), *(_document_title(p) for p in self.pages.values()
                                                                  if p is not home)], self.name),
            "start_urls": start if start else None,
            "feeds": feeds or None,
            "sitemaps": sitemaps or None,
            "article_urls": patterns,
            "follow_urls": follow if start and follow else None,
            "max_depth": PAGINATION_DEPTH if start and follow else 1,
            "schedule": DEFAULT_SCHEDULE,
            "timezone": zone.value,
            "script": script.value,
            "render": render,
        }
        return {k: v for k, v in site.items() if v is not None}

    def _sitemap_entries(self, patterns: list[str]) -> list[str]:
        useful = [s for s, urls in self.sitemaps.items() if self._article_links_of(_plain(urls), patterns)]
        if useful and all(s in self.sitemaps_from_robots for s in useful):
            robots = urljoin(self.start, "/robots.txt")
            return [robots]
        return useful


def _plain(urls: Iterable[str]) -> list[Link]:
    return [Link(u, "", False, "listed", "") for u in urls]


def _document_title(page: Page) -> str:
    root = parse(page.verdict.text)
    if root is None:
        return ""
    title = root.find(".//title")
    return " ".join((title.text_content() if title is not None else "").split())


def check_url(url: str) -> str:
    """The URL to probe, or ProbeError: absolute http(s), a host, no credentials."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProbeError(f"{url}: not an absolute http(s) URL")
    if "@" in parts.netloc:
        raise ProbeError(f"{parts.hostname}: credentials in a URL: a portal to probe is public")
    try:
        _ = parts.port
    except ValueError:
        raise ProbeError(f"{url}: bad port") from None
    return parts._replace(path=parts.path or "/", fragment="").geturl()


def politeness_from(settings: BaseSettings, named_hosts: Iterable[str] = ()) -> Politeness:
    """The probe's rules from the crawl's settings: its user agent, headers, timeouts and size
    caps, ``PROBE_DELAY`` and ``PROBE_MAX_REQUESTS``; private hosts allowed as the crawl's address
    guard allows them (named by a site file, or in ``ADDRESS_GUARD_EXTRA_HOSTS``)."""
    allowed = {h.lower() for h in (*named_hosts, *settings.getlist("ADDRESS_GUARD_EXTRA_HOSTS"))}
    headers = tuple((str(k), str(v)) for k, v in settings.getdict("DEFAULT_REQUEST_HEADERS").items())
    delay = settings.getfloat("PROBE_DELAY")
    max_requests = settings.getint("PROBE_MAX_REQUESTS")
    if delay < 0 or max_requests < 1:
        raise ProbeError(f"PROBE_DELAY must be 0 or more and PROBE_MAX_REQUESTS 1 or more "
                         f"(got {delay}, {max_requests})")
    return Politeness(
        user_agent=settings.get("USER_AGENT"), delay=delay, max_requests=max_requests,
        timeout=settings.getfloat("DOWNLOAD_TIMEOUT"), max_bytes=settings.getint("DOWNLOAD_MAXSIZE"),
        robots_max_bytes=settings.getint("ROBOTSTXT_MAX_BYTES"), allowed_hosts=frozenset(allowed),
        headers=headers, allowed_networks=AddressPolicy.from_settings(settings, ()).allowed)


def probe(options: ProbeOptions) -> ProbeResult:
    """Probe one portal; ProbeError (one line) when it cannot be done."""
    return Probe(options).run()
