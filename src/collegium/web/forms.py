"""Forms only parse and type-check input; the rules live in the services, whose field errors
are put back on these forms by views.base.apply_errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.consultations.models import Round
from collegium.control.models import Obligation, Report
from collegium.core.models import Clearance, Visibility
from collegium.meetings.models import Attendance, Session
from collegium.notifications.models import MediaDigest
from collegium.parties.models import Party
from collegium.programme.models import Programme
from collegium.resolutions.models import ChangeProposal, Clause, Periodicity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def blank(choices: Iterable[tuple[Any, Any]], label: str = "—") -> list[tuple[Any, Any]]:
    return [("", label), *choices]


# The fields of a form are typed as plain Field; these say which kind a form's __init__ narrows.
def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_short


class UnitMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.party.code} · {obj.display_name}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.party.code} · {obj.display_name}"


# --- sessions ---------------------------------------------------------------------------------------

class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    title = forms.CharField(label=_("Title"), max_length=500)
    date_start = forms.DateField(label=_("Start date"), widget=DATE)
    date_end = forms.DateField(label=_("End date"), widget=DATE, required=False)
    city = forms.CharField(label=_("City"), max_length=128)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    host_party = PartyChoiceField(label=_("Host party"), queryset=None)
    parties: forms.ModelMultipleChoiceField[Party] = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "host_party").queryset = parties
        _model_choice(self, "parties").queryset = parties


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    duration_minutes = forms.IntegerField(label=_("Duration, minutes"), initial=15)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rapporteur_party = PartyChoiceField(label=_("Rapporteur's party"), queryset=None, required=False)
    rapporteur_name = forms.CharField(label=_("Rapporteur"), max_length=255, required=False)
    rapporteur_position = forms.CharField(label=_("Rapporteur's position"), max_length=255, required=False)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "rapporteur_party").queryset = parties


class AgendaItemEditForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    duration_minutes = forms.IntegerField(label=_("Duration, minutes"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class RapporteurForm(forms.Form):
    party = PartyChoiceField(label=_("Party"), queryset=None)
    name = forms.CharField(label=_("Rapporteur"), max_length=255)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "party").queryset = parties


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    agenda_item = forms.TypedChoiceField(label=_("Agenda item"), required=False, coerce=int, empty_value=None)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL)
    clearance = forms.TypedChoiceField(label=_("Confidentiality"), choices=Clearance.choices, coerce=int,
                                       initial=Clearance.OPEN)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "agenda_item").choices = blank([(i.pk, f"{i.order}. {i.title[:80]}") for i in items],
                                                   str(_("Whole session")))


class AttendanceForm(forms.Form):
    party = PartyChoiceField(label=_("Party"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Attendance.Role.choices, initial=Attendance.Role.MEMBER)
    name = forms.CharField(label=_("Name"), max_length=255)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "party").queryset = parties


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    final = forms.BooleanField(label=_("Final version (no further edits)"), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class SessionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Session.Status.choices)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


# --- resolutions -----------------------------------------------------------------------------------

class ResolutionCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    place = forms.CharField(label=_("Place"), max_length=128)
    number = forms.CharField(label=_("Number"), max_length=32, required=False)


class ClauseForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Clause.Kind.choices, initial=Clause.Kind.INSTRUCTS)
    number = forms.IntegerField(label=_("Insert as number"), required=False, min_value=1)
    deadline_days = forms.IntegerField(label=_("Deadline, days from signing"), required=False, min_value=1)
    deadline_date = forms.DateField(label=_("Deadline date"), required=False, widget=DATE)
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices, initial=Periodicity.ONCE)
    responsible_units = UnitMultipleField(label=_("Responsible units"), queryset=None, required=False)
    co_executor_units = UnitMultipleField(label=_("Co-executors"), queryset=None, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "responsible_units").queryset = units
        _model_choice(self, "co_executor_units").queryset = units


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=ChangeProposal.Kind.choices)
    clause = forms.TypedChoiceField(label=_("Clause"), required=False, coerce=int, empty_value=None)
    proposed_text = forms.CharField(label=_("Proposed text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    insert_after = forms.IntegerField(label=_("Insert after clause №"), required=False, min_value=0)
    proposed_kind = forms.ChoiceField(label=_("Kind of the new clause"), required=False,
                                      choices=blank(Clause.Kind.choices))
    comment = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "clause").choices = blank([(c.pk, f"{c.number}. {c.text[:70]}") for c in clauses])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- control -----------------------------------------------------------------------------------------

class ObligationFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    party = forms.ChoiceField(label=_("Party"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=blank(Obligation.Status.choices))
    overdue = forms.ChoiceField(label=_("Overdue"), required=False,
                                choices=[("", "—"), ("1", _("Overdue only")), ("0", _("Not overdue"))])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=blank(Obligation.Source.choices))
    deadline_from = forms.DateField(label=_("Deadline from"), required=False, widget=DATE)
    deadline_to = forms.DateField(label=_("Deadline to"), required=False, widget=DATE)
    session = forms.IntegerField(required=False, widget=forms.HiddenInput)
    section = forms.IntegerField(required=False, widget=forms.HiddenInput)
    mine = forms.BooleanField(label=_("My unit only"), required=False)

    def __init__(self, *args, parties=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "party").choices = blank([(p.code, p.display_short) for p in parties])
        _choice(self, "unit").choices = blank([(u.pk, f"{u.party.code} · {u.display_name}") for u in units])


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices, initial=Report.Kind.INTERIM)
    text = forms.CharField(label=_("Report"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attachment"), required=False)


class ExtensionRequestForm(forms.Form):
    proposed_deadline = forms.DateField(label=_("Proposed deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionGrantForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline (empty: as proposed)"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)


REMOVAL_CHOICES = [
    (Obligation.Status.COMPLETED.value, Obligation.Status.COMPLETED.label),
    (Obligation.Status.NOT_RELEVANT.value, Obligation.Status.NOT_RELEVANT.label),
]


class RemoveForm(forms.Form):
    reason_kind = forms.ChoiceField(label=_("Why"), choices=REMOVAL_CHOICES)
    reason = forms.CharField(label=_("Documented reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- consultations --------------------------------------------------------------------------------------

class RoundFilterForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=blank(Round.Level.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=blank(Round.Status.choices))
    venue = forms.CharField(label=_("Venue"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int, empty_value=None,
                                     choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")])

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choice(self, "unit").choices = blank([(u.pk, f"{u.party.code} · {u.display_name}") for u in units])


class AgreeDatesForm(forms.Form):
    date_start = forms.DateField(label=_("From"), widget=DATE)
    date_end = forms.DateField(label=_("To"), required=False, widget=DATE)
    venue = forms.CharField(label=_("Venue"), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class MarkHeldForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    date_start = forms.DateField(label=_("Held from"), required=False, widget=DATE)
    date_end = forms.DateField(label=_("Held to"), required=False, widget=DATE)
    press_release_url = forms.URLField(label=_("Press release"), required=False, assume_scheme="https")
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class PostponeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    period_start = forms.DateField(label=_("New period from"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("New period to"), required=False, widget=DATE)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class RoundReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


# --- programme and plan management ----------------------------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=Programme.Status.choices, initial=Programme.Status.DRAFT)
    approved_by = forms.CharField(label=_("Approved by"), max_length=255, required=False)
    approval_number = forms.CharField(label=_("Approval act number"), max_length=64, required=False)
    approval_date = forms.DateField(label=_("Approval date"), required=False, widget=DATE)
    parties: forms.ModelMultipleChoiceField[Party] = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "parties").queryset = parties


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=500)
    number = forms.IntegerField(label=_("Number (empty: next)"), required=False, min_value=1, max_value=999)


def _party_units(units, party):
    return units.filter(party=party)


class ActionForm(forms.Form):
    """The executors are asked per party: one responsible unit and any co-executors each."""

    number = forms.CharField(label=_("Number"), max_length=16)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices, initial=Periodicity.ONCE)
    deadline_date = forms.DateField(label=_("Deadline"), required=False, widget=DATE,
                                    help_text=_("Leave empty for a permanent or periodic action."))
    deadline_text = forms.CharField(label=_("Deadline as written"), max_length=128, required=False,
                                    help_text=_("e.g. «постоянно», «IV квартал 2026»"))
    issued_on = forms.DateField(label=_("On control from"), widget=DATE)

    def __init__(self, *args, parties=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        for party in self.parties:
            own = _party_units(units, party)
            self.fields[f"resp_{party.pk}"] = UnitChoiceField(
                label=_("%(party)s: responsible unit") % {"party": party.display_short}, queryset=own, required=False)
            self.fields[f"co_{party.pk}"] = UnitMultipleField(
                label=_("%(party)s: co-executors") % {"party": party.display_short}, queryset=own, required=False)

    def clean(self):
        """executors = {party: [responsible, *co-executors]} for the parties that execute the action."""
        super().clean()
        data = self.cleaned_data
        result = {}
        for party in self.parties:
            responsible = data.get(f"resp_{party.pk}")
            co = [u for u in data.get(f"co_{party.pk}") or [] if u != responsible]
            if responsible is None and co:
                self.add_error(f"resp_{party.pk}", _("Choose the responsible unit first."))
            elif responsible is not None:
                result[party] = [responsible, *co]
        data["executors"] = result
        return data

    party_headers = (_("Responsible unit"), _("Co-executors"))

    def party_rows(self) -> list:
        return [(p, self[f"resp_{p.pk}"], self[f"co_{p.pk}"]) for p in self.parties]

    def common_fields(self) -> list:
        return [self[name] for name in ("number", "text", "periodicity", "deadline_date", "deadline_text",
                                        "issued_on")]


class ImportFileField(forms.FileField):
    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if not value.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload the filled-in template as CSV or XLSX."))
        if value.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))


class ProgrammeImportForm(forms.Form):
    file = ImportFileField(label=_("Filled-in template (CSV or XLSX)"))
    title = forms.CharField(label=_("Title"), max_length=500)
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)


class ResolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"№{obj.number} · {obj.title}" if obj.number else obj.title


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=500)
    resolution = ResolutionChoiceField(label=_("Annex of the resolution"), queryset=None, required=False)

    def __init__(self, *args, resolutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "resolution").queryset = resolutions


class PlanImportForm(PlanForm):
    file = ImportFileField(label=_("Filled-in template (CSV or XLSX)"))


class RoundForm(forms.Form):
    """A delegation per party: the leading unit and the head of the delegation."""

    topic = forms.CharField(label=_("Topic"), max_length=500)
    level = forms.ChoiceField(label=_("Level"), choices=Round.Level.choices, initial=Round.Level.HEADS_OF_DEPARTMENTS)
    period_start = forms.DateField(label=_("Planned from"), widget=DATE)
    period_end = forms.DateField(label=_("Planned to"), widget=DATE)
    period_label = forms.CharField(label=_("Period as written"), max_length=64, required=False,
                                   help_text=_("e.g. «I квартал»"))
    venue_kind = forms.ChoiceField(label=_("Venue kind"), choices=Round.VenueKind.choices,
                                   initial=Round.VenueKind.CITY)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    host_party = PartyChoiceField(label=_("Host party"), queryset=None, required=False)

    def __init__(self, *args, parties=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        _model_choice(self, "host_party").queryset = parties
        for party in self.parties:
            short = party.display_short
            self.fields[f"unit_{party.pk}"] = UnitChoiceField(
                label=_("%(party)s: unit") % {"party": short}, queryset=_party_units(units, party), required=False)
            self.fields[f"head_{party.pk}"] = forms.CharField(
                label=_("%(party)s: head of delegation") % {"party": short}, max_length=255, required=False)
            self.fields[f"head_position_{party.pk}"] = forms.CharField(
                label=_("%(party)s: position of the head") % {"party": short}, max_length=255, required=False)

    def delegations(self) -> list:
        result = []
        for party in self.parties:
            unit = self.cleaned_data.get(f"unit_{party.pk}")
            head = self.cleaned_data.get(f"head_{party.pk}") or ""
            if unit is not None or head:
                result.append({"party": party, "unit": unit, "head_name": head,
                               "head_position": self.cleaned_data.get(f"head_position_{party.pk}") or ""})
        return result

    party_headers = (_("Unit"), _("Head of delegation"), _("Position"))

    def party_rows(self) -> list:
        return [(p, self[f"unit_{p.pk}"], self[f"head_{p.pk}"], self[f"head_position_{p.pk}"]) for p in self.parties]

    def common_fields(self) -> list:
        return [self[name] for name in ("topic", "level", "period_start", "period_end", "period_label",
                                        "venue_kind", "venue", "host_party")]


# --- obligation card: the issuer's own decisions ------------------------------------------------------

class ExecutorsForm(forms.Form):
    responsible_unit = UnitChoiceField(label=_("Responsible unit"), queryset=None)
    co_executor_units = UnitMultipleField(label=_("Co-executors"), queryset=None, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "responsible_unit").queryset = units
        _model_choice(self, "co_executor_units").queryset = units


class DeadlineChangeForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason (decision)"), widget=forms.Textarea(attrs={"rows": 2}))
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


# --- attendance, profile ---------------------------------------------------------------------------------

class AttendanceEditForm(AttendanceForm):
    present = forms.BooleanField(label=_("Present"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)


class OffsetsField(forms.CharField):
    """"30, 7, 1" → [30, 7, 1]; empty means "as my party has it" (None)."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            return [int(part) for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
        except ValueError as exc:
            raise forms.ValidationError(_("Write whole numbers of days separated by commas.")) from exc


class PreferencesForm(forms.Form):
    reminder_offsets = OffsetsField(label=_("Remind me, days before a deadline"), required=False,
                                    help_text=_("e.g. 30, 7, 1; empty: as my party has it"))
    in_app = forms.BooleanField(label=_("Notify me in the application"), required=False)
    by_email = forms.BooleanField(label=_("Notify me by e-mail"), required=False)
    daily_digest = forms.BooleanField(label=_("One daily digest instead of single e-mails"), required=False)
    media_digest = forms.ChoiceField(label=_("Media monitoring digest"), required=False,
                                     choices=blank(MediaDigest.choices, str(_("As before"))))
    language = forms.ChoiceField(label=_("Language"), choices=[("ru", "Русский"), ("en", "English")])
