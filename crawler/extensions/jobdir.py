"""A JOBDIR is resumed only if the crawl that left it closed cleanly; otherwise it starts over.

Scrapy saves a JOBDIR's request queue (``requests.queue/active.json``) only when the crawl
closes, but writes every request's fingerprint to ``requests.seen`` as it goes. A crawl killed
with SIGKILL (or an unclean second SIGTERM) leaves the fingerprints without the queue: the next
run filters its own start pages as seen and finishes at once with nothing crawled. A queue
from a crawl that was resumed and then killed is stale in the same way.

So this extension marks a JOBDIR as in use when the crawl starts (``difang-running``, holding
the pid) and clears the mark when the crawl closes with its queue saved. A JOBDIR found with the
mark, or with fingerprints but no saved queue, is emptied before Scrapy reads it: the crawl
starts over (articles archived before are still skipped, by ``seen.sqlite``), and says so.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

log = logging.getLogger(__name__)
MARK = "difang-running"
SAVED_QUEUE = Path("requests.queue", "active.json")
SEEN = "requests.seen"


def left_by_a_killed_crawl(jobdir: Path) -> bool:
    if (jobdir / MARK).exists():
        return True
    return (jobdir / SEEN).exists() and not (jobdir / SAVED_QUEUE).exists()


class JobDirGuard:
    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobDirGuard:
        folder = job_dir(crawler.settings)
        if not folder:
            raise NotConfigured
        guard = cls(Path(folder))
        guard.claim()
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def claim(self) -> None:
        """Empty a JOBDIR a killed crawl left, then mark it as in use (before Scrapy reads it)."""
        if self.jobdir.is_dir() and left_by_a_killed_crawl(self.jobdir):
            log.warning("JOBDIR %s was left by a crawl that did not close (killed): its request queue "
                        "was never saved, so the crawl starts over (archived articles are still skipped)",
                        self.jobdir)
            for entry in self.jobdir.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        self.jobdir.mkdir(parents=True, exist_ok=True)
        (self.jobdir / MARK).write_text(f"{os.getpid()}\n", encoding="ascii")

    def spider_closed(self) -> None:
        if (self.jobdir / SAVED_QUEUE).exists():
            (self.jobdir / MARK).unlink(missing_ok=True)
