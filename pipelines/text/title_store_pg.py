"""Title decorations in PostgreSQL (cluster mode): one row per site, schema ``title_decorations``.

A save upserts the rows of the sites the crawl observed, in one transaction; a row is one site's
whole state (affix counts and the keys of headlines seen), and one crawl of a site runs at a
time cluster-wide, so no save overwrites another crawl's learning. Connected on first use.
"""

from __future__ import annotations

import json

from core.postgres import StoreConnection, describe
from pipelines.text.titles import TitleDecorations

SCHEMA = "title_decorations"
_DDL = """
CREATE TABLE IF NOT EXISTS sites (
    site      TEXT PRIMARY KEY,
    state     JSONB NOT NULL,
    saved_at  TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


class PgTitleDecorations:
    """The title decoration store of cluster mode (see module docstring)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._db = StoreConnection(dsn, SCHEMA, _DDL)

    def load(self) -> TitleDecorations:
        rows = self._db.get().execute("SELECT site, state FROM sites").fetchall()
        return TitleDecorations.from_sites({site: state for site, state in rows})

    def save(self, decorations: TitleDecorations) -> None:
        conn = self._db.get()
        with conn.transaction():
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO sites (site, state) VALUES (%s, %s::jsonb) ON CONFLICT (site)"
                    " DO UPDATE SET state = excluded.state, saved_at = now()",
                    [(site, json.dumps(decorations.site_state(site), ensure_ascii=False))
                     for site in sorted(decorations.touched)])

    def describe(self) -> str:
        return f"database {describe(self.dsn)}"

    def close(self) -> None:
        self._db.close()
