import shutil

from django.core.management.base import BaseCommand, CommandError

from wts.audit.models import Source
from wts.geography.models import District, Province
from wts.rounds.models import Round
from wts.spreadsheets import exports
from wts.spreadsheets.actions import record_export


class Command(BaseCommand):
    help = (
        "Export workload figures to a file, like the export pages: one round (a row per district) or "
        "several rounds (a row per district × item × round), CSV or XLSX, nationwide or one province."
    )

    def add_arguments(self, parser):
        parser.add_argument("fiscal_years", nargs="+", type=int, help="one or more fiscal years (BE)")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--province", help="2-digit province code (default: the whole country)")

    def handle(self, *args, fiscal_years, output, format, province, **options):
        rounds = list(Round.objects.filter(fiscal_year__in=fiscal_years))
        missing = sorted(set(fiscal_years) - {r.fiscal_year for r in rounds})
        if missing:
            raise CommandError(f"no round for fiscal year {', '.join(map(str, missing))}")
        districts = District.objects.all()
        province_obj = None
        if province:
            province_obj = Province.objects.filter(code=province).first()
            if province_obj is None:
                raise CommandError(f"no province with code {province}")
            districts = districts.filter(province=province_obj)
        if len(rounds) == 1:
            sheets = [("ปริมาณงาน", exports.round_rows(rounds[0], districts))]
            if format == "xlsx":
                sheets.append(("รายการงาน", exports.item_legend_rows(rounds[0])))
        else:
            sheets = [("ปริมาณงานหลายรอบ", exports.multi_round_rows(rounds, districts))]
        with open(output, "wb") as out:
            if format == "csv":
                for chunk in exports.csv_chunks(sheets[0][1]):
                    out.write(chunk)
            else:
                with exports.xlsx_file(sheets) as workbook:
                    shutil.copyfileobj(workbook, out)
        record_export(acting_user=None, label=f"{output} ({', '.join(str(r.fiscal_year) for r in rounds)})",
                      rounds=rounds, fmt=format, province=province_obj, source=Source.COMMAND)
        self.stdout.write(f"wrote {output}")
