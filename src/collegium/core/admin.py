"""Shared pieces of the back office (Django admin).

The admin is a thin surface like any other: reads that may contain another party's internal rows are
filtered by the selectors' visibility rule for the logged-in person (a hidden row answers 404 exactly
like a missing one); changes of state are admin actions that call the services; plain corrections of
descriptive fields are recorded in the audit chain as well.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from collegium.audit.services import audit_record
from collegium.core.errors import DomainError
from collegium.core.models import PartyScoped, Visibility


class ScopedQuerysetMixin:
    """Subclasses say which rows the logged-in person may see; superusers get no exemption, because
    sovereignty is not an administrative privilege."""

    def scope(self, request: HttpRequest, qs: QuerySet) -> QuerySet:  # pragma: no cover - overridden
        return qs

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(request, super().get_queryset(request))  # type: ignore[misc]


class BackOfficeAdmin(admin.ModelAdmin):
    """No adding or deleting (records are born and retired through the services); edits audited;
    a row outside the person's queryset answers 404 rather than the admin's 'perhaps it was deleted'."""

    workflow_fields: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> tuple[str, ...]:
        return tuple(super().get_readonly_fields(request, obj)) + self.workflow_fields

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def _require_model_access(self, request: HttpRequest) -> None:
        # Checked before the object is looked up, so that a person without access to the model
        # gets the same answer for an existing id and a missing one.
        from django.core.exceptions import PermissionDenied as AdminDenied

        if not self.has_view_or_change_permission(request):
            raise AdminDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_model_access(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_model_access(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_model_access(request)
        return super().delete_view(request, object_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            internal_to = None
            if isinstance(obj, PartyScoped) and obj.visibility == Visibility.INTERNAL:
                internal_to = obj.owner_party_id
            audit_record(actor=request.user, action=f"admin.{'change' if change else 'add'}", obj=obj,
                         internal_to=internal_to,
                         changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data})

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.has_changed():
                audit_record(actor=request.user, action="admin.change_inline", obj=form.instance,
                             changes={"inline": formset.model._meta.label_lower})


class ReadOnlyAdmin(BackOfficeAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def run_service(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, service: Any,
                arg: str, done_message: str, **kwargs: Any) -> None:
    """Call `service(actor=..., <arg>=row)` for each selected row, reporting domain errors per row."""
    done = 0
    for row in queryset:
        try:
            service(actor=request.user, **{arg: row}, **kwargs)
        except DomainError as exc:
            modeladmin.message_user(request, f"{row}: {exc.message}", level=messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, level=messages.SUCCESS)
