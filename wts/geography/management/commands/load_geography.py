from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wts.geography.loader import load_geography


class Command(BaseCommand):
    help = "Load the 76 provinces and 878 districts from geothai (idempotent)."

    def handle(self, *args, **options):
        try:
            provinces, districts = load_geography()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"geography: {provinces} provinces, {districts} districts")
