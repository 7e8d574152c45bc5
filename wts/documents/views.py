from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.scope import get_province_for
from wts.audit.bulk import record_bulk_read
from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind
from wts.lib.downloads import XLSX, attachment
from wts.lib.permissions import can, require
from wts.monitoring.picker import round_from_request as _round_from

from . import letters, reports
from .actions import department_letter, issue_letter, previous_letter, save_letterhead, upload_emblem
from .forms import EmblemForm, LetterForm, LetterheadForm
from .models import DEPARTMENT, Emblem, Letterhead, SentLetter
from .render import pdf, word, workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_FORMATS = {"pdf", "xlsx"}


def _picked_round(request: HttpRequest):
    round_ = _round_from(request)
    if round_ is None:
        raise Http404
    return round_


def _report_round(request: HttpRequest, fmt: str):
    if fmt not in REPORT_FORMATS:
        raise Http404
    return _picked_round(request)


def _report_file(request: HttpRequest, report, fmt: str, name: str) -> HttpResponse:
    thai_digits = request.GET.get("digits") == "thai"
    if fmt == "pdf":
        return attachment(pdf.status_report_pdf(report, thai_digits=thai_digits), "application/pdf", f"{name}.pdf")
    return attachment(workbook.status_report_xlsx(report, thai_digits=thai_digits), XLSX, f"{name}.xlsx")


@require_GET
@login_required
def national_report(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request.user, "wts.export_national_figures")
    round_ = _report_round(request, fmt)
    record_bulk_read(acting_user=request.user, what=_("รายงานสถานะทั้งประเทศ"), fmt=fmt, round=round_)
    return _report_file(request, reports.national_report(round_), fmt, f"status-report-{round_.fiscal_year}")


@require_GET
@login_required
def province_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    province = get_province_for(request.user, code)
    require(request.user, "wts.export_province_figures")
    round_ = _report_round(request, fmt)
    record_bulk_read(acting_user=request.user, what=_("รายงานสถานะจังหวัด"), fmt=fmt, round=round_, province=province)
    return _report_file(request, reports.province_report(round_, province), fmt,
                        f"status-report-{round_.fiscal_year}-{province.code}")


def _suggested_reference(round_, province) -> str:
    """อ้างถึง: the office's previous letter of the same matter, else (for a province) the department's."""
    previous = previous_letter(round_=round_, province=province)
    if previous is None and province is not None:
        previous = department_letter(round_=round_)
    return previous.citation() if previous else ""


def _render_letter(letter, fmt: str, thai_digits: bool, name: str) -> tuple[bytes, str, str]:
    if fmt == "pdf":
        return pdf.letter_pdf(letter, thai_digits=thai_digits), "application/pdf", f"{name}.pdf"
    return word.letter_docx(letter, thai_digits=thai_digits), DOCX, f"{name}.docx"


def _letter(request: HttpRequest, province) -> HttpResponse:
    round_ = _picked_round(request)
    emblem = Emblem.current()
    letterhead = Letterhead.objects.filter(province=province).first()
    context = {"province": province, "round": round_, "emblem": emblem, "letterhead": letterhead,
               "register_url": _register_url(province)}
    issuing = request.method == "POST"
    if not issuing and "format" not in request.GET:
        form = LetterForm(initial={"date": timezone.localdate(), "thai_digits": True, "format": "docx",
                                   "reference": _suggested_reference(round_, province)})
        return render(request, "documents/letter_form.html", {"form": form, **context})
    form = LetterForm(request.POST if issuing else request.GET)
    if not form.is_valid():
        return render(request, "documents/letter_form.html", {"form": form, **context}, status=400)
    kwargs = form.letter_kwargs()
    thai_digits, fmt = form.cleaned_data["thai_digits"], form.cleaned_data["format"]
    name = f"follow-up-letter-{round_.fiscal_year}{'-' + province.code if province else ''}"
    if issuing:
        prefix = kwargs.pop("doc_no") or (letterhead.doc_prefix if letterhead else "")
        if not prefix or "…" in prefix:
            form.add_error("doc_no", _("ยังไม่มีรหัสหนังสือของส่วนราชการ กรุณากรอก เช่น นพ 0023.3/ว หรือบันทึกไว้ที่ข้อมูลส่วนราชการ"))
            return render(request, "documents/letter_form.html", {"form": form, **context}, status=400)
        sample = letters.draft_letter(round_, province=province, emblem=emblem, letterhead=letterhead, **kwargs)

        def render_numbered(doc_no):
            numbered = letters.draft_letter(round_, province=province, emblem=emblem, letterhead=letterhead,
                                            doc_no=doc_no, **kwargs)
            return _render_letter(numbered, fmt, thai_digits, name)

        issued = issue_letter(round_=round_, province=province, prefix=prefix, date=sample.date,
                              subject=sample.subject, recipients=sample.salutation, agency=sample.agency,
                              urgency=sample.urgency, render=render_numbered, acting_user=request.user)
        messages.success(request, _("ออกเลขหนังสือ ที่ %(no)s แล้ว") % {"no": issued.doc_no})
        return redirect(_register_url(province))
    letter = letters.draft_letter(round_, province=province, emblem=emblem, letterhead=letterhead, **kwargs)
    record_bulk_read(acting_user=request.user, what=_("หนังสือติดตาม"), fmt=fmt, round=round_, province=province)
    content, content_type, file_name = _render_letter(letter, fmt, thai_digits, name)
    return attachment(content, content_type, file_name)


