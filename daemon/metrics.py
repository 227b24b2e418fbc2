"""The daemon's Prometheus metrics, on a registry of its own (served by health.py at /metrics)."""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400)


class DaemonMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.crawls = Counter("difang_crawls", "Crawls finished, by outcome", ["site", "outcome"], registry=r)
        self.late = Counter("difang_crawls_late", "Crawls started late (missed or delayed runs)",
                            ["site"], registry=r)
        self.duration = Histogram("difang_crawl_duration_seconds", "Wall time of crawls", ["site"],
                                  buckets=DURATION_BUCKETS, registry=r)
        self.last_success = Gauge("difang_crawl_last_success_timestamp_seconds",
                                  "End of the last successful crawl (Unix time)", ["site"], registry=r)
        self.last_articles = Gauge("difang_crawl_last_articles", "Articles archived by the last crawl",
                                   ["site"], registry=r)
        self.articles = Counter("difang_articles_archived", "Articles archived", ["site"], registry=r)
        self.duplicates = Counter("difang_articles_duplicate", "Duplicate articles found", ["site"], registry=r)
        self.pages = Counter("difang_pages_fetched", "Responses downloaded", ["site"], registry=r)
        self.bytes = Counter("difang_response_bytes", "Bytes downloaded", ["site"], registry=r)
        self.errors = Counter("difang_crawl_errors", "Crawl errors by kind", ["site", "kind"], registry=r)
        self.running = Gauge("difang_crawls_running", "Crawls running now", registry=r)
        self.sites = Gauge("difang_sites", "Sites with a job", registry=r)
        self.site_errors = Gauge("difang_site_definition_errors",
                                 "Site files that fail validation now (their last good definition is used)",
                                 registry=r)
        self.alert = Gauge("difang_site_alert", "1 while a silent-breakage alert is active",
                           ["site", "kind"], registry=r)
        self.alerts = Counter("difang_alerts", "Silent-breakage alerts raised", ["site", "kind"], registry=r)

    def seed(self, last_success: Mapping[str, float], alerts: list[tuple[str, str]]) -> None:
        """State kept in the run history, so a restart does not blank the dashboards."""
        for site, when in last_success.items():
            self.last_success.labels(site).set(when)
        for site, kind in alerts:
            self.alert.labels(site, kind).set(1)

    def crawl_finished(self, site: str, outcome: str, *, duration: float, late: bool, ended: float,
                       articles: int, duplicates: int, pages: int, bytes_: int,
                       errors: Mapping[str, int]) -> None:
        self.crawls.labels(site, outcome).inc()
        self.duration.labels(site).observe(duration)
        if late:
            self.late.labels(site).inc()
        if outcome == "ok":
            self.last_success.labels(site).set(ended)
        self.last_articles.labels(site).set(articles)
        self.articles.labels(site).inc(articles)
        self.duplicates.labels(site).inc(duplicates)
        self.pages.labels(site).inc(pages)
        self.bytes.labels(site).inc(bytes_)
        for kind, count in errors.items():
            self.errors.labels(site, kind).inc(count)

    def alert_raised(self, site: str, kind: str) -> None:
        self.alert.labels(site, kind).set(1)
        self.alerts.labels(site, kind).inc()

    def alert_cleared(self, site: str, kind: str) -> None:
        self.alert.labels(site, kind).set(0)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
