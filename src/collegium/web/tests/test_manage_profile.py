"""The profile page: who the person is, their API tokens and calendar links (secrets shown once),
and their notification preferences and language."""

from __future__ import annotations

from django.urls import reverse

from collegium.documents.models import CalendarFeedToken
from collegium.notifications.models import NotificationPreference
from collegium.parties.models import ApiToken
from collegium.parties.services import api_token_authenticate, api_token_create


def test_profile_shows_party_unit_roles_and_clearance(world, login):
    c = login(world.ru_exec)
    assert reverse("profile") in c.get(reverse("home")).content.decode()  # from the user menu
    assert reverse("preferences") in c.get(reverse("home")).content.decode()
    html = c.get(reverse("profile")).content.decode()
    assert world.ru.display_name in html and "Департамент СНГ" in html and "Исполнитель" in html


def test_api_token_shown_once_and_revoked(world, login):
    c = login(world.ru_sec)
    html = c.post(reverse("api_token_create"), {"name": "Интеграция СЭД"}).content.decode()
    token = ApiToken.objects.get(person=world.ru_sec)
    start = html.index('id="new-token"')
    raw = html[start:].split('value="', 1)[1].split('"', 1)[0]
    assert raw.startswith(token.prefix) and api_token_authenticate(raw) == world.ru_sec
    html = c.get(reverse("profile")).content.decode()
    assert raw not in html and "Интеграция СЭД" in html
    response = c.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api_token_authenticate(raw) is None


def test_api_token_name_required(world, login):
    html = login(world.ru_sec).post(reverse("api_token_create"), {"name": ""}).content.decode()
    assert "field-error" in html and not ApiToken.objects.exists()


def test_someone_elses_token_is_not_found(world, login):
    token, raw = api_token_create(actor=world.by_sec, name="BY")
    c = login(world.ru_sec)
    assert "BY" not in c.get(reverse("profile")).content.decode().split('id="tokens"')[1].split("</table>")[0]
    assert c.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert api_token_authenticate(raw) == world.by_sec


def test_calendar_link_created_shown_once_and_revoked(world, login, client):
    c = login(world.ru_head)
    html = c.post(reverse("feed_create")).content.decode()
    url = html[html.index('id="new-feed"'):].split('value="', 1)[1].split('"', 1)[0]
    assert "/documents/feed/" in url and url.endswith(".ics")
    feed = CalendarFeedToken.objects.get(person=world.ru_head)
    path = url.split("testserver", 1)[1]
    c.logout()
    assert client.get(path).status_code == 200
    c = login(world.ru_head)
    c.post(reverse("feed_revoke", args=[feed.pk]))
    c.logout()
    assert client.get(path).status_code == 404
    assert login(world.by_head).post(reverse("feed_revoke", args=[feed.pk])).status_code == 404


def test_preferences_saved_through_the_service(world, login):
    c = login(world.ru_exec)
    html = c.get(reverse("preferences")).content.decode()
    assert "Напоминать за столько дней до срока" in html
    response = c.post(reverse("preferences"), {"reminder_offsets": "1, 30 7", "in_app": "on",
                                               "daily_digest": "on", "language": "en"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    pref = NotificationPreference.objects.get(person=world.ru_exec)
    assert (pref.reminder_offsets, pref.by_email, pref.in_app, pref.daily_digest) == ([30, 7, 1], False, True, True)
    world.ru_exec.refresh_from_db()
    assert world.ru_exec.language == "en"


def test_preferences_errors_shown(world, login):
    c = login(world.ru_exec)
    html = c.post(reverse("preferences"), {"reminder_offsets": "через неделю", "language": "ru"}).content.decode()
    assert "Укажите целые числа дней через запятую" in html
    html = c.post(reverse("preferences"), {"reminder_offsets": "400", "language": "ru"}).content.decode()
    assert "field-error" in html
    assert not NotificationPreference.objects.exists()


def test_profile_pages_need_login(client, world):
    for name in ["profile", "preferences"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
