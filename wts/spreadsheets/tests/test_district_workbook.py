import io

import pytest
from openpyxl import Workbook, load_workbook

from conftest import make_user
from wts.accounts.models import Role
from wts.audit.models import AuditEvent, Source
from wts.catalog.models import MissionArea, WorkItem
from wts.rounds.models import Round
from wts.spreadsheets.models import ImportState, WorkbookImport
from wts.spreadsheets.workbook import FORM_SHEET, IDENTITY_SHEET, VALUE_COLUMN, round_items
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import DistrictReport, ItemValue, ReportState

from .helpers import download, dry_run, fill, item_rows, save, upload_url, workbook_url

pytestmark = pytest.mark.usefixtures("during_entry")


def stored(world, district=None):
    return dict(
        ItemValue.objects.filter(report__district=district or world.np_mueang, report__round=world.round)
        .values_list("item__code", "value")
    )


def every_item(world, value_for):
    return {item.code: value_for(index) for index, item in enumerate(round_items(world.round))}


def test_workbook_names_the_district_and_round_and_holds_current_values(world):
    area1 = MissionArea.objects.get(round=world.round, number=1)
    first = area1.items.order_by("order").first()
    save_area(get_or_create_report(world.round, world.np_mueang), area1, {first.pk: 42}, acting_user=world.officer)

    wb = load_workbook(io.BytesIO(download(world.client_for(world.officer), world)))
    ws = wb[FORM_SHEET]
    assert "เมืองนครพนม" in ws["B2"].value and "นครพนม" in ws["B2"].value
    assert "2569" in ws["B3"].value
    rows = item_rows(wb)
    assert list(rows) == [i.code for i in round_items(world.round)]
    assert ws.cell(row=rows[first.code], column=VALUE_COLUMN).value == 42
    assert ws.cell(row=rows[first.code], column=5).value == first.unit
    # structure protected, only the value cells open, whole numbers >= 0 validated
    assert ws.protection.sheet and wb.security.lockStructure
    assert ws.cell(row=rows[first.code], column=VALUE_COLUMN).protection.locked is False
    assert ws.cell(row=rows[first.code], column=4).protection.locked is True
    validations = ws.data_validations.dataValidation
    assert validations and all(dv.type == "whole" and dv.formula1 == "0" for dv in validations)
    assert wb[IDENTITY_SHEET].sheet_state == "veryHidden"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows


def test_round_trip_download_fill_dry_run_apply_gives_the_same_values(world):
    client = world.client_for(world.officer)
    wanted = every_item(world, lambda i: i * 3)
    typed = dict(wanted)
    codes = list(typed)
    typed[codes[0]] = "๑,๒๓๔"  # Thai digits with a separator, as typed into a text cell
    typed[codes[1]] = "1 000"
    wanted[codes[0]], wanted[codes[1]] = 1234, 1000

    response = dry_run(client, world, fill(download(client, world), typed))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="apply"' in body and f"จะเปลี่ยนแปลง {len(wanted)} ค่า" in body
    assert stored(world) == {}, "the dry run writes nothing"
    upload = WorkbookImport.objects.get()
    assert upload.state == ImportState.CHECKED and upload.change_count == len(wanted)

    response = client.post(f"/spreadsheets/imports/{upload.pk}/apply/")
    assert response.status_code == 302
    assert stored(world) == wanted
    report = DistrictReport.objects.get(district=world.np_mueang, round=world.round)
    assert report.areas_complete == MissionArea.objects.filter(round=world.round).count()
    assert AuditEvent.objects.filter(action="value.changed", source=Source.IMPORT).count() == len(wanted)
    assert AuditEvent.objects.filter(action="spreadsheet.imported", actor=world.officer, district=world.np_mueang).count() == 1
    upload.refresh_from_db()
    assert upload.state == ImportState.APPLIED

    # the same upload cannot be applied twice
    assert client.post(f"/spreadsheets/imports/{upload.pk}/apply/").status_code == 302
    assert AuditEvent.objects.filter(action="spreadsheet.imported").count() == 1


