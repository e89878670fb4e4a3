"""Production settings fail fast and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "k3J9-" + "x7Qm#vR2$pL8@wZ5^nB4&tY6*cU1!hF0%gD" + "s9aE2_rT7+oI3~"


def run_manage(*args: str, env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests; a deployment must not.
    dropped = {*env_overrides, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({key: value for key, value in env_overrides.items() if value is not None})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_prod_settings_refuse_to_start_and_name_missing_variable(missing):
    values = {
        "SECRET_KEY": GOOD_SECRET,
        "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
        "ALLOWED_HOSTS": "example.org",
    }
    values[missing] = None

    result = run_manage("check", env_overrides=values)

    assert result.returncode != 0
    assert f"need these environment variables: {missing}" in result.stderr


def test_prod_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": GOOD_SECRET,
            "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
            "ALLOWED_HOSTS": "example.org",
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_settings_refuse_a_trusted_proxy_count_that_is_not_a_count(value):
    result = run_manage(
        "check",
        env_overrides={
            "SECRET_KEY": GOOD_SECRET,
            "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
            "ALLOWED_HOSTS": "example.org",
            "TRUSTED_PROXY_COUNT": value,
        },
    )

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number, 0 or more" in result.stderr


def test_prod_settings_trust_no_forwarded_address_by_default():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)",
        env_overrides={
            "SECRET_KEY": GOOD_SECRET,
            "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
            "ALLOWED_HOSTS": "example.org",
            "TRUSTED_PROXY_COUNT": None,
        },
    )

    assert result.stdout.splitlines()[-1] == "0", result.stderr
