"""The fixed cost of a crawl that finds nothing new: a fresh interpreter per crawl against one
forked from the pre-imported fork server (daemon/forkserver.py), in the same run.

    python -m bench.cluster.fixed_cost [--crawls 5] [--site demo-gbk] [--out bench/cluster/fixed_cost.json]

Serves the demo portal on loopback, crawls the site once (every article archived), then runs
``--crawls`` more crawls of it each way, alternating: each finds every article already seen. The
figures per crawl are the crawl process's own CPU seconds (user + system) and peak resident
size, from ``wait4`` (a fresh interpreter: this process's child; a forked crawl: the fork server's
child, which reports them), and its largest USS and PSS sampled while it runs. A forked crawl's
peak resident size counts the pages it shares with the server copy-on-write (its USS does not);
the server's own start-up cost is paid once per daemon and is given apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from daemon.command import ROOT, crawl_command
from daemon.forkserver import ForkServer
from demo.server import DemoPortal

FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "SUMMARY_INTERVAL=0"]


class Sampler(threading.Thread):
    """The largest unshared (USS: private pages) and proportional (PSS) size of a running process,
    from /proc/PID/smaps_rollup every 10 ms: what a crawl adds to the machine's memory, where its
    peak resident size also counts the pages it shares with the fork server."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.uss_kb = self.pss_kb = 0
        self.done = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.01):
            try:
                text = Path(f"/proc/{self.pid}/smaps_rollup").read_text()
            except OSError:
                continue
            sizes = {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in text.splitlines()[1:])}
            self.uss_kb = max(self.uss_kb, sizes.get("Private_Clean", 0) + sizes.get("Private_Dirty", 0))
            self.pss_kb = max(self.pss_kb, sizes.get("Pss", 0))

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        return {"uss_mb": self.uss_kb / 1024, "pss_mb": self.pss_kb / 1024}


def fresh(command: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    started = time.monotonic()
    with open(log, "ab") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    sampler = Sampler(proc.pid)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"exit": proc.returncode, "cpu_s": usage.ru_utime + usage.ru_stime, "user_s": usage.ru_utime,
            "sys_s": usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024, "wall_s": time.monotonic() - started,
            **sampler.stop()}


def forked(server: ForkServer, command: list[str], env: dict[str, str], log: Path) -> dict[str, Any]:
    started = time.monotonic()
    with open(log, "ab") as out:
        crawl = server.launch(command, env=env, cwd=ROOT, stdout=out.fileno())
    sampler = Sampler(crawl.pid)
    code = crawl.wait()
    memory = sampler.stop()
    assert crawl.usage is not None
    usage = crawl.usage
    return {"exit": code, "cpu_s": usage.user + usage.system, "user_s": usage.user, "sys_s": usage.system,
            "max_rss_mb": usage.max_rss_kb / 1024, "wall_s": time.monotonic() - started, **memory}


def proc_cost(pid: int) -> dict[str, float]:
    """CPU seconds and resident size of a running process (the fork server after its start)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {"cpu_s": (int(fields[11]) + int(fields[12])) / ticks,
            "rss_mb": int(status["VmRSS"].split()[0]) / 1024}


def summary(rows: list[dict[str, Any]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in rows), 3) for key in ("cpu_s", "max_rss_mb", "uss_mb", "pss_mb", "wall_s")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=5)
    parser.add_argument("--site", default="demo-gbk")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "cluster" / "fixed_cost.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, DemoPortal(port=0) as portal:
        tmp = Path(folder)
        sites = tmp / "sites"
        portal.write_site_files(str(sites))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
        env.update({"DIFANG_SITES": str(sites), "DIFANG_HOME": str(tmp / "home"),
                    "DIFANG_ARCHIVE": str(tmp / "archive"), "PYTHONPATH": str(ROOT)})
        command = crawl_command(args.site, FAST)
        log = tmp / "crawl.log"
        first = fresh(command, env, log)
        if first["exit"] != 0:
            print(log.read_text()[-3000:], file=sys.stderr)
            return 1
        server = ForkServer()
        try:
            t0 = time.monotonic()
            server.start(env)
            assert server.pid is not None
            start = {**proc_cost(server.pid), "wall_s": time.monotonic() - t0}
            runs: dict[str, list[dict[str, Any]]] = {"fresh": [], "forked": []}
            for _ in range(args.crawls):
                runs["fresh"].append(fresh(command, env, log))
                runs["forked"].append(forked(server, command, env, log))
        finally:
            server.close()
        failed = [r for rows in runs.values() for r in rows if r["exit"] != 0]
        if failed:
            print(log.read_text()[-3000:], file=sys.stderr)
            return 1
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        "site": args.site, "articles": portal.bench_articles, "crawls_each": args.crawls,
        "first_crawl": first, "fork_server_start": start,
        "fresh": summary(runs["fresh"]), "forked": summary(runs["forked"]), "runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("date", "load_average", "fork_server_start", "fresh", "forked")},
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
