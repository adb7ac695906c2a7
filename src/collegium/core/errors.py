"""Domain errors raised by services; surfaces turn them into messages, 404s, 409s or 422s."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: a message fit for the person, optionally per field."""

    default_message = _("The operation is not allowed.")

    def __init__(self, message: str | None = None, *, field_errors: dict[str, str] | None = None) -> None:
        self.message = str(message or self.default_message)
        self.field_errors = field_errors or {}
        super().__init__(self.message)


class NotFound(DomainError):
    """Missing, or hidden from this person: the two must answer alike."""

    default_message = _("Not found.")


class PermissionDenied(DomainError):
    default_message = _("You are not allowed to do this.")


class InvalidTransition(DomainError):
    default_message = _("This action is not possible in the current state.")


class ValidationFailed(DomainError):
    default_message = _("Please correct the errors below.")


class Conflict(DomainError):
    default_message = _("Someone else has changed this record since you opened it. Reload and try again.")
