from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo.demo_data import DEMO_PASSWORD
from demo.national_data import ROUNDS, generate_national_data


class Command(BaseCommand):
    help = (
        "Generate a national data set shaped like deadline day: 878 districts, every item, five rounds, "
        "review history and audit rows (idempotent per round)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2564, help="random seed (same seed, same figures)")
        parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds to create, the last one open")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every generated account")
        parser.add_argument("--skip-geography", action="store_true",
                            help="use the provinces and districts already in the database")

    def handle(self, *args, **options):
        if options["rounds"] < 1:
            raise CommandError("--rounds must be at least 1")
        try:
            summary = generate_national_data(
                seed=options["seed"], rounds=options["rounds"], password=options["password"],
                geography=not options["skip_geography"], log=self.stdout.write,
            )
        except (ValidationError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        created = ", ".join(str(y) for y in summary.rounds_created) or "none (already there)"
        self.stdout.write(
            f"national data: {summary.provinces} provinces, {summary.districts} districts, "
            f"{summary.users_created} accounts created, rounds created: {created}; "
            f"{summary.reports} reports, {summary.values} values, {summary.returns} returns, "
            f"{summary.audit_rows} audit rows "
            f"in {summary.seconds:.1f} s"
        )
