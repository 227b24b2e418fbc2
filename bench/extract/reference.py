"""The article extractor as it was at an earlier commit, importable beside the current one.

``git archive`` writes ``pipelines/article`` of that commit into a temporary folder as a package of
its own (its modules import each other relatively), so one process can run both versions on the
same pages: the speed benchmark's before/after and the identity check of a refactoring.
"""

from __future__ import annotations

import atexit
import importlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
# The extractor before the speed work (bench/extract/results.md, "speed")
BEFORE_SPEED_WORK = "0ee1e729ffa5c67441d87e693152484e4ef95f89"


def reference_extractor(commit: str = BEFORE_SPEED_WORK) -> ModuleType:
    """``pipelines.article`` of ``commit``, imported as the package ``article_at_<commit[:10]>``."""
    name = f"article_at_{commit[:10]}"
    if name in sys.modules:
        return sys.modules[name]
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "pipelines/article"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="difang-ref-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "pipelines" / "article").rename(folder / name)
    sys.path.insert(0, str(folder))
    return importlib.import_module(name)
