"""Helpers for the daemon tests: a workspace of site files, and the daemon as a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from daemon.history import RunHistory, RunRow
from demo.server import DemoPortal, site_yaml

ROOT = Path(__file__).resolve().parents[2]
FAST = ("AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0", "SUMMARY_INTERVAL=0")
FAKE_CRAWL = f"{sys.executable} {Path(__file__).with_name('fake_crawl.py')} {{site}}"
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], timeout: float, what: str, every: float = 0.2) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def wait_value(fetch: Callable[[], T], accept: Callable[[T], bool], timeout: float, what: str) -> T:
    """Fetch until the value is acceptable; returns it."""
    box: list[T] = []

    def check() -> bool:
        box[:] = [fetch()]
        return accept(box[0])

    wait_for(check, timeout, what)
    return box[0]


def next_second(step: float, offset: float) -> None:
    """Sleep until ``offset`` seconds past a multiple of ``step`` on the wall clock."""
    now = time.time()
    time.sleep((offset - now % step) % step)


class Workspace:
    """Sites folder, archive and DIFANG_HOME of one test, with the demo portal's definitions."""

    def __init__(self, tmp: Path, portal: DemoPortal) -> None:
        self.tmp = tmp
        self.portal = portal
        self.sites = tmp / "sites"
        self.home = tmp / "home"
        self.archive = tmp / "archive"
        self.sites.mkdir(parents=True, exist_ok=True)

    def site_file(self, name: str) -> Path:
        return self.sites / f"{name}.yaml"

    def add_site(self, demo: str, *, name: str | None = None, **changes: Any) -> Path:
        definition = dict(self.portal.site_definitions()[demo])
        definition.update(changes)
        if name is not None:
            definition["name"] = name
        path = self.site_file(definition["name"])
        path.write_text(site_yaml(definition), encoding="utf-8")
        return path

    def edit_site(self, name: str, **changes: Any) -> None:
        path = self.site_file(name)
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        definition.update(changes)
        write_later(path, site_yaml(definition))

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
        env.update({"DIFANG_SITES": str(self.sites), "DIFANG_HOME": str(self.home),
                    "DIFANG_ARCHIVE": str(self.archive), "DIFANG_HEALTH_PORT": "0",
                    "DIFANG_RELOAD_INTERVAL": "0.5", "DIFANG_LATE_AFTER": "1"})
        env.update(extra)
        return env

    def runs(self, site: str | None = None) -> list[RunRow]:
        """Finished runs, oldest first."""
        path = self.home / "daemon" / "runs.sqlite"
        if not path.exists():
            return []
        rows = RunHistory(path).recent(site, 1000)
        return [r for r in reversed(rows) if r.outcome != "running"]

    def cli(self, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "scheduler.py", *args], cwd=ROOT, env=dict(env or self.env()),
                              capture_output=True, text=True, timeout=120)


def write_later(path: Path, text: str) -> None:
    """Rewrite a file so that its modification time surely changes (coarse file system clocks)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


class Daemon:
    """``python scheduler.py`` as a real process, its log in a file."""

    def __init__(self, ws: Workspace, env: Mapping[str, str], *settings: str) -> None:
        self.ws = ws
        self.log_path = ws.tmp / f"daemon-{time.monotonic_ns()}.log"
        args = [x for s in (*FAST, *settings) for x in ("--set", s)]
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "scheduler.py", *args], cwd=ROOT, env=dict(env),
                                         stdout=out, stderr=subprocess.STDOUT)
        self.url = wait_for(self._health_url, 30, "the daemon's health endpoint")

    def _health_url(self) -> str | None:
        if self.proc.poll() is not None:
            raise AssertionError(f"daemon exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
        state = self.ws.home / "daemon" / "daemon.json"
        if not state.exists():
            return None
        data = json.loads(state.read_text(encoding="utf-8"))
        return str(data["health"]) if data.get("pid") == self.proc.pid else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return bytes(response.read())

    def healthz(self) -> dict[str, Any]:
        return dict(json.loads(self.get("/healthz")))

    def metrics(self) -> str:
        return self.get("/metrics").decode("utf-8")

    def send(self, number: int) -> None:
        self.proc.send_signal(number)

    def stop(self, number: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(number)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"daemon did not stop within {timeout:.0f} s:\n{self.log()[-3000:]}") from None


def metric(text: str, name: str, **labels: str) -> float | None:
    """One sample of a Prometheus exposition, by name and exact labels."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        series, value = line.rsplit(" ", 1)
        metric_name, _, rest = series.partition("{")
        got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if metric_name == name and got == want:
            return float(value)
    return None
