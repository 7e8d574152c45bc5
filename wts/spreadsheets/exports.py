"""Exports of a round (one row per district, one column per item) and of many rounds (one row per
district × item × round), as CSV or XLSX.

Rows are generated from database iterators merged district by district, and written as they come
(CSV straight into the response, XLSX through openpyxl's write-only mode into a temporary file), so
memory stays flat however many districts, items and rounds there are.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from itertools import groupby

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from wts.catalog.models import MissionArea
from wts.lib.cells import safe_cell
from wts.lib.thai import thai_date, thai_time
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ItemValue, ReportState

from .workbook import round_items

CHUNK = 2000


def _labels(choices) -> dict[str, str]:
    """Translated once per export, not once per cell (gettext dominates the per-row cost otherwise)."""
    return {value: str(label) for value, label in choices}


def _when_formatter():
    """thai_datetime with the word for "at" translated once per export."""
    at = _("เวลา")

    def when(value):
        return f"{thai_date(value)} {at} {thai_time(value)}" if value else ""
    return when


def _by_district(rows: Iterable[tuple]) -> Iterator[tuple[str, list[tuple]]]:
    """Group rows whose first element is a district code (rows arrive ordered by it)."""
    for code, group in groupby(rows, key=lambda r: r[0]):
        yield code, list(group)


class _Merge:
    """Walk a grouped iterator alongside an ordered list of district codes."""

    def __init__(self, grouped):
        self._it = iter(grouped)
        self._head = next(self._it, None)

    def take(self, code) -> list[tuple]:
        while self._head is not None and self._head[0] < code:
            self._head = next(self._it, None)
        if self._head is not None and self._head[0] == code:
            rows = self._head[1]
            self._head = next(self._it, None)
            return rows
        return []


def _districts(districts_qs):
    return (
        districts_qs.select_related("province")
        .order_by("code")
        .only("code", "name_th", "province__code", "province__name_th")
        .iterator(chunk_size=CHUNK)
    )


def _merged_by_district(queryset, district_code: str, *fields) -> _Merge:
    """Rows of `queryset` in district order, streamed, walked alongside the districts' codes."""
    return _Merge(_by_district(
        queryset.order_by(district_code).values_list(district_code, *fields).iterator(chunk_size=CHUNK)
    ))


def _reports(round_, districts_qs):
    return _merged_by_district(
        DistrictReport.objects.filter(round=round_, district__in=districts_qs), "district__code",
        "state", "areas_complete", "submitted_at", "confirmed_at",
        "confirmed_by__username", "last_changed_at", "last_changed_by__username",
    )


def _area_statuses(round_, districts_qs):
    return _merged_by_district(
        AreaReport.objects.filter(report__round=round_, report__district__in=districts_qs),
        "report__district__code", "area_id", "status",
    )


def _values(round_, districts_qs, *fields):
    return _merged_by_district(
        ItemValue.objects.filter(report__round=round_, report__district__in=districts_qs),
        "report__district__code", "item_id", "value", *fields,
    )


def round_header(round_, items, areas) -> list[str]:
    return [
        _("รหัสจังหวัด"), _("จังหวัด"), _("รหัสอำเภอ"), _("อำเภอ"), _("สถานะรายงาน"), _("ด้านที่บันทึกครบ"),
        _("ส่งเมื่อ"), _("ยืนยันเมื่อ"), _("ยืนยันโดย"), _("แก้ไขล่าสุด"), _("แก้ไขล่าสุดโดย"),
        *[f"{_('สถานะด้านที่')} {a.number}" for a in areas],
        *[f"{i.code} {i.name} ({i.unit})" for i in items],
    ]


