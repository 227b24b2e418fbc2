"""Probe a loopback site, crawl it with the probed and the hand-written site file, compare.

Used by bench/probe/run.py (every demo site and portal shape) and by tests/probe (a couple of
shapes). Both crawls are real ``scrapy crawl portal`` processes over loopback, each with its own
archive and state, so neither helps the other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.cli.commands.sites import crawl_settings
from core.sites import load_site_file
from crawler.probe.probe import ProbeOptions, ProbeResult, politeness_from, probe
from crawler.probe.report import site_yaml
from crawler.render import find_browser
from storage.store import FileStore

ROOT = Path(__file__).resolve().parents[2]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "SUMMARY_INTERVAL=0",
        "-s", "LOG_LEVEL=WARNING"]


@dataclass
class Measure:
    """One site: what the probe proposed and what the two crawls reached."""

    site: str
    requests: int
    seconds: float
    probed: dict[str, Any]
    hand: dict[str, Any]
    truth: set[str]  # the site's real article URLs
    judged: dict[str, bool]  # page URL -> the probe's verdict (article or not)
    hand_reached: set[str] = field(default_factory=set)
    probed_reached: set[str] = field(default_factory=set)
    undecided: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def reach(self) -> float:
        """Share of the articles the hand-written file reaches that the probed one reaches too."""
        if not self.hand_reached:
            return 0.0
        return len(self.probed_reached & self.hand_reached) / len(self.hand_reached)

    @property
    def misjudged(self) -> list[str]:
        """Pages the probe called articles that are not, and pages its crawl archived as articles
        that are not."""
        wrong = [u for u, is_article in self.judged.items() if is_article and u not in self.truth]
        return sorted(set(wrong) | (self.probed_reached - self.truth))

    @property
    def render_right(self) -> bool:
        return bool(self.probed.get("render")) == bool(self.hand.get("render"))

    def row(self) -> dict[str, Any]:
        return {"site": self.site, "requests": self.requests, "seconds": round(self.seconds, 2),
                "hand": len(self.hand_reached), "probed": len(self.probed_reached),
                "both": len(self.probed_reached & self.hand_reached), "reach": round(self.reach, 4),
                "misjudged": self.misjudged, "render": self.probed.get("render"),
                "render_right": self.render_right, "timezone": self.probed.get("timezone"),
                "hand_timezone": self.hand.get("timezone"), "script": self.probed.get("script"),
                "hand_script": self.hand.get("script"), "undecided": self.undecided, "error": self.error,
                "probed_site": self.probed}


def probe_site(url: str, name: str, allowed_host: str, work: Path, *, browser: str | None = "find") -> ProbeResult:
    """The probe as ``difang sites probe URL -s PROBE_DELAY=0 -s ADDRESS_GUARD_EXTRA_HOSTS=HOST``
    runs it."""
    settings = crawl_settings(["PROBE_DELAY=0", f"ADDRESS_GUARD_EXTRA_HOSTS={allowed_host}"])
    politeness = politeness_from(settings)
    executable = find_browser(os.environ.get("DIFANG_CHROMIUM", "")) if browser == "find" else browser
    options = ProbeOptions(url=url, name=name, politeness=politeness, browser=executable,
                           archive=str(work / "probe-archive"), home=str(work / "probe-home"),
                           sites=str(work / "probed"))
    return probe(options)


def write_site(folder: Path, site: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{site['name']}.yaml"
    path.write_text(site_yaml(site), encoding="utf-8")
    load_site_file(path)  # what the crawl will load
    return path


def crawl(folder: Path, name: str, work: Path) -> set[str]:
    """Crawl ``name`` from the site files of ``folder``; the final URLs of its clean records."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env.update({"DIFANG_SITES": str(folder), "DIFANG_HOME": str(work / "home"),
                "DIFANG_ARCHIVE": str(work / "archive")})
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={name}", *FAST]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"crawl of {name} from {folder} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    store = FileStore(work / "archive")
    return {json.loads(store.get(k))["final_url"] for k in store.list(f"clean/site={name}/") if k.endswith(".json")}


def measure(name: str, url: str, allowed_host: str, hand: dict[str, Any], truth: set[str], work: Path,
            *, browser: str | None = "find") -> Measure:
    """Probe, then crawl with the probed and the hand-written site file."""
    try:
        result = probe_site(url, name, allowed_host, work, browser=browser)
    except Exception as exc:  # a failed probe is a result of the bench, said in its row
        return Measure(name, 0, 0.0, {}, hand, truth, {}, error=str(exc))
    judged = {p.final_url: p.verdict.is_article for p in result.pages}
    found = Measure(name, result.requests, result.seconds, result.site, hand, truth, judged,
                    undecided=list(result.undecided))
    found.probed_reached = crawl(write_site(work / "probed", result.site).parent, name, work / "probed-crawl")
    found.hand_reached = crawl(write_site(work / "hand", hand).parent, name, work / "hand-crawl")
    return found
