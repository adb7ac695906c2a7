"""Execution control: the obligation is the one controlled thing.

An instructing clause, a Programme action and a round of consultations each become one
obligation per executing party (each party keeps its own calendar, executors and secretariat).
Overdue is never stored: it is derived from the deadline and the status.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.models import PartyScoped, Versioned
from collegium.resolutions.models import Periodicity


class Obligation(Versioned):
    class Source(models.TextChoices):
        INSTRUCTION = "instruction", _("Instruction of a resolution")
        ACTION = "action", _("Programme action")
        ROUND = "round", _("Round of consultations")

    class Status(models.TextChoices):
        ACTIVE = "active", _("On control")
        COMPLETED = "completed", _("Completed")
        NOT_RELEVANT = "not_relevant", _("Removed: no longer relevant")
        SUPERSEDED = "superseded", _("Removed: superseded")

    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="obligations",
                              verbose_name=_("executing party"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    clause = models.ForeignKey("resolutions.Clause", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="obligations")
    action = models.ForeignKey("programme.Action", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="obligations")
    round = models.ForeignKey("consultations.Round", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="obligations")
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    issued_on = models.DateField(_("issued on"))
    deadline_days = models.PositiveSmallIntegerField(_("deadline, days"), null=True, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=16, choices=Periodicity.choices,
                                   default=Periodicity.ONCE)
    initial_deadline = models.DateField(_("initial deadline"))
    period_end = models.DateField(_("current reporting period ends"), null=True, blank=True,
                                  help_text=_("For periodic and permanent obligations"))
    deadline = models.DateField(_("deadline"), db_index=True,
                                help_text=_("Final deadline, or the next report date for periodic obligations"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_in_time = models.BooleanField(null=True, blank=True)
    removal_reason = models.TextField(_("reason of removal"), blank=True)
    superseded_by = models.ForeignKey("resolutions.Clause", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="superseded_obligations")
    controller = models.ForeignKey("parties.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="controlled_obligations", verbose_name=_("controller"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        indexes = [
            models.Index(fields=["party", "status", "deadline"], name="obligation_party_status_dl"),
            # Covers the analytics trend (12 months of deadlines counted by status): an index-only
            # scan instead of fetching every row of the range (18 → 5 ms at 200,000 on PostgreSQL).
            models.Index(fields=["deadline", "status", "completed_in_time", "party", "id"],
                         name="obligation_deadline_cover"),
            # An executor's scope (home page, "mine", a unit filter): the ids of the active ones in a
            # deadline range from the index alone, matched with the unit's executor rows below
            # (count for a unit at 200,000 on PostgreSQL 27 → 6 ms).
            models.Index(fields=["status", "deadline", "id"], name="obligation_status_dl_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source="instruction", clause__isnull=False)
                    | models.Q(source="action", action__isnull=False)
                    | models.Q(source="round", round__isnull=False)
                ),
                name="obligation_has_its_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        # The date only when it matters: reading the current time zone is not free in a long list.
        return self.is_active and self.deadline < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def days_left(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        return (self.deadline - today).days

    @property
    def is_periodic(self) -> bool:
        return self.periodicity != Periodicity.ONCE


class Executor(models.Model):
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="executors")
    unit = models.ForeignKey("parties.Unit", on_delete=models.PROTECT, related_name="executions")
    is_responsible = models.BooleanField(_("responsible executor"), default=False)

    class Meta:
        ordering = ["-is_responsible", "id"]
        constraints = [models.UniqueConstraint(fields=["obligation", "unit"], name="executor_unique")]
        # A unit's obligations, from the index alone (the filters by unit and "mine").
        indexes = [models.Index(fields=["unit", "obligation"], name="executor_unit_obligation")]
        verbose_name = _("executor")
        verbose_name_plural = _("executors")

    def __str__(self) -> str:
        return f"{self.unit_id} ({'responsible' if self.is_responsible else 'co-executor'})"



class DeadlineChange(models.Model):
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="deadline_changes")
    old_deadline = models.DateField()
    new_deadline = models.DateField()
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, related_name="+")
    changed_at = models.DateTimeField()
    extension = models.ForeignKey("control.ExtensionRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["obligation", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_deadline} → {self.new_deadline}"



class Report(PartyScoped):
    """What an executor reports. Internal to its party until that party's secretariat releases it."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim information")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for acceptance")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INTERIM)
    period_end = models.DateField(_("reporting period ends"), null=True, blank=True)
    text = models.TextField(_("text"))
    author = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("parties.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    attachment = models.FileField(upload_to="reports/%Y/", blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["obligation", "created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        # Lists ask "has a report awaiting decision?" per obligation and secretariats list the
        # submitted ones; without this PostgreSQL scans every report (50 ms at 300,000 reports).
        indexes = [models.Index(fields=["status", "obligation"], name="report_status_obligation"),
                   # The secretariat's "reports awaiting my acceptance", oldest first (home page).
                   models.Index(fields=["owner_party", "status", "submitted_at"], name="report_party_status_sub")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.obligation_id}"


class ExtensionRequest(models.Model):
    """An executor's reasoned request to move a deadline; only the issuing secretariat decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    current_deadline = models.DateField()
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    granted_deadline = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["obligation", "requested_at", "id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        # The secretariat's pending requests, oldest first (home page).
        indexes = [models.Index(fields=["status", "requested_at"], name="extension_status_requested")]

    def __str__(self) -> str:
        return f"{self.current_deadline} → {self.proposed_deadline} ({self.status})"



class ObligationEvent(models.Model):
    """The timeline of an obligation. Events about internal records carry `internal_to`."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=48)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    internal_to = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["obligation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"



class DisciplineSnapshot(models.Model):
    """Execution discipline as computed by the worker at one moment.

    Derived figures, not a record: the analytics page reads the latest snapshot instead of
    aggregating every obligation on each request, and says how old the figures are. Overdue is
    judged against `as_of` (the local day of the computation), so a snapshot of another day is
    never shown."""

    computed_at = models.DateTimeField()
    # when the worker last found the figures unchanged (it then writes nothing else, so that the
    # page cache is not emptied every minute for the same figures)
    checked_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField()

    class Meta:
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"discipline as of {self.computed_at:%Y-%m-%d %H:%M}"


class DisciplineSnapshotRow(models.Model):
    """Counts of one responsible unit for obligations whose deadline falls in one month."""

    snapshot = models.ForeignKey(DisciplineSnapshot, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey("parties.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    total = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_in_time = models.PositiveIntegerField(default=0)
    completed_late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "unit", "month"], name="discipline_row_unique")]

    def __str__(self) -> str:
        return f"unit {self.unit_id}, {self.month:%Y-%m}: {self.total}"
