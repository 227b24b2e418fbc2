"""Real crawls of the demo portal on a fast schedule: on time, one at a time per site, at most
DIFANG_MAX_CRAWLS at once, and what happened is in the history, ``runs``, ``jobs`` and /metrics."""

from __future__ import annotations

import pytest

from daemon.history import RunRow
from tests.daemon.kit import Daemon, Workspace, metric, next_second, wait_for

pytestmark = pytest.mark.integration
SITES = ("demo-gbk", "demo-big5", "demo-utf8")
PERIOD = 4
SLOW_DELAY = 0.5  # seconds between two requests of one crawl


def most_at_once(runs: list[RunRow]) -> int:
    edges = sorted([(r.started_at, 1) for r in runs] + [(r.ended_at or 0, -1) for r in runs],
                   key=lambda e: (e[0], e[1]))
    now = peak = 0
    for _, step in edges:
        now += step
        peak = max(peak, now)
    return peak


@pytest.fixture(scope="module")
def session(portal: object, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from demo.server import DemoPortal

    assert isinstance(portal, DemoPortal)
    ws = Workspace(tmp_path_factory.mktemp("schedule"), portal)
    for name in SITES:
        ws.add_site(name)
    env = ws.env(DIFANG_TEST_SCHEDULE=f"*/{PERIOD}", DIFANG_MAX_CRAWLS="2")
    next_second(PERIOD, 1.0)  # the first fire time is 3 s away: the daemon is up by then
    # Crawls that last longer than a period whatever the machine's speed (one request at a time,
    # half a second apart: ~15 requests, ~7 s), so that a site is still being crawled when it is
    # due again and the third site due waits for a slot. Left to their own speed, the crawls of
    # these small sites finish within the period on a fast enough machine.
    daemon = Daemon(ws, env, f"DOWNLOAD_DELAY={SLOW_DELAY}", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                    "RANDOMIZE_DOWNLOAD_DELAY=0")
    wait_for(lambda: len({r.site for r in ws.runs()}) == len(SITES) and len(ws.runs()) >= 4, 90,
             "every site crawled and four crawls in all")
    metrics = daemon.metrics()
    runs_out = ws.cli("runs", env=env)
    site_out = ws.cli("runs", "--site", "demo-gbk", env=env)
    jobs_out = ws.cli("jobs", env=env)
    status = daemon.stop()
    return {"ws": ws, "log": daemon.log(), "status": status, "metrics": metrics, "runs": ws.runs(),
            "runs_out": runs_out, "site_out": site_out, "jobs_out": jobs_out}


def test_daemon_exits_0_on_sigterm(session: dict[str, object]) -> None:
    assert session["status"] == 0, str(session["log"])[-3000:]


def test_crawls_succeed_and_archive(session: dict[str, object]) -> None:
    runs: list[RunRow] = session["runs"]  # type: ignore[assignment]
    assert runs and all(r.outcome == "ok" and r.exit_status == 0 for r in runs), runs
    first = {r.site: r for r in reversed(runs)}
    for site in SITES:
        assert first[site].articles >= 5, first[site]
        assert first[site].run_id.startswith(site + "-")
        assert first[site].pages > first[site].articles


def test_runs_happen_on_time(session: dict[str, object]) -> None:
    runs: list[RunRow] = session["runs"]  # type: ignore[assignment]
    for run in runs:
        assert run.trigger == "schedule" and run.scheduled_at is not None
        assert run.scheduled_at % PERIOD == 0, run  # the cron's fire times, nothing else
    # the first two crawls had free slots: they started when due
    for run in runs[:2]:
        assert run.scheduled_at is not None and 0 <= run.started_at - run.scheduled_at < 2.5, run
        assert not run.late


def test_no_overlap_of_one_site(session: dict[str, object]) -> None:
    runs: list[RunRow] = session["runs"]  # type: ignore[assignment]
    for site in SITES:
        mine = [r for r in runs if r.site == site]
        for before, after in zip(mine, mine[1:], strict=False):
            assert before.ended_at is not None and before.ended_at <= after.started_at, (before, after)
    assert any(r.ended_at is not None and r.ended_at - r.started_at > PERIOD for r in runs), runs  # the premise
    assert "maximum number of running instances reached" in str(session["log"])


def test_global_limit_holds(session: dict[str, object]) -> None:
    runs: list[RunRow] = session["runs"]  # type: ignore[assignment]
    assert most_at_once(runs) == 2
    # three sites were due together: one of them waited for a slot
    waited = [r for r in runs if r.scheduled_at is not None and r.started_at - r.scheduled_at >= 2.5]
    assert waited


def test_metrics_report_what_happened(session: dict[str, object]) -> None:
    text: str = session["metrics"]  # type: ignore[assignment]
    runs: list[RunRow] = session["runs"]  # type: ignore[assignment]
    seen = [r for r in runs if r.ended_at is not None]
    for site in {r.site for r in seen}:
        ok = metric(text, "difang_crawls_total", site=site, outcome="ok")
        articles = metric(text, "difang_articles_archived_total", site=site)
        last = metric(text, "difang_crawl_last_success_timestamp_seconds", site=site)
        count = metric(text, "difang_crawl_duration_seconds_count", site=site)
        mine = [r for r in seen if r.site == site]
        assert ok is not None and ok >= 1 and count == ok
        assert articles is not None and articles >= mine[0].articles
        assert last is not None and last >= mine[0].ended_at  # type: ignore[operator]
    assert metric(text, "difang_sites") == len(SITES)
    errors = [line for line in text.splitlines() if line.startswith('difang_crawl_errors_total{')]
    assert any('site="demo-utf8"' in line and 'kind="http_404"' in line for line in errors), errors


def test_runs_and_jobs_commands(session: dict[str, object]) -> None:
    runs_out = session["runs_out"]
    site_out = session["site_out"]
    jobs_out = session["jobs_out"]
    assert runs_out.returncode == 0, runs_out.stderr  # type: ignore[attr-defined]
    lines = runs_out.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0].split()[:5] == ["RUN", "SITE", "STARTED", "(UTC)", "TOOK"]
    assert {line.split()[1] for line in lines[1:]} <= set(SITES) and len(lines) >= 4
    assert all(line.split()[1] == "demo-gbk" for line in site_out.stdout.splitlines()[1:])  # type: ignore[attr-defined]
    jobs = jobs_out.stdout.splitlines()  # type: ignore[attr-defined]
    assert [line.split()[0] for line in jobs[1:]] == sorted(SITES)
    assert all(f"test-seconds */{PERIOD} Asia/" in line and "+0800" in line for line in jobs[1:]), jobs
