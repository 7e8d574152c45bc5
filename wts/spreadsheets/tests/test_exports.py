import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from wts.catalog.actions import copy_catalog
from wts.catalog.models import MissionArea
from wts.geography.models import District
from wts.rounds.models import Round
from wts.spreadsheets.workbook import round_items
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import AreaReport, DistrictReport, ItemValue, ReportState

pytestmark = pytest.mark.usefixtures("during_entry")


def record(world, district, officer, round_=None, base=1):
    """Fill areas 1 and 2 of a district with distinct numbers."""
    round_ = round_ or world.round
    report = get_or_create_report(round_, district)
    for area in MissionArea.objects.filter(round=round_, number__in=[1, 2]).prefetch_related("items"):
        save_area(report, area, {i.pk: base * 100 + i.pk % 97 for i in area.items.all()}, acting_user=officer)
    return report


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    data = body_of(response)
    assert data.startswith("\ufeff".encode()), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(response, sheet=0):
    wb = load_workbook(io.BytesIO(body_of(response)), read_only=True)
    rows = [list(r) for r in wb.worksheets[sheet].iter_rows(values_only=True)]
    width = len(rows[0])
    return [row + [None] * (width - len(row)) for row in rows]  # blank trailing cells are not stored


def expected_round_values(round_, districts):
    """{district code: {item column header: value}} straight from the database."""
    items = round_items(round_)
    stored = {
        (code, item_id): value
        for code, item_id, value in ItemValue.objects.filter(report__round=round_).values_list(
            "report__district__code", "item_id", "value"
        )
    }
    return {
        d.code: {f"{i.code} {i.name} ({i.unit})": stored.get((d.code, i.pk)) for i in items} for d in districts
    }


@pytest.fixture
def recorded(world):
    record(world, world.np_mueang, world.officer, base=1)
    record(world, world.sk_mueang, world.officer_sk, base=2)
    return world


