"""A stand-in for ``scrapy crawl`` (DIFANG_TEST_CRAWL_COMMAND) whose behaviour the site name picks.

- ``hung*``: ignores SIGTERM and never ends (only SIGKILL stops it)
- ``slow*``: runs for a minute unless SIGTERM stops it
- anything else: exits 0 at once
"""

from __future__ import annotations

import signal
import sys
import time

site = sys.argv[1] if len(sys.argv) > 1 else ""
print(f"fake crawl of {site}", flush=True)
if site.startswith("hung"):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(600)
elif site.startswith("slow"):
    time.sleep(60)
