"""Posts per district and position type (framework, filled): entered by the province on a page or
from an XLSX sheet. Both paths validate with the same form and save through the same action."""

import io
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from wts.catalog.models import PositionType
from wts.lib.cells import neutralise_workbook
from wts.lib.thai import parse_count
from wts.lib.thai_sort import thai_sort_key
from wts.lib.uploads import validate_xlsx_upload

from .models import DistrictPositions

MAX_POSTS = 999
HEADERS = [gettext_lazy("รหัสอำเภอ"), gettext_lazy("อำเภอ"), gettext_lazy("รหัสประเภทตำแหน่ง"),
           gettext_lazy("ประเภทตำแหน่ง"), gettext_lazy("ตำแหน่งตามกรอบ"), gettext_lazy("คนครอง")]


class PostsField(forms.CharField):
    """A number of posts: Thai or Arabic digits; blank means not known (missing), not zero."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_count(super().to_python(value), max_value=MAX_POSTS)


class PostsForm(forms.Form):
    framework = PostsField(label=gettext_lazy("ตำแหน่งตามกรอบ"))
    filled = PostsField(label=gettext_lazy("คนครอง"))

    def clean(self):
        data = super().clean()
        if data.get("filled") is None and "filled" not in self.errors:
            self.add_error("filled", _("กรุณากรอกจำนวนคนครอง (0 ถ้าไม่มี) ผลของอำเภอนี้จะไม่ครบถ้าไม่มีข้อมูลนี้"))
        return data


def position_types_for_posts(round_) -> list[PositionType]:
    return list(PositionType.objects.filter(round=round_).order_by("order", "code")) if round_ else []


def current_posts(districts) -> dict[tuple[int, str], tuple]:
    return {
        (d, c): (f, p) for d, c, f, p in DistrictPositions.objects.filter(district__in=districts)
        .values_list("district_id", "position_code", "framework", "filled")
    }


def posts_workbook(districts, types) -> bytes:
    """The sheet to fill in (and the current figures): one row per district and position type."""
    posts = current_posts(districts)
    wb = Workbook()
    ws = wb.active
    ws.title = "positions"
    ws.append([str(h) for h in HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for d in sorted(districts, key=lambda d: thai_sort_key(d.name_th)):
        for t in types:
            framework, filled = posts.get((d.pk, t.code), (None, None))
            ws.append([d.code, d.name_th, t.code, t.name, framework, filled])
    for letter, width in zip("ABCDEF", (12, 24, 14, 36, 14, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    out = io.BytesIO()
    neutralise_workbook(wb)
    wb.save(out)
    return out.getvalue()


class PostsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("ไฟล์ Excel (.xlsx)"), validators=[validate_xlsx_upload])


@dataclass
class PostsUpload:
    changes: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_posts(uploaded, districts, types) -> PostsUpload:
    """Rows of the sheet checked with PostsForm; every problem is reported with its row number."""
    result = PostsUpload()
    by_code = {d.code: d for d in districts}
    codes = {t.code for t in types}
    try:
        ws = load_workbook(uploaded, read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged file
        result.errors.append(_("อ่านไฟล์ไม่ได้ โปรดใช้ไฟล์ที่ดาวน์โหลดจากหน้านี้"))
        return result
    for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if not row or all(v in (None, "") for v in row[:6]):
            continue
        cells = list(row[:6]) + [None] * (6 - len(row[:6]))
        district = by_code.get(str(cells[0] or "").strip())
        code = str(cells[2] or "").strip().upper()
        if district is None:
            result.errors.append(_("แถว %(n)s: ไม่พบรหัสอำเภอ %(code)s ในจังหวัดนี้") % {"n": number, "code": cells[0]})
            continue
        if code not in codes:
            result.errors.append(_("แถว %(n)s: ไม่พบรหัสประเภทตำแหน่ง %(code)s") % {"n": number, "code": cells[2]})
            continue
        form = PostsForm({"framework": "" if cells[4] is None else str(cells[4]),
                          "filled": "" if cells[5] is None else str(cells[5])})
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                result.errors.extend(f"{_('แถว')} {number} {label}: {m}" for m in messages)
            continue
        result.changes[district, code] = (form.cleaned_data["framework"], form.cleaned_data["filled"])
    return result
