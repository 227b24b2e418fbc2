"""The Dockerfile, checked without building it: hadolint-like rules, what goes into the image,
and that every command a container runs is one of the image's entry points."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from typing import Any

import pytest

from tests.deploy.composefile import ROOT, argv, resolve
from tests.deploy.dockerfile import (
    Stage,
    copied_sources,
    env_assignments,
    ignore_patterns,
    ignored,
    instructions,
    stages,
)
from tests.s3server import weed_binary

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|ACCESS_KEY|CREDENTIAL|PRIVATE")


@pytest.fixture(scope="module")
def runtime() -> Stage:
    return stages()[-1]


# -- hadolint-like rules ------------------------------------------------------------------------
def test_base_images_are_python_311_slim_with_a_pinned_tag() -> None:
    wanted = re.search(r"<3\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert wanted
    for stage in stages():
        name, _, tag = stage.base.partition(":")
        assert name == "python" and tag and tag != "latest", stage.base
        assert tag.startswith(f"3.{int(wanted.group(1)) - 1}-slim-"), f"{tag}: not 3.11-slim of a named Debian"


def test_runs_as_a_non_root_user(runtime: Stage) -> None:
    user = runtime.last("USER")
    assert user is not None, "no USER: the container would run as root"
    assert user.value.split(":")[0] not in ("root", "0")
    cmd = runtime.last("CMD")
    assert cmd is not None and runtime.instructions.index(user) < runtime.instructions.index(cmd)
    created = " ".join(i.value for i in runtime.all("RUN"))
    assert "useradd --system --uid 10001 --gid difang" in created and user.value == "difang:difang"


def test_no_secrets_in_the_image() -> None:
    for ins in instructions((ROOT / "Dockerfile").read_text(encoding="utf-8")):
        if ins.keyword in ("ENV", "ARG", "LABEL"):
            assert not SECRET_NAME.search(ins.value), f"line {ins.line}: {ins.keyword} {ins.value}"
    patterns = ignore_patterns()
    for path in (".env", ".env.local", ".git/config", ".venv/bin/python", "var/archive"):
        assert ignored(path, patterns), f"{path} would be sent to the build context"


def test_instruction_hygiene() -> None:
    for ins in instructions((ROOT / "Dockerfile").read_text(encoding="utf-8")):
        where = f"line {ins.line}"
        assert ins.keyword != "ADD", f"{where}: COPY, not ADD (DL3020)"
        assert ins.keyword != "MAINTAINER", where
        if ins.keyword == "WORKDIR":
            assert ins.value.startswith("/"), f"{where}: relative WORKDIR (DL3000)"
        if ins.keyword in ("CMD", "ENTRYPOINT"):
            assert ins.json_form() is not None, f"{where}: exec form, so signals reach the process (DL3025)"
        if ins.keyword == "RUN":
            assert not re.search(r"(^|&&|;)\s*cd\s", ins.value), f"{where}: cd in RUN, use WORKDIR (DL3003)"
            assert "sudo " not in ins.value, f"{where}: sudo (DL3004)"
            if "apt-get install" in ins.value:
                assert "--no-install-recommends" in ins.value, f"{where}: DL3015"
                assert "rm -rf /var/lib/apt/lists/*" in ins.value, f"{where}: DL3009"
                assert "apt-get update" in ins.value, f"{where}: install without update in one layer (DL3009)"
            if re.search(r"\bpip install\b", ins.value):
                assert "--no-cache-dir" in ins.value, f"{where}: DL3042"


def test_layout_workdir_state_healthcheck_and_default_command(runtime: Stage) -> None:
    workdir = runtime.last("WORKDIR")
    assert workdir is not None and workdir.value == "/app"
    env = env_assignments(runtime)
    assert env["DIFANG_SITES"] == "/app/sites" and env["DIFANG_HOME"] == "/var/lib/difang"
    health = runtime.last("HEALTHCHECK")
    assert health is not None and health.value.endswith('CMD ["python", "deploy/healthcheck.py"]')
    cmd = runtime.last("CMD")
    assert cmd is not None and cmd.json_form() == ["python", "scheduler.py"]
    assert runtime.last("ENTRYPOINT") is None, "an ENTRYPOINT would swallow `difang …` commands"


def test_chromium_only_with_the_build_argument(runtime: Stage) -> None:
    assert any(i.value == "WITH_CHROMIUM=" for i in runtime.all("ARG")), "WITH_CHROMIUM defaults to off"
    installs = [i.value for i in runtime.all("RUN") if "chromium" in i.value]
    assert len(installs) == 1 and installs[0].startswith('if [ "$WITH_CHROMIUM" = "1" ]; then')
    assert "apt-get install -y --no-install-recommends chromium" in installs[0]
    assert env_assignments(runtime)["DIFANG_CHROMIUM"] == "${WITH_CHROMIUM:+/usr/bin/chromium}"
    for stage in stages()[:-1]:
        assert not any("chromium" in i.value for i in stage.all("RUN"))


# -- what goes into the image -------------------------------------------------------------------
def test_everything_copied_exists_and_reaches_the_build_context() -> None:
    patterns = ignore_patterns()
    for stage in stages():
        for source in copied_sources(stage):
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
            assert not ignored(source, patterns), f"COPY {source}: excluded by .dockerignore"


def test_the_build_installs_every_package_of_difang() -> None:
    build = stages()[0]
    copied = set(copied_sources(build))
    for package in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]:
        assert package.rstrip("*") in copied, f"{package} is not copied into the build stage"
    for module in PYPROJECT["tool"]["setuptools"]["py-modules"]:
        assert f"{module}.py" in copied
    runs = [i.value for i in build.all("RUN")]
    assert "python requirements/sync.py requirements/runtime.lock" in runs, "the image must install the runtime lock"
    # the project itself: no dependency resolved, no build backend fetched
    assert any("pip install --no-cache-dir --no-deps --no-build-isolation ." in r and "pip check" in r for r in runs)
    assert not any(re.search(r"pip install(?!.*--no-deps)", r) for r in runs), "a pip install that resolves"


# -- entry points -------------------------------------------------------------------------------
def resolve_entry_point(command: list[str], runtime: Stage) -> None:
    """Fail unless ``command`` is `python scheduler.py …`, `difang …` or `python deploy/X.py …`,
    the file is in the image, and the program's own parser accepts the arguments."""
    assert command, "empty command"
    if command[0] == "difang":
        assert PYPROJECT["project"]["scripts"]["difang"] == "archive.cli.main:main"
        from archive.cli.main import parser

        parser().parse_args(command[1:])
        return
    assert command[0] == "python" and len(command) >= 2, f"not an entry point of the image: {command}"
    script = command[1]
    in_image = set(copied_sources(runtime))
    assert script in in_image or script.split("/")[0] in in_image, f"{script} is not copied to /app"
    assert (ROOT / script).is_file(), f"{script} does not exist"
    if script == "scheduler.py":
        from scheduler import _parser

        _parser().parse_args(command[2:])
    else:
        assert script.startswith("deploy/") and script.endswith(".py"), script
        source = (ROOT / script).read_text(encoding="utf-8")
        compile(source, script, "exec")
        assert 'if __name__ == "__main__":' in source, f"{script} does nothing when run"