def test_blank_cell_clears_a_value_and_unchanged_values_are_not_rewritten(world):
    client = world.client_for(world.officer)
    area1 = MissionArea.objects.get(round=world.round, number=1)
    items = list(area1.items.order_by("order"))
    save_area(get_or_create_report(world.round, world.np_mueang), area1, {items[0].pk: 5, items[1].pk: 6},
              acting_user=world.officer)
    content = fill(download(client, world), {items[0].code: None})
    dry_run(client, world, content)
    upload = WorkbookImport.objects.get()
    assert upload.change_count == 1
    client.post(f"/spreadsheets/imports/{upload.pk}/apply/")
    assert stored(world) == {items[0].code: None, items[1].code: 6}


@pytest.mark.parametrize(
    "bad, message",
    [(-3, "ต้องไม่ติดลบ"), (2.5, "จำนวนเต็ม"), ("สิบ", "ตัวเลขเท่านั้น"), (999_999_999, "ค่าสูงเกินไป")],
)
def test_dry_run_lists_bad_numbers_row_by_row_and_nothing_can_be_applied(world, bad, message):
    client = world.client_for(world.officer)
    codes = [i.code for i in round_items(world.round)]
    response = dry_run(client, world, fill(download(client, world), {codes[0]: 7, codes[3]: bad}))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "พบปัญหา 1 รายการ" in body
    assert 'id="apply"' not in body
    assert not WorkbookImport.objects.exists()
    assert stored(world) == {}


def test_workbook_of_another_district_is_refused(world):
    other = download(world.client_for(world.officer_np2), world, code="4802")
    response = dry_run(world.client_for(world.officer), world, other)
    assert response.status_code == 400
    assert "อำเภออื่น (รหัส 4802)" in response.content.decode()
    assert not WorkbookImport.objects.exists()


def test_workbook_of_another_round_is_refused(world):
    from wts.catalog.actions import copy_catalog

    older = Round.objects.create(
        fiscal_year=2568, entry_opens_at=world.round.entry_opens_at, entry_closes_at=world.round.entry_closes_at,
        confirm_opens_at=world.round.confirm_opens_at, confirm_closes_at=world.round.confirm_closes_at,
    )
    copy_catalog(world.round, older, acting_user=world.dept_admin)
    client = world.client_for(world.officer)
    content = client.get(workbook_url(world, year=2568)).content
    response = dry_run(client, world, content)
    assert response.status_code == 400
    assert "ปีงบประมาณ 2568 ไม่ใช่ปีงบประมาณ 2569" in response.content.decode()


def test_workbook_downloaded_before_the_form_changed_is_refused(world):
    client = world.client_for(world.officer)
    content = download(client, world)
    area = MissionArea.objects.get(round=world.round, number=2)
    WorkItem.objects.create(area=area, code="2.99", name="รายการใหม่", unit="เรื่อง", order=99)
    response = dry_run(client, world, content)
    assert response.status_code == 400
    assert "ดาวน์โหลดแบบบันทึกใหม่" in response.content.decode()


def test_deleted_recoded_and_foreign_rows_are_each_reported(world):
    client = world.client_for(world.officer)
    wb = load_workbook(io.BytesIO(download(client, world)))
    ws = wb[FORM_SHEET]
    rows = item_rows(wb)
    codes = list(rows)
    ws.cell(row=rows[codes[1]], column=3, value="9.99")  # recoded
    ws.cell(row=rows[codes[2]], column=1, value=987654)  # an item id that is not in the round
    ws.cell(row=rows[codes[2]], column=VALUE_COLUMN, value=3)
    ws.delete_rows(rows[codes[-1]])  # a row removed
    body = dry_run(client, world, save(wb)).content.decode()
    assert "รหัสรายการถูกแก้ไข (9.99)" in body
    assert f"ไม่พบรายการงานรหัส {codes[2]} ในแบบฟอร์มของรอบนี้" in body
    assert f"ไม่พบแถวของรายการงาน {codes[1]}, {codes[2]}, {codes[-1]}" in body
    assert 'id="apply"' not in body


