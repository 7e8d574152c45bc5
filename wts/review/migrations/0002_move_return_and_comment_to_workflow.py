# ReturnRequest and ValueComment now live in workflow (workflow 0001) with the same tables.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('review', '0001_initial'),
        ('workflow', '0001_move_report_models_from_entry_and_review'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ReturnRequest'),
                migrations.DeleteModel(name='ValueComment'),
            ],
        ),
    ]
