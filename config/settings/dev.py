"""Local development: DEBUG on, embedded PostgreSQL unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import database_from_env_or_embedded, env_bool, env_list

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
DATABASES = {"default": database_from_env_or_embedded()}
