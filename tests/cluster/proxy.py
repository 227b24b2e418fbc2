"""A TCP proxy in front of PostgreSQL that can cut one node off: the database sees the node's
connections close (so its sessions end and their advisory locks are freed), while the node's
side of each connection stays open and silent, as behind a cut cable. New connections are
refused while cut. ``heal`` closes the node's side, so the node notices and reconnects."""

from __future__ import annotations

import socket
import threading
from types import TracebackType


class CuttableProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.cut_off = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._held: list[socket.socket] = []  # the node's side of cut connections
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> CuttableProxy:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.heal()
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
                if not data or self.cut_off:
                    break
                sink.sendall(data)
            except OSError:
                break
        if not self.cut_off:  # a connection that ended on its own: both sides
            for end in (source, sink):
                try:
                    end.close()
                except OSError:
                    pass

    def cut(self) -> None:
        """The database's side of every connection closes; the node's stays open, silent."""
        with self._lock:
            self.cut_off = True
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            try:
                server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            server.close()
            self._held.append(client)

    def heal(self) -> None:
        """New connections pass again; the node's side of the cut ones closes."""
        with self._lock:
            self.cut_off = False
            held, self._held = self._held, []
        for client in held:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()
