from django.core.management.base import BaseCommand

from demo.demo_data import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load demo accounts and rounds (idempotent: a second run creates nothing new)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, **options):
        summary = load_demo()
        rounds = ", ".join(str(y) for y in summary["rounds_created"]) or "none (already loaded)"
        self.stdout.write(f"demo: {summary['users_created']} accounts created; rounds created: {rounds}")
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
            for username, who in demo_logins():
                self.stdout.write(f"  {username:<16} {who}")
            self.stdout.write("  district-<DOPA code> for every district, director-<code> and provadmin-<code> for every province")
