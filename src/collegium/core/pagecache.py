"""A per-person cache of rendered read pages, invalidated by any change of data.

Why: the dashboards and lists are read far more often than anything changes (a person reloads the
home page many times between two reports), and rendering them costs tens of milliseconds.

Correctness rests on two rules.

1. **The key holds everything the response depends on** besides the data: the authenticated
   person and the credentials that identify them (session key, CSRF secret, the digest of a bearer
   token), the language, the full path with its query string, the HTMX headers, the current
   time zone and today's date (pages derive "overdue" from it), and the global data version. Two
   people never share a key, so one party never receives a page rendered for another.
2. **The data version changes after every committed write.** Rather than trusting each writer to
   remember (services, bulk `update()`/`bulk_create`, the worker's notices and snapshots, raw SQL
   of the generator), every database connection gets an execute wrapper that notices
   INSERT/UPDATE/DELETE statements and replaces the version once the transaction commits
   (immediately in autocommit). The version is a random token, not a counter: two concurrent
   bumps can never leave the value a reader saw before the later commit.

The version and the pages live in the "pagecache" cache alias (Redis when configured, otherwise a
file cache under the var directory): shared by every worker process, unlike the local-memory one.

What is never cached: anything but GET/HEAD, views not listed in COLLEGIUM_PAGE_CACHE_VIEWS,
anonymous requests, requests carrying flash messages or producing them, responses other than 200
HTML/JSON, responses that set cookies, touch the session or are marked no-cache/no-store, and
pages whose CSRF token was made for a secret other than the one in the request's cookie (a new
one that only that response would set).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty

log = logging.getLogger(__name__)

CACHE_ALIAS = "pagecache"
VERSION_KEY = "pagecache:data-version"
HEADER = "X-Page-Cache"
# Entries also expire on their own, which bounds anything time-dependent a page might show
# besides the date (e.g. "as of HH:MM" of a snapshot) even when nothing is written for a while.
ENTRY_SECONDS = 600
# hit / miss / bypass per process: lets a test (or a debugging session) see that caching happened.
STATS: Counter[str] = Counter()

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "CREATE", "ALTER", "DROP")
# Writes that no cached view reads (check this list when adding a view to
# COLLEGIUM_PAGE_CACHE_VIEWS): sessions (the session is resolved on every request anyway), lockout
# bookkeeping, the e-mail delivery queue, background jobs' progress and heartbeats (a long import
# would otherwise empty the cache every few seconds), a token's "last used", the discipline
# snapshot's "checked at".
_IGNORED_TABLES = ('"django_session"', "django_session ", '"axes_', '"notifications_notice"',
                   '"notifications_job"', '"django_cache')
_IGNORED_PREFIXES = ('UPDATE "parties_apitoken" SET "last_used_at" = ',
                     # the analytics snapshot found unchanged: the pages show when it was computed
                     'UPDATE "control_disciplinesnapshot" SET "checked_at" = ')


def enabled() -> bool:
    return bool(getattr(settings, "COLLEGIUM_PAGE_CACHE", False))


def _cache() -> Any:
    return caches[CACHE_ALIAS]


# --- the data version ------------------------------------------------------------------------------

def data_version() -> str:
    """The current version token; a fresh one is made if the cache lost it (evicted, restarted):
    entries stored under the lost token simply become unreachable."""
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def bump() -> None:
    """Data changed: every cached page becomes unreachable."""
    try:
        _cache().set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # a cache outage must not fail a committed write; reads bypass it too
        log.exception("could not bump the page cache data version")


def _is_write(sql: Any) -> bool:
    if not isinstance(sql, str):
        return True  # composed SQL objects: be safe
    head = sql.lstrip()[:8].upper()
    if not head.startswith(_WRITES):
        return False
    start = sql.lstrip()[:80]
    return not (any(t in start for t in _IGNORED_TABLES) or start.startswith(_IGNORED_PREFIXES))


def _pending(connection: Any) -> bool:
    return any(entry[1] is bump for entry in connection.run_on_commit)


def _data_changed(connection: Any) -> None:
    blocks = connection.atomic_blocks
    if not connection.in_atomic_block or (blocks and getattr(blocks[0], "_from_testcase", False)):
        # Autocommit: the write is committed already. Inside a test case's transaction nothing
        # ever commits, and nothing runs concurrently, so the change counts at once.
        bump()
    elif not _pending(connection):
        transaction.on_commit(bump, using=connection.alias)


def _watch_writes(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict) -> Any:
    result = execute(sql, params, many, context)
    if _is_write(sql):
        _data_changed(context["connection"])
    return result


@receiver(connection_created)
def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    # execute_wrappers belongs to the connection wrapper, which outlives reconnections.
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# --- the key and the entries -------------------------------------------------------------------------

def _identity(request: HttpRequest) -> list[str] | None:
    """Who the response is for, or None when it must not be cached (anonymous).

    A person signed in through the session is named by the session itself (its user id and auth
    hash) rather than by loading the person, so that a hit costs no query: whatever would make
    Django refuse the session's user (a changed password, a deactivated person) is a write, which
    makes every page stored before it unreachable, and a page is stored only for a request whose
    user was authenticated. A user already loaded and refused (by the two-factor middleware's
    check, say) is never served from the cache."""
    user = _loaded_user(request)
    auth = request.headers.get("Authorization", "")
    if user is not None and not user.is_authenticated and not auth:
        return None
    session = getattr(request, "session", None)
    person = str(session.get(SESSION_KEY, "")) if session is not None else ""
    auth_hash = str(session.get(HASH_SESSION_KEY, "")) if person and session is not None else ""
    if user is not None and user.is_authenticated and str(user.pk) != person:
        person, auth_hash = str(user.pk), ""  # signed in otherwise than through this session
    token = hashlib.sha256(auth.encode()).hexdigest() if auth else ""
    if not person and not token:
        return None
    session_key = getattr(session, "session_key", None) or ""
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return [f"person={person}", f"auth={auth_hash}", f"session={session_key}", f"csrf={csrf}", f"token={token}",
            f"keys={_secret_digest()}"]


def _loaded_user(request: HttpRequest) -> Any:
    """request.user if it has been loaded already (None if it is still lazy or absent)."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        wrapped = user.__dict__.get("_wrapped", empty)
        return None if wrapped is empty else wrapped
    return user


