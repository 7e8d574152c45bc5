"""Analysis exports (the national staffing PDF takes many seconds) as background jobs."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from wts.lib.errors import Refused


def export_analysis(job, progress) -> None:
    from .views import Analysis, export_file

    owner, params = job.owner, job.params
    if owner is None or not owner.is_active:
        raise Refused(_("ผู้สั่งงานนี้ไม่มีสิทธิ์ดูการวิเคราะห์แล้ว"))
    progress.step(_("คำนวณอัตรากำลังจากข้อมูลที่ยืนยันแล้ว"), 1, 3)
    request = SimpleNamespace(user=owner, GET=QueryDict(params.get("query", "")))
    try:
        analysis = Analysis(request, params["slug"])
    except (Http404, PermissionDenied):
        raise Refused(_("ผู้สั่งงานนี้ไม่มีสิทธิ์ดูการวิเคราะห์นี้แล้ว")) from None
    if analysis.table is None:
        raise Refused(_("ไม่มีข้อมูลตามตัวกรองที่เลือก"))
    progress.step(_("จัดทำไฟล์"), 2, 3)
    filename, body, content_type = export_file(analysis, params["kind"])
    progress.step(_("บันทึกไฟล์"), 3, 3)
    progress.save_file(filename, content_type, body)
