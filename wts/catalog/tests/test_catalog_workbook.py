import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.catalog.actions import ImportRow, import_catalog
from wts.catalog.models import MissionArea, WorkItem
from wts.catalog.workbook import export_catalog

from .support import record_values


def exported_rows(world):
    sheet = openpyxl.load_workbook(io.BytesIO(export_catalog(world.round))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("catalog.xlsx", out.getvalue())


def test_export_is_one_sheet_with_every_item_in_area_order(world):
    client = world.client_for(world.dept_viewer)
    response = client.get(f"/catalog/{world.round.fiscal_year}/catalog.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 1
    rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert rows[0] == ["ด้านที่", "ชื่อด้าน", "รหัส", "รายการงาน", "หน่วยนับ", "เวลามาตรฐาน (นาทีต่อหน่วย)",
                       "ค่าสูงสุดที่ยอมรับ", "คำอธิบาย", "ลำดับ"]
    assert len(rows) - 1 == WorkItem.objects.filter(area__round=world.round).count()
    assert rows[1] == [1, "บริหารงานทั่วไปและการประสานงาน", "1.01", "หนังสือราชการรับ-ส่งและดำเนินการ", "ฉบับ", 15, 200000,
                       "นับหนังสือที่ลงรับและหนังสือที่ออก รวมหนังสือภายใน", 1]
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])


def test_export_cells_are_formula_safe(world):
    WorkItem.objects.filter(area__round=world.round, code="1.01").update(name="=HYPERLINK(\"http://x\")", help_text="@SUM(1)")
    rows = exported_rows(world)
    assert rows[1][3] == "'=HYPERLINK(\"http://x\")" and rows[1][7] == "'@SUM(1)"


def changed_sheet(world):
    rows = exported_rows(world)
    rows[1][5] = 30  # 1.01 minutes 15 → 30
    rows[2][3] = "การประชุม"  # 1.02 renamed
    rows.append([3, rows[10][1], "3.06", "การตรวจสอบพัสดุ", "ครั้ง", "๔๕.๕", "๙๐๐", "", None])
    return rows


def test_import_dry_run_shows_changes_and_saves_nothing(world):
    client = world.client_for(world.dept_admin)
    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"file": upload(changed_sheet(world))})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.added, plan.changed, plan.refused) == (1, 2, 0)
    page = response.content.decode()
    assert "เพิ่มใหม่" in page and "15.0 → <strong>30.0</strong>" in page
    assert WorkItem.objects.get(area__round=world.round, code="1.01").standard_minutes == Decimal("15.0")
    assert not WorkItem.objects.filter(code="3.06").exists()
    assert not AuditEvent.objects.filter(action__in=[AuditAction.CATALOG_ITEM_CHANGED, AuditAction.CATALOG_IMPORTED]).exists()

    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"payload": response.context["payload"]})
    assert response.status_code == 302
    assert WorkItem.objects.get(area__round=world.round, code="1.01").standard_minutes == Decimal("30.0")
    assert WorkItem.objects.get(area__round=world.round, code="1.02").name == "การประชุม"
    added = WorkItem.objects.get(area__round=world.round, code="3.06")
    assert added.standard_minutes == Decimal("45.5") and added.max_value == 900 and added.order == 6
    imported = AuditEvent.objects.get(action=AuditAction.CATALOG_IMPORTED)
    assert imported.data["added"] == 1 and imported.data["changed"] == 2
    assert AuditEvent.objects.filter(action=AuditAction.CATALOG_ITEM_CHANGED, source="import").count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CATALOG_ITEM_ADDED, source="import").count() == 1


