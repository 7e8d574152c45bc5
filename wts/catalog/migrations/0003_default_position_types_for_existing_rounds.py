"""Every existing round gets the three default position types; all its items go to the first, whose
working time and category allowance carry the round's old single settings (productive hours, CAF),
so the figures computed before the migration are the figures computed after it."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

DEFAULT_TYPES = [
    ("TTA", "ท้องถิ่นอำเภอ"),
    ("ANALYST", "นักวิเคราะห์/นักจัดการงานทั่วไป"),
    ("OFFICER", "เจ้าพนักงานส่งเสริมการปกครองท้องถิ่น"),
]
DAYS = {"working_days": Decimal("261"), "public_holidays": Decimal("16"), "leave_days": Decimal("10"),
        "training_days": Decimal("5"), "other_absence_days": Decimal("0")}
AVAILABLE_DAYS = Decimal("230")


def forwards(apps, schema_editor):
    Round = apps.get_model("rounds", "Round")
    PositionType = apps.get_model("catalog", "PositionType")
    WorkItem = apps.get_model("catalog", "WorkItem")
    for round_ in Round.objects.all():
        if PositionType.objects.filter(round=round_).exists():
            continue
        hours_per_day = (Decimal(round_.productive_hours) / AVAILABLE_DAYS).quantize(Decimal("0.01"), ROUND_HALF_UP)
        caf = Decimal(round_.allowance_factor)
        cas = ((1 - 1 / caf) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) if caf > 0 else Decimal(0)
        first = None
        for order, (code, name) in enumerate(DEFAULT_TYPES, start=1):
            created = PositionType.objects.create(
                round=round_, code=code, name=name, order=order, hours_per_day=hours_per_day if order == 1 else 6,
                category_allowance_percent=cas if order == 1 else 0, individual_allowance_hours=0, **DAYS,
            )
            first = first or created
        WorkItem.objects.filter(area__round=round_, position_type__isnull=True).update(position_type=first)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_position_types"), ("rounds", "0005_outlier_threshold_thai_label")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
