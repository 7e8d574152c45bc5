import datetime as dt

from conftest import BANGKOK
from wts.rounds.actions import extend_deadline
from wts.rounds.models import Extension

SEP_20 = dt.datetime(2026, 9, 20, 23, 59, 59, tzinfo=BANGKOK)
SEP_22 = dt.datetime(2026, 9, 22, 23, 59, 59, tzinfo=BANGKOK)
SEP_25 = dt.datetime(2026, 9, 25, 23, 59, 59, tzinfo=BANGKOK)
SEP_30 = dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=BANGKOK)
OCT_8 = dt.datetime(2026, 10, 8, 23, 59, 59, tzinfo=BANGKOK)


def extend(world, closes_at, **scope):
    """An extension through the action (every rule applies)."""
    return extend_deadline(world.round, window=scope.pop("window", "entry"), closes_at=closes_at, reason="เหตุผล",
                           acting_user=world.dept_admin, **scope)


def stored(world, closes_at, **scope):
    """An extension written straight to the table, as data saved before the rules existed may be:
    for testing how deadlines are computed whatever the history."""
    return Extension.objects.create(round=world.round, window=scope.pop("window", "entry"), closes_at=closes_at,
                                    reason="เหตุผล", created_by=world.dept_admin, **scope)


def extension_post(**fields):
    """A valid extension form post (entry, everyone, 22/09/2569 16:30), overridden by ``fields``."""
    return {"window": "entry", "scope": "all", "closes_at_0": "22/09/2569", "closes_at_1": "16:30",
            "reason": "เหตุผลที่พิมพ์ไว้"} | fields


def preview_then_confirm(client, url, data):
    """The two steps of the page: the preview, then the confirmation of what it showed."""
    preview = client.post(url, data)
    assert preview.status_code == 200, preview.content.decode()[:3000]
    return preview, client.post(url, data | {"confirm": "1", "previewed": preview.context["previewed"]})
