"""The background worker: runs queued jobs (the Tasks API's database worker) and, beside it, the
scheduler that recovers stalled jobs and starts reminders, digests and clean-ups when due.

    manage.py run_worker            # what `make run` starts beside the web server
"""

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from wts.jobs.scheduler import tick

log = logging.getLogger("wts.jobs")


class Scheduler(threading.Thread):
    def __init__(self, seconds: float):
        super().__init__(daemon=True, name="wts-scheduler")
        self.seconds, self.stopped = seconds, threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                tick()
            except Exception:  # a failing tick is logged and tried again on the next one
                log.exception("scheduler tick failed")
            finally:
                connection.close()
            self.stopped.wait(self.seconds)


class Command(BaseCommand):
    help = "ประมวลผลงานเบื้องหลัง (อีเมล ไฟล์ส่งออก รายงาน การแจ้งเตือนตามกำหนด)"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
        parser.add_argument("--no-scheduler", action="store_true", help="run queued jobs only")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--worker-id", default="", help="unique name of this worker (default: random)")

    def handle(self, *args, **options):
        logging.getLogger("django_tasks_db").setLevel(logging.INFO if options["verbosity"] > 1 else logging.WARNING)
        scheduler = None
        if not options["no_scheduler"]:
            scheduler = Scheduler(settings.JOB_SCHEDULER_SECONDS)
            scheduler.start()
        worker = Worker(
            queue_names=["default"], interval=options["interval"], batch=options["batch"], backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(f"worker {worker.worker_id} running (Ctrl+C to stop)")
        try:
            worker.run()
        finally:
            if scheduler is not None:
                scheduler.stopped.set()
