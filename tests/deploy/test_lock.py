"""The lock files: consistent with pyproject.toml, the image's list a true runtime subset, the test
environment installed from them, and an install that takes the locked version even when a newer one
is offered. No network: the install test builds its own wheels and offers them from a folder."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.composefile import ROOT

REQ = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def read_lock(path: Path) -> dict[str, tuple[str, frozenset[str], str | None]]:
    """name -> (version, hashes, marker) of every entry of a uv/pip-tools hashed lock."""
    entries: dict[str, tuple[str, frozenset[str], str | None]] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line)
        if match:
            name, version, marker = canonicalize_name(match.group(1)), match.group(2), match.group(3)
            # one name may be pinned twice under exclusive markers (e.g. per Python version)
            key = name if name not in entries else f"{name} ({marker})"
            assert key not in entries and (key == name or marker), f"{path.name}: {name} pinned twice"
            entries[key] = (version, frozenset(), marker)
            continue
        hashed = re.match(r"\s+--hash=(sha256:[0-9a-f]{64})", line)
        if hashed and key:
            version, hashes, marker = entries[key]
            entries[key] = (version, hashes | {hashed.group(1)}, marker)
        elif not line.startswith((" ", "#")) and line.strip():
            raise AssertionError(f"{path.name}: unexpected line {line!r}")
    return entries


def applies(marker: str | None) -> bool:
    return marker is None or Requirement(f"x; {marker}").marker.evaluate()  # type: ignore[union-attr]


DEV = read_lock(REQ / "dev.lock")
RUNTIME = read_lock(REQ / "runtime.lock")
BUILD = {canonicalize_name(Requirement(line).name) for line in (REQ / "build.in").read_text().splitlines()
         if line.strip() and not line.startswith("#")}


def test_every_entry_is_pinned_with_hashes() -> None:
    for lock in (DEV, RUNTIME, read_lock(REQ / "pywb.lock")):
        for name, (version, hashes, _) in lock.items():
            assert hashes, f"{name}=={version} has no hash"


def _requirements(lines: list[str]) -> list[str]:
    """``lines`` with difang's own extras (``difang[cluster]``) replaced by what they require."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    found = []
    for line in lines:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == "difang":
            found += _requirements([r for extra in sorted(requirement.extras) for r in extras[extra]])
        else:
            found.append(line)
    return found


@pytest.mark.parametrize("group", ["runtime", "dev"])
def test_the_lock_satisfies_pyproject(group: str) -> None:
    """The runtime lock holds the cluster extra too: the image runs single-machine or cluster."""
    optional = PYPROJECT["project"]["optional-dependencies"]
    wanted = _requirements(PYPROJECT["project"]["dependencies"] + optional["cluster"] if group == "runtime" else (
        PYPROJECT["project"]["dependencies"] + optional["dev"]))
    lock = RUNTIME if group == "runtime" else DEV
    for line in wanted:
        requirement = Requirement(line)
        entry = lock.get(canonicalize_name(requirement.name))
        assert entry, f"{line} of pyproject.toml is not in {group}.lock: make lock"
        assert requirement.specifier.contains(entry[0], prereleases=True), (
            f"{group}.lock has {requirement.name}=={entry[0]}, pyproject.toml wants {line}: make lock")


def test_the_runtime_lock_is_the_dev_lock_runtime_subset() -> None:
    for name, entry in RUNTIME.items():
        assert DEV.get(name) == entry, f"{name}: runtime.lock {entry[0]} but dev.lock {DEV.get(name)}"
    optional = PYPROJECT["project"]["optional-dependencies"]
    dev_only = {canonicalize_name(Requirement(r).name) for r in _requirements(optional["dev"])}
    runtime_direct = {canonicalize_name(Requirement(r).name)
                      for r in PYPROJECT["project"]["dependencies"] + optional["cluster"]}
    for name in dev_only - runtime_direct:
        # a dev tool may still be a runtime package's dependency; then the runtime closure says so
        if name in RUNTIME:
            assert name in runtime_closure(), f"{name} is a dev dependency but sits in runtime.lock"