@pytest.mark.parametrize("kind", ["plain_workbook", "not_a_zip", "renamed_text"])
def test_files_that_are_not_our_workbook_are_refused_with_a_thai_message(world, kind):
    if kind == "plain_workbook":
        wb = Workbook()
        wb.active["A1"] = "ข้อมูล"
        content, expected = save(wb), "ไม่ใช่แบบบันทึกที่ดาวน์โหลดจากระบบ"
    elif kind == "not_a_zip":
        content, expected = b"\x00\x01garbage" * 50, "ไม่ใช่ไฟล์ Excel"
    else:
        content, expected = "ชื่อ,ค่า\n1,2\n".encode(), "ไม่ใช่ไฟล์ Excel"
    response = dry_run(world.client_for(world.officer), world, content)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_upload_after_the_entry_window_is_refused_row_by_row(world, time_machine):
    client = world.client_for(world.officer)
    code = round_items(world.round)[0].code
    content = fill(download(client, world), {code: 9})
    time_machine.move_to(world.round.entry_closes_at.replace(day=20), tick=False)
    body = dry_run(world.client_for(world.officer), world, content).content.decode()
    assert "พ้นกำหนดบันทึกข้อมูลแล้ว" in body and 'id="apply"' not in body
    assert stored(world) == {}


def test_upload_of_a_submitted_report_is_refused(world):
    client = world.client_for(world.officer)
    report = get_or_create_report(world.round, world.np_mueang)
    DistrictReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    code = round_items(world.round)[0].code
    body = dry_run(client, world, fill(download(client, world), {code: 9})).content.decode()
    assert "ส่งข้อมูลแล้ว" in body and 'id="apply"' not in body


def test_apply_is_all_or_nothing_when_an_area_is_locked_after_the_dry_run(world):
    client = world.client_for(world.officer)
    items = round_items(world.round)
    first_area1 = next(i for i in items if i.area.number == 1)
    first_area2 = next(i for i in items if i.area.number == 2)
    dry_run(client, world, fill(download(client, world), {first_area1.code: 1, first_area2.code: 2}))
    upload = WorkbookImport.objects.get()
    # The department reopens only area 1 of a returned report: area 1 would save, area 2 is refused.
    report = get_or_create_report(world.round, world.np_mueang)
    DistrictReport.objects.filter(pk=report.pk).update(state=ReportState.RETURNED, open_area=first_area1.area)

    response = client.post(f"/spreadsheets/imports/{upload.pk}/apply/", follow=True)
    assert "กรมเปิดให้แก้ไขเฉพาะด้านที่ 1" in response.content.decode()
    assert stored(world) == {}
    assert not AuditEvent.objects.filter(action__in=["value.changed", "spreadsheet.imported"]).exists()
    upload.refresh_from_db()
    assert upload.state == ImportState.CHECKED


def test_apply_after_someone_saved_the_area_since_the_dry_run_is_refused(world):
    client = world.client_for(world.officer)
    area1 = MissionArea.objects.get(round=world.round, number=1)
    items = list(area1.items.order_by("order"))
    dry_run(client, world, fill(download(client, world), {items[0].code: 1}))
    upload = WorkbookImport.objects.get()
    save_area(get_or_create_report(world.round, world.np_mueang), area1, {items[1].pk: 77}, acting_user=world.officer)
    response = client.post(f"/spreadsheets/imports/{upload.pk}/apply/", follow=True)
    assert "มีการแก้ไขข้อมูลในระบบหลังจากตรวจสอบไฟล์" in response.content.decode()
    assert stored(world) == {items[1].code: 77}


def test_dry_run_warns_when_the_area_changed_after_download(world):
    client = world.client_for(world.officer)
    area1 = MissionArea.objects.get(round=world.round, number=1)
    items = list(area1.items.order_by("order"))
    content = fill(download(client, world), {items[0].code: 1})
    save_area(get_or_create_report(world.round, world.np_mueang), area1, {items[1].pk: 77}, acting_user=world.officer)
    body = dry_run(client, world, content).content.decode()
    assert "ด้านที่ 1 มีการแก้ไขในระบบหลังจากดาวน์โหลดไฟล์" in body


