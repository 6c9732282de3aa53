"""A TCP relay in front of PostgreSQL that counts round trips (and can add latency).

A round trip is a flight of client bytes that follows the server's last answer: the
start-up packet, authentication and every query exchange count; statements sent together
count once. Used by the round-trip tests and by bench/bench_roundtrips.py.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit


@dataclass
class Counter:
    """Round trips seen by the proxy, over every connection it relayed."""

    round_trips: int = 0
    connections: int = 0
    active: int = 0
    flights: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every relayed connection has closed (its last bytes counted)."""
        import time

        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.005)

    def reset(self) -> None:
        with self.lock:
            self.round_trips = self.connections = 0
            self.flights.clear()


class DelayProxy:
    """127.0.0.1:<port> -> target, each chunk delivered ``delay`` seconds later."""

    def __init__(self, target_host: str, target_port: int, delay: float) -> None:
        self.target = (target_host, target_port)
        self.delay = delay
        self.counter = Counter()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        self.counter.settle()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._relay, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(*self.target)
        state = {"last": "server"}  # the connect itself is the first flight
        with self.counter.lock:
            self.counter.connections += 1
            self.counter.active += 1

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, side: str) -> None:
            try:
                while data := await src.read(65536):
                    if side == "client" and state["last"] == "server":
                        with self.counter.lock:
                            self.counter.round_trips += 1
                            self.counter.flights.append(data[:160])
                    state["last"] = side
                    await asyncio.sleep(self.delay)  # the link's one-way latency
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                dst.close()

        try:
            await asyncio.gather(
                pump(client_r, server_w, "client"), pump(server_r, client_w, "server")
            )
        finally:
            with self.counter.lock:
                self.counter.active -= 1


def via_proxy(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0] + "@" if len(netloc) == 2 else ""
    return urlunsplit((parts.scheme, f"{user}127.0.0.1:{port}", parts.path, parts.query, ""))


@contextmanager
def proxied(url: str, delay: float) -> Iterator[tuple[DelayProxy, str]]:
    parts = urlsplit(url)
    with DelayProxy(parts.hostname or "127.0.0.1", parts.port or 5432, delay) as proxy:
        yield proxy, via_proxy(url, proxy.port)
