# DistrictReport, AreaReport and ItemValue now live in workflow (workflow 0001) with the same tables.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('entry', '0002_districtreport_open_area'),
        ('review', '0002_move_return_and_comment_to_workflow'),
        ('workflow', '0001_move_report_models_from_entry_and_review'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ItemValue'),
                migrations.DeleteModel(name='AreaReport'),
                migrations.DeleteModel(name='DistrictReport'),
            ],
        ),
    ]
