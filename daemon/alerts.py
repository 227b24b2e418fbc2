"""Silent breakage: a portal redesign must not go unnoticed for weeks.

Three rules over a site's completed runs (newest first):

- ``failed``: the last crawl failed (a non-zero exit: a damaged state file, a full disk, an
  archive that refuses the credentials, ...); its one-line reason is the message.
- ``silent``: the last N runs found no article at all — nothing archived and no already-archived
  article linked (a quiet site still links its known articles; a redesigned one links none); when
  the last one found list pages that scripts fill (``needs_render``), the message says so.
- ``missing_FIELD``: the share of newly archived records with FIELD (published_at, source,
  authors) fell far below its usual level — the median share of the site's earlier runs that
  archived enough records to say. Runs with too few new records decide nothing.

``silent`` and ``missing_FIELD`` look at runs that ended ``ok`` only: a failed run says nothing
about the site's pages.

An alert is raised once, stays active (logged as such on every run), and is cleared by a good run.
Raising and clearing are logged, counted in the metrics, written to the run history and, when
DIFANG_ALERT_WEBHOOK is set, POSTed there as JSON.
"""

from __future__ import annotations

import json
import logging
import statistics
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from daemon.history import ActiveAlert, RunHistory, RunRow
from daemon.metrics import DaemonMetrics
from daemon.report import COVERED_FIELDS

log = logging.getLogger("difang.daemon.alerts")
MIN_BASELINE_RUNS = 3
USUAL_SHARE = 0.5  # a field present on under half the records was never something to rely on


@dataclass(frozen=True)
class AlertRules:
    silent_runs: int = 3
    field_drop: float = 0.5
    min_articles: int = 5
    baseline_runs: int = 20

    @property
    def history_needed(self) -> int:
        return max(self.silent_runs, self.baseline_runs + 1)

    def evaluate(self, runs: Sequence[RunRow]) -> dict[str, str | None]:
        """Verdicts by alert kind: a message (firing) or None (clear); absent kinds stay as they are."""
        verdicts: dict[str, str | None] = {}
        if not runs:
            return verdicts
        if runs[0].outcome == "failed":
            verdicts["failed"] = f"the last crawl failed: {runs[0].failure or 'no reason given'}"
            return verdicts
        verdicts["failed"] = None
        runs = [r for r in runs if r.outcome == "ok"]
        if len(runs) >= self.silent_runs and all(r.silent for r in runs[: self.silent_runs]):
            verdicts["silent"] = f"no articles found in the last {self.silent_runs} runs" + (
                "; its list pages hold no article link but run scripts: try render: true in its site file"
                if runs[0].errors.get("needs_render") else "")
        elif not runs[0].silent:
            verdicts["silent"] = None
        for name in COVERED_FIELDS:
            decided, message = self._coverage(runs, name)
            if decided:
                verdicts[f"missing_{name}"] = message
        return verdicts

    def _share(self, run: RunRow, name: str) -> float | None:
        records = run.coverage.get("records", 0)
        return run.coverage.get(name, 0) / records if records >= self.min_articles else None

    def _coverage(self, runs: Sequence[RunRow], name: str) -> tuple[bool, str | None]:
        """(False, None) when this run cannot tell; else (True, message or None for clear)."""
        now = self._share(runs[0], name)
        if now is None:
            return False, None
        earlier = [s for s in (self._share(r, name) for r in runs[1: self.baseline_runs + 1]) if s is not None]
        if len(earlier) < MIN_BASELINE_RUNS:
            return False, None
        usual = statistics.median(earlier)
        if usual >= USUAL_SHARE and now < usual * (1 - self.field_drop):
            return True, (f"{name} on {now:.0%} of {runs[0].coverage.get('records', 0)} new records, "
                          f"usually {usual:.0%}")
        return True, None


class AlertBook:
    """Applies verdicts: the history's active alerts, the log, the metrics and the webhook."""

    def __init__(self, history: RunHistory, metrics: DaemonMetrics, webhook: str = "") -> None:
        self.history = history
        self.metrics = metrics
        self.webhook = webhook

    def apply(self, site: str, run: RunRow, verdicts: dict[str, str | None]) -> list[str]:
        """Returns the site's active alerts after this run, as ``kind: message`` lines."""
        for kind, message in verdicts.items():
            if message is not None:
                alert = ActiveAlert(site, kind, time.time(), message)
                if not self.history.raise_alert(alert):
                    log.warning("alert still active %s %s: %s", site, kind, message)
                else:
                    log.warning("ALERT %s %s: %s", site, kind, message)
                    self.metrics.alert_raised(site, kind)
                    self._post({"site": site, "alert": kind, "state": "firing", "message": message,
                                "run_id": run.run_id, "at": alert.raised_at})
            elif self.history.clear_alert(site, kind):
                log.info("alert cleared %s %s", site, kind)
                self.metrics.alert_cleared(site, kind)
                self._post({"site": site, "alert": kind, "state": "resolved", "run_id": run.run_id,
                            "at": time.time()})
        return [f"{a.kind}: {a.message}" for a in self.history.active_alerts(site)]

    def _post(self, payload: dict[str, object]) -> None:
        if not self.webhook:
            return
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.webhook, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
        except Exception as exc:  # an unreachable webhook must not stop crawling
            log.error("alert webhook %s failed: %s", self.webhook, exc)
