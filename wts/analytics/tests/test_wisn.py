"""Issue 26: WISN per position type, computed by hand on a small example (the shape of the WHO
manual's worked example, figures of our own) and followed through the whole path: the catalog
page sets the method, the province enters posts, the analysis page and its XLSX show the result."""

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from wts.analytics.models import DistrictPositions
from wts.analytics.staffing import DistrictResult, Rollup, TypeResult, analyse
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import PositionType, WorkItem
from wts.catalog.wisn import Method, fte, whole_posts

from .helpers import record, set_minutes


def type_post(t, **changes):
    data = {
        "code": t.code, "name": t.name, "order": str(t.order), "working_days": "261", "public_holidays": "16",
        "leave_days": "10", "training_days": "5", "other_absence_days": "0", "hours_per_day": "6",
        "category_allowance_percent": "0", "individual_allowance_hours": "0",
    }
    data.update(changes)
    return data


def posts_post(world, district_posts):
    """The positions page's POST for province 48: {district: {type code: (framework, filled)}}."""
    data = {}
    for d in (world.np_mueang, world.np_pla_pak):
        for code in ("TTA", "ANALYST", "OFFICER"):
            framework, filled = district_posts.get(d, {}).get(code, ("", ""))
            data[f"{d.code}-{code}-framework"] = str(framework)
            data[f"{d.code}-{code}-filled"] = str(filled)
    return data


@pytest.fixture
def example(world):
    """Round 2569: 1.01 takes 30 min, 1.02 60, 2.01 120. Area 2's items are done by the officer type."""
    set_minutes(world.round, {"1.01": 30, "1.02": 60, "2.01": 120})
    admin = world.client_for(world.dept_admin)
    tta = PositionType.objects.get(round=world.round, code="TTA")
    officer = PositionType.objects.get(round=world.round, code="OFFICER")
    # TTA: 230 days × 6 h = 1,380 h; 10 % support work → CAF 1 ÷ 0.9; 138 h of extra duties → IAF 0.1
    assert admin.post(f"/catalog/{world.round.fiscal_year}/positions/{tta.pk}/", type_post(
        tta, category_allowance_percent="10", individual_allowance_hours="138")).status_code == 302
    # OFFICER: 230 days × 7 h = 1,610 h, no allowance
    assert admin.post(f"/catalog/{world.round.fiscal_year}/positions/{officer.pk}/", type_post(
        officer, hours_per_day="7")).status_code == 302
    items = WorkItem.objects.filter(area__round=world.round)
    assignment = {f"item-{i.pk}": str(officer.pk if i.area.number == 2 else tta.pk) for i in items}
    assert admin.post(f"/catalog/{world.round.fiscal_year}/positions/", assignment).status_code == 302
    # เมืองนครพนม: 1.01 2,760 × 30 ÷ 60 = 1,380 h and 1.02 690 × 60 ÷ 60 = 690 h → TTA 2,070 h;
    # 2.01 805 × 120 ÷ 60 = 1,610 h → OFFICER 1,610 h
    record(world.round, world.np_mueang, {"1.01": 2760, "1.02": 690, "2.01": 805})
    record(world.round, world.np_pla_pak, {"1.01": 276})  # 138 h of TTA work
    director = world.client_for(world.director)
    response = director.post("/analytics/positions/province/48/", posts_post(world, {
        world.np_mueang: {"TTA": (3, 1), "ANALYST": (1, 1), "OFFICER": (2, 2)},
        world.np_pla_pak: {"TTA": (2, 2), "ANALYST": (0, 0), "OFFICER": (1, "")},
    }))
    assert response.status_code == 400  # ปลาปาก's officer posts filled are blank
    assert "กรุณากรอกจำนวนคนครอง" in response.content.decode()
    assert not DistrictPositions.objects.filter(district__province=world.np).exists()
    response = director.post("/analytics/positions/province/48/", posts_post(world, {
        world.np_mueang: {"TTA": (3, 1), "ANALYST": (1, 1), "OFFICER": (2, 2)},
        world.np_pla_pak: {"TTA": (2, 2), "ANALYST": (0, 0), "OFFICER": (1, 0)},
    }))
    assert response.status_code == 302
    DistrictPositions.objects.filter(district=world.np_pla_pak, position_code="OFFICER").update(filled=None)
    return world


