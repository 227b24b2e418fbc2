"""One-shot: make sure the bucket of an ``s3://`` archive exists, then exit.

The ``createbucket`` service of docker-compose.yml runs this before the scheduler starts:

    python deploy/createbucket.py [--wait SECONDS]

The bucket is the one named by DIFANG_ARCHIVE (``s3://BUCKET/prefix``); endpoint and
credentials are difang's own (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, …, read by boto3 through
``storage.store.make_s3_client``), so a bucket this script can reach is one the crawls can reach.
It waits for the S3 server to answer (a server that is still starting refuses connections), is
idempotent (an existing bucket is left alone), and exits 0 when the bucket is there, 1 when S3
refused or never answered, 2 when DIFANG_ARCHIVE is not an ``s3://`` URL.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from core.config import Config
from storage.store import make_s3_client

log = logging.getLogger("difang.createbucket")
RETRY_EVERY = 1.0


class BucketError(RuntimeError):
    """The bucket cannot be used: the message says why."""


def bucket_of(archive: str) -> str:
    """The bucket of an ``s3://bucket/prefix`` archive URL."""
    parts = urlsplit(archive)
    if parts.scheme != "s3" or not parts.netloc:
        raise BucketError(f"DIFANG_ARCHIVE={archive!r} is not an s3://bucket/prefix URL")
    return parts.netloc


def _code(exc: Exception) -> str:
    response: dict[str, Any] = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def ensure_bucket(client: Any, bucket: str) -> bool:
    """Create ``bucket`` unless it exists; True when this call created it."""
    from botocore.exceptions import ClientError

    try:
        client.head_bucket(Bucket=bucket)
        return False
    except ClientError as exc:
        if _code(exc) not in ("404", "NoSuchBucket", "NotFound"):
            raise BucketError(f"bucket {bucket}: {exc}") from None
    region = client.meta.region_name
    options: dict[str, Any] = {}
    if region and region != "us-east-1":  # AWS wants the region named everywhere but us-east-1
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        client.create_bucket(Bucket=bucket, **options)
    except ClientError as exc:
        if _code(exc) == "BucketAlreadyOwnedByYou":  # created meanwhile by another run of this
            return False
        raise BucketError(f"cannot create bucket {bucket}: {exc}") from None
    return True


def wait_and_ensure(client: Any, bucket: str, wait: float) -> bool:
    """``ensure_bucket`` retried while the server cannot be reached, for at most ``wait`` seconds."""
    from botocore.exceptions import ConnectionError as BotoConnectionError

    deadline = time.monotonic() + wait
    while True:
        try:
            return ensure_bucket(client, bucket)
        except BotoConnectionError as exc:
            if time.monotonic() >= deadline:
                raise BucketError(f"S3 did not answer within {wait:.0f} s: {exc}") from None
            log.info("S3 not reachable yet (%s); retrying", exc)
            time.sleep(RETRY_EVERY)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="createbucket.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for S3 (default 60)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        bucket = bucket_of(Config.from_env().archive)
    except BucketError as exc:
        log.error("%s", exc)
        return 2
    try:
        created = wait_and_ensure(make_s3_client(), bucket, args.wait)
    except BucketError as exc:
        log.error("%s", exc)
        return 1
    log.info("bucket %s %s", bucket, "created" if created else "already exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
