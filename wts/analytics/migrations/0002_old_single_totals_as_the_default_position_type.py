"""Today's single totals of each district (District.positions_framework / positions_filled) become
the posts of the default position type (TTA, the first of the catalog's defaults)."""

from django.db import migrations


def forwards(apps, schema_editor):
    District = apps.get_model("geography", "District")
    DistrictPositions = apps.get_model("analytics", "DistrictPositions")
    taken = set(DistrictPositions.objects.filter(position_code="TTA").values_list("district_id", flat=True))
    DistrictPositions.objects.bulk_create([
        DistrictPositions(district_id=pk, position_code="TTA", framework=framework, filled=filled)
        for pk, framework, filled in District.objects.values_list("pk", "positions_framework", "positions_filled")
        if pk not in taken
    ])


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_district_positions")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
