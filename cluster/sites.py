"""The site definitions a node works from, and their version (a digest of the last good files)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from daemon.reload import SiteBook


def defs_version(folder: Path) -> str:
    """A digest of every site file in ``folder`` (names and bytes): equal on every node that has
    the same definitions."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.y*ml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def site_book(sites: Path, home: Path) -> SiteBook:
    return SiteBook(sites, home / "daemon" / "sites")
