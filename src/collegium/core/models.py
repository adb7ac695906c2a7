"""Building blocks shared by every domain: clearance levels and the visibility rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Clearance(models.IntegerChoices):
    OPEN = 0, _("Open")
    OFFICIAL = 1, _("For official use")
    CONFIDENTIAL = 2, _("Confidential")


class Visibility(models.TextChoices):
    JOINT = "joint", _("Joint (all parties)")
    INTERNAL = "internal", _("Internal to one party")


class PartyScoped(models.Model):
    """A record that is either joint or internal to its owner party, with a clearance mark.

    Selectors filter these with `visible_to(person)`; nothing else decides who sees them.
    """

    owner_party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner party")
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    clearance = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.OPEN
    )

    class Meta:
        abstract = True

    @property
    def is_internal(self) -> bool:
        return self.visibility == Visibility.INTERNAL


class Versioned(models.Model):
    """Optimistic locking: writers send the version they read; a stale one is a conflict."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
