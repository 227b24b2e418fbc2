"""A crawl that dies at start-up on a damaged state database (seen.sqlite, dedupe.sqlite) is a
failure, not an interruption: exit status 1, one line naming the file and the repair, the run
recorded "failed" with that reason, and a ``failed`` alert that the next good run clears."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from daemon.history import RunHistory
from tests.hostile.damage import malformed, not_a_database
from tests.hostile.server import hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env

pytestmark = pytest.mark.integration


def run_now(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    settings = [x for i in range(1, len(FAST), 2) for x in ("--set", FAST[i])]
    return subprocess.run([sys.executable, "scheduler.py", *settings, "run", "hostile"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("name", "damage"), [("seen.sqlite", malformed), ("dedupe.sqlite", not_a_database)])
def test_a_damaged_state_database_fails_the_crawl_and_alerts(tmp_path: Path, name: str, damage: object) -> None:
    assert callable(damage)
    home = tmp_path / "home"
    home.mkdir()
    damage(home / name)
    with hostile_server(articles=3) as server:
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        failed = run_now(env)
        asked_while_failing = list(server.asked)
        (home / name).unlink()
        fixed = run_now(env)

    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert asked_while_failing == []
    history = RunHistory(home / "daemon" / "runs.sqlite")
    first, second = reversed(history.recent("hostile", 10))
    assert first.outcome == "failed" and first.exit_status == 1
    assert str(home / name) in first.failure and "damaged" in first.failure and "move it aside" in first.failure
    assert first.alerts and first.alerts[0].startswith("failed: the last crawl failed: " + str(home / name))
    assert "ALERT hostile failed" in failed.stderr
    crawl_log = Path(first.log_path).read_text(encoding="utf-8")
    assert "Traceback" not in crawl_log
    lines = [line for line in crawl_log.splitlines() if str(home / name) in line]
    assert len(lines) == 1 and "crawl of hostile failed: " in lines[0], crawl_log[-3000:]

    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert second.outcome == "ok" and second.articles == 3 and second.failure == ""
    assert not history.active_alerts("hostile")
