import json

import pytest
from django.core.management import CommandError, call_command

from wts.audit.models import AuditEvent


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("check_restore", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_whole_database_passes_and_prints_counts_and_the_latest_audit_entry(world):
    AuditEvent.record("account.created", actor=world.provadmin, subject_user=world.officer)
    out = run()
    assert "accounts_user" in out and "geography_district" in out
    assert "account.created" in out
    assert "restore check passed" in out


def test_the_manifest_written_before_a_backup_matches_after_restore(world, tmp_path):
    AuditEvent.record("account.created", actor=world.provadmin, subject_user=world.officer)
    manifest = tmp_path / "manifest.json"
    run("--write-manifest", str(manifest))
    data = json.loads(manifest.read_text())
    from wts.accounts.models import User

    assert data["tables"]["accounts_user"] == User.objects.count()
    assert data["latest_audit"]["action"] == "account.created"
    assert run("--expect", str(manifest)).endswith("restore check passed\n")


def test_missing_rows_or_a_missing_latest_audit_entry_fail_the_check(world, tmp_path):
    AuditEvent.record("account.created", actor=world.provadmin, subject_user=world.officer)
    manifest = tmp_path / "manifest.json"
    run("--write-manifest", str(manifest))
    data = json.loads(manifest.read_text())
    data["tables"]["accounts_user"] += 1
    data["tables"]["a_table_that_was_lost"] = 3
    data["latest_audit"]["id"] += 1
    manifest.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="3 problem"):
        run("--expect", str(manifest))


def test_an_empty_database_fails(db):
    with pytest.raises(CommandError, match="2 problem"):
        run()
