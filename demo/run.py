"""``make demo``: serve the bundled demo portal on loopback, crawl every demo site once into the
default archive, and print what was archived.

No network beyond loopback and no Docker: the portal runs in this process, the crawls run as
``scheduler.py --once`` would run them (one ``scrapy crawl`` subprocess per site).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

from core.config import Config
from demo.portal import DEMO_PORT
from demo.server import DemoPortal
from storage.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def latest_runs(archive_url: str) -> dict[str, dict[str, object]]:
    """The newest run file of each site in the archive."""
    store = open_store(archive_url)
    runs: dict[str, dict[str, object]] = {}
    for key in sorted(store.list("runs/")):
        run = json.loads(store.get(key))
        if str(run.get("finished_at", "")) >= str(runs.get(str(run["site"]), {}).get("finished_at", "")):
            runs[str(run["site"])] = run
    return runs


def print_report(config: Config, runs: dict[str, dict[str, object]]) -> None:
    print()
    print(f"archive: {config.archive}")
    print(f"{'site':<12} {'pages':>6} {'articles':>9} {'duplicates':>11} {'WARC files':>11}  errors")
    for site, run in sorted(runs.items()):
        stats = run.get("stats", {})
        assert isinstance(stats, dict)
        errors = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("difang/errors/")}
        warcs = run.get("warc_files", [])
        assert isinstance(warcs, list)
        print(f"{site:<12} {stats.get('downloader/response_count', 0):>6} {run.get('articles', 0):>9} "
              f"{stats.get('difang/articles/duplicate', 0):>11} {len(warcs):>11}  "
              + (", ".join(f"{k}={v}" for k, v in sorted(errors.items())) or "-"))
    print()
    print("Try:  .venv/bin/difang search 学校        (full-text search of what was archived)")
    print("      .venv/bin/difang stats")


def start_portal(config: Config, own_sites: bool) -> tuple[DemoPortal, Config]:
    """The portal on DEMO_PORT; when that port is taken, on a free one, with site files written
    for it under DIFANG_HOME (the bundled ones name DEMO_PORT). OSError if neither can be had."""
    portal = DemoPortal(port=DEMO_PORT)
    try:
        portal.start()
        return portal, config
    except OSError as exc:
        if not own_sites:  # DIFANG_SITES is the operator's: their files name the port, not ours to change
            raise OSError(f"port {DEMO_PORT} is taken ({exc.strerror or exc}) and DIFANG_SITES names other "
                          "site files: free the port, or unset DIFANG_SITES to let the demo pick one") from None
        taken = exc.strerror or str(exc)
    portal = DemoPortal(port=0)
    portal.start()
    folder = Path(config.home) / "demo-sites"
    portal.write_site_files(str(folder))
    print(f"port {DEMO_PORT} is taken ({taken}): the demo portal uses port {portal.port} instead "
          f"(site files for it in {folder})")
    return portal, dataclasses.replace(config, sites=str(folder))


def main() -> int:
    own_sites = not os.environ.get("DIFANG_SITES")
    os.environ.setdefault("DIFANG_SITES", str(ROOT / "demo" / "sites"))
    config = Config.from_env()
    import scheduler

    try:
        portal, config = start_portal(config, own_sites)
    except OSError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 2
    try:
        print(f"demo portal serving {len(portal.sites)} sites on loopback, port {portal.port}")
        # Crawls log warnings only (each names a URL and a reason); the table below sums them up.
        status = scheduler.run_once(config, parallel=2, extra=["-s", "LOG_LEVEL=WARNING"])
    finally:
        portal.stop()
    print_report(config, latest_runs(config.archive))
    return status


if __name__ == "__main__":
    sys.exit(main())
