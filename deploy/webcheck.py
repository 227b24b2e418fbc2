"""The ``web`` service's healthcheck: the web UI in this container answers.

    python deploy/webcheck.py http://127.0.0.1:8080/

Exit 0 when the UI's stylesheet comes back 200 (with DIFANG_WEB_TOKEN as the bearer token when
one is set: the UI asks every request for it), 1 otherwise. The stylesheet needs neither the
index nor the archive, so a UI waiting for its first crawl is still healthy.
"""

from __future__ import annotations

import os
import sys
import urllib.request

TIMEOUT = 5.0


def main(argv: list[str]) -> int:
    base = (argv[1] if len(argv) > 1 else "http://127.0.0.1:8080/").rstrip("/")
    request = urllib.request.Request(f"{base}/static/style.css")
    token = os.environ.get("DIFANG_WEB_TOKEN", "").strip()
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - our own UI
            ok = response.status == 200
    except (OSError, ValueError) as exc:  # HTTPError (401: wrong token) is an OSError
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
