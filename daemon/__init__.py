"""The crawl daemon behind ``python scheduler.py``: one module per concern.

options (DIFANG_* environment), schedules (site cron → APScheduler trigger), runner (one crawl
subprocess with its time limit), slots (global limit and per-site locks), report (what a crawl
archived, read back from its run file), history (run history in SQLite), alerts (silent-breakage
rules and the webhook), metrics (Prometheus), health (HTTP endpoint), reload (site files watched
for changes), crawls (one crawl, end to end), jobs (the APScheduler job book), daemon (wiring and
signals), cli (``jobs``, ``runs``, ``run``).
"""
