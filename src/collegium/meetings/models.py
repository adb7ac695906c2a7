"""Joint collegium sessions: agenda, rapporteurs, materials, attendance and minutes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.models import PartyScoped, Versioned


class Session(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ANNOUNCED = "announced", _("Agenda announced")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video conference")
        MIXED = "mixed", _("Mixed")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=500)
    date_start = models.DateField(_("start date"))
    date_end = models.DateField(_("end date"))
    city = models.CharField(_("city"), max_length=128)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    host_party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="hosted_sessions",
                                   verbose_name=_("host party"))
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    parties = models.ManyToManyField("parties.Party", related_name="sessions", verbose_name=_("parties"))
    co_chairs = models.ManyToManyField("parties.Person", blank=True, related_name="chaired_sessions",
                                       verbose_name=_("co-chairs"))
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("previous session"))

    class Meta:
        ordering = ["-date_start"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"№{self.number} · {self.city} · {self.date_start:%d.%m.%Y}"


class AgendaItem(Versioned):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=15)
    outcome = models.TextField(_("outcome"), blank=True)
    is_interim_results = models.BooleanField(
        _("interim results question"), default=False,
        help_text=_("Prepared automatically from the open obligations of the previous resolution and the Programme"),
    )

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Rapporteur(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="rapporteurs")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        ordering = ["party__order", "id"]
        verbose_name = _("rapporteur")
        verbose_name_plural = _("rapporteurs")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name


class Material(PartyScoped):
    """A document for a session or an agenda item; joint or internal, with a confidentiality mark."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="materials")
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to="materials/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "agenda_item__order", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member of the collegium")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        INVITED = "invited", _("Invited")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["party__order", "role", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.name


class Minutes(Versioned):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), blank=True)
    is_final = models.BooleanField(_("final"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.session}"
