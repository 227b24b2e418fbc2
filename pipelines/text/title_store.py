"""Where learned title decorations are kept between crawls: a JSON file under ``DIFANG_HOME``
(a single machine), or one row per site in PostgreSQL (cluster mode, title_store_pg.py).

Either way a save writes only the sites the crawl observed, so two crawls of different sites
that overlap both keep what they learned.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from pipelines.text.titles import TitleDecorations

FILENAME = "title_decorations.json"


class TitleDecorationStore(Protocol):
    def load(self) -> TitleDecorations: ...
    def save(self, decorations: TitleDecorations) -> None: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...


class TitleDecorationFile:
    """The JSON file (:meth:`TitleDecorations.save`: under a lock, written atomically)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self) -> TitleDecorations:
        return TitleDecorations.load(self.path)

    def save(self, decorations: TitleDecorations) -> None:
        decorations.save(self.path)

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        pass


def open_title_decorations(home: str | os.PathLike[str], database: str | None) -> TitleDecorationStore:
    """PostgreSQL when ``database`` (``DIFANG_DATABASE``) is set, else ``home/title_decorations.json``."""
    if database:
        from pipelines.text.title_store_pg import PgTitleDecorations

        return PgTitleDecorations(database)
    return TitleDecorationFile(Path(home) / FILENAME)
