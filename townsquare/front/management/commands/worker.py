"""``townsquare worker``: run background tasks, and enqueue the periodic ones when they are due.

One command whatever the task backend: with the default database backend it runs django-tasks'
database worker; with ``TASKS_BACKEND=django_tasks_rq.RQBackend`` (Redis) it runs an RQ worker.
Beside it, a scheduler thread enqueues the periodic jobs the apps registered (``lib.periodic``:
raw IP expiry, the digests, the webhook sweep) when they are due, claiming each period in the
shared cache so that several workers enqueue each run once.

``--once`` enqueues what is due, runs every queued task and exits: for cron, instead of a
long-running worker (``*/5 * * * * townsquare worker --once``).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections

from townsquare.lib.commands import DatabaseCommand
from townsquare.lib.periodic import periodic_tasks_enqueue

RQ_BACKEND = "django_tasks_rq.RQBackend"
DB_BACKEND = "django_tasks_db.DatabaseBackend"
SCHEDULER_SECONDS = 30


class Command(DatabaseCommand):
    help = "Run background tasks (e-mail, digests) and enqueue the periodic ones when due."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue what is due, run every queued task, then exit (for cron).",
        )

    def handle(self, *args, once: bool, **options) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend not in (DB_BACKEND, RQ_BACKEND):
            raise CommandError(
                f"townsquare worker runs the database or the Redis task backend, not {backend}."
            )
        enqueued = periodic_tasks_enqueue()
        if enqueued:
            self.stdout.write(f"Enqueued: {', '.join(enqueued)}")
        if not once:
            threading.Thread(target=self._schedule, daemon=True, name="periodic").start()
        if backend == RQ_BACKEND:
            extra = ["--burst"] if once else ["--with-scheduler"]
            call_command("rqworker", "default", "--job-class", "django_tasks_rq.Job", *extra)
        else:
            call_command("db_worker", *(["--batch"] if once else []))

    def _schedule(self) -> None:
        stop = threading.Event()
        while not stop.wait(SCHEDULER_SECONDS):
            try:
                periodic_tasks_enqueue()
            except Exception:  # a cache or database hiccup must not end the scheduler
                self.stderr.write("townsquare worker: could not enqueue periodic tasks")
            finally:
                close_old_connections()
