"""Forms only parse and type-check input; the rules live in the services, whose field errors
are put back on these forms by views.base.apply_errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.consultations.models import Round
from collegium.control.models import Obligation, Report
from collegium.core.models import Clearance, Visibility
from collegium.meetings.models import Attendance, Session
from collegium.resolutions.models import ChangeProposal, Clause, Periodicity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    return [("", label), *choices]


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):  # type: ignore[no-untyped-def]
        return obj.display_short


class UnitMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):  # type: ignore[no-untyped-def]
        return f"{obj.party.code} · {obj.display_name}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):  # type: ignore[no-untyped-def]
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
    parties = forms.ModelMultipleChoiceField(label=_("Parties"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, parties=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["host_party"].queryset = parties
        self.fields["parties"].queryset = parties


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    duration_minutes = forms.IntegerField(label=_("Duration, minutes"), initial=15)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rapporteur_party = PartyChoiceField(label=_("Rapporteur's party"), queryset=None, required=False)
    rapporteur_name = forms.CharField(label=_("Rapporteur"), max_length=255, required=False)
    rapporteur_position = forms.CharField(label=_("Rapporteur's position"), max_length=255, required=False)

    def __init__(self, *args, parties=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["rapporteur_party"].queryset = parties


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

    def __init__(self, *args, parties=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    agenda_item = forms.TypedChoiceField(label=_("Agenda item"), required=False, coerce=int, empty_value=None)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL)
    clearance = forms.TypedChoiceField(label=_("Confidentiality"), choices=Clearance.choices, coerce=int,
                                       initial=Clearance.OPEN)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, items=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = blank([(i.pk, f"{i.order}. {i.title[:80]}") for i in items],
                                                   str(_("Whole session")))


class AttendanceForm(forms.Form):
    party = PartyChoiceField(label=_("Party"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Attendance.Role.choices, initial=Attendance.Role.MEMBER)
    name = forms.CharField(label=_("Name"), max_length=255)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    def __init__(self, *args, parties=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties


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

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["responsible_units"].queryset = units
        self.fields["co_executor_units"].queryset = units


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=ChangeProposal.Kind.choices)
    clause = forms.TypedChoiceField(label=_("Clause"), required=False, coerce=int, empty_value=None)
    proposed_text = forms.CharField(label=_("Proposed text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    insert_after = forms.IntegerField(label=_("Insert after clause №"), required=False, min_value=0)
    proposed_kind = forms.ChoiceField(label=_("Kind of the new clause"), required=False,
                                      choices=blank(Clause.Kind.choices))
    comment = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, clauses=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = blank([(c.pk, f"{c.number}. {c.text[:70]}") for c in clauses])


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

    def __init__(self, *args, parties=(), units=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = blank([(p.code, p.display_short) for p in parties])
        self.fields["unit"].choices = blank([(u.pk, f"{u.party.code} · {u.display_name}") for u in units])


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

    def __init__(self, *args, units=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = blank([(u.pk, f"{u.party.code} · {u.display_name}") for u in units])


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
