"""Faults an operator meets say what and where in one line, never a traceback: a second crawl of
a site, damaged index.sqlite / runs.sqlite / jobs.sqlite (named, with the repair), ``scheduler.py
jobs`` on a fresh home, ``difang reindex`` against an archive that refuses the secret (and the
``.rebuild`` files of an earlier, killed reindex)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.damage import malformed, not_a_database
from tests.hostile.server import Answer, article, hostile_server
from tests.integration.crawlkit import FAST, ROOT, crawl_env
from tests.s3server import SeaweedS3

pytestmark = pytest.mark.integration


DAMAGES = [not_a_database, malformed]


def workspace(tmp: Path, **extra: str) -> dict[str, str]:
    sites = tmp / "sites"
    sites.mkdir(exist_ok=True)
    (sites / "s1.yaml").write_text("name: s1\nstart_urls: ['http://127.0.0.1:9/']\narticle_urls: ['/a/']\n")
    return crawl_env(tmp, sites, str(tmp / "archive"), {"DIFANG_HEALTH_PORT": "0", **extra})


def run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def one_line(done: subprocess.CompletedProcess[str], *said: str) -> str:
    text = done.stdout + done.stderr
    assert "Traceback" not in text, text[-3000:]
    lines = [line for line in text.splitlines() if all(s in line for s in said)]
    assert len(lines) == 1, text[-3000:]
    return lines[0]


def test_a_second_crawl_of_a_site_is_one_line(tmp_path: Path) -> None:
    def slow(n: int) -> Answer:
        time.sleep(0.5)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article(n).encode("utf-8")

    with hostile_server(articles=40) as server:
        for n in range(1, 41):
            server.routes[f"/a/{n}.html"] = lambda n=n: slow(n)
        server.site_file(tmp_path / "sites")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=hostile", *FAST,
                   "-s", "CONCURRENT_REQUESTS=1"]
        first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            lock = tmp_path / "home" / "spool" / "hostile" / ".lock"
            deadline = time.monotonic() + 120
            while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
                assert first.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
            second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        finally:
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=60)
    assert second.returncode == 1
    line = one_line(second, "crawl of hostile failed: ")
    assert f"is in use by another crawl of this site (pid {first.pid})" in line


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_query_index_names_reindex(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    env = workspace(tmp_path)
    index = tmp_path / "home" / "index.sqlite"
    damage(index)
    for command in (["search", "学校"], ["stats"]):
        done = run(env, "-m", "archive.cli.main", *command)
        assert done.returncode == 1, done.stderr
        line = one_line(done, str(index))
        assert "is damaged (" in line and "run `difang reindex`" in line
    rebuilt = run(env, "-m", "archive.cli.main", "reindex", "--workers", "1")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run(env, "-m", "archive.cli.main", "search", "学校").returncode == 0


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize(("name", "commands", "repair"), [
    ("runs.sqlite", [["runs"], ["run", "s1"], []], "run history and alerts start empty"),
    ("jobs.sqlite", [["jobs"], []], "next runs are computed again from the site schedules"),
])
def test_a_damaged_daemon_database_is_named(tmp_path: Path, damage: Callable[[Path], None], name: str,
                                            commands: list[list[str]], repair: str) -> None:
    env = workspace(tmp_path)
    path = tmp_path / "home" / "daemon" / name
    damage(path)
    for command in commands:  # [] is the daemon itself
        done = run(env, "scheduler.py", *command)
        assert done.returncode == 2, (command, done.stderr[-3000:])
        line = one_line(done, str(path))
        assert "is damaged (" in line and f"move it aside: {repair}" in line
    assert not (tmp_path / "home" / "logs").exists()  # no crawl started


def test_jobs_on_a_fresh_home(tmp_path: Path) -> None:
    env = workspace(tmp_path)
    done = run(env, "scheduler.py", "jobs")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "s1" in done.stdout and "(not scheduled yet)" in done.stdout
    assert not (tmp_path / "home" / "daemon" / "jobs.sqlite").exists()


def test_reindex_against_a_refused_secret(tmp_path: Path, strict_s3: SeaweedS3) -> None:
    bucket = f"reindex-{secrets.token_hex(4)}"
    strict_s3.create_bucket(bucket)
    env = crawl_env(tmp_path, tmp_path / "sites", f"s3://{bucket}/archive",
                    {**strict_s3.env(), "AWS_SECRET_ACCESS_KEY": "not-the-secret"})
    home = tmp_path / "home"
    home.mkdir()
    built = run({**env, **strict_s3.env()}, "-m", "archive.cli.main", "reindex", "--workers", "1")
    assert built.returncode == 0, built.stderr
    before = (home / "index.sqlite").read_bytes()
    (home / "index.sqlite.rebuild").write_bytes(b"half a rebuild")  # a reindex killed earlier
    (home / "index.sqlite.parts").mkdir()
    (home / "index.sqlite.parts" / "part-0.sqlite").write_bytes(b"part")

    done = run(env, "-m", "archive.cli.main", "reindex", "--workers", "1")
    assert done.returncode == 1
    line = one_line(done, "difang: ")
    assert f"s3://{bucket}/archive refused listing" in line and "SignatureDoesNotMatch" in line
    assert "not-the-secret" not in done.stderr
    assert sorted(os.listdir(home)) == ["index.sqlite"] and (home / "index.sqlite").read_bytes() == before
