"""Helpers run in a subprocess against a standalone database (the worker tests' own database).

    python -m collegium.notifications.tests.standalone seed N     world + N obligations due tomorrow
    python -m collegium.notifications.tests.standalone scan       run the reminder scan
    python -m collegium.notifications.tests.standalone status     JSON: notices and notifications
    python -m collegium.notifications.tests.standalone expire     the lease of claimed notices has passed
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import F
    from django.utils import timezone

    from collegium.control.models import Obligation
    from collegium.notifications.models import Notice, Notification

    command = argv[0]
    if command == "seed":
        from collegium.core.testing import make_obligation, make_world

        world = make_world()
        today = timezone.localdate()
        for _ in range(int(argv[1])):
            obligation = make_obligation(world, issued_on=today - dt.timedelta(days=10))
            Obligation.objects.filter(pk=obligation.pk).update(deadline=today + dt.timedelta(days=1))
    elif command == "scan":
        from collegium.notifications.scans import reminders_run

        print(reminders_run())
    elif command == "status":
        print(json.dumps({
            "notices": {n.key: n.status for n in Notice.objects.all()},
            "notifications": Notification.objects.count(),
        }))
    elif command == "expire":
        lease = dt.timedelta(seconds=settings.COLLEGIUM_NOTICE_LEASE_SECONDS + 1)
        print(Notice.objects.filter(status=Notice.Status.SENDING).update(claimed_at=F("claimed_at") - lease))


if __name__ == "__main__":
    main(sys.argv[1:])
