import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "WTS_ENVIRONMENT"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_bad_boolean_stops_start_up_with_a_clear_message():
    result = _check({"WTS_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "WTS_DEBUG must be one of" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = _check({"WTS_ENVIRONMENT": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_an_unsupported_database_url_is_refused():
    result = _check({"DATABASE_URL": "mysql://root@localhost/wts"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to SQLite or PostgreSQL" in result.stderr


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False