def test_hand_computed_wisn_example_per_position_type(example):
    world = example
    analysis = analyse(world.round, averaging_rounds=1)
    mueang = next(d for d in analysis.districts if d.district == world.np_mueang)
    tta, officer, analyst = mueang.types["TTA"], mueang.types["OFFICER"], mueang.types["ANALYST"]
    assert tta.hours == pytest.approx(2070)
    # required = 2,070 ÷ 1,380 × (1 ÷ 0.9) + 138 ÷ 1,380 = 1.5 × 1.1111 + 0.1 = 1.7667
    assert tta.required == pytest.approx(1.5 / 0.9 + 0.1)
    assert tta.whole_posts == 2
    assert tta.difference == pytest.approx(1 - (1.5 / 0.9 + 0.1))  # −0.77
    assert tta.ratio == pytest.approx(1 / (1.5 / 0.9 + 0.1))  # 0.57
    assert tta.pressure == "ภาระงานสูง"
    assert (tta.whole_difference, tta.framework_difference) == (-1, 1)  # propose +1 post; the framework has room
    assert officer.hours == pytest.approx(1610) and officer.required == pytest.approx(1.0)
    assert (officer.whole_posts, officer.ratio, officer.pressure) == (1, pytest.approx(2.0), "ภาระงานต่ำกว่ากำลังคน")
    assert analyst.required is None and analyst.lacks == ["ไม่มีรายการงานในประเภทตำแหน่งนี้"]
    assert mueang.fte_needed == pytest.approx(1.5 / 0.9 + 0.1 + 1.0)
    pla_pak = next(d for d in analysis.districts if d.district == world.np_pla_pak)
    # 138 h ÷ 1,380 × 1.1111 + 0.1 = 0.2111 → at least one post when there is workload
    assert pla_pak.types["TTA"].required == pytest.approx(0.1 / 0.9 + 0.1)
    assert pla_pak.types["TTA"].whole_posts == 1
    assert pla_pak.types["OFFICER"].lacks == ["ไม่มีข้อมูลคนครอง"]
    assert pla_pak.types["OFFICER"].ratio is None and pla_pak.types["OFFICER"].pressure == ""
    province = next(p for p in analysis.provinces if p.key == "48")
    # ปลาปาก's officer row lacks filled posts: the province adds only complete rows
    assert province.types["OFFICER"].required == pytest.approx(1.0)
    assert province.types["TTA"].whole_posts == 3 and province.types["TTA"].filled == 3
    assert province.incomplete_districts == 2  # both lack something (ANALYST has no items)
    assert AuditEvent.objects.filter(action=AuditAction.POSITIONS_CHANGED).count() == 1


def test_the_wisn_page_and_its_xlsx_show_the_example_and_say_what_is_missing(example):
    world = example
    client = world.client_for(world.dept_admin)
    query = f"?round={world.round.fiscal_year}&averaging=1"
    page = client.get(f"/analytics/wisn/{query}").content.decode()
    assert "1.77" in page and "ภาระงานสูง" in page and "ไม่มีข้อมูลคนครอง" in page
    assert "(ชั่วโมงภาระงาน ÷ เวลาทำงานที่มีต่อปี) × CAF + ค่าเพิ่มรายบุคคล" in page
    assert "ชั่วโมงทำงานที่เกิดผล 1,610 ชั่วโมงต่อคนต่อปี (230.0 วัน × 7.00 ชม.)" in page
    response = client.get(f"/analytics/wisn.xlsx{query}")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "จังหวัด")
    body = [r for r in rows[header + 1:] if "เมืองนครพนม" in str(r[1]) and r[2] == "ท้องถิ่นอำเภอ"]
    assert len(body) == 1
    hours, required, posts, filled, framework, difference, ratio = body[0][3:10]
    assert (hours, posts, filled, framework) == (2070, 2, 1, 3)
    assert required == pytest.approx(1.7667, abs=1e-4) and isinstance(required, float)
    assert difference == pytest.approx(-0.7667, abs=1e-4) and ratio == pytest.approx(0.566, abs=1e-3)


