"""``difang sites probe``: learn a working site file from a portal's home page.

- :mod:`crawler.probe.probe` — the steps of one probe, from robots.txt to the site file
- :mod:`crawler.probe.fetch` — the polite fetcher: budget, delay, robots.txt, address guard, WARC
- :mod:`crawler.probe.links` — links of a page, furniture, announced feeds, pagers
- :mod:`crawler.probe.candidates` — which link shapes to sample as articles, which pages as lists
- :mod:`crawler.probe.urlshapes` — URLs generalized into article and pagination patterns
- :mod:`crawler.probe.verdict` — is a page an article (the project's extractor decides)
- :mod:`crawler.probe.browser` — rendering pages whose lists scripts fill
- :mod:`crawler.probe.locale` — script, time zone, site name and title
- :mod:`crawler.probe.report` — the site file as YAML and the preview the user sees
"""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.settings import BaseSettings

from crawler.probe.fetch import Politeness, ProbeError
from crawler.probe.locale import site_name
from crawler.probe.probe import Probe, ProbeOptions, ProbeResult, check_url

__all__ = ["Politeness", "ProbeError", "ProbeOptions", "ProbeResult", "check_url", "politeness_from", "probe",
           "site_name"]


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
        headers=headers)


def probe(options: ProbeOptions) -> ProbeResult:
    """Probe one portal; ProbeError (one line) when it cannot be done."""
    return Probe(options).run()
