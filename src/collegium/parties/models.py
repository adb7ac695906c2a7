"""Parties (ministries), their units and the people who work in Collegium."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from collegium.core.models import Clearance


class Party(models.Model):
    """A sovereign participant of the mechanism: one foreign ministry."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("Short code, e.g. RU or BY"))
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=64)
    short_name_en = models.CharField(_("short name in English"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=128)
    country_en = models.CharField(_("country in English"), max_length=128, blank=True)
    calendar_code = models.CharField(
        _("official calendar"), max_length=8, help_text=_("ISO country code of the official calendar (RU, BY, ...)")
    )
    head_title = models.CharField(_("title of the head"), max_length=255, default="Министр иностранных дел")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.display_short

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def display_short(self) -> str:
        return self.short_name_en if get_language() == "en" and self.short_name_en else self.short_name


class Unit(models.Model):
    """A department of a ministry; units nest (department → division)."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="units", verbose_name=_("party"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    head = models.ForeignKey(
        "parties.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="headed_units",
        verbose_name=_("head"),
    )

    class Meta:
        ordering = ["party__order", "code"]
        constraints = [models.UniqueConstraint(fields=["party", "code"], name="unit_code_unique_per_party")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.party.code} · {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    EXECUTOR = "executor", _("Executor")
    HEAD = "head", _("Head")
    PRESS = "press", _("Press service")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


def short_name_of(first_name: str, middle_name: str, last_name: str, username: str) -> str:
    """"И.О. Фамилия" from the parts of a name (the username when there is no last name); for
    lists that read the parts as values without building a Person."""
    initials = "".join(f"{p[0]}." for p in [first_name, middle_name] if p)
    return f"{initials} {last_name}".strip() if last_name else username


class Person(AbstractUser):
    """A user. Belongs to exactly one party; roles combine."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("party")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="people", verbose_name=_("unit")
    )
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    clearance = models.PositiveSmallIntegerField(_("clearance"), choices=Clearance.choices, default=Clearance.OPEN)
    language = models.CharField(_("language"), max_length=8, default="ru", choices=[("ru", "Русский"), ("en", "English")])
    is_secretariat = models.BooleanField(_("secretariat"), default=False)
    is_executor = models.BooleanField(_("executor"), default=False)
    is_head = models.BooleanField(_("head"), default=False)
    is_press = models.BooleanField(_("press service"), default=False)
    is_observer = models.BooleanField(_("observer"), default=False)
    is_party_admin = models.BooleanField(_("administrator"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.last_name, self.first_name, self.middle_name] if part)

    @property
    def short_name(self) -> str:
        return short_name_of(self.first_name, self.middle_name, self.last_name, self.username)

    def has_role(self, role: str) -> bool:
        flags: dict[str, bool] = {
            Role.SECRETARIAT: self.is_secretariat,
            Role.EXECUTOR: self.is_executor,
            Role.HEAD: self.is_head,
            Role.PRESS: self.is_press,
            Role.OBSERVER: self.is_observer,
            Role.ADMIN: self.is_party_admin or self.is_superuser,
        }
        return flags.get(role, False)

    @property
    def roles(self) -> list[str]:
        return [role.value for role in Role if self.has_role(role)]

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if self.has_role(role)]

    @property
    def is_read_only(self) -> bool:
        return self.roles == [Role.OBSERVER.value]


class ApiToken(models.Model):
    """A bearer token for programs; only its SHA-256 digest is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
