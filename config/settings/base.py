"""Settings shared by every environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more (got {value!r}).")
    return number


def database_from_env_or_embedded() -> dict:
    """DATABASE_URL wins everywhere; otherwise the embedded cluster (started if needed)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        from config import devdb

        url = devdb.ensure_url()
    return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)


INSTALLED_APPS = [
    "django.forms",  # the form renderer finds our templates/forms/ with the project's
    "config.apps.AdminConfig",  # django.contrib.admin, with our site (guarded changelists)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "partnerships",
]

MIDDLEWARE = [
    # First: a HEAD's body is dropped after every other middleware has seen it.
    "config.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who changed what, and from which URL, with each history row.
    "pghistory.middleware.HistoryMiddleware",
    # A form not sent as UTF-8: a plain 400 before the CSRF check reads it.
    "config.errors.FormEncodingMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]
# pghistory's defaults and HEAD, which runs the same views as GET: the same history
# context, and the same headers (reading the user adds "Vary: Cookie").
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]


# How many proxies in front of the app append to X-Forwarded-For (1 behind one nginx or
# Caddy). 0: the header is ignored and REMOTE_ADDR is the client, since anyone can send
# the header. See config/client_address.py.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login throttling: lock a username + address pair after 5 failures for 15 minutes,
# answering 429. Keyed on the pair, and on the real client address behind the proxies,
# so nobody elsewhere can lock a user out.
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

FORM_RENDERER = "partnerships.forms.base.ProjectFormRenderer"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target; STATIC_ROOT in the environment puts it elsewhere (a release dir).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Django's own Content-Security-Policy: nothing unless named here. Scripts only from us,
# each with the nonce; styles and images from us (images also as data: URIs, which the
# admin's stylesheets use); htmx requests to us; forms post only to us.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Other sites may not embed our responses (config/security_headers.py), nor keep a
# handle on our windows.
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features the site never uses, denied to it and to anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partnerships:timeline"
LOGOUT_REDIRECT_URL = "partnerships:timeline"

# Rendered cards, overview strips and filter options are cached under the timeline
# stamp (partnerships/timeline.py). One process: local memory, roomy enough for many
# windows; several app servers share one cache (e.g. Redis) through CACHE_URL-style
# settings of their own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Events per timeline window (keyset page).
TIMELINE_WINDOW_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per request while the database is down, and for client errors (4xx);
    # tracebacks only for real server errors (config/errors.py).
    "filters": {"one_line": {"()": "config.errors.OneLineLogs"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
