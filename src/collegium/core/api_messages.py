"""Schema validation messages of the API in the client's language.

pydantic writes its messages in English only. The API answers in Russian or English (by
Accept-Language), so each error is re-worded from its stable `type` and `ctx`; the `type`, `loc`
and `ctx` stay as pydantic gave them, for programs. A type not listed keeps pydantic's message.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _messages() -> dict[str, str]:
    # Built per call: gettext must run in the request's language.
    return {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "string_pattern_mismatch": _("The value has the wrong format."),
        "too_short": _("Give at least %(min_length)s items."),
        "too_long": _("Give at most %(max_length)s items."),
        "greater_than": _("Enter a value greater than %(gt)s."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than": _("Enter a value less than %(lt)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601."),
        "datetime_from_date_parsing": _("Enter a date and time in ISO 8601."),
        "datetime_type": _("Enter a date and time in ISO 8601."),
        "time_parsing": _("Enter a time as HH:MM."),
        "uuid_parsing": _("Enter a valid UUID."),
        "uuid_type": _("Enter a valid UUID."),
        "enum": _("Choose one of: %(expected)s."),
        "literal_error": _("Choose one of: %(expected)s."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
        "list_type": _("Send a list."),
        "extra_forbidden": _("This field is not allowed."),
        "url_parsing": _("Enter a valid URL."),
    }


def translate_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    messages = _messages()
    translated = []
    for error in errors:
        template = messages.get(str(error.get("type", "")))
        if template is not None:
            ctx = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
            try:
                error = {**error, "msg": template % ctx if "%(" in template else template}
            except (KeyError, ValueError):
                pass  # a context pydantic did not give: keep its own wording
        translated.append(error)
    return translated
