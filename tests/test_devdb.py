"""The embedded PostgreSQL module, run as a user would: through its command line."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent


def devdb(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEVDB_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "config.devdb", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "devdb"
    yield path
    devdb(path, "stop")
    if (path / "state.json").exists():  # the cluster may live outside tmp_path (see devdb)
        shutil.rmtree(state(path)["home"], ignore_errors=True)


def state(home: Path) -> dict:
    return json.loads((home / "state.json").read_text())


def data_dir(home: Path) -> Path:
    return Path(state(home)["home"]) / "data"


def test_devdb_starts_serves_and_stops(home):
    started = devdb(home, "start")
    port = state(home)["port"]

    with psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname="partnerships"
    ) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert started.returncode == 0, started.stderr
    assert "running on 127.0.0.1" in devdb(home, "status").stdout
    assert devdb(home, "stop").stdout.strip() == "Embedded PostgreSQL stopped."
    assert "stopped" in devdb(home, "status").stdout


def test_devdb_start_twice_reuses_running_cluster(home):
    devdb(home, "start")

    second = devdb(home, "start")

    assert "already running" in second.stdout


def test_devdb_restart_remembers_port(home):
    devdb(home, "start")
    port = state(home)["port"]
    devdb(home, "stop")

    devdb(home, "start")

    assert state(home)["port"] == port


def test_devdb_url_names_running_cluster(home):
    result = devdb(home, "url")

    assert (
        result.stdout.strip() == f"postgres://postgres@127.0.0.1:{state(home)['port']}/partnerships"
    )


def test_devdb_recovers_from_stale_pid_file_after_crash(home):
    devdb(home, "start")
    pid_file = data_dir(home) / "postmaster.pid"
    postmaster = int(pid_file.read_text().splitlines()[0])
    os.kill(postmaster, signal.SIGKILL)
    while Path(f"/proc/{postmaster}").exists():
        pass

    result = devdb(home, "start")

    assert result.returncode == 0, result.stderr
    assert "running" in devdb(home, "status").stdout


def test_devdb_failed_start_reports_log_tail(home):
    devdb(home, "start")
    devdb(home, "stop")
    with open(data_dir(home) / "postgresql.conf", "a") as conf:
        conf.write("\nshared_buffers = 'not a size'\n")

    result = devdb(home, "start")

    assert result.returncode == 1
    assert "PostgreSQL did not start" in result.stderr
    assert "shared_buffers" in result.stderr
