"""A stand-in crawl (DIFANG_TEST_CRAWL_COMMAND) that takes SECONDS: ``sleepy_crawl.py SITE SECONDS``."""

import sys
import time

time.sleep(float(sys.argv[2]))
print(f"sleepy crawl of {sys.argv[1]} done", flush=True)
