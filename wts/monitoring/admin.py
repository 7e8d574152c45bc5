from django.contrib import admin

from wts.core.admin import ReadOnlyAdmin

from .models import Announcement, Reminder


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """Posting and withdrawing go through the announcement pages (audited actions)."""

    list_display = ["title", "audience", "province", "starts_at", "expires_at", "withdrawn_at"]
    list_filter = ["audience"]
    search_fields = ["title", "body"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "district", "kind", "window", "deadline_at", "days_before", "sent_by"]
    list_filter = ["kind", "window", "round"]