def _register_url(province) -> str:
    if province is None:
        return reverse("documents:national_register")
    return reverse("documents:province_register", args=[province.code])


def _register(request: HttpRequest, province) -> HttpResponse:
    entries = SentLetter.objects.filter(office=province.code if province else DEPARTMENT).select_related(
        "issued_by", "corrects")
    return render(request, "documents/register.html", {"province": province, "entries": entries})


def _register_file(request: HttpRequest, province, pk: int) -> HttpResponse:
    entry = get_object_or_404(SentLetter, pk=pk, office=province.code if province else DEPARTMENT)
    record_bulk_read(acting_user=request.user, what=_("หนังสือส่งตามทะเบียน %(name)s") % {"name": entry.file_name},
                     fmt=entry.file_name.rsplit(".", 1)[-1], province=province, data={"letter": entry.pk})
    return attachment(bytes(entry.file), entry.content_type, entry.file_name)


def _letterhead(request: HttpRequest, province) -> HttpResponse:
    require(request.user, "wts.edit_letterhead", province)
    current = Letterhead.objects.filter(province=province).first()
    form = LetterheadForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        save_letterhead(province=province, values=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("บันทึกข้อมูลส่วนราชการแล้ว หนังสือที่ร่างต่อจากนี้จะใช้ข้อมูลนี้"))
        return redirect(request.path)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/letterhead.html", {"form": form, "province": province}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def national_letterhead(request: HttpRequest) -> HttpResponse:
    return _letterhead(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def province_letterhead(request: HttpRequest, code: str) -> HttpResponse:
    return _letterhead(request, get_province_for(request.user, code))


@require_GET
@login_required
def national_register(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.draft_national_letter")
    return _register(request, None)


@require_GET
@login_required
def province_register(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for(request.user, code)
    require(request.user, "wts.draft_province_letter")
    return _register(request, province)


@require_GET
@login_required
def national_register_file(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "wts.draft_national_letter")
    return _register_file(request, None, pk)


@require_GET
@login_required
def province_register_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    province = get_province_for(request.user, code)
    require(request.user, "wts.draft_province_letter")
    return _register_file(request, province, pk)


@require_http_methods(["GET", "POST"])
@login_required
def national_letter(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and not can(request.user, "wts.draft_national_letter"):
        # The department's viewer sees what the letter page offers, read-only: no form, no draft.
        require(request.user, "wts.export_national_figures")
        round_ = _picked_round(request)
        return render(request, "documents/letter_form.html",
                      {"form": None, "read_only": True, "province": None, "round": round_, "emblem": Emblem.current()})
    return _letter(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def province_letter(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for(request.user, code)
    require(request.user, "wts.draft_province_letter")
    return _letter(request, province)


@require_http_methods(["GET", "POST"])
@login_required
def emblem(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.upload_emblem")
    form = EmblemForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            image, content_type = form.cleaned_data["image"]
            upload_emblem(image=image, content_type=content_type, acting_user=request.user)
            messages.success(request, _("บันทึกตราครุฑแล้ว หนังสือที่ร่างต่อจากนี้จะใช้ภาพนี้"))
            return redirect("documents:emblem")
        return render(request, "documents/emblem.html", {"form": form, "emblem": Emblem.current()}, status=400)
    return render(request, "documents/emblem.html", {"form": form, "emblem": Emblem.current()})


@require_POST
@login_required
def national_report_job(request: HttpRequest, fmt: str) -> HttpResponse:
    """The national status report made by a worker, for when it takes long (many rounds of data,
    a busy server): the page shows progress and the file waits on "my downloads"."""
    require(request.user, "wts.export_national_figures")
    round_ = _report_round(request, fmt)
    thai_digits = request.GET.get("digits") == "thai"
    job = start_job(
        JobKind.STATUS_REPORT, owner=request.user,
        title=_("แบบรายงานสถานะ%(round)s (%(fmt)s)") % {"round": round_, "fmt": fmt.upper()},
        params={"fiscal_year": round_.fiscal_year, "fmt": fmt, "thai_digits": thai_digits},
    )
    return redirect("jobs:detail", pk=job.pk)
