"""The append-only audit log, chained by SHA-256 so that any edit or gap is detectable."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False)
    actor = models.ForeignKey(
        "parties.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    actor_label = models.CharField(max_length=255, blank=True, editable=False)
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=100, editable=False)
    object_type = models.CharField(max_length=100, editable=False)
    object_id = models.CharField(max_length=64, editable=False)
    changes = models.JSONField(default=dict, editable=False)
    internal_to = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("Set when the event concerns a record internal to this party"),
    )
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit events are append-only")


class AuditHead(models.Model):
    """One row, locked by each writer so that the chain is extended strictly in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"

