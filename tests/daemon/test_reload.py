"""Site files are reloaded on change (polled) and on SIGHUP: added sites get jobs, removed sites
lose them, changed schedules apply, a broken file keeps its site's last good definition."""

from __future__ import annotations

import signal
import time

import pytest

from tests.daemon.kit import Daemon, Workspace, metric, wait_for, wait_value, write_later

pytestmark = pytest.mark.integration
NIGHTLY = "0 3 * * *"  # never due while a test runs (unless it runs at 03:00 in Shanghai)


def jobs(daemon: Daemon) -> dict[str, dict[str, str]]:
    return dict(daemon.healthz()["jobs"])


def test_file_changes_apply_without_restart(ws: Workspace) -> None:
    ws.add_site("demo-gbk", schedule=NIGHTLY)
    daemon = Daemon(ws, ws.env())
    assert set(jobs(daemon)) == {"demo-gbk"}

    ws.add_site("demo-big5", schedule=NIGHTLY)
    wait_for(lambda: "demo-big5" in jobs(daemon), 20, "a job for the added site")

    ws.edit_site("demo-gbk", schedule="30 4 * * *")
    job = wait_value(lambda: jobs(daemon)["demo-gbk"], lambda j: "30 4" in j["schedule"], 20,
                   "the changed schedule")
    assert job["next_run"].endswith("04:30:00+08:00")

    good = (ws.home / "daemon" / "sites" / "demo-gbk.yaml").read_text(encoding="utf-8")
    write_later(ws.site_file("demo-gbk"), ws.site_file("demo-gbk").read_text(encoding="utf-8")
                .replace("30 4 * * *", "61 4 * * *"))
    status = wait_value(daemon.healthz, lambda h: bool(h["broken_site_files"]), 20,
                      "the broken file reported")
    assert "demo-gbk.yaml: schedule" in status["broken_site_files"]["demo-gbk.yaml"]
    assert "30 4 * * *" in status["jobs"]["demo-gbk"]["schedule"]  # the old definition stays
    assert (ws.home / "daemon" / "sites" / "demo-gbk.yaml").read_text(encoding="utf-8") == good
    assert metric(daemon.metrics(), "difang_site_definition_errors") == 1

    ws.site_file("demo-big5").unlink()
    wait_for(lambda: "demo-big5" not in jobs(daemon), 20, "the removed site's job gone")
    assert daemon.stop() == 0
    log = daemon.log()
    assert "site definition error:" in log and "keeping its last good definition" in log
    assert "site demo-big5: job removed" in log


def test_sighup_applies_changes(ws: Workspace) -> None:
    ws.add_site("demo-gbk", schedule=NIGHTLY)
    daemon = Daemon(ws, ws.env(DIFANG_RELOAD_INTERVAL="0"))  # no polling: only SIGHUP reloads
    ws.add_site("demo-big5", schedule=NIGHTLY)
    ws.edit_site("demo-gbk", schedule="15 5 * * *")
    time.sleep(1.5)
    assert set(jobs(daemon)) == {"demo-gbk"}
    daemon.send(signal.SIGHUP)
    wait_for(lambda: set(jobs(daemon)) == {"demo-gbk", "demo-big5"}, 20, "SIGHUP applied")
    assert "15 5 * * *" in jobs(daemon)["demo-gbk"]["schedule"]
    assert daemon.stop() == 0
    assert "SIGHUP: reloading site definitions" in daemon.log()
