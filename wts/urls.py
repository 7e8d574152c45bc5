from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wts.core import views as core_views
from wts.monitoring import round_close

admin.site.site_header = "ระบบติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ"
admin.site.site_title = "ผู้ดูแลระบบ"
admin.site.index_title = "จัดการรอบการรายงานและแบบฟอร์ม"

urlpatterns = [
    path("", core_views.home, name="home"),
    # Pages without the base template (the admin, PDFs) still get the icon browsers ask for here.
    path("favicon.ico", core_views.favicon),
    path("accounts/", include("wts.accounts.urls")),
    path("entry/", include("wts.entry.urls")),
    path("review/", include("wts.review.urls")),
    path("audit/", include("wts.trail.urls")),
    path("notifications/", include("wts.notifications.urls")),
    path("monitoring/", include("wts.monitoring.urls")),
    path("monitoring/", include("wts.documents.urls")),
    # Closing a round reads the workflow's count, which the rounds app (below it) cannot import.
    path("rounds/<int:fiscal_year>/close/", round_close.close, name="round_close"),
    path("rounds/", include("wts.rounds.urls")),
    path("catalog/", include("wts.catalog.urls")),
    path("spreadsheets/", include("wts.spreadsheets.urls")),
    path("api/", include("wts.api.urls")),
    path("analytics/", include("wts.analytics.urls")),
    path("jobs/", include("wts.jobs.urls")),
    path("admin/", admin.site.urls),
]
if "demo" in settings.INSTALLED_APPS:  # development and test only: the demo's sent-mail page
    urlpatterns.append(path("dev/", include("demo.urls")))

handler400 = "wts.core.errors.bad_request"
handler403 = "wts.core.views.forbidden"
handler404 = "wts.core.views.not_found"
handler500 = "wts.core.errors.server_error"
