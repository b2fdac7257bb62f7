"""Django settings, read from the environment.

``DAYONE_HOME``        data folder (SQLite database, analytical data, secret key); default ``./.dayone``
``DATABASE_URL``       use this database instead of SQLite (for example ``postgres://...``)
``DAYONE_DEBUG``       ``1`` turns Django's debug mode on; off by default
``DAYONE_SECRET_KEY``  secret key; by default one is generated on first run and kept in the data folder
``DAYONE_ALLOWED_HOSTS``  comma-separated host names; default ``localhost,127.0.0.1``
``DAYONE_SMTP_URL``    send e-mail through this server (``smtp://user:pass@host:port``)
``DAYONE_HTTPS``       ``1`` behind a TLS proxy: secure cookies, HTTPS redirect, HSTS (``DAYONE_HSTS_SECONDS``)
``DAYONE_PRINT_AHEAD`` whose deck PDF a deck page prints while it is read: ``latest`` (default), ``all`` or ``off``
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dayone.server.config.paths import (
    data_home,
    ensure_data_home,
    ensure_private_database,
    secret_key,
    warehouse_dir,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DAYONE_HOME = data_home()
DAYONE_WAREHOUSE_DIR = warehouse_dir(DAYONE_HOME)
# The analytical engine (see dayone.warehouse): empty for DuckDB files in DAYONE_WAREHOUSE_DIR,
# spark://local[N], spark://HOST:PORT or sc://HOST:PORT for Apache Spark.
DAYONE_WAREHOUSE = os.environ.get("DAYONE_WAREHOUSE", "")

DEBUG = os.environ.get("DAYONE_DEBUG", "") in {"1", "true", "yes"}
SECRET_KEY = secret_key(DAYONE_HOME)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DAYONE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DAYONE_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files
    "dayone.server.core",
    "dayone.server.api",
    "dayone.server.teams",
    "dayone.server.goals",
    "dayone.server.wbr",
    "dayone.server.weblab",
    "dayone.server.documents",
    "dayone.server.decisions",
    "dayone.server.hiring",
    "dayone.server.customers",
    "axes",
]

MIDDLEWARE = [
    # Compresses pages, the API and the chart bundle; Django masks the CSRF token anew on every
    # response, which keeps compression from leaking it (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "dayone.server.core.middleware.ServerTimingMiddleware",
    "dayone.server.core.middleware.MarksReadOnceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dayone.server.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "dayone.server.api.bodies.StorableBodyMiddleware",
]

ROOT_URLCONF = "dayone.server.config.urls"
WSGI_APPLICATION = "dayone.server.config.wsgi.application"
ASGI_APPLICATION = "dayone.server.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dayone.server.core.context_processors.organization",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DAYONE_HOME / 'dayone.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    ensure_data_home(DAYONE_HOME)
    if DATABASES["default"]["NAME"] not in {"", ":memory:"}:
        ensure_private_database(Path(DATABASES["default"]["NAME"]))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (dayone.server.core.throttle): by username and by address.
AXES_FAILURE_LIMIT = int(os.environ.get("DAYONE_LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "dayone.server.core.throttle.login_cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "dayone.server.core.throttle.lockout_response"  # JSON on the API
AXES_ENABLE_ADMIN = False  # lock-outs are lifted on the People page, where it is audited
AXES_VERBOSE = False
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DAYONE_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# `dayone serve` and `dayone demo` collect the static files here when they start: each file under a
# name carrying a hash of its content, with gzip and brotli copies beside it. WhiteNoise serves
# them compressed and cached for ten years; a changed file gets a new name.
STATIC_ROOT = Path(os.environ.get("DAYONE_STATIC_ROOT") or DAYONE_HOME / "static")

# DAYONE_PRINT_AHEAD: the weeks whose deck PDF a deck page prints on a thread while it is read
# (Chromium at the lowest priority), so that asking for the PDF next takes no wait. "latest",
# the default: the latest week's, the one printed again whenever its data changes; "all": every
# week read; "off": none. A print takes seconds of CPU from the pages served on a small machine.
DAYONE_PRINT_AHEAD = os.environ.get("DAYONE_PRINT_AHEAD", "latest").strip().lower()
if DAYONE_PRINT_AHEAD not in {"latest", "all", "off"}:
    raise ImproperlyConfigured(
        f"DAYONE_PRINT_AHEAD={DAYONE_PRINT_AHEAD!r}: write latest (the default), all or off"
    )
CACHES = {
    # what a worker computed for its readers (decks, drawn panels): kept in the process
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # what a worker drew from the database for each reader (core.readcache): many small values,
    # kept apart so that they never push a computed deck out of the default cache
    "drawn": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dayone-drawn",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # printed decks take seconds to print: kept in the data folder, shared by every worker
    "printed": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DAYONE_HOME / "cache" / "printed"),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 50},  # a printed deck is about 2.5 MB
    },
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "dayone.server.core.staticfinders.VegaBundleFinder",  # the chart library, as dayone/vega.js
]
WHITENOISE_USE_FINDERS = DEBUG  # in debug mode, files are served as they are edited
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are read by developer tools only: not worth compressing at every collection.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "map",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "woff",
    "woff2",
    "gz",
    "br",
    "zip",
)
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No script runs from a page itself: no inline script, no event attributes, no javascript: URLs.
# Scripts come from dayone's own static files; Vega compiles chart expressions at run time, hence
# 'unsafe-eval' (it allows no inline script). Inline style attributes remain for chart sizes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-eval'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if os.environ.get("DAYONE_HTTPS", "") in {"1", "true", "yes"}:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DAYONE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

_smtp = os.environ.get("DAYONE_SMTP_URL")
if _smtp:
    from urllib.parse import unquote, urlparse

    _url = urlparse(_smtp)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _url.hostname or "localhost"
    EMAIL_PORT = _url.port or 25
    EMAIL_HOST_USER = unquote(_url.username or "")
    EMAIL_HOST_PASSWORD = unquote(_url.password or "")
    EMAIL_USE_TLS = _url.scheme == "smtp+tls"
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DAYONE_FROM_EMAIL", "dayone@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DAYONE_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
