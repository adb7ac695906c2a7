"""Property-based fuzzing of the REST API from its own OpenAPI schema (schemathesis 4).

Every operation gets a few generated requests (valid and edge-case values) with a secretariat's
bearer token, against the WSGI app in-process. No answer may be a server error, and answers must
match the schema's declared status codes and content types. Bounded: a handful of examples per
operation and no shrinking, so the whole run stays well under a minute.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402

MAX_EXAMPLES = 15
# Server errors found by this test and reported to the owners (documents API); listed so the suite
# stays green while they are fixed. Remove an entry once fixed: a new 500 anywhere else fails.
KNOWN_SERVER_ERRORS: set[str] = set()


@pytest.fixture
def _keep_test_connection():
    """Requests here go straight to the WSGI app, not through Django's test client, so the
    request signals would close the test's database connection mid-transaction (PostgreSQL):
    detach that handler for the test, as the test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.usefixtures("_keep_test_connection")
def test_api_fuzz_no_server_errors_and_schema_conformance(world, settings, tmp_path):
    from collegium.parties.services import api_token_create
    from collegium.wsgi import application

    settings.MEDIA_ROOT = tmp_path
    _token, raw = api_token_create(actor=world.ru_sec, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=headers)
    # status_code_conformance is left out on purpose: the schema documents only the success code of
    # each operation, while every operation also answers 401/404/409/422 by design (collegium/api.py).
    checks = [st_checks.not_a_server_error, st_checks.content_type_conformance,
              st_checks.response_schema_conformance]
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hsettings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case):  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=checks)
            except BaseException as exc:  # noqa: BLE001 - collected and reported together below
                text = str(exc)
                detail = [line.strip() for line in text.splitlines() if line.strip().startswith(("curl", "-", "`"))]
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                + " | ".join(detail)[:600])
                raise

        try:
            fuzz()
        except BaseException as exc:  # schemathesis raises an exception group; its text is collected
            if isinstance(exc, KeyboardInterrupt):
                raise
    assert operations > 30
    known = [f for f in failures if f.split(" ->")[0] in KNOWN_SERVER_ERRORS]
    if known:
        import warnings

        warnings.warn("known API server errors still present:\n" + "\n".join(known), stacklevel=1)
    failures = [f for f in failures if f not in known]
    assert not failures, f"{len(failures)} failing operations:\n" + "\n".join(failures)
