"""`collegium worker`: the background worker (huey consumer) with the periodic jobs of Collegium.

    collegium worker                 run until stopped (Ctrl+C finishes running tasks; SIGTERM stops now)
    collegium worker --once          run every scan now, deliver what is due, exit (cron, tests)
    collegium worker --list          print the periodic jobs this worker would run

Runs against the SQLite queue file under var/ with no other server; set COLLEGIUM_REDIS_URL for
Redis. Several workers may run at once, on one machine or many: every notice is claimed first.
"""

from __future__ import annotations

import logging
import sys

from django.core.management.base import BaseCommand

from collegium.notifications.progress import print_progress


class Command(BaseCommand):
    help = "Run the background worker: reminders, escalations, digests, notices by e-mail, jobs."
    requires_system_checks: list[str] = []  # the worker must start even while a web module is broken

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every scan and deliver what is due, then exit.")
        parser.add_argument("--workers", type=int, default=2, help="Worker threads (default 2).")
        parser.add_argument("--list", action="store_true", help="List the periodic jobs and exit.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar even on a terminal.")

    def handle(self, *args, **options) -> None:
        from collegium.notifications import tasks
        from collegium.notifications.queue import huey

        if options["list"]:
            for name in tasks.periodic_names():
                self.stdout.write(name)
            return
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        if options["once"]:
            self._once(show_progress)
            return
        # Every task start and end is logged only when asked for (-v 2); warnings always.
        logging.getLogger("huey").setLevel(logging.INFO if options["verbosity"] >= 2 else logging.WARNING)
        if show_progress:
            self._show_job_progress(huey)
        # After a restart, deliver what was left pending at once instead of at the next minute.
        tasks.deliver_notices_task()
        # Reminders due now go out at start, not at the next quarter of an hour.
        tasks.reminders_periodic()
        self.stderr.write(f"collegium worker: queue {type(huey.storage).__name__}, "
                          f"{options['workers']} threads, periodic: {', '.join(tasks.periodic_names())}")
        consumer = huey.create_consumer(workers=max(1, options["workers"]), worker_type="thread", periodic=True,
                                        check_worker_health=True)
        consumer.run()

    def _once(self, show_progress: bool) -> None:
        from collegium.notifications.scans import (
            escalations_run,
            materials_run,
            media_digests_run,
            reminders_run,
        )
        from collegium.notifications.services import deliver_due, digests_build, jobs_recover

        created = reminders_run() + escalations_run() + materials_run()
        digests = digests_build() + media_digests_run()
        recovered = jobs_recover()
        def progress(done: int, total: int) -> None:
            print_progress(done, total, "notices")

        stats = deliver_due(progress=progress if show_progress else None)
        self.stdout.write(f"notices created {created}, digests {digests}, sent {stats.sent}, "
                          f"retry later {stats.retried}, failed {stats.failed}, jobs requeued {len(recovered)}")

    def _show_job_progress(self, huey) -> None:
        """In the foreground, draw a bar for each job as it finishes a run."""
        from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

        @huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)
        def _report(signal, task, exc=None) -> None:
            if task.name != "run_job_task":
                return
            from collegium.notifications.models import Job

            job = Job.objects.filter(pk=task.args[0]).first()
            if job is not None:
                print_progress(job.progress, 100, f"job {job.pk} {job.kind} {job.status}")
