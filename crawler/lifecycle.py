"""A crawl process and the process that started it (the daemon, ``scheduler.py --once``): the
line a failing crawl ends with, which the daemon reads back from its log, and how it stops when
its parent is gone."""

from __future__ import annotations

import os
import signal
import sys

PARENT_ENV = "DIFANG_PARENT_PID"  # set by the daemon's runner: the crawl stops when that process is gone


def failure_line(site: str, reason: str) -> str:
    """The one line a failing crawl ends with (crawler/commands/crawl.py); the
    daemon's ``failure_in_log`` finds it."""
    return f"crawl of {site} failed: {reason}"


def stop_with_parent() -> None:
    """In a crawl started by the daemon or ``--once``: have the kernel send this process SIGTERM
    when the process that started it dies (Linux ``PR_SET_PDEATHSIG``), so that a scheduler killed
    with SIGKILL leaves no orphan crawl behind. Scrapy's SIGTERM handler then closes the crawl
    cleanly (its JOBDIR is saved and resumed by the next run)."""
    parent = os.environ.get(PARENT_ENV, "")
    if not parent.isdigit() or not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) != 0:
        return
    if os.getppid() != int(parent):  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)
