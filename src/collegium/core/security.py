"""Two-factor sign-in (TOTP) for the people whose accounts matter most.

The secretariat, the heads and administrators must confirm a one-time code from an authenticator
app once per session when COLLEGIUM_REQUIRE_2FA is on (production). Until then every page (and the
admin, and the API when reached through the browser session) sends them to the code page; a person
with no authenticator yet is sent to the setup page, which shows the otpauth:// address (and a QR
code) to scan. API bearer tokens are for programs and are not asked for codes.

Login throttling is django-axes (settings.AXES_*); its lockout page is core/lockout.html.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from collegium.audit.services import audit_record

app_name = "security"

# Paths an unverified person may still reach: the code pages themselves, logging out, language,
# static files and the probes.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/", "/health/", "/ready/")


def requires_two_factor(user: Any) -> bool:
    """Who must confirm a code: secretariat, heads and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_secretariat", False) or getattr(user, "is_head", False)
                or getattr(user, "is_party_admin", False) or user.is_staff or user.is_superuser)


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def _confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


class RequireTwoFactorMiddleware:
    """Sends an unverified secretary, head or administrator to the code page (after OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.COLLEGIUM_REQUIRE_2FA:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not requires_two_factor(user) or _is_verified(user):
            return None
        path_info = request.path_info
        if path_info.startswith(_OPEN_PREFIXES):
            return None
        if path_info.startswith("/api/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                # A program with a token: the token alone decides. The unverified browser session
                # must not ride along as a fallback when the token is wrong.
                request.user = AnonymousUser()
                return None
            return JsonResponse({"detail": _("Two-factor verification required.")}, status=403)
        target = reverse("security:otp_verify" if _confirmed_device(user) else "security:otp_setup")
        target = f"{target}?next={request.get_full_path()}" if request.method == "GET" else target
        response = HttpResponseRedirect(target)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = target
        return response


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(uri: str) -> str:
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # optional: the address itself is enough for a manual entry
        return ""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Asks for the current code of the person's confirmed authenticator."""
    device = _confirmed_device(request.user)
    if device is None:
        return HttpResponseRedirect(reverse("security:otp_setup"))
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            error = _("Too many wrong codes. Wait a little and try again.")
        elif token.isdigit() and device.verify_token(token):
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        else:
            error = _("The code is wrong or has expired.")
    return render(request, "core/otp_verify.html",
                  {"mode": "verify", "error": error, "next": _next_url(request)},
                  status=400 if error else 200)


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """First connection of an authenticator app: scan, then confirm with one code."""
    if _confirmed_device(request.user) is not None:
        return HttpResponseRedirect(reverse("security:otp_verify"))
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("Authenticator app")})
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if token.isdigit() and device.verify_token(token):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=request.user, action="security.totp_confirmed", obj=device,
                             changes={"person": request.user.pk})
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        error = _("The code is wrong or has expired.")
    uri = device.config_url
    return render(request, "core/otp_verify.html",
                  {"mode": "setup", "error": error, "next": _next_url(request), "otpauth_uri": uri,
                   "qr_svg": _qr_svg(uri)},
                  status=400 if error else 200)


urlpatterns = [
    path("verify/", otp_verify, name="otp_verify"),
    path("setup/", otp_setup, name="otp_setup"),
]
