"""A stand-in crawl (DIFANG_TEST_CRAWL_COMMAND) that is slow to close, and writes down when it lived.

    closing_crawl.py SITE LIFE_FILE RUN_SECONDS CLOSE_SECONDS

It asks for SIGTERM when the process that started it dies, as a real crawl does
(crawler.lifecycle), runs RUN_SECONDS, and on SIGTERM takes CLOSE_SECONDS to close (a Scrapy
crawl saving its JOBDIR and flushing its WARC files). LIFE_FILE gets one line per crawl when it
ends: ``SITE PID START END`` (Unix times).
"""

import os
import signal
import sys
import time

from crawler.lifecycle import stop_with_parent

site, life_file, run_for, close_for = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
started = time.time()


def ended() -> None:
    with open(life_file, "a", encoding="utf-8") as out:
        out.write(f"{site} {os.getpid()} {started!r} {time.time()!r}\n")


def closing(number: int, frame: object) -> None:
    time.sleep(close_for)
    ended()
    sys.exit(0)


signal.signal(signal.SIGTERM, closing)
stop_with_parent()
time.sleep(run_for)
ended()
