"""Django's PostgreSQL backend, with psycopg's compiled reader for timestamps.

Why: Django reads every `timestamptz` through a loader of its own, written in Python on top of
psycopg's Python one, only to set the time zone of the result. An officer's save reads some forty
timestamps (the round's windows, the report, the area versions, the values), and that Python
parsing was about 5% of the save's time (docs/performance.md, issue 16). When Django keeps the
connection in UTC, as it does with USE_TZ and no TIME_ZONE for the database, psycopg's compiled
loader gives the same datetimes, already in `datetime.timezone.utc`; this backend uses it then
and leaves Django's loader in place otherwise. `tests/test_postgresql_backend.py` checks that
both read the same values.
"""

from datetime import UTC

from django.db.backends.postgresql import base
from psycopg import adapt, adapters
from psycopg.pq import Format

_FastLoader = adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)  # the compiled one with psycopg[binary]


class UtcTimestamptzLoader(adapt.Loader):
    """psycopg's loader inside: the connection's time zone is UTC, so its datetimes carry
    datetime.timezone.utc, as Django's do. `timezone` is what Django's cursor checks (the
    compiled class takes no subclass and no attribute, hence the wrapper)."""

    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._load = _FastLoader(oid, context).load

    def load(self, data):
        return self._load(data)


_contexts = {}


def _context(template):
    """Django's adapters with the fast loader (one map per template, as Django keeps one)."""
    if template not in _contexts:
        context = adapt.AdaptersMap(template)
        context.register_loader("timestamptz", UtcTimestamptzLoader)
        _contexts[template] = context
    return _contexts[template]


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.timezone is UTC and self.timezone_name == "UTC" and "context" in params:
            params["context"] = _context(params["context"])
        return params
