"""``make demo``: serve the bundled demo portal on loopback, crawl every demo site once into the
default archive, and print what was archived.

No network beyond loopback and no Docker: the portal runs in this process, the crawls run as
``scheduler.py --once`` would run them (one ``scrapy crawl`` subprocess per site).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from archive.config import Config
from archive.store import open_store
from demo.portal import DEMO_PORT
from demo.server import DemoPortal

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


def main() -> int:
    os.environ.setdefault("DIFANG_SITES", str(ROOT / "demo" / "sites"))
    config = Config.from_env()
    import scheduler

    with DemoPortal(port=DEMO_PORT) as portal:
        print(f"demo portal serving {len(portal.sites)} sites on loopback, port {portal.port}")
        # Crawls log warnings only (each names a URL and a reason); the table below sums them up.
        status = scheduler.run_once(config, parallel=2, extra=["-s", "LOG_LEVEL=WARNING"])
    print_report(config, latest_runs(config.archive))
    return status


if __name__ == "__main__":
    sys.exit(main())
