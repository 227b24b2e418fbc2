"""Crawls forked from a process that imported Scrapy and the pipeline once (``DIFANG_CRAWL_LAUNCHER=fork``).

A fresh interpreter per crawl spends most of a crawl that finds nothing new importing Scrapy,
twisted and our modules. The fork server is one long-lived process per daemon (``python -m
daemon.forkserver FD``) that imports them once — without installing a twisted reactor — and
then forks one child per crawl. The child does what the subprocess would: its own session
(process group), stdin from /dev/null, stdout and stderr to the crawl's log, the crawl's cwd,
environment and inherited descriptors (``pass_fds``: the cluster's lock connection), then runs
``scrapy crawl …`` through ``scrapy.cmdline.execute`` (which installs the asyncio reactor, in the
child) and exits with its status. Each crawl is still its own process.

The daemon talks to the server over a Unix socket: a request carries the command, cwd and
environment as JSON and the descriptors with SCM_RIGHTS (plus one end of a socket pair of its
own); on that pair the server answers the child's pid, then its wait status and resource usage
when it ends. The daemon signals the child's process group itself (same user), so time limits and
SIGTERM-then-SIGKILL are the runner's as before (``ForkedCrawl`` has the Popen methods the runner
uses). Parent death: the child asks the kernel for SIGTERM when the server dies
(``stop_with_parent``, with ``DIFANG_PARENT_PID`` set to the server), and the server exits as
soon as the daemon's end of the socket closes, whichever way the daemon died.
"""

from __future__ import annotations

import array
import atexit
import gc
import json
import logging
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.lifecycle import PARENT_ENV

log = logging.getLogger("difang.daemon")
ROOT = Path(__file__).resolve().parents[1]
MAX_MESSAGE = 1 << 20
MAX_FDS = 64
START_TIMEOUT = 120.0  # the server imports Scrapy and the pipeline before it says it is ready
_DOTTED = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+")
SETTINGS_MODULE = "crawler.settings"  # read the environment at import: imported again in each child
LAZY = ("apscheduler.triggers.cron", "tzlocal")  # imported inside functions a crawl runs (core/sites.py)


def forkable(command: Sequence[str]) -> bool:
    """Whether a command is ``python -m scrapy …`` with this interpreter (what the fork server runs)."""
    return len(command) >= 3 and command[0] == sys.executable and list(command[1:3]) == ["-m", "scrapy"]


@dataclass(frozen=True)
class Usage:
    """What a forked crawl cost, from ``wait4``: CPU seconds and peak resident size."""

    user: float
    system: float
    max_rss_kb: int


class ForkServerError(OSError):
    """The fork server could not be started or did not answer."""


def _send(sock: socket.socket, payload: Mapping[str, Any], fds: Sequence[int] = ()) -> None:
    data = json.dumps(payload).encode()
    ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
    sock.sendmsg([data], ancillary)


