"""Automatic reminders before each deadline. Run it daily from cron, e.g.

    15 8 * * *  cd /srv/wts && .venv/bin/python manage.py send_reminders

Running it again the same day sends nothing new: each reminder is recorded once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wts.audit.models import Source
from wts.monitoring.actions import do_send_automatic_reminders
from wts.rounds.models import Round


class Command(BaseCommand):
    help = "ส่งการแจ้งเตือนอัตโนมัติก่อนครบกำหนดบันทึกและยืนยันข้อมูล (ไม่ส่งซ้ำ)"

    def add_arguments(self, parser):
        parser.add_argument("--days", help="days before each deadline, comma separated (default: REMINDER_DAYS_BEFORE)")
        parser.add_argument("--round", type=int, help="fiscal year of the round (default: the current round)")

    def handle(self, *args, **options):
        raw = options.get("days")
        try:
            days = [int(part) for part in raw.split(",") if part.strip()] if raw else list(settings.REMINDER_DAYS_BEFORE)
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
        if round_ is None or round_.is_closed:
            self.stdout.write("no open round: nothing to send")
            return
        result = do_send_automatic_reminders(round_, days, source=Source.COMMAND)
        self.stdout.write(
            f"round {round_.fiscal_year}: {result.sent} reminders sent, "
            f"{result.skipped_already_sent} already sent before"
        )
