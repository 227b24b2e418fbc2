"""One crawl subprocess from start to exit: its log file, its time limit, and stopping it.

A crawl runs in its own session (process group), so a Ctrl-C at the daemon's terminal does not
reach it directly: the daemon (or ``scheduler.py --once``) decides when a crawl stops. Stopping
is always SIGTERM first (Scrapy then closes cleanly and saves its JOBDIR, so the next run
resumes), SIGKILL only after a grace. A crawl gets SIGTERM too when the process that started it
dies, even of SIGKILL (``PARENT_ENV``: the crawl asks the kernel for it, crawler/commands/crawl.py),
so no crawl outlives its scheduler as an orphan.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.lifecycle import PARENT_ENV
from daemon.forkserver import ForkedCrawl, ForkServer, forkable

log = logging.getLogger("difang.daemon")
POLL = 0.2


@dataclass(frozen=True)
class ProcessOutcome:
    returncode: int
    started: float  # time.time()
    ended: float
    timed_out: bool = False  # stopped at its time limit
    interrupted: bool = False  # stopped because the daemon is shutting down
    killed: bool = False  # needed SIGKILL

    @property
    def duration(self) -> float:
        return self.ended - self.started


class CrawlProcess:
    """A running crawl; ``stop()`` may be called from any thread."""

    def __init__(self, site: str, proc: subprocess.Popen[bytes] | ForkedCrawl, kill_grace: float) -> None:
        self.site = site
        self.proc = proc
        self.kill_grace = kill_grace
        self.started = time.time()
        self._stop_requested = threading.Event()

    def stop(self, grace: float | None = None) -> None:
        """Ask the crawl to stop: SIGTERM, then SIGKILL after ``grace`` seconds (default: the
        kill grace)."""
        if grace is not None:
            self.kill_grace = min(self.kill_grace, grace)
        self._stop_requested.set()

    def _signal(self, number: int) -> None:
        try:
            os.killpg(self.proc.pid, number)
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self, time_limit: float) -> ProcessOutcome:
        deadline = self.started + time_limit
        timed_out = interrupted = False
        while self.proc.poll() is None:
            if self._stop_requested.is_set():
                interrupted = True
                break
            if time.time() >= deadline:
                timed_out = True
                log.error("crawl of %s hit its time limit of %.0f s: stopping it", self.site, time_limit)
                break
            try:
                self.proc.wait(timeout=POLL)
            except subprocess.TimeoutExpired:
                pass
        killed = False
        if self.proc.poll() is None:
            killed = self._terminate()
        return ProcessOutcome(self.proc.wait(), self.started, time.time(),
                              timed_out=timed_out, interrupted=interrupted, killed=killed)

    def _terminate(self) -> bool:
        """SIGTERM, then SIGKILL after the grace; True if SIGKILL was needed."""
        self._signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=self.kill_grace)
            return False
        except subprocess.TimeoutExpired:
            log.error("crawl of %s ignored SIGTERM for %.0f s: SIGKILL", self.site, self.kill_grace)
            self._signal(signal.SIGKILL)
            self.proc.wait()
            return True


class CrawlRunner:
    """Starts crawl processes and keeps the list of running ones, to stop them at shutdown.

    ``fork``: crawls that are ``python -m scrapy …`` are forked from a process that imported
    Scrapy and the pipeline once (daemon/forkserver.py) instead of starting a fresh interpreter;
    everything else about them (session, log, time limit, signals, inherited descriptors) is the
    same. Other commands (the test hook's) still run as subprocesses."""

    def __init__(self, kill_grace: float, *, fork: bool = False) -> None:
        self.kill_grace = kill_grace
        self.forkserver = ForkServer() if fork else None
        self._running: dict[str, CrawlProcess] = {}
        self._lock = threading.Lock()

    def run(self, site: str, command: Sequence[str], *, env: Mapping[str, str], cwd: Path,
            log_path: Path | None, time_limit: float, pass_fds: Sequence[int] = ()) -> ProcessOutcome:
        """Run a crawl to its end (or its time limit); its output goes to ``log_path``, or to
        this process's own stdout and stderr when None. ``pass_fds``: file descriptors the crawl
        process inherits (and holds, untouched, until it exits)."""
        env = {**env, PARENT_ENV: str(os.getpid())}
        if log_path is not None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
        proc: subprocess.Popen[bytes] | ForkedCrawl
        with open(log_path, "ab") if log_path is not None else contextlib.nullcontext() as out:
            if self.forkserver is not None and forkable(command):
                proc = self.forkserver.launch(command, env=env, cwd=cwd, stdout=out.fileno() if out else None,
                                              pass_fds=pass_fds)
            else:
                proc = subprocess.Popen(list(command), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=subprocess.STDOUT if out else None, start_new_session=True,
                                        pass_fds=tuple(pass_fds))
        crawl = CrawlProcess(site, proc, self.kill_grace)
        with self._lock:
            self._running[site] = crawl
        try:
            return crawl.wait(time_limit)
        finally:
            with self._lock:
                self._running.pop(site, None)

    def pid(self, site: str) -> int | None:
        """The process id of the site's running crawl, None if it is not running."""
        with self._lock:
            crawl = self._running.get(site)
        return crawl.proc.pid if crawl is not None else None

    @property
    def running(self) -> list[str]:
        with self._lock:
            return sorted(self._running)

    def stop(self, site: str, grace: float | None = None) -> bool:
        """Stop the site's running crawl (see :meth:`CrawlProcess.stop`); False if none runs."""
        with self._lock:
            crawl = self._running.get(site)
        if crawl is not None:
            crawl.stop(grace)
        return crawl is not None

    def stop_all(self) -> None:
        with self._lock:
            crawls = list(self._running.values())
        for crawl in crawls:
            log.warning("stopping the crawl of %s (it resumes on its next run)", crawl.site)
            crawl.stop()

    def close(self) -> None:
        """Stop the fork server, if any (once the crawls have ended)."""
        if self.forkserver is not None:
            self.forkserver.close()
