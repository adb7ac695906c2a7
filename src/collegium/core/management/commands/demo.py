"""`collegium demo`: load the demo world (idempotent) and print the demo logins."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from collegium.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = ("Load the demo: the Russian and Belarusian ministries, the Programme 2024–2026, the Brest 2024 and "
            "Moscow 2025 sessions and the consultation plans. Running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo login")

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_demo(password=options["password"])
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.monotonic() - started:.1f} s."))
            password_note = f"password for every login: {options['password']}"
        else:
            self.stdout.write("Demo already loaded (parties RU and BY exist); nothing changed.")
            password_note = "passwords are those set when the demo was loaded"  # noqa: S105
        for key, value in result.counts.items():
            self.stdout.write(f"  {key:<28} {value}")
        rows = result.logins
        if rows:
            headers = ["login", "party", "role", "name", "unit"]
            widths = [max(len(h), *(len(r[h]) for r in rows)) for h in headers]
            line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
            self.stdout.write("")
            self.stdout.write(line)
            self.stdout.write("  ".join("-" * w for w in widths))
            for row in rows:
                self.stdout.write("  ".join(row[h].ljust(w) for h, w in zip(headers, widths, strict=True)))
            self.stdout.write(f"\n{password_note}")
