"""Site files watched while the daemon runs: reloaded on SIGHUP and when a file changes.

Files are polled (modification time and size, every DIFANG_RELOAD_INTERVAL seconds): no new
dependency, and it works on network and container mounts where inotify does not. A file that
fails validation is logged and its site keeps its last good definition. Last good definitions are
copied to DIFANG_HOME/daemon/sites, and crawls read their site from there: a crawl never starts
from a broken file, and a daemon restarted while a file is broken still has that site.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

from core.sites import SiteDefinition, SiteError, load_site_file, site_files

log = logging.getLogger("difang.daemon.sites")
Stamp = tuple[int, int]  # mtime_ns, size


@dataclass(frozen=True)
class Reload:
    sites: dict[str, SiteDefinition]
    broken: dict[str, str]  # file name -> error


class SiteBook:
    def __init__(self, folder: Path, snapshot: Path) -> None:
        self.folder = folder
        self.snapshot = snapshot
        self.snapshot.mkdir(parents=True, exist_ok=True)
        self.sites: dict[str, SiteDefinition] = {}
        self.broken: dict[str, str] = {}
        self._stamps: dict[Path, Stamp] = {}
        self._restore()

    def _restore(self) -> None:
        """Last good definitions of the previous daemon run, until the real files are read."""
        for path in site_files(self.snapshot):
            try:
                self.sites[path.stem] = load_site_file(path)
            except SiteError as exc:
                log.error("dropping unusable saved definition %s: %s", path, exc)
                path.unlink(missing_ok=True)

    def _stamps_now(self) -> dict[Path, Stamp]:
        stamps = {}
        for path in site_files(self.folder):
            try:
                st = path.stat()
            except FileNotFoundError:  # removed between listing and stat
                continue
            stamps[path] = (st.st_mtime_ns, st.st_size)
        return stamps

    def scan(self, *, force: bool = False) -> Reload | None:
        """Reload changed files (every file if ``force``); None when nothing changed."""
        try:
            stamps = self._stamps_now()
        except SiteError as exc:
            log.error("cannot read site definitions: %s (keeping %d sites)", exc, len(self.sites))
            return None
        if stamps == self._stamps and not force:
            return None
        changed = [p for p in stamps if force or self._stamps.get(p) != stamps[p]]
        self._stamps = stamps
        present = {p.stem for p in stamps}
        for name in sorted(set(self.sites) - present):
            log.info("site %s: its file is gone, removing it", name)
            del self.sites[name]
            (self.snapshot / f"{name}.yaml").unlink(missing_ok=True)
        for name in list(self.broken):
            if Path(name).stem not in present:
                del self.broken[name]
        seen: set[str] = set()
        for path in sorted(stamps):
            if path.stem in seen:
                self._broken(path, f"{path.stem!r} is defined by another file too")
            elif path in changed:
                self._load(path)
            seen.add(path.stem)
        return Reload(dict(self.sites), dict(self.broken))

    def _load(self, path: Path) -> None:
        try:
            site = load_site_file(path)
        except SiteError as exc:
            self._broken(path, str(exc))
            return
        self.broken.pop(path.name, None)
        old = self.sites.get(site.name)
        if old is None:
            log.info("site %s: added", site.name)
        elif replace(old, path="") != replace(site, path=""):
            log.info("site %s: definition changed", site.name)
        self.sites[site.name] = site
        self._save(path, site.name)

    def _broken(self, path: Path, reason: str) -> None:
        self.broken[path.name] = reason
        kept = "keeping its last good definition" if path.stem in self.sites else "no good definition yet"
        log.error("site definition error: %s (%s)", reason, kept)

    def _save(self, path: Path, name: str) -> None:
        target = self.snapshot / f"{name}.yaml"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(path.read_bytes())
        os.replace(tmp, target)
