"""Check that a restored database is whole before the service is switched over to it.

Before a backup:   manage.py check_restore --write-manifest backup-2569-09-08.json
After a restore:   manage.py check_restore --expect backup-2569-09-08.json

Without a manifest it still checks that every migration is applied, every table can be read,
the geography is loaded and the audit trail has a latest entry, and prints the counts.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from wts.audit.models import AuditEvent
from wts.geography.models import District, Province
from wts.lib.thai import thai_datetime


def table_counts(using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._base_manager.using(using).count()
    return dict(sorted(counts.items()))


def latest_audit(using=DEFAULT_DB_ALIAS):
    return AuditEvent.objects.using(using).order_by("-id").first()


def snapshot(using=DEFAULT_DB_ALIAS) -> dict:
    latest = latest_audit(using)
    return {
        "tables": table_counts(using),
        "latest_audit": None if latest is None else {
            "id": latest.pk, "action": latest.action, "created_at": latest.created_at.isoformat(),
        },
    }


class Command(BaseCommand):
    help = "ตรวจว่าฐานข้อมูลที่กู้คืนครบถ้วน (จำนวนแถวต่อตาราง และบันทึกการตรวจสอบล่าสุด)"

    def add_arguments(self, parser):
        parser.add_argument("--expect", type=Path, help="manifest JSON written before the backup")
        parser.add_argument("--write-manifest", type=Path, help="write the current counts to this JSON file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, expect=None, write_manifest=None, database=DEFAULT_DB_ALIAS, **options):
        problems = []
        connection = connections[database]
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            problems.append(f"{len(unapplied)} migration(s) not applied, first: {unapplied[0][0]}")

        try:
            current = snapshot(database)
        except Exception as exc:  # a missing or damaged table surfaces as any database error
            raise CommandError(f"cannot read the database: {exc}") from exc

        if write_manifest:
            write_manifest.write_text(json.dumps(current, indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"manifest written to {write_manifest}")

        width = max(len(name) for name in current["tables"])
        for name, count in current["tables"].items():
            self.stdout.write(f"{name:<{width}}  {count:>10,}")
        latest = latest_audit(database)
        if latest is None:
            problems.append("the audit trail is empty")
        else:
            self.stdout.write(f"latest audit entry: #{latest.pk} {latest.action} {thai_datetime(latest.created_at)}")
        if not Province.objects.using(database).exists() or not District.objects.using(database).exists():
            problems.append("geography is not loaded (no provinces or districts)")

        if expect:
            problems.extend(self._compare(json.loads(expect.read_text(encoding="utf-8")), current))

        if problems:
            for problem in problems:
                self.stderr.write(f"PROBLEM: {problem}")
            raise CommandError(f"restore check failed: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS("restore check passed"))

    def _compare(self, expected, current) -> list[str]:
        problems = []
        for table, count in expected["tables"].items():
            found = current["tables"].get(table)
            if found is None:
                problems.append(f"table {table} is missing")
            elif found < count:
                problems.append(f"table {table} has {found} rows, the backup had {count}")
        want = expected.get("latest_audit")
        have = current.get("latest_audit")
        if want and (have is None or have["id"] < want["id"]):
            problems.append(f"latest audit entry #{want['id']} ({want['action']}) is missing")
        elif want and have and have["id"] == want["id"] and have["action"] != want["action"]:
            problems.append(f"audit entry #{want['id']} differs from the backup")
        return problems
