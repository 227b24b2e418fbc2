"""The daemon's parts without processes: alert rules, site reloading, run reports, settings."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.config import Config
from core.record import MANIFEST_SCHEMA
from daemon.alerts import AlertRules
from daemon.history import RunRow
from daemon.options import DaemonSettings, SettingError
from daemon.reload import SiteBook
from daemon.report import read_report
from storage.store import FileStore

SITE = """name: {name}
title: 测试站
start_urls: [http://127.0.0.9/list.html]
article_urls: ['/a/\\d+\\.html$']
schedule: "{schedule}"
"""


def run(n: int, *, articles: int = 0, known: int = 0, records: int = 0, dated: int = 0,
        failure: str = "", errors: dict[str, int] | None = None) -> RunRow:
    return RunRow(id=n, site="x", trigger="schedule", scheduled_at=None, started_at=float(n),
                  ended_at=n + 1.0, outcome="failed" if failure else "ok", exit_status=1 if failure else 0,
                  late=False, articles=articles, known_articles=known, failure=failure, errors=errors or {},
                  coverage={"records": records, "published_at": dated, "source": records, "authors": records})


def newest_first(*runs: RunRow) -> list[RunRow]:
    return list(reversed(runs))


def test_silent_after_n_runs_in_a_row() -> None:
    rules = AlertRules(silent_runs=3)
    assert "silent" not in rules.evaluate(newest_first(run(1, articles=5), run(2), run(3)))
    verdict = rules.evaluate(newest_first(run(1, articles=5), run(2), run(3), run(4)))
    assert verdict["silent"] == "no articles found in the last 3 runs"
    assert rules.evaluate(newest_first(run(2), run(3), run(4), run(5, articles=1)))["silent"] is None


def test_a_silent_site_whose_lists_scripts_fill_is_told_to_render() -> None:
    rules = AlertRules(silent_runs=2)
    verdict = rules.evaluate(newest_first(run(1), run(2, errors={"needs_render": 1})))
    assert verdict["silent"] == ("no articles found in the last 2 runs; its list pages hold no article link "
                                 "but run scripts: try render: true in its site file")


def test_a_failed_run_alerts_at_once_and_is_not_counted_as_silent() -> None:
    rules = AlertRules(silent_runs=2)
    verdict = rules.evaluate(newest_first(run(1, articles=5), run(2, failure="disk full")))
    assert verdict == {"failed": "the last crawl failed: disk full"}
    after = rules.evaluate(newest_first(run(1, articles=5), run(2, failure="disk full"), run(3)))
    assert after["failed"] is None and "silent" not in after  # one silent ok run, not two


def test_a_quiet_site_that_links_known_articles_is_not_silent() -> None:
    rules = AlertRules(silent_runs=2)
    assert rules.evaluate(newest_first(run(1, known=8), run(2, known=8)))["silent"] is None


def test_published_at_share_dropping_fires_and_recovering_clears() -> None:
    rules = AlertRules(field_drop=0.5, min_articles=5)
    usual = [run(i, articles=10, records=10, dated=9) for i in range(1, 5)]
    verdict = rules.evaluate(newest_first(*usual, run(5, articles=10, records=10, dated=1)))
    assert verdict["missing_published_at"] == "published_at on 10% of 10 new records, usually 90%"
    assert verdict["missing_source"] is None
    recovered = rules.evaluate(newest_first(*usual, run(5, records=10, dated=1), run(6, records=10, dated=9)))
    assert recovered["missing_published_at"] is None


def test_too_few_records_decide_nothing() -> None:
    rules = AlertRules(min_articles=5)
    usual = [run(i, articles=10, records=10, dated=10) for i in range(1, 5)]
    assert "missing_published_at" not in rules.evaluate(newest_first(*usual, run(5, records=2, dated=0)))
    assert "missing_published_at" not in rules.evaluate(newest_first(usual[0], run(2, records=10, dated=0)))


def test_broken_file_keeps_the_last_good_definition(tmp_path: Path) -> None:
    sites, snapshot = tmp_path / "sites", tmp_path / "snapshot"
    sites.mkdir()
    (sites / "a.yaml").write_text(SITE.format(name="a", schedule="*/30 * * * *"), encoding="utf-8")
    book = SiteBook(sites, snapshot)
    first = book.scan(force=True)
    assert first is not None and first.sites["a"].schedule == "*/30 * * * *"
    assert book.scan() is None  # nothing changed
    (sites / "a.yaml").write_text(SITE.format(name="a", schedule="not cron"), encoding="utf-8")
    (sites / "b.yaml").write_text(SITE.format(name="b", schedule="5 * * * *"), encoding="utf-8")
    second = book.scan(force=True)
    assert second is not None and second.sites["a"].schedule == "*/30 * * * *"
    assert set(second.sites) == {"a", "b"} and "a.yaml" in second.broken
    assert "*/30" in (snapshot / "a.yaml").read_text(encoding="utf-8")
    # a restarted daemon still has the site while its file is broken
    assert SiteBook(sites, snapshot).scan(force=True).sites["a"].schedule == "*/30 * * * *"  # type: ignore[union-attr]
    (sites / "b.yaml").unlink()
    third = book.scan()
    assert third is not None and set(third.sites) == {"a"} and not (snapshot / "b.yaml").exists()


def manifest(rows: list[dict[str, Any]]) -> bytes:
    full = [{name: row.get(name) for name in MANIFEST_SCHEMA.names} for row in rows]
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(full, schema=MANIFEST_SCHEMA), out)
    return out.getvalue()


def test_report_reads_the_run_file_and_field_coverage(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    rows = [{"id": str(i), "published_at": "2026-11-01T08:00:00+08:00" if i < 3 else None,
             "source": "云溪县融媒体中心", "authors": ["李明"] if i == 0 else []} for i in range(4)]
    store.put("manifests/date=2026-11-26/demo-20261126020304-abcdef.parquet", manifest(rows))
    run = {"run_id": "demo-20261126020304-abcdef", "site": "demo", "finish_reason": "finished",
           "manifest": "manifests/date=2026-11-26/demo-20261126020304-abcdef.parquet",
           "stats": {"difang/articles/archived": 4, "difang/articles/duplicate": 1,
                     "difang/dedupe/url_seen": 6, "difang/errors/http_404": 2,
                     "downloader/response_count": 20, "downloader/response_bytes": 12345}}
    store.put("runs/demo-20261126020304-abcdef.json", json.dumps(run).encode())
    store.put("runs/demo-x-20261126020304-abcdef.json", b"{}")  # another site's name starts alike
    started = 1795658584.0  # 2026-11-26T02:03:04Z
    report = read_report(store, "demo", started - 0.5, started + 30)
    assert (report.run_id, report.pages, report.articles, report.duplicates, report.known_articles,
            report.bytes) == ("demo-20261126020304-abcdef", 20, 4, 1, 6, 12345)
    assert dict(report.errors) == {"http_404": 2}
    assert dict(report.coverage) == {"records": 4, "published_at": 3, "source": 4, "authors": 1}
    assert not read_report(store, "demo", started + 60, started + 90).found  # a later crawl: not this one


def test_settings_defaults_and_errors() -> None:
    config = Config.from_env({"DIFANG_HOME": "/srv/difang"})
    settings = DaemonSettings.from_env(config, {})
    assert settings.max_crawls == 2 and settings.misfire_grace >= 300 and settings.health_port == 8765
    assert settings.jobstore_url == "sqlite:////srv/difang/daemon/jobs.sqlite" and not settings.test_hooks
    tuned = DaemonSettings.from_env(config, {"DIFANG_CRAWL_TIME_LIMIT": "600;bjd=7200",
                                             "DIFANG_JOBSTORE": "postgresql://difang@db/difang"})
    assert tuned.time_limit_for("bjd") == 7200 and tuned.time_limit_for("other") == 600
    assert tuned.jobstore_url.startswith("postgresql://")
    with pytest.raises(SettingError, match="DIFANG_MAX_CRAWLS"):
        DaemonSettings.from_env(config, {"DIFANG_MAX_CRAWLS": "0"})
    assert settings.crawl_launcher == "fork"
    assert DaemonSettings.from_env(config, {"DIFANG_CRAWL_LAUNCHER": "subprocess"}).crawl_launcher == "subprocess"
    with pytest.raises(SettingError, match="DIFANG_CRAWL_LAUNCHER: one of subprocess, fork, got 'spawn'"):
        DaemonSettings.from_env(config, {"DIFANG_CRAWL_LAUNCHER": "spawn"})
