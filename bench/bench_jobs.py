"""The job queue, measured: jobs per second through the queue against the same work called
directly, the server time of an extension for everyone (its ~950 emails become rows and one job),
the worker sending them through a slow mail server, and the worker's peak memory while it writes
the five-round national export.

    .venv/bin/python bench/bench_jobs.py                          # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench_jobs .venv/bin/python bench/bench_jobs.py
    .venv/bin/python bench/bench_jobs.py --jobs 500 --smtp-delay 0.02

On PostgreSQL the database is emptied and rebuilt (migrate, flush, national data): give it a
database of its own.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WTS_VAR_DIR", tempfile.mkdtemp(prefix="wts-bench-jobs-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wts.settings")
os.environ.setdefault("LOG_LEVEL", "CRITICAL")
os.environ["WTS_TASKS_BACKEND"] = "database"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from wts.jobs.models import Job, JobSchedule  # noqa: E402
from wts.jobs.vocabulary import JobKind, JobState  # noqa: E402


def prepare(rounds: int):
    from demo.national_data import generate_national_data

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    summary = generate_national_data(rounds=rounds, seed=7)
    JobSchedule.objects.update_or_create(pk=1, defaults={"reminders_enabled": False})
    print(f"data ({connection.vendor}): {summary.districts} districts, {len(summary.rounds_created)} rounds, "
          f"{summary.values} values in {summary.seconds:.1f} s")


def start_worker(**env):
    environment = {**os.environ, "JOB_SCHEDULER_SECONDS": "3600", **{k: str(v) for k, v in env.items()}}
    return subprocess.Popen([sys.executable, "manage.py", "run_worker", "--interval", "0.05", "--no-scheduler"],
                            cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(predicate, timeout=900):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    raise SystemExit("timed out")


def peak_rss_mb(pid) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_throughput(n: int):
    """n small jobs (the clean-up job: one DELETE) through the queue vs the handler called directly."""
    from wts.jobs.handlers import remove_expired_files
    from wts.jobs.runner import Progress, start_job

    started = time.perf_counter()
    for _ in range(n):
        job = Job.objects.create(kind=JobKind.CLEANUP, title="bench")
        remove_expired_files(job, Progress(job))
    floor = n / (time.perf_counter() - started)
    Job.objects.all().delete()

    worker = start_worker()
    time.sleep(2)  # the worker's start-up is not part of the rate
    started = time.perf_counter()
    for _ in range(n):
        start_job(JobKind.CLEANUP, title="bench")
    wait_for(lambda: Job.objects.filter(state=JobState.SUCCEEDED).count() == n)
    rate = n / (time.perf_counter() - started)
    worker.terminate()
    worker.wait()
    print(f"throughput: {rate:7.1f} jobs/s through the queue (one worker), floor {floor:7.1f} jobs/s called "
          f"directly; ratio {floor / rate:.1f}x")
    Job.objects.all().delete()


def bench_extension(smtp_delay: float):
    from wts.accounts.models import User
    from wts.jobs.tests.worker import SlowSMTPServer
    from wts.notifications.models import EmailState, OutgoingEmail
    from wts.rounds.actions import extend_deadline
    from wts.rounds.models import Round, Window

    people = User.objects.filter(role__in=["district_officer", "provincial_director"], is_active=True)
    for user in people.filter(email=""):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    admin = User.objects.get(username="dla-admin")
    round_ = Round.current()
    server = SlowSMTPServer(delay=smtp_delay)
    reverse("home")  # a running server has its URL configuration loaded: do not time that import
    started = time.perf_counter()
    extend_deadline(round_, window=Window.ENTRY, closes_at=round_.entry_closes_at + dt.timedelta(days=7),
                    reason="bench", acting_user=admin)
    request_ms = (time.perf_counter() - started) * 1000
    total = OutgoingEmail.objects.filter(state=EmailState.PENDING).count()
    worker = start_worker(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                          EMAIL_PORT=server.port)
    started = time.perf_counter()
    wait_for(lambda: OutgoingEmail.objects.filter(state=EmailState.SENT).count() == total)
    seconds = time.perf_counter() - started
    worker.terminate()
    worker.wait()
    server.stop()
    print(f"extension for everyone: {request_ms:6.0f} ms of server time in the action ({total} emails queued); the worker sent "
          f"all {total} in {seconds:.1f} s through a mail server taking {smtp_delay * 1000:.0f} ms a message "
          f"(floor {total * smtp_delay:.1f} s)")


def bench_export(rounds: int):
    from wts.accounts.models import User
    from wts.jobs.runner import start_job
    from wts.rounds.models import Round

    years = list(Round.objects.order_by("fiscal_year").values_list("fiscal_year", flat=True))[-rounds:]
    worker = start_worker()
    time.sleep(2)
    baseline = peak_rss_mb(worker.pid)
    started = time.perf_counter()
    job = start_job(JobKind.ROUNDS_EXPORT, title="bench", owner=User.objects.get(username="dla-admin"),
                    params={"fiscal_years": years, "fmt": "xlsx"})
    wait_for(lambda: Job.objects.get(pk=job.pk).state in {JobState.SUCCEEDED, JobState.FAILED})
    seconds = time.perf_counter() - started
    peak = peak_rss_mb(worker.pid)
    worker.terminate()
    worker.wait()
    job.refresh_from_db()
    size = job.file.size / 1e6 if job.state == JobState.SUCCEEDED else 0
    print(f"{len(years)}-round national export (XLSX): {job.state} in {seconds:.1f} s, {size:.1f} MB; worker peak "
          f"memory {peak:.0f} MB (idle {baseline:.0f} MB)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--smtp-delay", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    prepare(args.rounds)
    bench_throughput(args.jobs)
    bench_extension(args.smtp_delay)
    bench_export(args.rounds)
    print(f"finished {timezone.now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
