"""Automatic reminders before each deadline, now. The worker (`manage.py run_worker`) already
sends them every day at the time the department sets (/jobs/schedule/); this command is for a
one-off run. Running it again the same day sends nothing new: each reminder is recorded once.
"""

from django.core.management.base import BaseCommand, CommandError

from wts.audit.models import Source
from wts.jobs.models import JobSchedule
from wts.monitoring.jobs import run_automatic_reminders
from wts.rounds.models import Round


class Command(BaseCommand):
    help = "ส่งการแจ้งเตือนอัตโนมัติก่อนครบกำหนดบันทึกและยืนยันข้อมูล (ไม่ส่งซ้ำ)"

    def add_arguments(self, parser):
        parser.add_argument("--days", help="days before each deadline, comma separated (default: the schedule set at /jobs/schedule/)")
        parser.add_argument("--round", type=int, help="fiscal year of the round (default: the current round)")

    def handle(self, *args, **options):
        raw = options.get("days")
        try:
            days = [int(part) for part in raw.split(",") if part.strip()] if raw else JobSchedule.current().days_before
        except ValueError:
            raise CommandError("--days must be whole numbers separated by commas, e.g. 7,3,1") from None
        if any(d < 0 for d in days) or not days:
            raise CommandError("--days must hold at least one number of days, none negative")
        if options.get("round"):
            round_ = Round.objects.filter(fiscal_year=options["round"]).first()
            if round_ is None:
                raise CommandError(f"no round for fiscal year {options['round']}")
        else:
            round_ = Round.current()
        round_, result = run_automatic_reminders(days, round_=round_, source=Source.COMMAND)
        if result is None:
            self.stdout.write("no open round: nothing to send")
            return
        self.stdout.write(
            f"round {round_.fiscal_year}: {result.sent} reminders sent, "
            f"{result.skipped_already_sent} already sent before"
        )
