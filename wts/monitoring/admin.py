from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wts.lib.admin import ReadOnlyAdmin, thai_datetime_column

from .models import Announcement, Reminder


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """Posting and withdrawing go through the announcement pages (audited actions)."""

    shown_from = thai_datetime_column("starts_at", _("เริ่มแสดง"))
    shown_until = thai_datetime_column("expires_at", _("แสดงถึง"))
    withdrawn = thai_datetime_column("withdrawn_at", _("ยกเลิกเมื่อ"))
    posted = thai_datetime_column("created_at", _("สร้างเมื่อ"))

    list_display = ["title", "audience", "province", "shown_from", "shown_until", "withdrawn"]
    list_filter = ["audience"]
    search_fields = ["title", "body"]
    # Dates are shown in the Buddhist Era by the columns above, never as Django's own fields.
    fields = ["title", "body", "attachment", "audience", "province", "shown_from", "shown_until", "withdrawn",
              "created_by", "posted"]
    readonly_fields = fields


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    sent = thai_datetime_column("sent_at", _("ส่งเมื่อ"))
    deadline = thai_datetime_column("deadline_at", _("กำหนดส่ง"))

    list_display = ["sent", "district", "kind", "window", "deadline", "days_before", "sent_by"]
    list_filter = ["kind", "window", "round"]
    fields = ["round", "province", "district", "kind", "window", "deadline", "days_before", "message", "sent_by", "sent"]
    readonly_fields = fields