def test_posts_import_from_xlsx_is_checked_row_by_row_and_audited(example):
    world = example
    director = world.client_for(world.director)
    sheet = load_workbook(io.BytesIO(director.get("/analytics/positions/province/48/positions.xlsx").content))
    ws = sheet.active
    assert ws.auto_filter.ref and ws.cell(1, 1).value == "รหัสอำเภอ"
    for row in ws.iter_rows(min_row=2):
        if row[0].value == world.np_pla_pak.code and row[2].value == "OFFICER":
            row[5].value = "-1"
    out = io.BytesIO()
    sheet.save(out)
    out.seek(0)
    out.name = "positions.xlsx"
    response = director.post("/analytics/positions/province/48/import/", {"file": out})
    page = response.content.decode()
    assert response.status_code == 400 and "id=\"import-errors\"" in page
    assert "แถว 4 คนครอง: ต้องไม่ติดลบ" in page  # ปลาปาก comes first in Thai order: rows 2–4
    assert DistrictPositions.objects.get(district=world.np_pla_pak, position_code="OFFICER").filled is None
    for row in ws.iter_rows(min_row=2):
        if row[0].value == world.np_pla_pak.code and row[2].value == "OFFICER":
            row[5].value = 1
    out = io.BytesIO()
    sheet.save(out)
    out.seek(0)
    out.name = "positions.xlsx"
    assert director.post("/analytics/positions/province/48/import/", {"file": out}).status_code == 302
    assert DistrictPositions.objects.get(district=world.np_pla_pak, position_code="OFFICER").filled == 1
    assert AuditEvent.objects.filter(action=AuditAction.POSITIONS_CHANGED).count() == 2


def test_a_director_of_another_province_gets_404_and_a_district_officer_403(example):
    world = example
    assert world.client_for(world.director_sk).get("/analytics/positions/province/48/").status_code == 404
    assert world.client_for(world.officer).get("/analytics/positions/province/48/").status_code == 403


# Property tests: the float computation agrees with the same formula in decimals.

def decimal_required(hours, awt, cas, iah):
    caf = Decimal(1) / (Decimal(1) - cas / 100)
    return hours / awt * caf + iah / awt


def decimal_whole(required, hours):
    posts = int(required.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(posts, 1) if hours > 0 and required > 0 else posts


hours_st = st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False, allow_infinity=False)
posts_st = st.integers(min_value=0, max_value=30)


@settings(max_examples=200, deadline=None)
@given(
    districts=st.lists(st.tuples(hours_st, posts_st, posts_st), min_size=1, max_size=25),
    awt=st.decimals(min_value=500, max_value=2000, places=1),
    cas=st.decimals(min_value=0, max_value=60, places=2),
    iah=st.decimals(min_value=0, max_value=500, places=1),
)
def test_whole_posts_differences_ratios_and_rollups_agree_with_decimals(districts, awt, cas, iah):
    method = Method(available_hours=float(awt), category_allowance_factor=float(Decimal(1) / (1 - cas / 100)),
                    individual_allowance_hours=float(iah))
    rollup = Rollup(key="", label="")
    expected_required = Decimal(0)
    expected_posts = 0
    for hours, filled, framework in districts:
        required = fte(float(hours), method)
        exact = decimal_required(hours, awt, cas, iah)
        assert required == pytest.approx(float(exact), rel=1e-9, abs=1e-12)
        t = TypeResult(code="T", hours=float(hours), required=required,
                       whole_posts=whole_posts(required, has_workload=hours > 0), framework=framework, filled=filled)
        assert t.whole_posts == decimal_whole(exact, hours)
        assert t.difference == pytest.approx(float(filled - exact), abs=1e-9)
        assert t.whole_difference == filled - t.whole_posts
        if exact > 0:
            assert t.ratio == pytest.approx(float(filled / exact), rel=1e-9)
        expected_required += exact
        expected_posts += t.whole_posts
        rollup.add(DistrictResult(district=None, region="", lgo_count=0, hours_by_area={}, framework=framework,
                                  filled=filled, types={"T": t}))
    total = rollup.types["T"]
    assert total.required == pytest.approx(float(expected_required), rel=1e-9, abs=1e-9)
    assert total.whole_posts == expected_posts == rollup.whole_posts
    assert total.filled == sum(f for _h, f, _fw in districts)
    assert total.difference == pytest.approx(float(total.filled - expected_required), abs=1e-6)


def test_the_analysis_xlsx_prints_one_page_wide_with_an_auto_filter_and_says_how_many_rounds_districts_average(
    example,
):
    world = example
    client = world.client_for(world.dept_admin)
    query = f"?round={world.round.fiscal_year}"
    ws = load_workbook(io.BytesIO(client.get(f"/analytics/provinces.xlsx{query}").content)).active
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape"
    page = client.get(f"/analytics/provinces/{query}").content.decode()
    assert "อำเภอที่มีข้อมูล 2 จาก 4 แห่ง: เฉลี่ย 1 รอบ 2 แห่ง" in page
