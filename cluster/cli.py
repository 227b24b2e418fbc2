"""``scheduler.py jobs``, ``runs`` and ``run SITE`` in cluster mode: read from (and recorded in)
the cluster's PostgreSQL, so every node shows the same thing.

    jobs          per site: the next due from its schedule, the last due the leader enqueued,
                  jobs waiting in the queue and the node crawling it now
    runs          the run history and active alerts of the whole cluster (difang_runs)
    run SITE      crawl one site now on this machine, under the site's cluster-wide lock,
                  recorded in difang_runs (trigger "manual"); refused while another node crawls it
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO, cast

from cluster.db import DatabaseUnavailable, ensure_schema
from cluster.reads import describe, queue_state, run_history
from core.config import Config
from core.sites import SiteError, load_site, load_sites
from daemon.cli import RUN_HEADER, print_table, run_line, show_runs, when
from daemon.history import RunHistory
from daemon.options import DaemonSettings
from daemon.schedules import schedule_of, trigger_for


def cluster_runs(dsn: str, settings: DaemonSettings, out: TextIO, *, site: str | None, limit: int,
                 as_json: bool) -> int:
    history = run_history(dsn)
    if history is None:
        if as_json:
            out.write(json.dumps({"runs": [], "alerts": []}) + "\n")
        else:
            out.write(f"no runs yet: no node has started on {describe(dsn)}\n")
        return 0
    return show_runs(settings, out, site=site, limit=limit, as_json=as_json, history=cast(RunHistory, history))  # the same methods, in PostgreSQL


def cluster_jobs(dsn: str, config: Config, settings: DaemonSettings, out: TextIO) -> int:
    try:
        sites = load_sites(config.sites)
    except SiteError as exc:
        out.write(f"site definition error: {exc}\n")
        sites = {}
    queue = queue_state(dsn)
    now = datetime.now(UTC)
    rows = [["SITE", "NEXT DUE (site time)", "SCHEDULE", "LAST ENQUEUED (UTC)", "WAITING", "CRAWLING ON"]]
    for name in sorted(set(sites) | set(queue)):
        site = sites.get(name)
        state = queue.get(name)
        if site is not None:
            fire = trigger_for(site, settings.test_schedules).get_next_fire_time(None, now)
            nxt = when(fire.timestamp(), site.timezone) if fire else "never"
            schedule = schedule_of(site, settings.test_schedules)
        else:
            nxt, schedule = "-", "(no site file on this node)"
        rows.append([name, nxt, schedule, when(state.last_due if state else None),
                     str(state.waiting if state else 0), (state.running_on if state else "") or "-"])
    print_table(rows, out)
    return 0


def cluster_run_now(dsn: str, config: Config, settings: DaemonSettings, site: str, extra: Sequence[str],
                    out: TextIO) -> int:
    from cluster.node import node_name
    from cluster.worker import ClusterWorker

    try:
        load_site(config.sites, site)
    except SiteError as exc:
        out.write(f"site definition error: {exc}\n")
        return 2
    ensure_schema(dsn)
    worker = ClusterWorker(dsn, config, settings, node_name(), list(extra))
    row = worker.crawl_locked(site, trigger="manual", scheduled_at=None, wait=0.0, version=None)  # this node's file
    if row is None:
        out.write(f"{site} is being crawled by another node (or its host group is): not starting another\n")
        return 3
    print_table([RUN_HEADER, run_line(row)], out)
    return 0 if row.outcome == "ok" else 1


__all__ = ["DatabaseUnavailable", "cluster_jobs", "cluster_run_now", "cluster_runs"]
