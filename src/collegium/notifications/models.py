"""Notices to people (reminders, escalations, event notices) and long-running background jobs.

A Notice is one message for one person with a unique key: the key is what makes "exactly once"
hold across repeated scans, concurrent workers and restarts. The in-app Notification is created in
the same transaction as its Notice, so it exists exactly once; e-mail delivery is claimed with a
lease (see services.deliver_due for the guarantee).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REMINDER_OFFSETS = [14, 7, 3, 1]
DEFAULT_ESCALATE_TO_HEAD_AFTER = 3
DEFAULT_ESCALATE_TO_SECRETARIAT_AFTER = 7


def default_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class PartyNotificationSettings(models.Model):
    """Each party decides its own reminder rhythm and escalation delays."""

    party = models.OneToOneField("parties.Party", on_delete=models.CASCADE, related_name="notification_settings")
    reminder_offsets = models.JSONField(_("reminders, days before the deadline"), default=default_offsets)
    escalate_to_head_after_days = models.PositiveSmallIntegerField(
        _("escalate to the head of the unit after, days overdue"), default=DEFAULT_ESCALATE_TO_HEAD_AFTER)
    escalate_to_secretariat_after_days = models.PositiveSmallIntegerField(
        _("escalate to the secretariat after, days overdue"), default=DEFAULT_ESCALATE_TO_SECRETARIAT_AFTER)

    class Meta:
        verbose_name = _("notification settings of a party")
        verbose_name_plural = _("notification settings of parties")

    def __str__(self) -> str:
        return str(self.party)


class MediaDigest(models.TextChoices):
    OFF = "off", _("No media digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (on Mondays, for the week before)")


class NotificationPreference(models.Model):
    """A person's own choices; an empty offsets list means "as my party has it"."""

    person = models.OneToOneField("parties.Person", on_delete=models.CASCADE, related_name="notification_preference")
    reminder_offsets = models.JSONField(_("reminders, days before the deadline"), null=True, blank=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in the application"), default=True)
    daily_digest = models.BooleanField(_("one daily digest instead of single e-mails"), default=False)
    media_digest = models.CharField(
        _("media digest"), max_length=8, choices=MediaDigest.choices, default=MediaDigest.DAILY,
        help_text=_("For press officers and heads: the stories of the media monitoring, by e-mail and in the "
                    "application"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.person)


class Notice(models.Model):
    """One message for one person, and the state of its e-mail delivery."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        HELD = "held", _("Held for the daily digest")
        DIGESTED = "digested", _("Sent in a digest")
        SKIPPED = "skipped", _("No e-mail wanted")

    key = models.CharField(max_length=255, unique=True)
    person = models.ForeignKey("parties.Person", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=48, db_index=True)
    internal_to = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+",
                                    help_text=_("Set when the notice concerns a record internal to this party"))
    language = models.CharField(max_length=8, default="ru")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    ics = models.TextField(blank=True)
    ics_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notice_status_due")]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """What a person sees in the application (the bell)."""

    person = models.ForeignKey("parties.Person", on_delete=models.CASCADE, related_name="notifications")
    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, null=True, blank=True, related_name="in_app")
    kind = models.CharField(max_length=48)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"], name="notification_person_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class Job(models.Model):
    """A long piece of background work (a render, an import, a feed ingestion) and its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Will retry")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=48)
    func_path = models.CharField(max_length=255)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_path = models.CharField(_("result file"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    claimed_by = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("parties.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="jobs")
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class ScanCursor(models.Model):
    """How far a scan over an append-only log (the audit chain) has got."""

    name = models.CharField(max_length=64, unique=True)
    position = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}@{self.position}"
