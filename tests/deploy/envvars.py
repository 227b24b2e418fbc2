"""Which environment variables difang reads, found in the code rather than listed by hand.

difang's own: every string constant in its packages and ``scheduler.py`` that is exactly a
``DIFANG_…`` name (docstrings excluded: they mention names, they do not read them). S3's: every
string constant in botocore that is exactly an ``AWS_…`` name (boto3 reads its configuration
through botocore), plus those difang reads itself (``AWS_ENDPOINT_URL`` in storage/store.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("crawler", "pipelines", "archive", "demo")
DIFANG_NAME = re.compile(r"DIFANG_[A-Z][A-Z0-9_]*")
AWS_NAME = re.compile(r"AWS_[A-Z][A-Z0-9_]*")
TEST_HOOKS = frozenset({"DIFANG_TEST_SCHEDULE", "DIFANG_TEST_CRAWL_COMMAND"})


def difang_sources() -> list[Path]:
    files = [ROOT / "scheduler.py"]
    for package in PACKAGES:
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return files


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def names_in(files: Iterable[Path], pattern: re.Pattern[str]) -> set[str]:
    """String constants of ``files`` that are exactly a name of ``pattern``."""
    names = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and pattern.fullmatch(node.value)):
                names.add(node.value)
    return names


@cache
def difang_reads() -> frozenset[str]:
    """DIFANG_* variables the code reads, and the AWS_* ones difang reads itself."""
    files = difang_sources()
    return frozenset(names_in(files, DIFANG_NAME) | names_in(files, AWS_NAME))


@cache
def botocore_reads() -> frozenset[str]:
    import botocore

    return frozenset(names_in(Path(botocore.__file__).parent.rglob("*.py"), AWS_NAME))


def program_mentions(binary: Path, names: Iterable[str]) -> set[str]:
    """The names that occur in a compiled program (Go keeps its string literals verbatim)."""
    data = binary.read_bytes()
    return {name for name in names if name.encode() in data}
