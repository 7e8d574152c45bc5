"""Documents made by the worker: the national status report, when it takes long."""

from django.utils.translation import gettext as _

from wts.lib.downloads import XLSX
from wts.lib.errors import Refused
from wts.lib.permissions import can
from wts.rounds.models import Round

from . import reports
from .render import pdf, workbook


def status_report(job, progress) -> None:
    owner, params = job.owner, job.params
    if owner is None or not can(owner, "wts.export_national_figures"):
        raise Refused(_("ผู้สั่งงานนี้ไม่มีสิทธิ์ดูรายงานสถานะทั้งประเทศแล้ว"))
    round_ = Round.objects.get(fiscal_year=params["fiscal_year"])
    progress.step(_("รวบรวมสถานะรายจังหวัด"), 1, 4)
    report = reports.national_report(round_)
    thai_digits = bool(params.get("thai_digits"))
    progress.step(_("จัดทำไฟล์รายงาน"), 2, 4)
    if params["fmt"] == "pdf":
        content, content_type = pdf.status_report_pdf(report, thai_digits=thai_digits), "application/pdf"
    else:
        content, content_type = workbook.status_report_xlsx(report, thai_digits=thai_digits), XLSX
    progress.step(_("บันทึกไฟล์"), 3, 4)
    progress.save_file(f"status-report-{round_.fiscal_year}.{params['fmt']}", content_type, content)
