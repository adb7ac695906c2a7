"""Keys that heads sign with, and secret calendar-feed tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """A head's public key registered with a party. The private key never reaches the server."""

    class Algorithm(models.TextChoices):
        ED25519 = "ed25519", "Ed25519"

    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_keys",
                               verbose_name=_("person"))
    algorithm = models.CharField(_("algorithm"), max_length=32, choices=Algorithm.choices,
                                 default=Algorithm.ED25519)
    public_key_pem = models.TextField(_("public key (PEM)"))
    public_key_raw = models.BinaryField(_("public key (raw)"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True,
                                   help_text=_("SHA-256 (hex) of the raw public key"))
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                      related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["party__order", "registered_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return f"{self.person} · {self.fingerprint[:16]}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CalendarFeedToken(models.Model):
    """A revocable secret in a calendar-feed URL (calendar apps cannot log in).
    Only the SHA-256 of the token is stored."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.person} · {self.prefix}…"
