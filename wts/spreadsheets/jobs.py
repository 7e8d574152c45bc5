"""National and multi-round exports as background jobs: the same rows as the direct downloads,
written by a worker with progress, kept for the person who asked (wts/jobs)."""

from django.http import Http404
from django.utils.translation import gettext as _

from wts.accounts.scope import districts_for, get_province_for
from wts.catalog.models import WorkItem
from wts.lib.downloads import XLSX
from wts.lib.errors import Refused
from wts.lib.permissions import can
from wts.rounds.models import Round

from . import exports

PROGRESS_EVERY = 500


def _scope(owner, province_code):
    """The districts the owner may export now (checked again when the job runs, not only when asked)."""
    if owner is None or not owner.is_active:
        raise Refused(_("ผู้สั่งงานนี้ไม่มีสิทธิ์ส่งออกข้อมูลแล้ว"))
    if province_code:
        try:
            province = get_province_for(owner, province_code)
        except Http404:
            raise Refused(_("จังหวัดนี้อยู่นอกขอบเขตของผู้สั่งงาน")) from None
        return districts_for(owner).filter(province=province)
    if not can(owner, "wts.export_national_figures"):
        raise Refused(_("ผู้สั่งงานนี้ไม่มีสิทธิ์ส่งออกข้อมูลทั้งประเทศ"))
    return districts_for(owner)


def counted(rows, progress, total: int, label: str):
    """Pass rows through, reporting how many have been written."""
    for n, row in enumerate(rows):
        if n % PROGRESS_EVERY == 0:
            progress.step(label, n, total)
        yield row


def _write(fmt, sheets) -> tuple[bytes, str]:
    if fmt == "csv":
        return b"".join(exports.csv_chunks(sheets[0][1])), "text/csv; charset=utf-8"
    with exports.xlsx_file(sheets) as file:
        return file.read(), XLSX


def export_round(job, progress) -> None:
    params = job.params
    districts = _scope(job.owner, params.get("province_code"))
    round_ = Round.objects.get(fiscal_year=params["fiscal_year"])
    total = districts.count()
    progress.step(_("เตรียมข้อมูลรอบ %(round)s") % {"round": round_}, 0, total)
    rows = counted(exports.round_rows(round_, districts), progress, total,
                   _("เขียนข้อมูลรายอำเภอ (%(n)s อำเภอ)") % {"n": total})
    sheets = [(_("ปริมาณงาน"), rows)]
    if params["fmt"] == "xlsx":
        sheets.append((_("รายการงาน"), exports.item_legend_rows(round_)))
    content, content_type = _write(params["fmt"], sheets)
    progress.step(_("บันทึกไฟล์"), total, total)
    label = params.get("province_code") or "national"
    progress.save_file(f"wts-{round_.fiscal_year}-{label}.{params['fmt']}", content_type, content)


def export_rounds(job, progress) -> None:
    params = job.params
    districts = _scope(job.owner, params.get("province_code"))
    rounds = list(Round.objects.filter(fiscal_year__in=params["fiscal_years"]).order_by("fiscal_year"))
    if not rounds:
        raise Refused(_("ไม่พบรอบการรายงานที่เลือก"))
    items = WorkItem.objects.filter(area__round__in=rounds).count()
    total = districts.count() * items
    progress.step(_("เตรียมข้อมูล %(n)s รอบ") % {"n": len(rounds)}, 0, total)
    rows = counted(exports.multi_round_rows(rounds, districts), progress, total,
                   _("เขียนข้อมูลรายอำเภอ รายการงาน และรอบ"))
    content, content_type = _write(params["fmt"], [(_("ปริมาณงานหลายรอบ"), rows)])
    progress.step(_("บันทึกไฟล์"), total, total)
    years = [r.fiscal_year for r in rounds]
    label = params.get("province_code") or "national"
    name = f"wts-{years[0]}-{years[-1]}-{label}" if len(years) > 1 else f"wts-{years[0]}-{label}"
    progress.save_file(f"{name}.{params['fmt']}", content_type, content)
