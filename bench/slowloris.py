"""Slow-loris probe: how long a normal request waits while slow clients hold connections.

    python bench/slowloris.py http://127.0.0.1:8000/ [--connections 6,12,24] [--seconds 20]
    python bench/slowloris.py https://127.0.0.1:8443/ ...   (a local proxy; not verified)

For each number of connections N it opens N connections to the server and sends a
request line, then one header byte every ``--interval`` seconds, never finishing the
headers, for ``--seconds``; a connection the server drops is opened again at once, as a
real attacker would. Meanwhile it times a normal GET of the URL, one after
another (each waits up to ``--seconds``), and reports the median and worst latency and
how many of them got no answer in time. Before each attack it times the same request
with nobody attacking, as a baseline.

Bounded on purpose: loopback addresses only, at most 1000 connections, at most 120
seconds per attack. It measures a server you run yourself (README, "Deploying"); it is
not a load tool. It never fails on a slow answer; it reports.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import socket
import ssl
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

MAX_CONNECTIONS = 1000
MAX_SECONDS = 120
# https:// on loopback is a local proxy with a test certificate: not verified.
LOOPBACK_TLS = ssl._create_unverified_context()


def timed_get(host: str, port: int, path: str, timeout: float, tls: bool) -> float | None:
    """Seconds until a full 200 response, or None if none came within ``timeout``."""
    started = time.monotonic()
    try:
        if tls:
            connection = http.client.HTTPSConnection(
                host, port, timeout=timeout, context=LOOPBACK_TLS
            )
        else:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        connection.close()
    except (OSError, http.client.HTTPException):
        return None
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}; probe a page that works")
    return time.monotonic() - started


class Trickler:
    """N connections that send a request line, then one header byte per interval."""

    def __init__(self, host, port, path, count: int, interval: float, tls: bool):
        self.host, self.port, self.path, self.tls = host, port, path, tls
        self.count, self.interval = count, interval
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()
        self.dropped = 0  # connections the server (or proxy) closed on us, then reopened
        self.failed = 0  # connections that could not be opened

    def connect(self) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
            if self.tls:
                sock = LOOPBACK_TLS.wrap_socket(sock, server_hostname=self.host)
            sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\n".encode())
            self.sockets.append(sock)
        except OSError:
            self.failed += 1

    def run(self) -> None:
        for _ in range(self.count):
            self.connect()
        header = b"X-Slow: " + b"a" * 10_000
        sent = 0
        while not self.stop.wait(self.interval):
            byte = header[sent % len(header) : sent % len(header) + 1]
            sent += 1
            for sock in list(self.sockets):
                try:
                    sock.sendall(byte)
                except OSError:
                    # Dropped by the server (or proxy): a real attacker comes straight back.
                    self.sockets.remove(sock)
                    sock.close()
                    self.dropped += 1
                    self.connect()
        for sock in self.sockets:
            sock.close()


def attack(args, host: str, port: int, path: str, count: int, tls: bool) -> dict:
    baseline = [timed_get(host, port, path, args.seconds, tls) for _ in range(3)]
    trickler = Trickler(host, port, path, count, args.interval, tls)
    thread = threading.Thread(target=trickler.run, daemon=True)
    thread.start()
    time.sleep(min(2.0, args.seconds / 4))  # let the slow connections settle in
    latencies: list[float | None] = []
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        remaining = max(deadline - time.monotonic(), 0.5)
        latencies.append(timed_get(host, port, path, remaining, tls))
    trickler.stop.set()
    thread.join()
    answered = [value for value in latencies if value is not None]
    return {
        "connections": count,
        "baseline": statistics.median([v for v in baseline if v is not None] or [float("nan")]),
        "probes": len(latencies),
        "unanswered": len(latencies) - len(answered),
        "median": statistics.median(answered) if answered else float("nan"),
        "worst": max(answered) if answered else float("nan"),
        "dropped": trickler.dropped,
        "failed": trickler.failed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="a page of your own server, on a loopback address")
    parser.add_argument("--connections", default="6", help="comma-separated, e.g. 6,12,24")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each attack")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between bytes")
    args = parser.parse_args()

    parts = urlsplit(args.url)
    tls = parts.scheme == "https"
    host, port = parts.hostname or "", parts.port or (443 if tls else 80)
    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    counts = [int(value) for value in args.connections.split(",") if value.strip()]
    if parts.scheme not in {"http", "https"} or not loopback:
        parser.error("only URLs on a loopback address (127.0.0.1, localhost)")
    if not counts or max(counts) > MAX_CONNECTIONS or min(counts) < 1:
        parser.error(f"--connections must be between 1 and {MAX_CONNECTIONS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 1 and {MAX_SECONDS}")

    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    print(f"{args.url}: {args.seconds:g} s per attack, one header byte every {args.interval:g} s")
    print("slow conns  baseline  probes  no answer  median    worst     dropped  refused")
    for count in counts:
        result = attack(args, host, port, path, count, tls)
        print(
            f"{result['connections']:>10}  {result['baseline']:>7.3f}s  {result['probes']:>6}"
            f"  {result['unanswered']:>9}  {result['median']:>7.3f}s  {result['worst']:>7.3f}s"
            f"  {result['dropped']:>7}  {result['failed']:>7}",
            flush=True,
        )
        time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
