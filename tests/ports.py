"""Ports for test servers that stop and start again on the same port (an S3 server, PostgreSQL):
below the kernel's ephemeral range, so that no outgoing connection takes one of them while the
server is down and keeps it from coming back where its clients look for it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

LOW = 10000
STRIDE = 97


def ephemeral_low() -> int:
    """The lowest port the kernel hands out to outgoing connections."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port_block(count: int, twin_offset: int = 0) -> int:
    """A base port such that base..base+count-1 (and, with `twin_offset`, the same ports that
    much higher) look free, all below the ephemeral range."""
    high = min(ephemeral_low(), 40000) - twin_offset - count
    # start where another test process on the machine is unlikely to look at the same moment
    start = LOW + (os.getpid() % 128) * STRIDE
    start = start if start < high else LOW
    for base in [*range(start, high, STRIDE), *range(LOW, start, STRIDE)]:
        ports = [base + i for i in range(count)]
        if twin_offset:
            ports += [p + twin_offset for p in ports]
        if all(map(is_free, ports)):
            return base
    raise RuntimeError("no free port block below the ephemeral range")
