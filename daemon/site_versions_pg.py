"""The last good site definitions of cluster mode, versioned in PostgreSQL.

On a single machine the daemon copies each site file that validates into DIFANG_HOME/daemon/sites
(reload.py) and crawls read their site from there. In a cluster the scheduling node and the
node that runs a crawl differ, so the good definitions live in the database instead (schema
``site_definitions``), one row per (site, version) with the file's text as it was validated:

- :meth:`SiteVersions.store` a file that validates: its version (a new one only when the text
  changed; the same text stored twice is one version);
- :meth:`SiteVersions.latest`: the current version of every site; :meth:`SiteVersions.sync` a
  folder of good files (the leader's), storing only what changed: the version of each, for the
  scheduler to put in each ``crawl(site, due, version)`` job;
- :meth:`SiteVersions.materialize` a named version as ``FOLDER/NAME.yaml`` (validated again):
  the site folder a worker hands to the crawl it runs, so the crawl runs the very definition
  the job was made with, whatever was stored since.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from core.postgres import StoreConnection, describe, exclusive
from core.sites import SiteDefinition, SiteError, load_site_file

log = logging.getLogger(__name__)
SCHEMA = "site_definitions"
_DDL = """
CREATE TABLE IF NOT EXISTS versions (
    site      TEXT NOT NULL,
    version   INTEGER NOT NULL,
    text      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    saved_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, version)
)
"""


class SiteVersions:
    """Versioned last good site definitions (see module docstring). Connected on first use."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._db = StoreConnection(dsn, SCHEMA, _DDL)

    def store(self, path: str | os.PathLike[str]) -> tuple[SiteDefinition, int]:
        """Validate the site file at ``path`` and keep it; its definition and version.
        A file that does not validate is a :class:`SiteError` and stores nothing."""
        site = load_site_file(path)
        text = Path(path).read_text(encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        conn = self._db.get()
        with exclusive(conn, f"site-version:{site.name}"):
            row = conn.execute("SELECT version, sha256 FROM versions WHERE site = %s ORDER BY version DESC LIMIT 1",
                               (site.name,)).fetchone()
            if row is not None and row[1] == digest:
                return site, int(row[0])
            version = 1 if row is None else int(row[0]) + 1
            conn.execute("INSERT INTO versions (site, version, text, sha256) VALUES (%s, %s, %s, %s)",
                         (site.name, version, text, digest))
        return site, version

    def sync(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """Store each site file in ``folder`` whose text is not its site's latest version (one
        query when nothing changed); the version of every site in the folder. A file that does
        not validate is logged in one line and left out."""
        rows = self._db.get().execute("SELECT DISTINCT ON (site) site, version, sha256 FROM versions"
                                      " ORDER BY site, version DESC").fetchall()
        stored = {str(site): (int(version), str(sha)) for site, version, sha in rows}
        current: dict[str, int] = {}
        for path in sorted(Path(folder).glob("*.y*ml")):
            digest = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
            known = stored.get(path.stem)
            if known is not None and known[1] == digest:
                current[path.stem] = known[0]
                continue
            try:
                site, version = self.store(path)
            except SiteError as exc:
                log.error("%s", exc)
                continue
            current[site.name] = version
        return current

    def latest(self) -> dict[str, int]:
        """The current version of every site ever stored."""
        rows = self._db.get().execute("SELECT site, max(version) FROM versions GROUP BY site").fetchall()
        return {str(site): int(version) for site, version in rows}

    def text(self, name: str, version: int | None = None) -> str:
        """The stored text of a version of a site (the latest when ``version`` is None)."""
        if version is None:
            row = self._db.get().execute("SELECT text FROM versions WHERE site = %s ORDER BY version DESC LIMIT 1",
                                       (name,)).fetchone()
        else:
            row = self._db.get().execute("SELECT text FROM versions WHERE site = %s AND version = %s",
                                       (name, version)).fetchone()
        if row is None:
            which = "any version" if version is None else f"version {version}"
            raise SiteError(f"database {describe(self.dsn)}", name, f"no stored definition ({which})")
        return str(row[0])

    def materialize(self, name: str, version: int | None, folder: str | os.PathLike[str]) -> SiteDefinition:
        """Write a stored version as ``folder/NAME.yaml`` (atomically) and load it from there."""
        target = Path(folder) / f"{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(self.text(name, version), encoding="utf-8")
        os.replace(tmp, target)
        return load_site_file(target)

    def close(self) -> None:
        self._db.close()
