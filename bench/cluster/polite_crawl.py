"""A politeness-bound stand-in for ``scrapy crawl`` (DIFANG_TEST_CRAWL_COMMAND) in the cluster
benchmark: fetches a few pages of the demo portal with a delay between requests, as a polite
crawl of a portal spends its time, at almost no CPU. Usage: polite_crawl.py SITE URL PAGES DELAY"""

from __future__ import annotations

import sys
import time
import urllib.request

site, url, pages, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
for i in range(pages):
    if i:
        time.sleep(delay)
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
print(f"polite crawl of {site}: {pages} pages", flush=True)
