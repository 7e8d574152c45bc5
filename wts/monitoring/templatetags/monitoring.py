from datetime import datetime

from django import template
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wts.lib.permissions import can
from wts.lib.prepared import PreparedRead
from wts.lib.thai import thai_date
from wts.monitoring.models import Announcement, Audience

register = template.Library()


# On every home page: the reads of Announcement.visible_to, compiled once (wts/lib/prepared.py).
_for_everyone = PreparedRead(lambda now: Announcement.current(now).filter(audience=Audience.ALL)
                             .select_related("province")[:10], kinds=(datetime,))
_for_province = PreparedRead(lambda now, province_id: Announcement.current(now).filter(
    Q(audience=Audience.ALL) | Q(audience=Audience.PROVINCE, province_id=province_id))
    .select_related("province")[:10], kinds=(datetime, int))


@register.inclusion_tag("monitoring/_announcements.html", takes_context=True)
def announcements(context):
    """{% load monitoring %}{% announcements %}: the current announcements for the signed-in user."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"announcements": []}
    if can(user, "wts.read_all_announcements"):
        return {"announcements": list(Announcement.visible_to(user).select_related("province")[:10])}
    now = timezone.now()
    if user.province_id is None:
        return {"announcements": _for_everyone.objects(now)}
    return {"announcements": _for_province.objects(now, user.province_id)}


@register.simple_tag
def deadline_cell(days, deadline, done=False):
    """Days to a deadline as a badge, with its date: a tag, not an include, because the province
    board draws it twice per district."""
    if done:
        badge = format_html('<span class="badge badge-confirmed">{}</span>', _("ดำเนินการแล้ว"))
    elif days is None:
        badge = "—"
    elif days < 0:
        badge = format_html('<span class="badge badge-late">{}</span>', _("เลยกำหนด %(n)s วัน") % {"n": -days})
    elif days == 0:
        badge = format_html('<span class="badge badge-returned">{}</span>', _("ครบกำหนดวันนี้"))
    else:
        badge = _("อีก %(n)s วัน") % {"n": days}
    return format_html('{}<br><small class="muted">{}</small>', badge, thai_date(deadline))


@register.simple_tag
def confirmation_badge(row):
    """The confirmation column of a board: the confirmation state only (wts/monitoring/wording.py)."""
    from wts.monitoring.wording import confirmation_label, confirmation_state

    report = row.report
    label = confirmation_label(row.state, report.confirmed_at if report else None)
    css = {"not_sent": "not_started", "waiting": "submitted"}.get(confirmation_state(row.state), row.state)
    return format_html('<span class="badge badge-{}">{}</span>', css, label)
