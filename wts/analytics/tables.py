"""The analysis as tables: one shape for the page, the XLSX and the PDF, so the three always agree.

Each builder returns a Table and, for the page, the data of its chart.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.workflow.models import ReportState

from .quality import RoundFlags
from .staffing import DistrictResult, Rollup, StaffingAnalysis
from .stats import SIZE_BANDS, quantile

TEXT, INT, DEC1, DEC2, GAP, GAP_INT = "text", "int", "dec1", "dec2", "gap", "gapint"


@dataclass
class Column:
    label: str
    kind: str = TEXT
    width: int = 12


@dataclass
class Row:
    cells: list
    # "nodata": no counted figures; "unconfirmed": includes data not yet confirmed.
    mark: str = ""
    link: str = ""


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    notes: list[str] = field(default_factory=list)
    chart: dict | None = None
    link_column: int | None = None


def _mark(has_data: bool, unconfirmed: bool) -> str:
    if not has_data:
        return "nodata"
    return "unconfirmed" if unconfirmed else ""


def _rollup_cells(r: Rollup) -> list:
    return [
        f"{r.districts_with_data}/{r.districts}", r.lgo_count, r.hours if r.has_data else None,
        r.fte_needed if r.has_data else None, r.framework_with_data, r.filled_with_data, r.gap_filled,
        r.gap_framework, r.shortage if r.has_data else None, r.surplus if r.has_data else None,
    ]


def _rollup_columns(first: str) -> list[Column]:
    return [
        Column(first, TEXT, 24),
        Column(_("อำเภอที่มีข้อมูล/ทั้งหมด"), TEXT, 12),
        Column(_("จำนวน อปท."), INT, 10),
        Column(_("ชั่วโมงงานต่อปี"), INT, 14),
        Column(_("อัตรากำลังที่ต้องการ (FTE)"), DEC2, 14),
        Column(_("ตำแหน่งตามกรอบ"), INT, 10),
        Column(_("คนครอง"), INT, 10),
        Column(_("ขาด(−)/เกิน(+) เทียบคนครอง"), GAP, 14),
        Column(_("ขาด(−)/เกิน(+) เทียบกรอบ"), GAP, 14),
        Column(_("ผลรวมอำเภอที่ขาด"), DEC2, 12),
        Column(_("ผลรวมอำเภอที่เกิน"), DEC2, 12),
    ]


def _fte_chart(rows: list[Rollup]) -> dict:
    return {
        "type": "bar",
        "labels": [r.label for r in rows],
        "datasets": [
            {"label": _("FTE ที่ต้องการ"), "data": [round(r.fte_needed, 2) for r in rows]},
            {"label": _("คนครอง"), "data": [r.filled_with_data for r in rows]},
            {"label": _("ตำแหน่งตามกรอบ"), "data": [r.framework_with_data for r in rows]},
        ],
        "y_title": _("คน"),
    }


def _rollup_notes() -> list[str]:
    return [
        _("ขาด/เกิน = คนครอง (หรือตำแหน่งตามกรอบ) − FTE ที่ต้องการ คิดเฉพาะอำเภอที่มีข้อมูล"),
        _("ผลรวมอำเภอที่ขาดและที่เกินแยกกัน เพราะคนที่เกินในอำเภอหนึ่งไม่ได้ชดเชยอำเภอที่ขาดโดยอัตโนมัติ"),
    ]


def province_table(analysis: StaffingAnalysis) -> Table:
    return _rollup_table(analysis, analysis.provinces, slug="provinces",
                         title=_("อัตรากำลังที่ต้องการเทียบกับคนครอง รายจังหวัด"), unit=_("จังหวัด"))


def region_table(analysis: StaffingAnalysis) -> Table:
    return _rollup_table(analysis, analysis.regions, slug="regions",
                         title=_("อัตรากำลังที่ต้องการเทียบกับคนครอง รายภาค"), unit=_("ภาค"), unnamed=_("ไม่ระบุภาค"))


def _rollup_table(analysis: StaffingAnalysis, rollups, *, slug: str, title: str, unit: str, unnamed: str = "") -> Table:
    rows = [
        Row([r.label or unnamed, *_rollup_cells(r)], mark=_mark(r.has_data, r.unconfirmed_districts > 0))
        for r in rollups
    ]
    return Table(
        slug=slug, title=title, columns=_rollup_columns(unit), rows=rows,
        total=Row([_("รวม"), *_rollup_cells(analysis.nation)]), notes=_rollup_notes(),
        chart=_fte_chart(rollups),
    )


# How the district table may be ranked: key → (title, note, sort key among districts with data).
RANKINGS = {
    "shortage": (gettext_lazy("อำเภอเรียงตามอัตรากำลังที่ขาด"),
                 gettext_lazy("อันดับเรียงจากอำเภอที่ขาดมากที่สุด (คนครอง − FTE ที่ต้องการ ติดลบมากที่สุด)"),
                 lambda d: d.gap_filled),
    "fte": (gettext_lazy("อำเภอเรียงตามอัตรากำลังที่ต้องการ"),
            gettext_lazy("อันดับเรียงจาก FTE ที่ต้องการมากที่สุด"), lambda d: -d.fte_needed),
    "per_lgo": (gettext_lazy("อำเภอเรียงตามชั่วโมงงานต่อ อปท."),
                gettext_lazy("อันดับเรียงจากชั่วโมงงานต่อ อปท. มากที่สุด"),
                lambda d: -(d.hours_per_lgo if d.hours_per_lgo is not None else -1)),
}


def ranked_districts(districts: list[DistrictResult], ranking: str = "shortage") -> list[DistrictResult]:
    """Ranked by the chosen measure; districts without figures last, ties by code."""
    measure = RANKINGS[ranking][2]
    return sorted(districts, key=lambda d: (not d.has_data, measure(d) if d.has_data else 0, d.district.code))


def district_table(analysis: StaffingAnalysis, district_url=None, ranking: str = "shortage") -> Table:
    title, note_text, _measure = RANKINGS[ranking]
    rows = []
    for rank, d in enumerate(ranked_districts(analysis.districts, ranking), start=1):
        note = ""
        if not d.has_data:
            note = _("ไม่มีข้อมูลที่นับได้")
        elif d.unconfirmed_reports:
            note = _("รวมข้อมูลที่ยังไม่ยืนยัน")
        rows.append(Row(
            [
                rank if d.has_data else None, d.district.display_name, d.district.province.name_th, d.lgo_count,
                d.hours if d.has_data else None, d.fte_needed, d.framework, d.filled, d.gap_filled,
                d.gap_framework, d.hours_per_lgo, ", ".join(str(y) for y in d.fiscal_years), note,
            ],
            mark=_mark(d.has_data, d.unconfirmed_reports > 0),
            link=district_url(d.district) if district_url else "",
        ))
    with_data = [d for d in analysis.districts if d.has_data]
    return Table(
        slug="districts", title=str(title),
        columns=[
            Column(_("อันดับ"), INT, 7), Column(_("อำเภอ"), TEXT, 22), Column(_("จังหวัด"), TEXT, 14),
            Column(_("จำนวน อปท."), INT, 8), Column(_("ชั่วโมงงานต่อปี"), INT, 12),
            Column(_("FTE ที่ต้องการ"), DEC2, 10), Column(_("กรอบ"), INT, 7), Column(_("คนครอง"), INT, 7),
            Column(_("ขาด/เกิน เทียบคนครอง"), GAP, 10), Column(_("ขาด/เกิน เทียบกรอบ"), GAP, 10),
            Column(_("ชั่วโมงต่อ อปท."), DEC1, 10),
            Column(_("ปีงบประมาณที่ใช้"), TEXT, 16), Column(_("หมายเหตุ"), TEXT, 20),
        ],
        rows=rows,
        total=Row([None, _("รวม"), "", analysis.nation.lgo_count, analysis.nation.hours,
                   analysis.nation.fte_needed, analysis.nation.framework_with_data,
                   analysis.nation.filled_with_data, analysis.nation.gap_filled, analysis.nation.gap_framework,
                   None, "", ""]),
        notes=[str(note_text)],
        link_column=1,
        chart={
            "type": "scatter",
            "datasets": [{
                "label": _("อำเภอ"),
                "data": [{"x": d.lgo_count, "y": round(d.fte_needed, 2), "label": d.district.name_th}
                         for d in with_data],
            }],
            "x_title": _("จำนวน อปท. ที่กำกับดูแล"), "y_title": _("FTE ที่ต้องการ"),
        },
    )


def area_table(analysis: StaffingAnalysis, district_url=None) -> Table:
    """Hours per mission area, by province; within one province, by district."""
    areas = analysis.areas
    by_district = len(analysis.provinces) == 1

    def cells(r):
        return [r.hours_by_area.get(a.number, 0.0) if r.has_data else None for a in areas] + [
            r.hours if r.has_data else None
        ]

    if by_district:
        rows = [
            Row([d.district.display_name, *cells(d)], mark=_mark(d.has_data, d.unconfirmed_reports > 0),
                link=district_url(d.district) if district_url else "")
            for d in analysis.districts
        ]
    else:
        rows = [Row([p.label, *cells(p)], mark=_mark(p.has_data, p.unconfirmed_districts > 0))
                for p in analysis.provinces]
    nation = analysis.nation
    share = [
        (nation.hours_by_area.get(a.number, 0.0) / nation.hours * 100) if nation.hours else None for a in areas
    ]
    return Table(
        slug="areas",
        title=_("ชั่วโมงงานต่อปีรายด้าน รายอำเภอ") if by_district else _("ชั่วโมงงานต่อปีรายด้าน รายจังหวัด"),
        columns=[Column(_("อำเภอ") if by_district else _("จังหวัด"), TEXT, 18)]
        + [Column(_("ด้านที่ %(n)s") % {"n": a.number}, INT, 11) for a in areas]
        + [Column(_("รวม"), INT, 12)],
        rows=rows,
        total=Row([_("รวม"), *cells(nation)]),
        notes=[_("ด้านที่ %(n)s %(name)s: %(share)s ของชั่วโมงงานทั้งหมด")
               % {"n": a.number, "name": a.name, "share": f"{s:.1f}%" if s is not None else "–"}
               for a, s in zip(areas, share, strict=True)],
        chart={
            "type": "bar",
            "labels": [_("ด้านที่ %(n)s") % {"n": a.number} for a in areas],
            "datasets": [{"label": _("ชั่วโมงงานต่อปี"),
                          "data": [round(nation.hours_by_area.get(a.number, 0.0)) for a in areas]}],
            "y_title": _("ชั่วโมง"),
        },
        link_column=0 if by_district else None,
    )


def per_lgo_table(analysis: StaffingAnalysis) -> Table:
    """Workload per local government organisation supervised, by size of district."""
    rows = []
    everyone = [d for d in analysis.districts if d.hours_per_lgo is not None]
    for key, _low, _high, label in [*SIZE_BANDS, ("", 0, None, _("ทุกขนาด"))]:
        group = [d for d in everyone if not key or d.size_band == key]
        per_lgo = [d.hours_per_lgo for d in group]
        if per_lgo:
            stats = [min(per_lgo), quantile(per_lgo, 0.25), quantile(per_lgo, 0.5), quantile(per_lgo, 0.75),
                     max(per_lgo), quantile([d.fte_needed for d in group], 0.5)]
        else:
            stats = [None] * 6
        row = Row([str(label), len(group), *stats], mark="" if group else "nodata")
        if key:
            rows.append(row)
        else:
            total = row
    bins = _histogram([d.hours_per_lgo for d in everyone])
    return Table(
        slug="per-lgo", title=_("การกระจายของชั่วโมงงานต่อ อปท. ที่กำกับดูแล ตามขนาดอำเภอ"),
        columns=[
            Column(_("ขนาดอำเภอ (จำนวน อปท.)"), TEXT, 18), Column(_("จำนวนอำเภอ"), INT, 10),
            Column(_("ต่ำสุด"), DEC1, 10), Column(_("ควอร์ไทล์ที่ 1"), DEC1, 12), Column(_("มัธยฐาน"), DEC1, 10),
            Column(_("ควอร์ไทล์ที่ 3"), DEC1, 12), Column(_("สูงสุด"), DEC1, 10),
            Column(_("FTE ที่ต้องการ (มัธยฐาน)"), DEC2, 14),
        ],
        rows=rows, total=total,
        notes=[_("ค่าในตารางเป็นชั่วโมงงานต่อปีต่อ อปท. หนึ่งแห่ง ยกเว้นคอลัมน์สุดท้าย"),
               _("ควอร์ไทล์คำนวณแบบเดียวกับ PERCENTILE.INC ของ Excel")],
        chart={
            "type": "bar",
            "labels": [b[0] for b in bins],
            "datasets": [{"label": _("จำนวนอำเภอ"), "data": [b[1] for b in bins]}],
            "x_title": _("ชั่วโมงงานต่อ อปท. ต่อปี"), "y_title": _("จำนวนอำเภอ"), "integer_y": True,
        },
    )


def _histogram(values: list[float], bins: int = 12) -> list[tuple[str, int]]:
    if not values:
        return []
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int((v - low) / width), bins - 1)] += 1
    return [(f"{low + i * width:,.0f}–{low + (i + 1) * width:,.0f}", c) for i, c in enumerate(counts)]


def flags_table(result: RoundFlags, district_url=None) -> Table:
    rows = [
        Row(
            [
                f.district.province.name_th, f.district.display_name, str(ReportState(f.report_state).label),
                f"{f.item.code} {f.item.name}", f.value, "; ".join(f.messages),
            ],
            link=district_url(f.district) if district_url else "",
        )
        for f in result.flags
    ]
    round_ = result.round
    notes = [
        _("ตรวจ %(n)s ค่า พบ %(f)s ค่าที่ควรตรวจสอบ") % {"n": f"{result.values_checked:,}", "f": f"{len(rows):,}"},
        _("ค่าผิดปกติ: 0.6745 × |ค่า − มัธยฐาน| ÷ MAD เกิน %(t)s เทียบกับอำเภอที่มีจำนวน อปท. ต่างกันไม่เกิน ±%(p)s%%")
        % {"t": round_.outlier_threshold, "p": round_.peer_size_percent},
    ]
    if result.previous_round:
        notes.append(_("การเปลี่ยนแปลง: เทียบกับ%(round)s เกิน %(p)s%%")
                     % {"round": result.previous_round, "p": round_.change_flag_percent})
    return Table(
        slug="flags", title=_("ค่าที่ควรตรวจสอบ"),
        columns=[
            Column(_("จังหวัด"), TEXT, 14), Column(_("อำเภอ"), TEXT, 20), Column(_("สถานะรายงาน"), TEXT, 14),
            Column(_("รายการงาน"), TEXT, 34), Column(_("ค่า"), INT, 10), Column(_("ข้อสังเกต"), TEXT, 48),
        ],
        rows=rows, notes=notes, link_column=1,
    )


def _type_cells(t) -> list:
    proposed = None if t.whole_difference is None else -t.whole_difference
    return [
        t.hours if t.required is not None else None, t.required, t.whole_posts, t.filled, t.framework,
        t.difference, t.ratio, t.pressure, proposed, t.framework_difference,
    ]


def _type_columns() -> list[Column]:
    return [
        Column(_("ชั่วโมงภาระงานต่อปี"), INT, 11), Column(_("อัตรากำลังที่ต้องการ"), DEC2, 10),
        Column(_("จำนวนอัตรา (เต็ม)"), INT, 8), Column(_("คนครอง"), INT, 7), Column(_("กรอบ"), INT, 7),
        Column(_("ผลต่าง WISN (คนครอง − ต้องการ)"), GAP, 11), Column(_("อัตราส่วน WISN (คนครอง ÷ ต้องการ)"), DEC2, 10),
        Column(_("ระดับภาระงาน"), TEXT, 14), Column(_("ข้อเสนอ (+เพิ่ม / −ลด อัตรา)"), GAP_INT, 9),
        Column(_("กรอบ − จำนวนอัตรา"), GAP_INT, 9),
    ]


def wisn_table(analysis: StaffingAnalysis, district_url=None) -> Table:
    """WISN per district and position type: required staff, whole posts, difference, ratio, the
    change proposed; a row lacking a part says what it lacks instead of showing a partial figure."""
    names = {t.code: t.name for t in analysis.basis.position_types}
    rows = []
    for d in analysis.districts:
        for code, t in d.types.items():
            rows.append(Row(
                [d.district.province.name_th, d.district.display_name, names[code], *_type_cells(t),
                 "; ".join(str(x) for x in t.lacks)],
                mark=_mark(t.required is not None, d.unconfirmed_reports > 0),
                link=district_url(d.district) if district_url else "",
            ))
    nation = analysis.nation
    total_rows = [
        Row([_("รวม"), "", names[code], *_type_cells(t), ""]) for code, t in nation.types.items()
    ]
    notes = [
        _("รวมเฉพาะอำเภอที่มีข้อมูลครบทั้งภาระงาน คนครอง และกรอบ (ไม่ครบ %(n)s แห่ง)") % {
            "n": f"{nation.incomplete_districts:,}"},
        _("ข้อเสนอ = จำนวนอัตรา (เต็ม) − คนครอง; ผลรวมของจำนวนอัตราคือผลรวมของแต่ละอำเภอที่ปัดแล้ว"),
    ]
    return Table(
        slug="wisn", title=_("อัตรากำลังตามประเภทตำแหน่ง (WISN) รายอำเภอ"),
        columns=[Column(_("จังหวัด"), TEXT, 14), Column(_("อำเภอ"), TEXT, 20), Column(_("ประเภทตำแหน่ง"), TEXT, 20),
                 *_type_columns(), Column(_("สิ่งที่ขาด"), TEXT, 18)],
        rows=rows + total_rows[:-1] if len(total_rows) > 1 else rows,
        total=total_rows[-1] if total_rows else None,
        notes=[str(n) for n in notes],
        link_column=1,
        chart={
            "type": "bar", "labels": [names[c] for c in nation.types],
            "datasets": [
                {"label": _("จำนวนอัตรา (เต็ม)"), "data": [t.whole_posts for t in nation.types.values()]},
                {"label": _("คนครอง"), "data": [t.filled for t in nation.types.values()]},
                {"label": _("กรอบ"), "data": [t.framework for t in nation.types.values()]},
            ],
        },
    )


def wisn_province_table(analysis: StaffingAnalysis) -> Table:
    names = {t.code: t.name for t in analysis.basis.position_types}
    rows = [
        Row([p.label, names[code], f"{p.districts - p.incomplete_districts}/{p.districts}", *_type_cells(t)])
        for p in analysis.provinces for code, t in p.types.items()
    ]
    nation = [Row([_("ทั่วประเทศ"), names[code], f"{analysis.nation.districts - analysis.nation.incomplete_districts}/"
                                                   f"{analysis.nation.districts}", *_type_cells(t)])
              for code, t in analysis.nation.types.items()]
    return Table(
        slug="wisn-provinces", title=_("อัตรากำลังตามประเภทตำแหน่ง (WISN) รายจังหวัด"),
        columns=[Column(_("จังหวัด"), TEXT, 14), Column(_("ประเภทตำแหน่ง"), TEXT, 20),
                 Column(_("อำเภอที่ข้อมูลครบ/ทั้งหมด"), TEXT, 9), *_type_columns()],
        rows=rows + nation[:-1], total=nation[-1] if nation else None,
        notes=[_("รวมเฉพาะอำเภอที่มีข้อมูลครบทั้งภาระงาน คนครอง และกรอบ")],
    )