def _receive(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors it carried; (None, []) at end of file."""
    fds = array.array("i")
    data, ancillary, _flags, _addr = sock.recvmsg(MAX_MESSAGE, socket.CMSG_SPACE(MAX_FDS * fds.itemsize))
    for level, kind, chunk in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(chunk[: len(chunk) - (len(chunk) % fds.itemsize)])
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    return json.loads(data), list(fds)


class ForkedCrawl:
    """A crawl forked by the server, with the part of ``subprocess.Popen`` the runner uses."""

    def __init__(self, pid: int, reply: socket.socket) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.usage: Usage | None = None
        self._reply = reply
        self._lock = threading.Lock()

    def poll(self) -> int | None:
        return self._wait(0.0)

    def wait(self, timeout: float | None = None) -> int:
        code = self._wait(timeout)
        if code is None:
            raise subprocess.TimeoutExpired(["crawl", str(self.pid)], timeout or 0.0)
        return code

    def _wait(self, timeout: float | None) -> int | None:
        with self._lock:
            if self.returncode is not None:
                return self.returncode
            ready, _, _ = select.select([self._reply], [], [], timeout)
            if not ready:
                return None
            message, _fds = _receive(self._reply)
            self._reply.close()
            if message is None:  # the server died: the kernel sent the crawl SIGTERM
                self.returncode = self._orphan_status()
            else:
                self.returncode = os.waitstatus_to_exitcode(message["status"])
                self.usage = Usage(message["utime"], message["stime"], message["maxrss"])
            return self.returncode

    def _orphan_status(self) -> int:
        """The fork server died before its crawl: wait for the crawl to end, its status unknown."""
        log.error("the fork server died while crawl process %d ran: its exit status is lost", self.pid)
        try:
            pidfd = os.pidfd_open(self.pid)
        except OSError:
            return -signal.SIGTERM
        try:
            select.select([pidfd], [], [])
        finally:
            os.close(pidfd)
        return -signal.SIGTERM


class ForkServer:
    """The daemon's side: starts the server on first use and asks it for crawls (any thread)."""

    def __init__(self) -> None:
        self._control: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self, env: Mapping[str, str]) -> None:
        """Start the server now (else the first crawl does), with ``env`` as its environment."""
        with self._lock:
            self._start(env)

    def _start(self, env: Mapping[str, str]) -> socket.socket:
        if self._control is not None and self._process is not None and self._process.poll() is None:
            return self._control
        self.close()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._process = subprocess.Popen([sys.executable, "-m", "daemon.forkserver", str(theirs.fileno())],
                                             cwd=ROOT, env=dict(env), stdin=subprocess.DEVNULL,
                                             pass_fds=(theirs.fileno(),), start_new_session=True)
        finally:
            theirs.close()
        ready, _, _ = select.select([mine], [], [], START_TIMEOUT)
        message, _fds = _receive(mine) if ready else (None, [])
        if message is None or not message.get("ready"):
            mine.close()
            self._stop_process()
            raise ForkServerError("the crawl fork server did not start (see its error above)")
        log.info("crawl fork server ready (pid %d): crawls are forked from it", self._process.pid)
        self._control = mine
        return mine

    def launch(self, command: Sequence[str], *, env: Mapping[str, str], cwd: Path, stdout: int | None,
               pass_fds: Sequence[int] = ()) -> ForkedCrawl:
        """Fork a crawl running ``command`` (``python -m scrapy …``); ``stdout``: a descriptor for
        its output (and errors), None for this process's own."""
        reply, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        devnull = os.open(os.devnull, os.O_RDONLY)
        out = stdout if stdout is not None else 1
        err = stdout if stdout is not None else 2
        try:
            with self._lock:
                control = self._start(env)
                _send(control, {"argv": ["scrapy", *command[3:]], "cwd": str(cwd), "env": dict(env)},
                      [theirs.fileno(), devnull, out, err, *pass_fds])
        except BaseException:
            reply.close()
            raise
        finally:
            theirs.close()
            os.close(devnull)
        ready, _, _ = select.select([reply], [], [], START_TIMEOUT)
        message, _fds = _receive(reply) if ready else (None, [])
        if message is None or "pid" not in message:
            reply.close()
            raise ForkServerError(f"the crawl fork server did not fork the crawl: {message and message.get('error')}")
        return ForkedCrawl(int(message["pid"]), reply)

    def _stop_process(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def close(self) -> None:
        """Stop the server (its running crawls get SIGTERM from the kernel: stop them first)."""
        if self._control is not None:
            self._control.close()  # end of file: the server exits
            self._control = None
        self._stop_process()


# -- the server process ----------------------------------------------------------------------


def _dotted_paths(module: Any) -> set[str]:
    """Every setting of a settings module that names an object by its dotted path (in a dict:
    its keys and values), e.g. middlewares, pipelines, download handlers, the index feed."""
    found: set[str] = set()
    for name in dir(module):
        if not name.isupper():
            continue
        value = getattr(module, name)
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else [value]
        found |= {v for v in items if isinstance(v, str) and _DOTTED.fullmatch(v)}
    return found


def preload() -> list[str]:
    """Import what every crawl imports: Scrapy's commands and the components its default settings
    and ours name, our commands, spider, middlewares, extensions, pipelines, the text codecs — but
    no reactor (each crawl installs its own), and not the settings module itself (it reads the
    environment, so each crawl imports it afresh)."""
    import encodings
    import importlib
    import pkgutil

    import scrapy.cmdline
    import scrapy.settings.default_settings as defaults
    from scrapy.utils.misc import walk_modules_iter

    settings = importlib.import_module(SETTINGS_MODULE)
    names = {"crawler.spiders.portal", *(p.rpartition(".")[0] for p in _dotted_paths(defaults) | _dotted_paths(settings))}
    names |= {*LAZY, *(f"encodings.{m.name}" for m in pkgutil.iter_modules(encodings.__path__))}
    loaded = []
    for package in ("scrapy.commands", getattr(settings, "COMMANDS_MODULE", "") or ""):
        if package:
            loaded += [m.__name__ for m in walk_modules_iter(package)]
    for name in sorted(names):
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - not a module, or one for another platform: the crawl imports what it needs
            continue
    del sys.modules[SETTINGS_MODULE]
    if "twisted.internet.reactor" in sys.modules:
        raise RuntimeError("preloading installed a twisted reactor: crawls could not install theirs")
    if threading.active_count() != 1:  # a fork copies only the forking thread: locks held by others stay held
        raise RuntimeError("preloading started a thread: forking from this process would not be safe")
    scrapy.cmdline.__name__  # noqa: B018 - imported for the child
    return loaded


def _child(request: Mapping[str, Any], fds: Sequence[int], ready: int) -> None:
    """In the forked child: become the crawl process, run it, exit with its status."""
    code = 1
    try:
        os.setsid()
        os.close(ready)  # the server learns the child has its own process group
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _reply, stdin, stdout, stderr, *held = fds
        for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
            os.dup2(fd, target)
        keep = sorted({0, 1, 2, *held})
        start = 3
        for fd in [*keep[3:], os.sysconf("SC_OPEN_MAX")]:  # nothing of the server or other crawls
            os.closerange(start, fd)
            start = fd + 1
        for fd in held:
            os.set_inheritable(fd, True)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[PARENT_ENV] = str(os.getppid())  # the server: the crawl stops when it is gone
        sys.argv = list(request["argv"])
        from scrapy.cmdline import execute

        try:
            execute(sys.argv)
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
    except BaseException:  # noqa: BLE001 - the child's last words, as an interpreter would print them
        traceback.print_exc()
        code = 1
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(control: socket.socket) -> None:
    children: dict[int, socket.socket] = {}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    _send(control, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            readable, _, _ = select.select([control.fileno(), wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in readable:
            os.read(wake_r, 4096)
        if control.fileno() in readable:
            message, fds = _receive(control)
            if message is None:
                return  # the daemon is gone: so is this server (its crawls get SIGTERM)
            reply = socket.socket(fileno=fds[0])
            try:
                ready_r, ready_w = os.pipe()
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    os.close(ready_r)
                    _child(message, fds, ready_w)
                os.close(ready_w)
                os.read(ready_r, 1)  # end of file once the child has its own session
                os.close(ready_r)
                children[pid] = reply
                _send(reply, {"pid": pid})
            except OSError as exc:
                try:
                    _send(reply, {"error": str(exc)})
                except OSError:
                    pass
                reply.close()
            finally:
                for fd in fds[1:]:
                    os.close(fd)
        while children:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            finished: socket.socket | None = children.pop(pid, None)
            if finished is None:
                continue
            try:
                _send(finished, {"status": status, "utime": usage.ru_utime, "stime": usage.ru_stime,
                                 "maxrss": usage.ru_maxrss})
            except OSError:
                pass  # the daemon stopped waiting for it
            finished.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    control = socket.socket(fileno=int(args[0]))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the daemon decides; its end closing stops this
    preload()
    gc.freeze()  # the preloaded objects: never scanned by a child's collector, so their pages stay shared
    serve(control)
    return 0


if __name__ == "__main__":
    sys.exit(main())