def as_table(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_national_round_export_matches_the_database(recorded, fmt):
    world = recorded
    response = world.client_for(world.dept_viewer).get(f"/spreadsheets/{world.round.fiscal_year}/export.{fmt}")
    assert response.status_code == 200
    assert f"wts-{world.round.fiscal_year}-national.{fmt}" in response["Content-Disposition"]
    table = as_table(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    districts = list(District.objects.order_by("code"))
    assert [row["รหัสอำเภอ"] for row in table] == [d.code for d in districts]
    expected = expected_round_values(world.round, districts)
    for row in table:
        for header, value in expected[row["รหัสอำเภอ"]].items():
            got = row[header]
            if fmt == "csv":
                got = int(got) if got != "" else None
            assert got == value, (row["รหัสอำเภอ"], header)
    by_code = {row["รหัสอำเภอ"]: row for row in table}
    assert by_code["4801"]["สถานะรายงาน"] == "อยู่ระหว่างการบันทึก"
    assert by_code["4802"]["สถานะรายงาน"] == "ยังไม่บันทึกข้อมูล"
    assert by_code["4801"]["สถานะด้านที่ 1"] == "ครบแล้ว" and by_code["4801"]["สถานะด้านที่ 3"] == "ยังไม่เริ่ม"
    assert by_code["4801"]["ด้านที่บันทึกครบ"] == "2/8"
    assert by_code["4801"]["แก้ไขล่าสุดโดย"] == "district-4801" and "2569" in by_code["4801"]["แก้ไขล่าสุด"]


def test_xlsx_round_export_has_an_item_legend(recorded):
    world = recorded
    response = world.client_for(world.dept_admin).get(f"/spreadsheets/{world.round.fiscal_year}/export.xlsx")
    legend = xlsx_rows(response, sheet=1)
    assert legend[0][:3] == ["ด้านที่", "ด้าน", "รหัสรายการ"]
    assert [r[2] for r in legend[1:]] == [i.code for i in round_items(world.round)]


def test_review_state_and_confirmation_are_exported(recorded):
    world = recorded
    report = DistrictReport.objects.get(district=world.np_mueang)
    DistrictReport.objects.filter(pk=report.pk).update(state=ReportState.CONFIRMED, confirmed_by=world.director,
                                                       confirmed_at=report.last_changed_at)
    response = world.client_for(world.director).get(f"/spreadsheets/{world.round.fiscal_year}/province/48/export.csv")
    table = as_table(csv_rows(response))
    assert [r["รหัสอำเภอ"] for r in table] == ["4801", "4802"]
    assert table[0]["สถานะรายงาน"] == "ยืนยันแล้ว" and table[0]["ยืนยันโดย"] == "director-48"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_multi_round_export_has_one_row_per_district_item_and_round(recorded, fmt):
    world = recorded
    older = Round.objects.create(
        fiscal_year=2568, entry_opens_at=world.round.entry_opens_at, entry_closes_at=world.round.entry_closes_at,
        confirm_opens_at=world.round.confirm_opens_at, confirm_closes_at=world.round.confirm_closes_at,
    )
    copy_catalog(world.round, older, acting_user=world.dept_admin)
    record(world, world.np_pla_pak, world.officer_np2, round_=older, base=3)
    response = world.client_for(world.dept_admin).get(
        f"/spreadsheets/rounds/export.{fmt}", {"rounds": ["2568", "2569"]}
    )
    assert response.status_code == 200
    assert f"wts-2568-2569-national.{fmt}" in response["Content-Disposition"]
    table = as_table(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    districts = District.objects.count()
    per_round = {r.fiscal_year: len(round_items(r)) for r in (older, world.round)}
    assert len(table) == districts * sum(per_round.values())
    stored = {
        (str(fy), code, item_code): value
        for fy, code, item_code, value in ItemValue.objects.values_list(
            "report__round__fiscal_year", "report__district__code", "item__code", "value"
        )
    }
    non_blank = 0
    for row in table:
        key = (str(row["ปีงบประมาณ"]), row["รหัสอำเภอ"], row["รหัสรายการ"])
        value = row["ปริมาณงาน"]
        if fmt == "csv":
            value = int(value) if value != "" else None
        assert value == stored.get(key), key
        non_blank += value is not None
    assert non_blank == len(stored)
    statuses = {(str(r["ปีงบประมาณ"]), r["รหัสอำเภอ"], r["ด้านที่"]): r["สถานะด้าน"] for r in table}
    assert statuses[("2568", "4802", 1 if fmt == "xlsx" else "1")] == "ครบแล้ว"
    assert AreaReport.objects.filter(report__round=older).count() == 2


def test_province_multi_round_export_is_limited_to_the_province(recorded):
    world = recorded
    response = world.client_for(world.director_sk).get("/spreadsheets/rounds/province/47/export.csv", {"rounds": "2569"})
    table = as_table(csv_rows(response))
    assert {r["รหัสอำเภอ"] for r in table} == {"4701", "4702"}


def test_multi_round_export_without_rounds_says_so(world):
    response = world.client_for(world.dept_admin).get("/spreadsheets/rounds/export.csv")
    assert response.status_code == 400 and "กรุณาเลือกอย่างน้อยหนึ่งรอบ" in response.content.decode()
    response = world.client_for(world.dept_admin).get("/spreadsheets/rounds/export.csv", {"rounds": "2400"})
    assert response.status_code == 400


def test_exported_text_cannot_run_as_a_formula(world):
    District.objects.filter(code="4802").update(name_th="=HYPERLINK(\"http://evil\")")
    rows = as_table(csv_rows(world.client_for(world.director).get("/spreadsheets/2569/province/48/export.csv")))
    assert rows[1]["อำเภอ"].startswith("'=")
    rows = as_table(xlsx_rows(world.client_for(world.director).get("/spreadsheets/2569/province/48/export.xlsx")))
    assert rows[1]["อำเภอ"].startswith("'=")


def test_exports_are_scoped(world):
    fy = world.round.fiscal_year
    national, np_, sk = f"/spreadsheets/{fy}/export.csv", f"/spreadsheets/{fy}/province/48/export.csv", \
        f"/spreadsheets/{fy}/province/47/export.csv"
    assert world.client_for(world.director).get(np_).status_code == 200
    assert world.client_for(world.provadmin).get(np_).status_code == 200
    assert world.client_for(world.director).get(sk).status_code == 404
    assert world.client_for(world.director).get(national).status_code == 403
    assert world.client_for(world.officer).get(np_).status_code == 403
    assert world.client_for(world.officer).get(national).status_code == 403
    assert world.client_for(world.dept_viewer).get(sk).status_code == 200
    assert world.client_for(world.dept_viewer).get(national.replace(".csv", ".pdf")).status_code == 404
    assert world.client_for(world.dept_viewer).post(national).status_code == 405
    assert world.client_for(world.director).get("/spreadsheets/rounds/province/47/export.csv?rounds=2569").status_code == 404
    assert world.client_for(world.director).get("/spreadsheets/rounds/export.csv?rounds=2569").status_code == 403
    response = Client().get(national)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_export_queries_do_not_grow_with_districts(recorded, django_assert_max_num_queries):
    world = recorded
    client = world.client_for(world.dept_admin)
    url = f"/spreadsheets/{world.round.fiscal_year}/export.csv"
    with django_assert_max_num_queries(16) as before:
        small = len(csv_rows(client.get(url)))
    for n in range(10):
        District.objects.create(code=f"48{50 + n}", province=world.np, name_th=f"อำเภอทดสอบ {n}", name_en=f"T{n}")
    with django_assert_max_num_queries(16) as after:
        assert len(csv_rows(client.get(url))) == small + 10
    assert len(after.captured_queries) == len(before.captured_queries)
    with django_assert_max_num_queries(18):
        assert client.get("/spreadsheets/rounds/export.csv", {"rounds": "2569"}).status_code == 200


def test_every_export_is_recorded_in_the_audit_log(world):
    from wts.audit.models import AuditEvent

    world.client_for(world.director).get("/spreadsheets/2569/province/48/export.csv")
    world.client_for(world.dept_admin).get("/spreadsheets/rounds/export.xlsx", {"rounds": "2569"})
    world.client_for(world.director).get("/spreadsheets/2569/province/47/export.csv")  # 404, not recorded
    events = list(AuditEvent.objects.filter(action="spreadsheet.exported").order_by("id"))
    assert [(e.actor, e.province_id, e.data["format"], e.data["rounds"]) for e in events] == [
        (world.director, world.np.pk, "csv", [2569]), (world.dept_admin, None, "xlsx", [2569]),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_command_writes_the_same_rows_as_the_page(recorded, tmp_path, fmt):
    from django.core.management import call_command

    from wts.audit.models import AuditEvent, Source

    world = recorded
    target = tmp_path / f"out.{fmt}"
    call_command("export_workload", "2569", "--output", str(target), "--format", fmt, "--province", "48",
                 stdout=io.StringIO())
    page = world.client_for(world.director).get(f"/spreadsheets/2569/province/48/export.{fmt}")
    if fmt == "csv":
        assert target.read_bytes() == body_of(page)
    else:
        from_file = [list(r) for r in load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True)]
        assert from_file == [list(r) for r in load_workbook(io.BytesIO(body_of(page)), read_only=True)
                             .worksheets[0].iter_rows(values_only=True)]
    assert AuditEvent.objects.filter(action="spreadsheet.exported", source=Source.COMMAND).count() == 1


def test_export_command_refuses_unknown_rounds_and_provinces(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no round for fiscal year 2400"):
        call_command("export_workload", "2400", "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="no province"):
        call_command("export_workload", "2569", "--output", str(tmp_path / "x.csv"), "--province", "99")
