"""`collegium audit verify`: OK on an intact chain, names the first altered event otherwise."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from collegium.audit.models import AuditEvent
from collegium.core.testing import make_obligation


def test_verify_ok_then_names_the_tampered_event(world):
    make_obligation(world, issued_on=dt.date(2025, 1, 15))
    total = AuditEvent.objects.count()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().strip() == f"OK: {total} events"

    victim = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
                       ["obligation.forged", victim.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", stdout=StringIO())
    assert f"#{victim.seq}" in str(excinfo.value)
    assert excinfo.value.returncode == 1