@lru_cache(maxsize=1)
def _secret_digest() -> str:
    """Session auth hashes and CSRF tokens depend on the secret key: entries stored under
    another key (rotated since) must not be found."""
    return hashlib.sha256(f"collegium.pagecache|{settings.SECRET_KEY}".encode()).hexdigest()[:16]


@receiver(setting_changed)
def _secret_changed(setting: str, **kwargs: Any) -> None:
    if setting == "SECRET_KEY":
        _secret_digest.cache_clear()


def _today() -> dt.date:
    """The pages' own idea of today (TIME_ZONE, Europe/Moscow by default): "overdue" turns on it."""
    return timezone.localdate()


def cache_key(request: HttpRequest, identity: list[str], version: str) -> str:
    htmx = sorted(f"{k}={v}" for k, v in request.headers.items() if k.lower().startswith("hx-"))
    parts = [
        version, *identity,
        f"lang={getattr(request, 'LANGUAGE_CODE', '')}",
        f"tz={timezone.get_current_timezone_name()}",
        f"today={_today().isoformat()}",
        f"path={request.get_full_path()}",
        *htmx,
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(("text/html", "application/json")):
        return False
    control = response.get("Cache-Control", "").lower()
    if "no-cache" in control or "no-store" in control:
        return False
    if _has_messages(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # A CSRF token in the page must belong to the secret the browser already holds (the cookie is
    # in the key); a page made with a new secret would need the Set-Cookie a hit never sends.
    secret = request.META.get("CSRF_COOKIE")
    if secret is not None and secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False
    auth = getattr(request, "auth", None)  # the API: the person ninja authenticated
    user = getattr(request, "user", None)
    return bool((auth is not None and getattr(auth, "pk", None)) or (user is not None and user.is_authenticated))


class PageCacheMiddleware:
    """Serves and stores the views named in COLLEGIUM_PAGE_CACHE_VIEWS. Place it after the
    authentication, two-factor, messages and HTMX middleware, so that what it keys on is settled
    and every outer middleware still processes a cached response (headers, CSP, …)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_pagecache_key", None)
        if key is not None:
            key, version = key
            # A write during the request (the page's own, e.g. the analytics snapshot, or anyone's)
            # leaves the page between two versions: serve it, keep nothing.
            if _storable(request, response) and data_version() == version:
                try:
                    _cache().set(key, (response.status_code, list(response.items()), response.content),
                                 timeout=ENTRY_SECONDS)
                    response[HEADER] = "miss"
                    STATS["miss"] += 1
                except Exception:
                    log.exception("could not store a page in the page cache")
            else:
                response[HEADER] = "bypass"
                STATS["bypass"] += 1
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if not enabled() or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in settings.COLLEGIUM_PAGE_CACHE_VIEWS:
            return None
        identity = _identity(request)
        if identity is None or _has_messages(request):
            return None
        try:
            version = data_version()
            key = cache_key(request, identity, version)
            entry = _cache().get(key)
        except Exception:
            log.exception("page cache unavailable")
            return None
        if entry is None:
            request._pagecache_key = (key, version)  # type: ignore[attr-defined]
            return None
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        STATS["hit"] += 1
        return response
