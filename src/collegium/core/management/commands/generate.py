"""`collegium generate`: a large synthetic mechanism for load tests (see collegium.core.perfdata)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from collegium.core.perfdata import PERF_PASSWORD, generate


class Command(BaseCommand):
    help = ("Generate a large synthetic mechanism for load tests: sessions, resolutions, Programme actions, rounds "
            "and obligations in every status with reports, extension requests and timelines. Writes in bulk, "
            "bypassing the services (one summary audit event). Never run it against production data.")

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="years covered, ending today")
        parser.add_argument("--sessions", type=int, default=10, help="sessions per year")
        parser.add_argument("--obligations", type=int, default=200_000)
        parser.add_argument("--reports-per-month", type=int, default=2000)
        parser.add_argument("--people", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        result = generate(years=options["years"], sessions=options["sessions"], obligations=options["obligations"],
                          reports_per_month=options["reports_per_month"], people=options["people"],
                          seed=options["seed"], log=lambda m: self.stdout.write(m))
        for key, value in sorted(result.counts.items()):
            self.stdout.write(f"  {key:<24} {value}")
        self.stdout.write(self.style.SUCCESS(f"Generated in {result.seconds:.1f} s "
                                             f"(synthetic people log in with password {PERF_PASSWORD!r})."))
