"""Measure one crawler process: CPU (user + sys, with its children), wall time, peak RSS.

``os.wait4`` gives the resource usage of exactly the process waited for (and of the children it
reaped), so the demo portal, running as another child of the benchmark, is never counted.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from crawlers import Launch


@dataclass(frozen=True)
class Usage:
    user: float
    sys: float
    wall: float
    max_rss_mib: float
    exit_status: int

    @property
    def cpu(self) -> float:
        return self.user + self.sys


def measure(job: Launch, log: Path, timeout: float = 1800.0) -> Usage:
    with log.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(job.argv, cwd=job.cwd, env=job.env, stdout=sink, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    # ru_maxrss is in KiB on Linux
    return Usage(usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)
