"""The per-person page cache: hits for the same person and credentials only, invalidated by any
committed write (services, bulk updates, other processes), by the date, bypassed by flash messages."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from collegium.control import services as control_services
from collegium.control.models import Obligation, Report
from collegium.core import pagecache
from collegium.core.testing import make_obligation
from collegium.parties.services import api_token_create, api_token_revoke

PAGES = ["/", "/obligations/?status=active", "/analytics/"]


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    # A browser has the CSRF cookie after its first page; pages are cached only then.
    client.get("/")
    assert client.cookies.get("csrftoken")
    return client


def _state(response) -> str | None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.headers.get(pagecache.HEADER)


def _warm(client: Client, path: str) -> bytes:
    first = client.get(path)
    if _state(first) == "bypass":  # the page wrote something itself (the analytics snapshot)
        first = client.get(path)
    assert _state(first) in {"miss", "hit"}
    second = client.get(path)
    assert _state(second) == "hit"
    assert second.content == first.content
    return second.content


@pytest.mark.parametrize("path", PAGES)
def test_same_person_gets_the_stored_page(world, path):
    make_obligation(world)
    client = _client(world.ru_sec)
    _warm(client, path)


def test_key_holds_the_person_and_their_credentials(world):
    make_obligation(world)
    ru, by = _client(world.ru_sec), _client(world.by_sec)
    page = _warm(ru, "/")
    # Another party's person, same path: rendered for them, never the RU page.
    other = by.get("/")
    assert _state(other) == "miss"
    assert other.content != page
    # The same person in a second browser (another session and CSRF secret) gets their own entry.
    again = _client(world.ru_sec)
    assert _state(again.get("/")) == "miss"


def test_service_write_by_one_person_invalidates_every_other_persons_pages(world):
    ob = make_obligation(world, party_code="BY")
    ru = _client(world.ru_sec)
    by = _client(world.by_head)
    for path in PAGES:
        _warm(ru, path)
        _warm(by, path)
    control_services.report_create(actor=world.by_exec, obligation=ob, kind=Report.Kind.INTERIM,
                                   text="Сделано", attachment=None, attachment_name="")
    for path in PAGES:
        assert _state(ru.get(path)) == "miss"
        assert _state(by.get(path)) == "miss"


def test_bulk_update_without_signals_invalidates(world):
    make_obligation(world)
    client = _client(world.ru_sec)
    _warm(client, "/obligations/?status=active")
    Obligation.objects.all().update(title="Новое название")
    response = client.get("/obligations/?status=active")
    assert _state(response) == "miss"
    assert "Новое название" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_version_changes_on_commit_not_before():
    from collegium.core.testing import make_world

    world = make_world()
    before = pagecache.data_version()
    with transaction.atomic():
        Obligation.objects.all().update(title="x")
        world.ru_sec.first_name = "Иван"
        world.ru_sec.save(update_fields=["first_name"])
        # Readers during the transaction still see the old data, under the old version.
        assert pagecache.data_version() == before
    after = pagecache.data_version()
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        world.ru_sec.save(update_fields=["first_name"])
        raise RuntimeError
    assert pagecache.data_version() == after  # rolled back: nothing changed
    assert not connection.run_on_commit


def test_flash_message_bypasses_and_is_never_stored(world):
    ob = make_obligation(world)
    client = _client(world.ru_sec)
    _warm(client, "/")
    response = client.post(f"/obligations/{ob.pk}/reports/", {"kind": "interim", "text": "Отчёт"})
    assert response.status_code == 302
    with_message = client.get("/")
    assert with_message.headers.get(pagecache.HEADER) is None  # neither served nor stored
    assert "The report is saved as a draft" in with_message.content.decode() or \
        "черновик" in with_message.content.decode()
    after = client.get("/")
    assert _state(after) == "miss"
    assert after.content != with_message.content


def test_the_date_is_part_of_the_key(world):
    make_obligation(world)
    client = _client(world.ru_sec)
    _warm(client, "/")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch.object(pagecache, "_today", return_value=tomorrow):
        assert _state(client.get("/")) == "miss"


def test_anonymous_is_never_served_from_the_cache(world):
    client = _client(world.ru_sec)
    _warm(client, "/")
    client.logout()
    assert client.get("/").status_code == 302


def test_api_lists_keyed_by_token_and_revocation_invalidates(world):
    make_obligation(world)
    token, secret = api_token_create(actor=world.ru_sec, name="t")
    _by_token, by_secret = api_token_create(actor=world.by_sec, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    first = api.get("/api/obligations")
    assert _state(first) == "miss"
    assert _state(api.get("/api/obligations")) == "hit"
    other = Client(HTTP_AUTHORIZATION=f"Bearer {by_secret}")
    assert _state(other.get("/api/obligations")) == "miss"
    api_token_revoke(actor=world.ru_sec, token=token)
    assert api.get("/api/obligations").status_code == 401


def test_a_bad_token_never_rides_on_another_browsers_cached_answer(world):
    browser = _client(world.ru_sec)
    assert browser.get("/api/sessions").status_code == 200
    stranger = Client(HTTP_AUTHORIZATION="Bearer col_not-a-token")
    assert stranger.get("/api/sessions").status_code == 401


def test_disabled_by_setting(world, settings):
    settings.COLLEGIUM_PAGE_CACHE = False
    client = _client(world.ru_sec)
    response = client.get("/")
    assert response.headers.get(pagecache.HEADER) is None


def test_another_process_sees_the_bump(world, settings, tmp_path):
    """Two processes share the version through the shared cache (files here, Redis in production):
    a write in one (the worker, another gunicorn worker) invalidates the pages the other stored."""
    settings.CACHES = {**settings.CACHES, "pagecache": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path),
        "KEY_PREFIX": "twoproc"}}
    client = _client(world.ru_sec)
    _warm(client, "/")
    version = pagecache.data_version()
    script = (
        "import django, sys\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        f"settings.CACHES['pagecache'] = {settings.CACHES['pagecache']!r}\n"
        "from collegium.core import pagecache\n"
        "print(pagecache.data_version())\n"
        "pagecache.bump()\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "collegium.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,  # noqa: S603
                         check=True, timeout=120).stdout.split()
    assert out[-1] == version  # the other process read the same version
    caches["pagecache"].close()
    assert pagecache.data_version() != version
    assert _state(client.get("/")) == "miss"


def test_bookkeeping_writes_do_not_invalidate(world):
    """Session saves and the delivery queue are written on every login or by the worker all the
    time; no cached page shows them. Anything else written does invalidate."""
    from django.contrib.sessions.backends.db import SessionStore

    before = pagecache.data_version()
    store = SessionStore()
    store["x"] = 1
    store.create()
    assert pagecache.data_version() == before
    world.ru_sec.save(update_fields=["first_name"])
    assert pagecache.data_version() != before


def test_is_write_recognises_statements():
    assert pagecache._is_write('INSERT INTO "control_report" ("id") VALUES (1)')
    assert pagecache._is_write('  update "control_obligation" SET "title" = 1')
    assert pagecache._is_write('DELETE FROM "meetings_material" WHERE 1')
    assert not pagecache._is_write('SELECT 1')
    assert not pagecache._is_write('UPDATE "django_session" SET "session_data" = 1')
    assert not pagecache._is_write('UPDATE "notifications_notice" SET "status" = 1')
    assert not pagecache._is_write('UPDATE "parties_apitoken" SET "last_used_at" = 1 WHERE "id" = 2')
    assert pagecache._is_write('UPDATE "parties_apitoken" SET "revoked_at" = 1 WHERE "id" = 2')


def test_a_hit_reads_neither_the_session_nor_the_person_from_the_database(world, django_assert_num_queries):
    make_obligation(world)
    client = _client(world.ru_sec)
    _warm(client, "/")
    with django_assert_num_queries(0):
        assert _state(client.get("/")) == "hit"


@pytest.mark.parametrize("change", ["deactivate", "password"])
def test_a_person_django_would_refuse_is_never_served_a_stored_page(world, change):
    client = _client(world.ru_sec)
    _warm(client, "/")
    person = world.ru_sec
    if change == "deactivate":
        person.is_active = False
    else:
        person.set_password("a-new-password-1234")
    person.save()
    response = client.get("/")
    assert response.status_code == 302 and response.headers.get(pagecache.HEADER) != "hit"


def test_entries_stored_under_another_secret_key_are_not_found(world, settings):
    client = _client(world.ru_sec)
    _warm(client, "/")
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789"
    response = client.get("/")  # the session's auth hash no longer verifies: signed out
    assert response.status_code == 302 and response.headers.get(pagecache.HEADER) != "hit"
