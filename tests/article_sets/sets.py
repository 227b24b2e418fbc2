"""The one loader of the labelled article sets: a set is a folder, found by its ``set.json``.

Every set is read the same way (``ArticleSet.load``): the pages as stored, bytes decoded as UTF-8
with their line ends kept (a Discuz page's CRLF stays), each with the label of the same name.
No code names a set; adding one is adding a folder (see ``__init__``'s map).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LabelledPage:
    """One page of a set, its HTML as served and its label (the expected fields)."""

    name: str
    html: str
    truth: dict[str, Any]

    @property
    def template(self) -> str:
        return str(self.truth["template"])


@dataclass(frozen=True)
class ArticleSet:
    """One set's folder: ``pages/NAME.html``, ``labels/NAME.json``, ``set.json``, ``baseline.json``."""

    name: str

    @property
    def folder(self) -> Path:
        return SETS_DIR / self.name

    @property
    def pages(self) -> Path:
        return self.folder / "pages"

    @property
    def labels(self) -> Path:
        return self.folder / "labels"

    @property
    def baseline(self) -> Path:
        """difang's figures on the set, the floor of the quality gate (tests/article_sets/test_gate.py)."""
        return self.folder / "baseline.json"

    def about(self) -> dict[str, Any]:
        """``set.json``: what the set is, how it was made, and the shape its pages must have."""
        about: dict[str, Any] = json.loads((self.folder / "set.json").read_text(encoding="utf-8"))
        return about

    def load(self) -> list[LabelledPage]:
        """Every page with its label, in name order."""
        return [
            LabelledPage(page.stem, page.read_bytes().decode("utf-8"),
                         json.loads((self.labels / f"{page.stem}.json").read_text(encoding="utf-8")))
            for page in sorted(self.pages.glob("*.html"))
        ]

    def write(self, files: Mapping[str, tuple[str, str]]) -> None:
        """Replace the set's pages and labels with ``files`` (name -> (HTML, label JSON text)), as
        a generator of the set writes them."""
        for folder in (self.pages, self.labels):
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.iterdir():
                old.unlink()
        for name, (html, label) in files.items():
            (self.pages / f"{name}.html").write_bytes(html.encode("utf-8"))
            (self.labels / f"{name}.json").write_bytes(label.encode("utf-8"))


def set_names() -> list[str]:
    """Every set, in name order."""
    return sorted(path.parent.name for path in SETS_DIR.glob("*/set.json"))


def article_set(name: str) -> ArticleSet:
    """The set called ``name``; ValueError naming the sets there are if there is none."""
    if name not in set_names():
        raise ValueError(f"no article set {name!r} in {SETS_DIR} (sets: {', '.join(set_names())})")
    return ArticleSet(name)


def load_pages(name: str) -> list[LabelledPage]:
    return article_set(name).load()