def round_rows(round_, districts_qs) -> Iterator[list]:
    """Header, then one row per district in scope: its state, area statuses and every item's value."""
    items = round_items(round_)
    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    yield round_header(round_, items, areas)
    state_labels, area_labels, when = _labels(ReportState.choices), _labels(AreaStatus.choices), _when_formatter()
    reports, statuses, values = _reports(round_, districts_qs), _area_statuses(round_, districts_qs), _values(
        round_, districts_qs
    )
    total_areas = len(areas)
    for d in _districts(districts_qs):
        report = reports.take(d.code)
        (_c, state, complete, submitted, confirmed, confirmed_by, changed, changed_by) = (
            report[0] if report else (d.code, ReportState.NOT_STARTED, 0, None, None, None, None, None)
        )
        area_status = {area_id: status for _c, area_id, status in statuses.take(d.code)}
        value = {item_id: v for _c, item_id, v in values.take(d.code)}
        yield [
            d.province.code, d.province.name_th, d.code, d.name_th, state_labels[state],
            f"{complete}/{total_areas}", when(submitted), when(confirmed), confirmed_by or "",
            when(changed), changed_by or "",
            *[area_labels[area_status.get(a.pk, AreaStatus.NOT_STARTED)] for a in areas],
            *[value.get(i.pk) for i in items],
        ]


def multi_round_header() -> list[str]:
    return [
        _("ปีงบประมาณ"), _("รหัสจังหวัด"), _("จังหวัด"), _("รหัสอำเภอ"), _("อำเภอ"), _("ด้านที่"), _("ด้าน"),
        _("รหัสรายการ"), _("รายการงาน"), _("หน่วยนับ"), _("ปริมาณงาน"), _("สถานะด้าน"), _("สถานะรายงาน"),
        _("แก้ไขค่าล่าสุด"),
    ]


def multi_round_rows(rounds, districts_qs) -> Iterator[list]:
    """Header, then one row per district × item × round (blank value when not recorded)."""
    yield multi_round_header()
    state_labels, area_labels, when = _labels(ReportState.choices), _labels(AreaStatus.choices), _when_formatter()
    for round_ in sorted(rounds, key=lambda r: r.fiscal_year):
        # The item columns are the same for every district: resolve them once per round.
        items = [(i.pk, i.area_id, i.area.number, i.area.name, i.code, i.name, i.unit) for i in round_items(round_)]
        reports, statuses, values = (
            _reports(round_, districts_qs), _area_statuses(round_, districts_qs),
            _values(round_, districts_qs, "updated_at"),
        )
        for d in _districts(districts_qs):
            report = reports.take(d.code)
            state_label = state_labels[report[0][1] if report else ReportState.NOT_STARTED]
            area_status = {area_id: status for _c, area_id, status in statuses.take(d.code)}
            value = {item_id: (v, updated) for _c, item_id, v, updated in values.take(d.code)}
            head = (round_.fiscal_year, d.province.code, d.province.name_th, d.code, d.name_th)
            for item_id, area_id, area_number, area_name, code, name, unit in items:
                v, updated = value.get(item_id, (None, None))
                yield [
                    *head, area_number, area_name, code, name, unit, v,
                    area_labels[area_status.get(area_id, AreaStatus.NOT_STARTED)], state_label,
                    when(updated) if v is not None else "",
                ]


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows: Iterable[list], *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark so Excel opens Thai text correctly; cells neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    buffer = []
    for row in rows:
        buffer.append(writer.writerow([safe_cell(c) if isinstance(c, str) else ("" if c is None else c) for c in row]))
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def xlsx_file(sheets: list[tuple[str, Iterable[list]]]):
    """A temporary file holding the workbook (write-only mode keeps rows out of memory)."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        first = True
        for row in rows:
            cells = [safe_cell(c) if isinstance(c, str) else c for c in row]
            if first:
                # Widths must be set before the first row is written in write-only mode.
                for index, heading in enumerate(cells, start=1):
                    ws.column_dimensions[get_column_letter(index)].width = min(max(len(str(heading)) + 2, 10), 40)
                ws.freeze_panes = "A2"
                header = []
                for c in cells:
                    cell = WriteOnlyCell(ws, value=c)
                    cell.font = bold
                    header.append(cell)
                ws.append(header)
                first = False
            else:
                ws.append(cells)
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    return out


def item_legend_rows(round_) -> Iterator[list]:
    yield [_("ด้านที่"), _("ด้าน"), _("รหัสรายการ"), _("รายการงาน"), _("หน่วยนับ"), _("เวลามาตรฐาน (นาทีต่อหน่วย)")]
    for i in round_items(round_):
        yield [i.area.number, i.area.name, i.code, i.name, i.unit, float(i.standard_minutes)]
