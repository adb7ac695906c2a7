"""Forms of the Sources page: a feed or page address, and seed-format text files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.media.services import SCHEDULE_LIMITS, SEED_FILE_MAX_BYTES, SEED_FILES_MAX


class SourceAddForm(forms.Form):
    url = forms.URLField(label=_("Address of a feed (RSS/Atom) or of a news page"), max_length=2000,
                         assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}))
    name = forms.CharField(label=_("Name"), max_length=255, required=False,
                           help_text=_("Shown in the lists; the address when empty."))
    schedule_minutes = forms.IntegerField(label=_("Poll every, minutes"), initial=30, min_value=SCHEDULE_LIMITS[0],
                                          max_value=SCHEDULE_LIMITS[1])


class _ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class _ManyFilesField(forms.FileField):
    """A file input that accepts several files: each is checked as a single FileField would."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        chosen = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        return [super(_ManyFilesField, self).clean(item, initial) for item in chosen]


class SeedFilesForm(forms.Form):
    # The form metaclass moves declared fields into base_fields, so at run time this never shadows
    # BaseForm.files (the uploads); the stubs cannot see that and take it for an override.
    files = _ManyFilesField(  # type: ignore[assignment]
        label=_("Text files (first line: date YYYY-MM-DD title)"), required=False,
        widget=_ManyFilesInput(attrs={"accept": ".txt,text/plain"}))

    def clean_files(self) -> list[Any]:
        # Sizes are checked before anything is read into memory; the format is the service's.
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(_("Choose at least one text file."))
        if len(files) > SEED_FILES_MAX:
            raise forms.ValidationError(_("At most %(n)s files at a time.") % {"n": SEED_FILES_MAX})
        too_large = [f.name for f in files if f.size > SEED_FILE_MAX_BYTES]
        if too_large:
            raise forms.ValidationError(_("Too large (at most %(kb)s KB each): %(names)s") % {
                "kb": SEED_FILE_MAX_BYTES // 1024, "names": ", ".join(too_large)})
        return files
