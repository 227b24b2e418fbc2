"""Running the extractor of another checkout: its folder goes first on the import path, before
anything of ``pipelines`` is imported (so every bench module imports the extractor lazily)."""

from __future__ import annotations

import sys
from pathlib import Path


def use_tree(tree: Path | None) -> None:
    """Import ``pipelines`` (and the rest) from ``tree`` instead of this checkout, if given."""
    if tree is None:
        return
    if "pipelines" in sys.modules:
        raise RuntimeError("use_tree: pipelines is imported already")
    sys.path.insert(0, str(tree.resolve()))
