"""Every variable the deployment sets is one its program reads: difang's (found in difang's code
and botocore's, see envvars.py) for the difang image, SeaweedFS's (found in the weed program of
the same version) for the s3 service. A typo such as DIFANG_MAX_CRAWL would be set and ignored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tests.deploy.composefile import resolve, service_env
from tests.deploy.dockerfile import env_assignments, stages
from tests.deploy.envvars import TEST_HOOKS, botocore_reads, difang_reads, program_mentions
from tests.s3server import weed_binary

IMAGE_ONLY = {"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_NO_CACHE_DIR",
              "PIP_DISABLE_PIP_VERSION_CHECK"}  # read by Python and pip, not by difang


def unknown_to_difang(names: Iterable[str]) -> set[str]:
    return set(names) - difang_reads() - botocore_reads()


def test_the_scan_finds_what_difang_reads() -> None:
    reads = difang_reads()
    for name in ("DIFANG_SITES", "DIFANG_ARCHIVE", "DIFANG_HOME", "DIFANG_HEALTH_PORT", "DIFANG_CHROMIUM",
                 "AWS_ENDPOINT_URL"):
        assert name in reads, name
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"):
        assert name in botocore_reads(), name
    assert unknown_to_difang(["DIFANG_MAX_CRAWL", "AWS_SECRET_KEY"]) == {"DIFANG_MAX_CRAWL", "AWS_SECRET_KEY"}


def test_difang_services_set_only_variables_difang_reads() -> None:
    services: Mapping[str, Any] = resolve()["services"]
    checked = 0
    for name, service in services.items():
        if service.get("build") is None:
            continue
        env = service_env(service)
        checked += len(env)
        assert not unknown_to_difang(env), f"{name} sets variables nothing reads: {unknown_to_difang(env)}"
        assert not set(env) & TEST_HOOKS, f"{name} sets a test hook"
    assert checked >= 10


def test_the_image_sets_only_variables_its_programs_read() -> None:
    for stage in stages():
        env = set(env_assignments(stage)) - IMAGE_ONLY
        assert not unknown_to_difang(env), f"stage {stage.name}: {unknown_to_difang(env)}"


def test_seaweedfs_reads_what_the_s3_service_sets() -> None:
    env = service_env(resolve()["services"]["s3"])
    assert env, "the s3 service has no key pair"
    found = program_mentions(Path(weed_binary()), [*env, "AWS_NOT_A_WEED_SETTING"])
    assert found == set(env), f"weed never reads {set(env) - found}"
