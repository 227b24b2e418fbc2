"""The image's HEALTHCHECK: ``/healthz`` of the daemon running in this container.

    python deploy/healthcheck.py

Exit 0 when ``/healthz`` answers 200 (the daemon runs and is not stopping), 1 otherwise. The
address is the daemon's own setting (DIFANG_HEALTH_HOST, DIFANG_HEALTH_PORT, with the daemon's
defaults); a wildcard bind address is reached through loopback, and port 0 (a free port the
daemon picked) is looked up in DIFANG_HOME/daemon/daemon.json.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

from core.config import Config
from daemon.options import DaemonSettings, SettingError

TIMEOUT = 5.0
WILDCARDS = {"", "0.0.0.0", "::", "[::]"}


def health_url(settings: DaemonSettings) -> str:
    if settings.health_port == 0:
        state = settings.home / "daemon" / "daemon.json"
        return str(json.loads(state.read_text(encoding="utf-8"))["health"]) + "/healthz"
    host = "127.0.0.1" if settings.health_host in WILDCARDS else settings.health_host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{settings.health_port}/healthz"


def main() -> int:
    try:
        url = health_url(DaemonSettings.from_env(Config.from_env()))
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            ok = response.status == 200
    except (OSError, ValueError, KeyError, SettingError) as exc:  # HTTPError (503: stopping) is an OSError
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
