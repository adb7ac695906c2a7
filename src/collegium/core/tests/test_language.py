"""Russian first: the browser's language does not switch the pages; the switch and the profile do.
The API keeps Accept-Language, the standard way for a client to ask for English messages."""

from __future__ import annotations

from django.conf import settings


def test_pages_are_russian_even_for_an_english_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "ru"
    assert "Вход" in response.content.decode()


def test_the_switch_cookie_chooses_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode() or "Sign in" in response.content.decode()


def test_sign_in_gives_the_browser_the_language_of_the_profile(client, world):
    world.by_sec.language = "en"
    world.by_sec.set_password("pw-for-this-test")
    world.by_sec.save(update_fields=["language", "password"])
    response = client.post("/accounts/login/", {"username": world.by_sec.username, "password": "pw-for-this-test"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru").headers["Content-Language"] == "en"


def test_the_switch_used_on_a_browser_wins_over_the_profile_at_sign_in(client, world):
    world.by_sec.language = "en"
    world.by_sec.set_password("pw-for-this-test")
    world.by_sec.save(update_fields=["language", "password"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.post("/accounts/login/", {"username": world.by_sec.username, "password": "pw-for-this-test"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get("/").headers["Content-Language"] == "ru"


def test_the_api_follows_accept_language(client, world):
    client.force_login(world.ru_sec)
    english = client.get("/api/obligations?page=0", HTTP_ACCEPT_LANGUAGE="en")
    russian = client.get("/api/obligations?page=0", HTTP_ACCEPT_LANGUAGE="ru")
    assert english.status_code == russian.status_code == 422
    (en,), (ru,) = english.json()["detail"], russian.json()["detail"]
    assert en["msg"] == "Enter a value of at least 1."
    assert ru["msg"] == "Введите значение не меньше 1."
    # The parts programs read stay as they were.
    assert (en["type"], en["loc"]) == (ru["type"], ru["loc"]) == ("greater_than_equal", ["query", "page"])
