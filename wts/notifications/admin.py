from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wts.lib.admin import ReadOnlyAdmin, thai_datetime_column

from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """Each email's outcome, as the worker recorded it (written only by the sending job)."""

    created = thai_datetime_column("created_at", _("สร้างเมื่อ"))
    sent = thai_datetime_column("sent_at", _("ส่งเมื่อ"))
    next_attempt = thai_datetime_column("next_attempt_at", _("ส่งครั้งถัดไป"))

    list_display = ["to", "subject", "state", "attempts", "created", "sent"]
    list_filter = ["state"]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "body", "state", "attempts", "created", "next_attempt", "sent", "last_error"]
    readonly_fields = fields