def runtime_closure() -> set[str]:
    """The packages difang needs at run time, walked from the installed metadata (the cluster
    extra, not the dev one: the image runs cluster mode too)."""
    needed: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()  # a package again with other extras needs more
    todo = [Requirement("difang[cluster]")]
    while todo:
        requirement = todo.pop()
        dist = metadata.distribution(requirement.name)
        name = canonicalize_name(requirement.name)
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        needed.add(name)
        for line in dist.requires or []:
            sub = Requirement(line)
            extras = requirement.extras or {""}
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    return needed - {"difang"}


def test_the_image_gets_exactly_the_runtime_closure() -> None:
    # the venv was installed from dev.lock, so the closure walked here is the locked one
    locked = {name for name, (_, _, marker) in RUNTIME.items() if applies(marker)} - BUILD
    closure = runtime_closure()
    assert closure - locked == set(), f"runtime.lock misses what difang needs: {sorted(closure - locked)}"
    assert locked - closure == set(), f"runtime.lock holds what difang does not need: {sorted(locked - closure)}"


def test_this_environment_runs_the_locked_versions() -> None:
    for name, (version, _, marker) in DEV.items():
        if not applies(marker) or " (" in name:
            continue
        assert metadata.version(name) == version, f"{name} {metadata.version(name)} installed, {version} locked"


# -- the install itself -------------------------------------------------------------------------
def build_wheel(folder: Path, name: str, version: str) -> Path:
    """A minimal pure-Python wheel of ``name`` at ``version`` (one module)."""
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    files = {
        f"{module}.py": f"VERSION = {version!r}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: difang-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    wheel = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def offline_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("lock")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True)
    wheels = root / "wheels"
    wheels.mkdir()
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PIP_CONSTRAINT": "",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return root / "venv" / "bin" / "python", wheels, env


def sync(python: Path, lock: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), str(REQ / "sync.py"), str(lock)], env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)


def installed(python: Path, env: dict[str, str]) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], env=env, text=True,
                         stdout=subprocess.PIPE, check=True).stdout
    return dict(line.split("==") for line in out.splitlines() if "==" in line)


def test_a_newer_upstream_release_is_not_picked(offline_venv: tuple[Path, Path, dict[str, str]]) -> None:
    python, wheels, env = offline_venv
    old = build_wheel(wheels, "difang-probe", "1.0")
    build_wheel(wheels, "difang-probe", "2.0")           # the newer release upstream now offers
    lock = wheels.parent / "probe.lock"
    lock.write_text(f"difang-probe==1.0 \\\n    --hash={sha256(old)}\n")
    done = sync(python, lock, env)
    assert done.returncode == 0, done.stdout
    assert installed(python, env)["difang-probe"] == "1.0"

    # a venv that drifted (2.0 installed by hand, a package the lock dropped) is brought back
    stray = build_wheel(wheels, "difang-stray", "1.0")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "difang-probe==2.0", str(stray)], env=env, check=True)
    assert installed(python, env)["difang-probe"] == "2.0"
    done = sync(python, lock, env)
    assert done.returncode == 0, done.stdout
    now = installed(python, env)
    assert now["difang-probe"] == "1.0" and "difang-stray" not in now
    assert "removing what" in done.stdout and "difang-stray" in done.stdout


def test_a_file_whose_hash_is_not_locked_is_refused(offline_venv: tuple[Path, Path, dict[str, str]]) -> None:
    python, wheels, env = offline_venv
    build_wheel(wheels, "difang-tampered", "1.0")
    lock = wheels.parent / "tampered.lock"
    lock.write_text("difang-tampered==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    done = sync(python, lock, env)
    assert done.returncode != 0
    assert "difang-tampered" not in installed(python, env)
    assert "sync: pip install failed" in done.stdout and "hash" in done.stdout.lower()