def test_bad_rows_are_refused_with_thai_reasons_and_nothing_is_applied(world):
    record_values(world.round, world.np_mueang, {"1.01": 700})
    rows = exported_rows(world)
    rows[1][4] = "เรื่อง"  # unit change once values exist
    rows[2][6] = "-3"  # negative maximum
    rows[3][5] = "abc"
    rows[4][6] = 100  # a valid change: still not saved, since other rows are refused
    rows.append([9, "ด้านใหม่", "9.01", "ใหม่", "ครั้ง", 5, 10, "", 1])
    rows[5][0] = 2  # 1.05 moved to area 2
    rows.append([1, rows[1][1], "1.02", "ซ้ำ", "ครั้ง", 5, 10, "", 1])
    client = world.client_for(world.dept_admin)
    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"file": upload(rows)})
    assert response.status_code == 400
    plan = response.context["plan"]
    reasons = {r.row_number: " ".join(r.reasons) for r in plan.rows if r.kind == "refused"}
    assert "เปลี่ยนหน่วยนับไม่ได้" in reasons[2]
    assert "ต้องไม่ติดลบ" in reasons[3]
    assert "กรุณากรอกตัวเลข" in reasons[4]
    assert "ย้ายข้ามด้าน" in reasons[6]
    assert "ไม่มีด้านที่" in reasons[len(rows) - 1]
    assert "ซ้ำกับแถวที่ 3" in reasons[len(rows)]
    assert response.context["payload"] == ""
    assert "ยืนยันนำเข้า" not in response.content.decode()
    assert WorkItem.objects.get(area__round=world.round, code="1.04").max_value == 10_000


def test_lowering_a_maximum_below_recorded_values_is_refused_in_the_import(world):
    record_values(world.round, world.np_mueang, {"1.01": 700})
    rows = [ImportRow(row_number=2, area_number="1", code="1.01", name="หนังสือ", unit="ฉบับ", standard_minutes="15",
                      max_value="500")]
    plan = import_catalog(world.round, rows, acting_user=world.dept_admin)
    assert plan.rows[0].kind == "refused" and "1 ค่า" in plan.rows[0].reasons[0]


def test_apply_with_a_refused_row_saves_nothing(world):
    rows = [
        ImportRow(row_number=2, area_number="1", area_name="", code="1.01", name="ชื่อใหม่", unit="ฉบับ",
                  standard_minutes="20", max_value="200000"),
        ImportRow(row_number=3, area_number="1", area_name="", code="1.02", name="ประชุม", unit="ครั้ง",
                  standard_minutes="-1", max_value="5000"),
    ]
    plan = import_catalog(world.round, rows, acting_user=world.dept_admin, apply=True)
    assert not plan.applied and plan.refused == 1 and plan.changed == 1
    assert WorkItem.objects.get(area__round=world.round, code="1.01").name == "หนังสือราชการรับ-ส่งและดำเนินการ"
    assert not AuditEvent.objects.filter(action__startswith="catalog.item").exists()


def test_import_renames_an_area_from_the_sheet(world):
    rows = exported_rows(world)
    for row in rows[1:]:
        if row[0] == 8:
            row[1] = "มาตรฐานการบริหารงานและการเลือกตั้ง"
    client = world.client_for(world.dept_admin)
    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"file": upload(rows)})
    assert response.context["plan"].changed == 1
    client.post(f"/catalog/{world.round.fiscal_year}/import/", {"payload": response.context["payload"]})
    assert MissionArea.objects.get(round=world.round, number=8).name == "มาตรฐานการบริหารงานและการเลือกตั้ง"


def test_import_into_a_closed_round_is_refused(world):
    world.round.closed_at = timezone.now()
    world.round.save()
    response = world.client_for(world.dept_admin).post(
        f"/catalog/{world.round.fiscal_year}/import/", {"file": upload(changed_sheet(world))}
    )
    assert response.status_code == 400
    assert "รอบนี้ปิดแล้ว แบบฟอร์มแก้ไขไม่ได้" in response.content.decode()


def test_a_file_that_is_not_a_catalog_sheet_is_refused_beside_the_file_field(world):
    client = world.client_for(world.dept_admin)
    not_xlsx = SimpleUploadedFile("catalog.xlsx", b"hello")
    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"file": not_xlsx})
    assert response.status_code == 400 and "ไม่ใช่ไฟล์ Excel" in response.context["form"].errors["file"][0]
    response = client.post(f"/catalog/{world.round.fiscal_year}/import/", {"file": upload([["a", "b"], [1, 2]])})
    assert response.status_code == 400 and "หัวตาราง" in response.context["form"].errors["file"][0]


def test_a_tampered_payload_is_refused(world):
    response = world.client_for(world.dept_admin).post(
        f"/catalog/{world.round.fiscal_year}/import/", {"payload": "forged"}
    )
    assert response.status_code == 400 and "อัปโหลดไฟล์อีกครั้ง" in response.content.decode()
