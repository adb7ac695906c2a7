"""The multi-year Programme of coordinated actions in foreign policy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        INITIALLED = "initialled", _("Initialled by the ministers")
        APPROVED = "approved", _("Approved")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=500)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField(_("approved by"), max_length=255, blank=True)
    approval_number = models.CharField(_("approval act number"), max_length=64, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    parties = models.ManyToManyField("parties.Party", related_name="programmes", verbose_name=_("parties"))

    class Meta:
        ordering = ["-year_from"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.title} ({self.year_from}–{self.year_to})"


class Section(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="section_number_unique")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(models.Model):
    """One item of a section. Its execution is controlled through obligations (one per party)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("text"))
    deadline_text = models.CharField(_("deadline as written"), max_length=128, blank=True,
                                     help_text=_("e.g. 'постоянно', '2025', 'IV квартал 2026'"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.number} {self.text[:80]}"
