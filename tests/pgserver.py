"""A real PostgreSQL for tests: Debian's server binaries, initdb + pg_ctl on loopback in a temp dir.

The server listens on 127.0.0.1 only (no Unix socket), with trust authentication for its one
role ``postgres`` and fsync off (a test's data need not survive a power cut). Run as root, the
server's processes run as the ``postgres`` system user (PostgreSQL refuses to run as root); the
data folder is then a fresh directory owned by that user under the system's temp folder, since
pytest's own temp folders are private to root.

Administration (create/drop a database) uses the server's own client programs, so this module
needs no Python driver: the single-machine suite runs without psycopg installed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.ports import free_port_block

_BIN_DIRS = ("/usr/lib/postgresql/{v}/bin",)
_VERSIONS = ("17", "16", "15", "14", "13")


def server_bin_dir() -> Path | None:
    """The folder with initdb, pg_ctl and postgres (Debian keeps them off PATH), or None."""
    explicit = os.environ.get("DIFANG_TEST_PG_BIN")
    candidates = [explicit] if explicit else []
    candidates += [d.format(v=v) for v in _VERSIONS for d in _BIN_DIRS]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


class PostgresServer:
    """One PostgreSQL cluster; ``dsn()`` addresses a database on it."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or server_bin_dir()
        if found is None:
            raise RuntimeError("PostgreSQL's server programs are missing: apt-get install postgresql")
        self.bin = found
        self.root: Path | None = None
        self.port = 0
        self._user: str | None = "postgres" if os.geteuid() == 0 else None

    @property
    def data_dir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def _run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), user=self._user, group=self._group(), capture_output=True, text=True,
                              check=check, timeout=timeout, cwd="/", env=self._env())

    def _group(self) -> int | None:
        return pwd.getpwnam(self._user).pw_gid if self._user else None

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        env["LANG"] = "C.UTF-8"
        return env

    def start(self, timeout: float = 60.0) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="difang-pg-"))
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        for attempt in range(5):
            self.port = free_port_block(1)  # stays ours across a restart (tests/ports.py)
            done = self._pg_ctl_start(timeout)
            if done.returncode == 0:
                return
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            if "could not bind" not in log or attempt == 4:
                raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()} {log[-1500:]}")
            time.sleep(0.2)

    def _pg_ctl_start(self, timeout: float) -> subprocess.CompletedProcess[str]:
        assert self.root is not None
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200 -c shared_buffers=32MB")
        return self._run(str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
                         "-o", options, "-w", "-t", str(int(timeout)), "start", check=False, timeout=timeout + 10)

    def pause(self) -> None:
        """Stop the server (fast: sessions are cut), keeping its data and port for ``resume``."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def resume(self, timeout: float = 60.0) -> None:
        done = self._pg_ctl_start(timeout)
        if done.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start again: {done.stderr.strip()}")

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop",
                      check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with psql; its unaligned, tuples-only output."""
        done = self._run(str(self.bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                         "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql)
        return done.stdout

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its DSN."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
