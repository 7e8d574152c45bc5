"""The PostgreSQL backend (wts/lib/postgresql) reads timestamps with psycopg's compiled loader and
keeps hot statements prepared; what it reads must be exactly what Django's own backend reads."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the backend is PostgreSQL's")
ROOT = Path(__file__).resolve().parent.parent


def _read(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _django_loader_reads(text):
    """The same text through Django's own timestamptz loader (the one this backend replaces)."""
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.adapt import Transformer
    from psycopg.pq import Format

    raw = connection.connection
    transformer = Transformer(raw)
    register_tzloader(UTC, transformer)
    oid = raw.adapters.types["timestamptz"].oid
    return transformer.get_loader(oid, Format.TEXT).load(text.encode())


@on_postgresql
@pytest.mark.django_db
def test_the_backend_in_use_loads_timestamps_with_the_compiled_loader():
    from psycopg.pq import Format

    from wts.lib.postgresql.base import UtcTimestamptzLoader

    connection.ensure_connection()
    oid = connection.connection.adapters.types["timestamptz"].oid
    assert connection.connection.adapters.get_loader(oid, Format.TEXT) is UtcTimestamptzLoader
    (value,), = _read("SELECT %s::timestamptz", [datetime(2026, 12, 10, 16, 59, 59, 999999, tzinfo=UTC)])
    assert value == datetime(2026, 12, 10, 16, 59, 59, 999999, tzinfo=UTC) and value.tzinfo is UTC


@on_postgresql
@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
       st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_every_timestamp_reads_as_djangos_own_loader_reads_it(moment, offset_minutes):
    """Any instant, written in any UTC offset, comes back as the same aware UTC datetime."""
    offset = timedelta(minutes=offset_minutes)
    local = moment.astimezone(timezone(offset))
    (text,), = _read("SELECT (%s::timestamptz)::text", [local])
    (value,), = _read("SELECT %s::timestamptz", [local])
    assert value == moment and value.tzinfo is UTC
    assert value == _django_loader_reads(text) and value.tzinfo is _django_loader_reads(text).tzinfo


@on_postgresql
@pytest.mark.django_db
def test_a_statement_run_often_is_kept_prepared_in_postgresql():
    from wts.accounts.models import User

    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True and threshold >= 1
    for _ in range(threshold + 1):
        list(User.objects.filter(username="nobody-prepared"))
    statements = [row[0] for row in _read("SELECT statement FROM pg_prepared_statements")]
    assert any('"accounts_user"."username" = $1' in statement for statement in statements), statements


def _database_options(**env):
    """The DATABASES options a fresh process reads from the environment (no database is opened)."""
    environ = {**os.environ, "DATABASE_URL": "postgres://wts@db.invalid:5432/wts", **env}
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "db = settings.DATABASES['default']; print(json.dumps([db['ENGINE'], db['OPTIONS']]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**environ, "DJANGO_SETTINGS_MODULE": "wts.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_keeps_hot_statements_prepared_unless_turned_off():
    """A pooler in transaction mode cannot keep a connection's prepared statements (docs/deploy.md):
    DB_PREPARE_THRESHOLD=0 turns them off."""
    engine, options = _database_options()
    assert engine == "wts.lib.postgresql"
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    _, options = _database_options(DB_PREPARE_THRESHOLD="0")
    assert "prepare_threshold" not in options and "server_side_binding" not in options


@on_postgresql
@override_settings(USE_TZ=True)
def test_the_fast_loader_is_only_used_when_the_connection_is_in_utc():
    from wts.lib.postgresql.base import DatabaseWrapper

    with_zone = DatabaseWrapper({**connection.settings_dict, "TIME_ZONE": "Asia/Bangkok"}, alias="zoned")
    params = with_zone.get_connection_params()
    from django.db.backends.postgresql.psycopg_any import get_adapters_template

    assert params["context"] is get_adapters_template(True, with_zone.timezone)
