"""The resolution of a joint session: a joint text negotiated clause by clause, approved and signed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.models import Versioned


class Periodicity(models.TextChoices):
    ONCE = "once", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    PERMANENT = "permanent", _("Permanently")


class Resolution(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed by all parties")
        SIGNED = "signed", _("Signed")

    session = models.OneToOneField("meetings.Session", on_delete=models.PROTECT, related_name="resolution")
    number = models.CharField(_("number"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=500)
    place = models.CharField(_("place"), max_length=128)
    preamble = models.TextField(_("preamble"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    text_version = models.PositiveIntegerField(
        _("text version"), default=1, help_text=_("Raised by every change of the text; approvals are per version")
    )
    signed_on = models.DateField(_("date of signing"), null=True, blank=True)
    supersedes = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-session__date_start"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.title} №{self.number}" if self.number else self.title

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class Clause(Versioned):
    class Kind(models.TextChoices):
        TAKES_NOTE = "takes_note", _("Takes note")
        APPROVES = "approves", _("Approves")
        INSTRUCTS = "instructs", _("Instructs")
        OTHER = "other", _("Other")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    text = models.TextField(_("text"))
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline, days from signing"), null=True, blank=True,
        help_text=_("Calendar days from signing; one month when neither this nor a date is given"),
    )
    deadline_date = models.DateField(_("deadline date"), null=True, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=16, choices=Periodicity.choices,
                                   default=Periodicity.ONCE)

    class Meta:
        ordering = ["resolution", "number"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ClauseAddressee(models.Model):
    """A unit instructed by a clause: responsible executor or co-executor, on any party's side."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="addressees")
    unit = models.ForeignKey("parties.Unit", on_delete=models.PROTECT, related_name="+")
    is_responsible = models.BooleanField(_("responsible executor"), default=True)

    class Meta:
        ordering = ["unit__party__order", "-is_responsible", "id"]
        constraints = [models.UniqueConstraint(fields=["clause", "unit"], name="clause_addressee_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} ({'responsible' if self.is_responsible else 'co-executor'})"



class ChangeProposal(models.Model):
    """A party's proposed change to a clause. A draft is internal to its party until proposed."""

    class Kind(models.TextChoices):
        MODIFY = "modify", _("Change the text")
        INSERT = "insert", _("Insert a clause")
        DELETE = "delete", _("Delete the clause")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (internal)")
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="proposals")
    clause = models.ForeignKey(Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MODIFY)
    original_text = models.TextField(_("original text"), blank=True)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    insert_after = models.PositiveSmallIntegerField(_("insert after clause №"), null=True, blank=True)
    proposed_kind = models.CharField(_("kind of the new clause"), max_length=16, choices=Clause.Kind.choices,
                                     blank=True)
    comment = models.TextField(_("justification"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["resolution", "created_at", "id"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.party.code})"


class Approval(models.Model):
    """A party's approval of one version of the text; a later change withdraws it."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    text_version = models.PositiveIntegerField()
    approved_by = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolution", "party__order"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "party"], condition=models.Q(withdrawn_at__isnull=True),
                                    name="one_live_approval_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id} v{self.text_version}"



class Signature(models.Model):
    """A head's signature over the canonical form of the agreed text."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey("parties.Person", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    text_version = models.PositiveIntegerField()
    text_digest = models.CharField(max_length=64, help_text="SHA-256 of the canonical text")
    algorithm = models.CharField(max_length=32, blank=True)
    key_fingerprint = models.CharField(max_length=128, blank=True)
    signature = models.TextField(blank=True, help_text="base64 of the signature bytes")

    class Meta:
        ordering = ["resolution", "party__order"]
        constraints = [models.UniqueConstraint(fields=["resolution", "party"], name="one_signature_per_party")]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.party_id}: {self.text_digest[:12]}"

