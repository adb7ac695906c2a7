"""Login lockout, Content-Security-Policy, two-factor sign-in and the deployment check."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from collegium.core.testing import PASSWORD

CSP_MUST = ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
            "form-action 'self'", "base-uri 'self'", "img-src 'self' data:"]


# --- login throttling -------------------------------------------------------------------------------

@pytest.mark.axes
def test_five_wrong_passwords_lock_the_login_even_with_the_right_one(client, world):
    url = reverse("login")
    for attempt in range(1, 6):
        response = client.post(url, {"username": world.ru_sec.username, "password": "wrong-password"})
        # The ordinary "wrong password" form, until the fifth failure which already locks.
        assert response.status_code == (200 if attempt < 5 else 429)
    response = client.post(url, {"username": world.ru_sec.username, "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "15" in body and ("locked" in body or "заблок" in body)
    assert "_auth_user_id" not in client.session


@pytest.mark.axes
def test_lockout_is_per_user_and_address_and_success_resets(client, world):
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": world.ru_sec.username, "password": "wrong-password"})
    # Another person from the same address is not affected.
    for _ in range(5):
        client.post(url, {"username": world.by_sec.username, "password": "wrong-password"})
    response = client.post(url, {"username": world.ru_sec.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.ru_sec.pk)


def test_test_client_login_still_works_without_the_marker(client, world):
    assert client.login(username=world.ru_sec.username, password=PASSWORD)


# --- Content-Security-Policy and other headers ------------------------------------------------------

def _assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in CSP_MUST:
        assert directive in csp, (directive, csp)
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_csp_on_pages(client, world):
    _assert_security_headers(client.get(reverse("login")))
    client.force_login(world.ru_sec)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    _assert_security_headers(response)
    # No inline script in the page: every <script> loads a file (or is inert JSON data).
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_csp_on_api_docs_and_docs_have_no_inline_script(client, world):
    client.force_login(world.ru_sec)
    response = client.get("/api/docs")
    assert response.status_code == 200
    _assert_security_headers(response)
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/ninja/swagger-ui-init.js" in html


# --- two-factor sign-in -----------------------------------------------------------------------------

def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.COLLEGIUM_REQUIRE_2FA = True
    return settings


def test_2fa_off_by_default_in_the_demo(client, world, settings):
    assert settings.COLLEGIUM_REQUIRE_2FA is False  # DEBUG (local) default
    client.force_login(world.ru_sec)
    assert client.get(reverse("home")).status_code == 200


def test_secretariat_without_device_is_sent_to_setup_and_confirms(client, world, two_factor_on):
    client.force_login(world.ru_sec)
    response = client.get(reverse("session_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("security:otp_setup"))
    page = client.get(response.url)
    assert page.status_code == 200
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.ru_sec, confirmed=False)
    wrong = client.post(reverse("security:otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # the wrong code started the device's own throttle (1 s, doubling)
    done = client.post(reverse("security:otp_setup"), {"token": _code(device), "next": reverse("session_list")})
    assert done.status_code == 302 and done.url == reverse("session_list")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("session_list")).status_code == 200


def test_secretariat_with_device_must_verify_wrong_code_refused(client, world, two_factor_on):
    device = TOTPDevice.objects.create(user=world.by_sec, name="phone", confirmed=True)
    client.force_login(world.by_sec)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("security:otp_verify"))
    # The admin and the browser's API session are closed too.
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/sessions").status_code == 403
    bad = "123456" if _code(device) != "123456" else "654321"
    refused = client.post(reverse("security:otp_verify"), {"token": bad})
    assert refused.status_code == 400
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code above started the device's own throttle
    ok = client.post(reverse("security:otp_verify"), {"token": _code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_open_redirect_refused_after_verification(client, world, two_factor_on):
    device = TOTPDevice.objects.create(user=world.ru_head, name="phone", confirmed=True)
    client.force_login(world.ru_head)
    ok = client.post(reverse("security:otp_verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok.url == reverse("home")


def test_executor_and_press_are_not_asked(client, world, two_factor_on):
    for person in (world.ru_exec, world.by_press):
        client.force_login(person)
        assert client.get(reverse("home")).status_code == 200


def test_api_tokens_are_not_asked_and_session_cannot_ride_on_a_bad_token(client, world, two_factor_on):
    from collegium.parties.services import api_token_create

    _token, raw = api_token_create(actor=world.ru_sec, name="robot")
    response = client.get("/api/sessions", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    client.force_login(world.ru_sec)  # unverified browser session
    response = client.get("/api/sessions", HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert response.status_code == 401


# --- deployment check -------------------------------------------------------------------------------

def test_check_deploy_is_clean_with_production_settings(settings, monkeypatch):
    # The browser journeys set this for Playwright's sync API; a deployment never has it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = "k7#Qp9v!Zr2m@Lx4t$Wn8s^Bd6f&Hj3y*Ue5a(Gc1o)Ti0Ry" * 2
    settings.ALLOWED_HOSTS = ["collegium.example.org"]
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.COLLEGIUM_REQUIRE_2FA = True
    out, err = io.StringIO(), io.StringIO()
    call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=err)
    assert "no issues" in out.getvalue(), out.getvalue() + err.getvalue()