def test_every_command_is_an_entry_point_of_the_image(runtime: Stage) -> None:
    cmd = runtime.last("CMD")
    health = runtime.last("HEALTHCHECK")
    assert cmd is not None and health is not None
    health_test = json.loads(health.value.partition(" CMD ")[2])
    commands = [cmd.json_form() or [], health_test]
    services: dict[str, Any] = resolve()["services"]
    for name, service in services.items():
        if service.get("build") is None:
            continue
        assert service.get("entrypoint") is None, name
        commands.append(argv(service.get("command")) or (cmd.json_form() or []))
        test = argv((service.get("healthcheck") or {}).get("test"))
        if test:
            assert test[0] == "CMD", f"{name}: healthcheck in exec form"
            commands.append(test[1:])
    commands.append(["difang", "search", "地铁", "--site", "cdrb"])  # the README's query example
    for command in commands:
        resolve_entry_point(command, runtime)
    with pytest.raises(AssertionError):
        resolve_entry_point(["python", "deploy/nope.py"], runtime)
    with pytest.raises(AssertionError):
        resolve_entry_point(["scrapy", "crawl", "portal"], runtime)


def test_the_seaweedfs_command_is_one_weed_understands() -> None:
    s3 = resolve()["services"]["s3"]
    command = argv(s3["command"])
    usage = subprocess.run([weed_binary(), command[0], "-h"], capture_output=True, text=True, timeout=30)
    text = usage.stdout + usage.stderr
    flags = set(re.findall(r"^\s+-([\w.]+)", text, flags=re.MULTILINE))
    assert "s3.port" in flags, text[:500]
    for arg in command[1:]:
        assert arg.startswith("-") and arg[1:].split("=")[0] in flags, f"weed {command[0]}: unknown flag {arg}"
    s3_port = re.search(r"-s3\.port int\s+s3 server http listen port \(default (\d+)\)", text)
    assert s3_port, "weed no longer says its S3 port"
    endpoint = resolve()["services"]["scheduler"]["environment"]["AWS_ENDPOINT_URL"]
    assert endpoint == f"http://s3:{s3_port.group(1)}"
    assert s3["healthcheck"]["test"][-1] == f"http://127.0.0.1:{s3_port.group(1)}/healthz"
