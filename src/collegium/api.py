"""The REST API root: one NinjaAPI, each domain adds its router.

Domain errors become HTTP answers here, once, so that every endpoint answers alike:
NotFound (missing or hidden, never told apart) → 404, PermissionDenied → 403,
ValidationFailed → 422 shaped like ninja's own validation errors, InvalidTransition and
Conflict → 409.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from collegium.consultations.api import router as consultations_router
from collegium.control.api import router as control_router
from collegium.core.api_messages import translate_errors
from collegium.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from collegium.meetings.api import router as meetings_router
from collegium.parties.api import router as parties_router
from collegium.parties.auth import api_auth
from collegium.programme.api import router as programme_router
from collegium.resolutions.api import router as resolutions_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Collegium API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    # "ninja" is in INSTALLED_APPS, so the page loads Swagger UI from /static/ninja/, never a CDN.
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _not_found(request: HttpRequest) -> HttpResponse:
    # One body for missing and hidden records alike.
    return api.create_response(request, {"detail": str(NotFound.default_message)}, status=404)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return _not_found(request)


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _not_found(request)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return _not_found(request)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(ValidationFailed)
def on_validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    detail = [{"loc": ["body", field], "msg": str(msg), "type": "value_error"}
              for field, msg in exc.field_errors.items()]
    if not detail:
        detail = [{"loc": ["body"], "msg": exc.message, "type": "value_error"}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(SchemaValidationError)
def on_schema_validation(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    # pydantic's own checks, worded in the client's language (core/api_messages.py).
    return api.create_response(request, {"detail": translate_errors(exc.errors)}, status=422)


@api.exception_handler(InvalidTransition)
def on_invalid_transition(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(Conflict)
def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": "conflict"}, status=409)


@api.exception_handler(AuthenticationError)
def on_unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": _("Authentication required.")}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(DjangoValidationError)
def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A value that passed the schema but not a model field's own check (e.g. a malformed UUID).
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    detail = [{"loc": ["body", field] if field else ["body"], "msg": "; ".join(map(str, msgs)), "type": "value_error"}
              for field, msgs in messages.items()]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValueError)
def on_value_error(request: HttpRequest, exc: ValueError) -> HttpResponse:
    # Bad ids and values that slipped past the schema are the client's error, not a crash.
    logger.info("API value error on %s: %s", request.path, exc)
    return api.create_response(request, {"detail": [{"loc": ["body"], "msg": _("Invalid value."),
                                                     "type": "value_error"}]}, status=422)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # E.g. a number beyond the column's range on PostgreSQL.
    logger.info("API data error on %s: %s", request.path, exc)
    return api.create_response(request, {"detail": [{"loc": ["body"], "msg": _("Invalid value."),
                                                     "type": "value_error"}]}, status=422)


api.add_router("", parties_router, tags=["parties"])
api.add_router("", programme_router, tags=["programme"])
api.add_router("", meetings_router, tags=["meetings"])
api.add_router("", resolutions_router, tags=["resolutions"])
api.add_router("", consultations_router, tags=["consultations"])
api.add_router("", control_router, tags=["control"])
api.add_router("/documents", "collegium.documents.api.router", tags=["documents"])
api.add_router("", "collegium.media.api.router", tags=["media"])
