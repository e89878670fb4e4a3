"""Test run: real PostgreSQL (embedded unless DATABASE_URL), fast hashing, plain static storage."""

import os

from .base import *  # noqa: F403
from .base import database_from_env_or_embedded

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_env_or_embedded()}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# One test database per run, so two runs on one cluster (make test in two
# terminals, CI beside a developer) never drop each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_partnerships_{os.getpid()}"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Manifest storage 500s without collectstatic; tests serve files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
