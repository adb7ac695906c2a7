"""All settings, read from the environment with typed helpers that fail loudly.

SQLite under var/ and the in-database queue are the defaults so that a checkout just runs;
production sets COLLEGIUM_DATABASE_URL (PostgreSQL) and COLLEGIUM_REDIS_URL.
"""

from __future__ import annotations

import datetime as _dt
import hashlib as _hashlib
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str | None = None) -> str:
    """A string from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from sqlite:///path or postgres://user:pw@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("//"):
            path = path[1:]
        elif path.startswith("/"):
            path = path[1:] if not parsed.netloc else path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(VAR_DIR / "collegium.sqlite3"),
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": SQLITE_PRAGMAS},
            # kept open between requests: opening one and running the pragmas cost 2-3 ms a request
            "CONN_MAX_AGE": env_int("COLLEGIUM_CONN_MAX_AGE", 60),
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "collegium",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("COLLEGIUM_CONN_MAX_AGE", 60),
            "TEST": {"NAME": options.pop("test_name", None) or f"test_{unquote(parsed.path.lstrip('/')) or 'collegium'}"},
        }
    raise ImproperlyConfigured(f"COLLEGIUM_DATABASE_URL scheme {parsed.scheme!r} is not supported (sqlite, postgres)")


VAR_DIR = Path(env_str("COLLEGIUM_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PRAGMAS = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"

DEBUG = env_bool("COLLEGIUM_DEBUG", True)
SECRET_KEY = env_str("COLLEGIUM_SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env_list("COLLEGIUM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("COLLEGIUM_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": database_from_url(
        env_str("COLLEGIUM_DATABASE_URL", f"sqlite:///{VAR_DIR / 'collegium.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",  # login throttling and lockout
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves the API docs page with its bundled Swagger assets, no CDN
    "collegium.core",
    "collegium.audit",
    "collegium.parties",
    "collegium.programme",
    "collegium.meetings",
    "collegium.resolutions",
    "collegium.consultations",
    "collegium.control",
    "collegium.documents",
    "collegium.media",
    "collegium.notifications",
    "collegium.web",
]

MIDDLEWARE = [
    "collegium.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Russian first: the language cookie (the switch, or sign-in from the profile), else Russian.
    "collegium.core.language.RussianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "collegium.core.security.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # After authentication, two-factor, messages and HTMX: it keys on what they settle.
    "collegium.core.pagecache.PageCacheMiddleware",
    # Axes wants to be last: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Axes first: it refuses a locked-out username+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, loading the person's party and unit with them.
    "collegium.parties.auth.PersonBackend",
]
AXES_FAILURE_LIMIT = env_int("COLLEGIUM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=15)
# Lock the pair, not the address alone: colleagues behind one ministry NAT must not lock each other out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# The client address is REMOTE_ADDR unless COLLEGIUM_PROXY_COUNT says how many trusted proxies sit in
# front: trusting X-Forwarded-For blindly would let an attacker pick a new address for every guess.
AXES_IPWARE_PROXY_COUNT = env_int("COLLEGIUM_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (["HTTP_X_FORWARDED_FOR"] if AXES_IPWARE_PROXY_COUNT else []) + ["REMOTE_ADDR"]

# Content-Security-Policy: no inline scripts anywhere; inline styles are allowed because Plotly
# writes style attributes into the charts it draws.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

ROOT_URLCONF = "collegium.urls"
WSGI_APPLICATION = "collegium.wsgi.application"
AUTH_USER_MODEL = "parties.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "django.template.context_processors.i18n",
                "collegium.web.context_processors.layout",
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("COLLEGIUM_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# plotly.min.js is served from the installed plotly package itself (no copy, no CDN).
_plotly_init = __import__("plotly").__file__  # lower case: not a setting
if _plotly_init is None:  # a namespace package would have no package_data to serve
    raise ImproperlyConfigured("plotly is installed without its package files")
STATICFILES_DIRS = [("plotly", Path(_plotly_init).resolve().parent / "package_data")]
MEDIA_ROOT = VAR_DIR / "uploads"  # outside the static root; served only through permission checks
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
COLLEGIUM_MAX_UPLOAD_BYTES = env_int("COLLEGIUM_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Sessions are read on every request: from the shared "sessions" cache, written through to the
# database (Django's cached_db), so that a request costs no query for them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Two-factor (TOTP) for the secretariat, heads and administrators. On in production (DEBUG off)
# unless explicitly switched off; off for the local demo so that the published demo logins just work.
# API bearer tokens are not affected: they are for programs, and are issued by a verified person.
COLLEGIUM_REQUIRE_2FA = env_bool("COLLEGIUM_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Collegium"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("COLLEGIUM_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("COLLEGIUM_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("COLLEGIUM_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("COLLEGIUM_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_URL = os.environ.get("COLLEGIUM_EMAIL_URL", "")
if EMAIL_URL:
    _email = urlparse(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ImproperlyConfigured(f"COLLEGIUM_EMAIL_URL scheme {_email.scheme!r} is not supported (smtp, smtps, smtp+tls)")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "127.0.0.1"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("COLLEGIUM_FROM_EMAIL", "collegium@localhost")

REDIS_URL = os.environ.get("COLLEGIUM_REDIS_URL", "")

# Background work (huey). The queue lives in its own SQLite file by default, so a laptop needs no
# server; production sets COLLEGIUM_REDIS_URL. Immediate mode (tasks run inline) is off unless asked:
# tests that want it switch it on themselves.
HUEY = {
    "name": "collegium",
    "backend": "redis" if REDIS_URL else "sqlite",
    "redis_url": REDIS_URL,
    "filename": env_str("COLLEGIUM_QUEUE_PATH", str(VAR_DIR / "queue.sqlite3")),
    "immediate": env_bool("COLLEGIUM_QUEUE_IMMEDIATE", False),
}
# Per-person cache of rendered read pages (collegium/core/pagecache.py), invalidated by every
# committed write. It must be shared by all processes: Redis when configured, else files under var/.
# The key prefix keeps the pages of different databases (the bench's, the tests') apart.
COLLEGIUM_PAGE_CACHE = env_bool("COLLEGIUM_PAGE_CACHE", True)
COLLEGIUM_PAGE_CACHE_VIEWS = {
    "home", "obligation_list", "session_detail", "analytics",
    "api:obligations_list", "api:sessions_list", "api:resolutions_list",
}
_db = DATABASES["default"]
_db_prefix = _hashlib.sha256(f"{_db['NAME']}|{_db.get('HOST', '')}|{_db.get('PORT', '')}".encode()).hexdigest()[:12]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pagecache": {
        **({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL} if REDIS_URL else
           {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "pagecache"), "OPTIONS": {"MAX_ENTRIES": 20000}}),
        "KEY_PREFIX": _db_prefix,
    },
    # shared by every process like the page cache; a lost entry is read again from the database
    "sessions": {
        **({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL} if REDIS_URL else
           {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "sessions"), "OPTIONS": {"MAX_ENTRIES": 20000}}),
        "KEY_PREFIX": f"s{_db_prefix}",
    },
}

# Notices: how long a claimed notice stays with one worker before another may take it over,
# and how many delivery attempts before it is marked failed.
COLLEGIUM_NOTICE_LEASE_SECONDS = env_int("COLLEGIUM_NOTICE_LEASE_SECONDS", 300)
COLLEGIUM_NOTICE_MAX_ATTEMPTS = env_int("COLLEGIUM_NOTICE_MAX_ATTEMPTS", 5)
COLLEGIUM_JOB_MAX_ATTEMPTS = env_int("COLLEGIUM_JOB_MAX_ATTEMPTS", 3)
COLLEGIUM_SITE_URL = env_str("COLLEGIUM_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "collegium.core.middleware.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "collegium.core.middleware.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env_bool("COLLEGIUM_LOG_JSON", not DEBUG) else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("COLLEGIUM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Per-connection chatter of the local mailbox and the lockout library's start banner.
        "mail.log": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The morphology dictionaries announce themselves at every load.
        "pymorphy2": {"level": "WARNING"},
    },
}

# Session-wide domain defaults.
COLLEGIUM_DEFAULT_DEADLINE_DAYS = 30  # "one month" when an instruction gives no deadline
