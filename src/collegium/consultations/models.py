"""The plan of inter-ministry consultations, annexed to a resolution, and its rounds."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.models import Versioned


class ConsultationPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    resolution = models.ForeignKey("resolutions.Resolution", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="consultation_plans", verbose_name=_("annex of"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("plan of consultations")
        verbose_name_plural = _("plans of consultations")

    def __str__(self) -> str:
        return self.title


class Round(Versioned):
    class Level(models.TextChoices):
        DEPUTY_MINISTERS = "deputy_ministers", _("Deputy ministers")
        HEADS_OF_DEPARTMENTS = "heads_of_departments", _("Heads of departments")
        MIXED = "mixed", _("Mixed")
        EXPERTS = "experts", _("Experts")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DATES_AGREED = "dates_agreed", _("Dates agreed")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved to next year")

    class VenueKind(models.TextChoices):
        CITY = "city", _("In a city")
        VIDEO = "video", _("By video")
        MARGINS = "margins", _("On the margins of an event")

    plan = models.ForeignKey(ConsultationPlan, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    topic = models.CharField(_("topic"), max_length=500)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices, default=Level.HEADS_OF_DEPARTMENTS)
    period_start = models.DateField(_("planned from"))
    period_end = models.DateField(_("planned to"))
    period_label = models.CharField(_("planned period"), max_length=64, blank=True)
    venue_kind = models.CharField(_("venue kind"), max_length=16, choices=VenueKind.choices, default=VenueKind.CITY)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    host_party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("host party"))
    date_start = models.DateField(_("agreed start"), null=True, blank=True)
    date_end = models.DateField(_("agreed end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)
    press_release_url = models.URLField(_("press release"), blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="ICS UID, stable across updates")
    ics_sequence = models.PositiveIntegerField(default=0, help_text="ICS SEQUENCE, raised on every change")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="round_number_unique")]
        # The home page's "next rounds" (period not yet over): a range scan instead of reading
        # every round of every plan (17,000 in the 200,000-obligation bench data).
        indexes = [models.Index(fields=["period_end"], name="round_period_end")]
        verbose_name = _("round of consultations")
        verbose_name_plural = _("rounds of consultations")

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"


class Delegation(models.Model):
    """Who leads a party's side in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="delegations")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("parties.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    head_name = models.CharField(_("head of delegation"), max_length=255, blank=True)
    head_position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        ordering = ["party__order"]
        constraints = [models.UniqueConstraint(fields=["round", "party"], name="delegation_unique")]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.head_name}"