def test_discard_writes_nothing_and_cannot_be_applied_afterwards(world):
    client = world.client_for(world.officer)
    dry_run(client, world, fill(download(client, world), {round_items(world.round)[0].code: 4}))
    upload = WorkbookImport.objects.get()
    assert client.post(f"/spreadsheets/imports/{upload.pk}/discard/").status_code == 302
    client.post(f"/spreadsheets/imports/{upload.pk}/apply/")
    assert stored(world) == {}
    upload.refresh_from_db()
    assert upload.state == ImportState.DISCARDED


def test_workbook_download_is_scoped(world):
    assert world.client_for(world.officer).get(workbook_url(world, "4802")).status_code == 404
    assert world.client_for(world.director).get(workbook_url(world, "4801")).status_code == 200
    assert world.client_for(world.director_sk).get(workbook_url(world, "4801")).status_code == 404
    assert world.client_for(world.dept_viewer).get(workbook_url(world, "4701")).status_code == 200
    assert world.client_for(world.officer).get(workbook_url(world, "4801", year=2500)).status_code == 404
    assert world.client_for(world.officer).post(workbook_url(world, "4801")).status_code == 405


def test_anonymous_is_sent_to_login(world):
    from django.test import Client

    for path in (workbook_url(world), upload_url(world), "/spreadsheets/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_the_district_officer_uploads(world):
    for user in (world.director, world.provadmin, world.dept_admin, world.dept_viewer):
        assert world.client_for(user).get(upload_url(world)).status_code == 403
    assert world.client_for(world.officer).get(upload_url(world)).status_code == 200
    assert world.client_for(world.officer).put(upload_url(world)).status_code == 405


def test_another_districts_upload_is_404_and_apply_needs_post(world):
    client = world.client_for(world.officer)
    dry_run(client, world, fill(download(client, world), {round_items(world.round)[0].code: 4}))
    upload = WorkbookImport.objects.get()
    assert world.client_for(world.officer_np2).post(f"/spreadsheets/imports/{upload.pk}/apply/").status_code == 404
    assert world.client_for(world.director).post(f"/spreadsheets/imports/{upload.pk}/apply/").status_code == 403
    assert client.get(f"/spreadsheets/imports/{upload.pk}/apply/").status_code == 405
    # a second officer of the same district may not apply a colleague's dry run
    colleague = make_user("district-4801-b", Role.DISTRICT_OFFICER, district=world.np_mueang)
    assert world.client_for(colleague).post(f"/spreadsheets/imports/{upload.pk}/apply/").status_code == 403
    assert stored(world) == {}


def test_index_page_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for(world.officer)
    dry_run(client, world, fill(download(client, world), {round_items(world.round)[0].code: 4}))
    with django_assert_max_num_queries(14):
        response = client.get("/spreadsheets/")
    assert response.status_code == 200 and "ดาวน์โหลดแบบบันทึก" in response.content.decode()
    for user in (world.director, world.dept_admin):
        other = world.client_for(user)
        with django_assert_max_num_queries(12):
            assert other.get("/spreadsheets/").status_code == 200


def test_apply_after_the_form_changed_is_refused(world):
    client = world.client_for(world.officer)
    dry_run(client, world, fill(download(client, world), {round_items(world.round)[0].code: 4}))
    upload = WorkbookImport.objects.get()
    WorkItem.objects.create(area=MissionArea.objects.get(round=world.round, number=3), code="3.99", name="ใหม่",
                            unit="ครั้ง", order=99)
    response = client.post(f"/spreadsheets/imports/{upload.pk}/apply/", follow=True)
    assert "แบบฟอร์มของรอบนี้มีการปรับปรุงหลังการตรวจสอบไฟล์" in response.content.decode()
    assert stored(world) == {}


def test_index_offers_the_upload_only_while_the_district_may_edit(world, time_machine):
    body = world.client_for(world.officer).get("/spreadsheets/").content.decode()
    assert upload_url(world) in body
    time_machine.move_to(world.round.entry_closes_at.replace(day=20), tick=False)
    body = world.client_for(world.officer).get("/spreadsheets/").content.decode()
    assert upload_url(world) not in body and "พ้นกำหนดบันทึกข้อมูลแล้ว" in body
    assert workbook_url(world) in body
