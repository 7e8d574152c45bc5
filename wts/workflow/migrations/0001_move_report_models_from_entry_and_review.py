# The report models move from entry and review into workflow with their tables unchanged:
# the state is created here and deleted there (entry 0003, review 0002); the database is not touched.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"entry": ["districtreport", "areareport", "itemvalue"], "review": ["returnrequest", "valuecomment"]}


def relabel_content_types(apps, schema_editor):
    """Permissions and admin history keep pointing at the same models under their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, names in MOVED.items():
        for name in names:
            if not ContentType.objects.using(db).filter(app_label="workflow", model=name).exists():
                ContentType.objects.using(db).filter(app_label=app_label, model=name).update(app_label="workflow")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for app_label, names in MOVED.items():
        ContentType.objects.using(db).filter(app_label="workflow", model__in=names).update(app_label=app_label)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('entry', '0002_districtreport_open_area'),
        ('geography', '0001_initial'),
        ('review', '0001_initial'),
        ('rounds', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='DistrictReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('not_started', 'ยังไม่บันทึกข้อมูล'), ('in_progress', 'อยู่ระหว่างการบันทึก'), ('submitted', 'ส่งแล้ว รอการยืนยัน'), ('returned', 'ส่งกลับให้แก้ไข'), ('confirmed', 'ยืนยันแล้ว')], default='not_started', max_length=16, verbose_name='สถานะ')),
                ('areas_started', models.PositiveSmallIntegerField(default=0)),
                ('areas_complete', models.PositiveSmallIntegerField(default=0)),
                ('last_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='แก้ไขล่าสุด')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='ส่งเมื่อ')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='ยืนยันเมื่อ')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='geography.district')),
                ('last_changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='rounds.round')),
                ('open_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.missionarea', verbose_name='ด้านที่เปิดให้แก้ไข')),
            ],
            options={
                'verbose_name': 'รายงานของอำเภอ',
                'verbose_name_plural': 'รายงานของอำเภอ',
                'db_table': 'entry_districtreport',
                'indexes': [models.Index(fields=['round', 'state'], name='report_round_state')],
                'constraints': [models.UniqueConstraint(fields=('round', 'district'), name='one_report_per_district_round')],
            },
        ),
        migrations.CreateModel(
            name='AreaReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', 'ยังไม่เริ่ม'), ('in_progress', 'กำลังบันทึก'), ('complete', 'ครบแล้ว')], default='not_started', max_length=16, verbose_name='สถานะ')),
                ('filled_count', models.PositiveSmallIntegerField(default=0)),
                ('version', models.PositiveIntegerField(default=0)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
                ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.missionarea')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='area_reports', to='workflow.districtreport')),
            ],
            options={
                'verbose_name': 'สถานะรายด้าน',
                'verbose_name_plural': 'สถานะรายด้าน',
                'db_table': 'entry_areareport',
                'constraints': [models.UniqueConstraint(fields=('report', 'area'), name='one_area_report_per_area')],
            },
        ),
        migrations.CreateModel(
            name='ItemValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='ปริมาณงาน')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='catalog.workitem')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='workflow.districtreport')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'ค่าปริมาณงาน',
                'verbose_name_plural': 'ค่าปริมาณงาน',
                'db_table': 'entry_itemvalue',
                'constraints': [models.UniqueConstraint(fields=('report', 'item'), name='one_value_per_item')],
            },
        ),
        migrations.CreateModel(
            name='ReturnRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('returned', 'จังหวัดส่งกลับให้แก้ไข'), ('reopened', 'กรมเปิดให้แก้ไขอีกครั้ง')], max_length=10, verbose_name='ประเภท')),
                ('reason', models.TextField(verbose_name='เหตุผล')),
                ('snapshot', models.JSONField(default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('resubmitted_at', models.DateTimeField(blank=True, null=True)),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.missionarea', verbose_name='ด้าน')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('items', models.ManyToManyField(blank=True, related_name='+', to='catalog.workitem', verbose_name='รายการที่ต้องแก้ไข')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='return_requests', to='workflow.districtreport')),
            ],
            options={
                'verbose_name': 'การส่งกลับให้แก้ไข',
                'verbose_name_plural': 'การส่งกลับให้แก้ไข',
                'ordering': ['-created_at', '-id'],
                'db_table': 'review_returnrequest',
            },
        ),
        migrations.CreateModel(
            name='ValueComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='ความเห็น')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalog.workitem')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='workflow.districtreport')),
            ],
            options={
                'verbose_name': 'ความเห็นต่อค่า',
                'verbose_name_plural': 'ความเห็นต่อค่า',
                'ordering': ['created_at', 'id'],
                'db_table': 'review_valuecomment',
                'indexes': [models.Index(fields=['report', 'item'], name='comment_report_item')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
