import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wts.accounts.models import User
from wts.geography.models import District

HEADER = ["รหัสอำเภอ", "อำเภอ", "ชื่อ", "นามสกุล", "ตำแหน่ง", "โทรศัพท์", "อีเมล"]


@pytest.fixture
def more_districts(world):
    for code, name in [("4803", "ท่าอุเทน"), ("4804", "บ้านแพง")]:
        District.objects.create(code=code, province=world.np, name_th=name, name_en=name, municipality_count=1,
                                sao_count=5, positions_framework=3, positions_filled=2)


def xlsx(rows, header=HEADER):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("list.xlsx", buf.getvalue())


def upload(client, file, code="48"):
    return client.post(f"/accounts/manage/province/{code}/import/", {"file": file})


def test_a_list_creates_the_listed_districts_accounts_with_their_details(world, more_districts):
    client = world.client_for(world.provadmin)
    response = upload(client, xlsx([
        [4803, "ท่าอุเทน", "สมศรี", "ใจดี", "ท้องถิ่นอำเภอท่าอุเทน", "042-581-000", "tha@example.go.th"],
        ["4801", "เมืองนครพนม", "มีบัญชี", "แล้ว", "", "", ""],
    ]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "district-4803" in body and "มีบัญชีอยู่แล้ว" in body
    user = User.objects.get(username="district-4803")
    assert (user.first_name, user.last_name, user.email) == ("สมศรี", "ใจดี", "tha@example.go.th")
    assert user.must_change_password
    assert not User.objects.filter(username="district-4804").exists()
    from wts.audit.models import AuditEvent, Source

    assert AuditEvent.objects.get(action="account.created", subject_user=user).source == Source.IMPORT


def test_any_bad_row_creates_nothing_and_says_which_row_in_thai(world, more_districts):
    client = world.client_for(world.provadmin)
    response = upload(client, xlsx([
        ["4803", "", "สมศรี", "", "", "", "tha@example.go.th"],
        ["4701", "", "นอกจังหวัด", "", "", "", ""],
        ["4804", "", "สมชาย", "", "", "", "not-an-email"],
        ["4803", "", "ซ้ำ", "", "", "", ""],
    ]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "แถว 3" in body and "4701" in body
    assert "แถว 4" in body and "อีเมล" in body
    assert "แถว 5" in body and "ซ้ำ" in body
    assert not User.objects.filter(username__in=["district-4803", "district-4804"]).exists()


def test_a_file_without_the_code_column_is_refused(world, more_districts):
    response = upload(world.client_for(world.provadmin), xlsx([["สมศรี"]], header=["ชื่อ"]))
    assert response.status_code == 400
    assert "รหัสอำเภอ" in response.content.decode()


def test_a_renamed_csv_is_refused_as_not_an_excel_file(world, more_districts):
    fake = SimpleUploadedFile("list.xlsx", "รหัสอำเภอ,ชื่อ\n4803,=cmd|' /C calc'!A0\n".encode())
    response = upload(world.client_for(world.provadmin), fake)
    assert response.status_code == 400
    assert "ไม่ใช่ไฟล์ Excel" in response.content.decode()
    assert not User.objects.filter(username="district-4803").exists()


def test_an_oversized_file_is_refused(world, more_districts, settings):
    settings.WTS_MAX_UPLOAD_BYTES = 2000
    big = SimpleUploadedFile("list.xlsx", b"PK\x03\x04" + b"x" * 5000)
    response = upload(world.client_for(world.provadmin), big)
    assert response.status_code == 400
    assert "ขนาดใหญ่เกิน" in response.content.decode()


def test_the_list_template_has_the_province_districts_and_neutralised_text(world, more_districts):
    world.officer.first_name = "=HYPERLINK(\"http://evil\")"
    world.officer.save()
    response = world.client_for(world.provadmin).get("/accounts/manage/province/48/list.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [r[0] for r in rows[1:]] == ["4801", "4802", "4803", "4804"]
    assert rows[1][2].startswith("'=")
    assert sheet["C2"].data_type == "s"


def test_list_upload_of_another_province_is_404_and_needs_post(world, more_districts):
    client = world.client_for(world.provadmin)
    assert upload(client, xlsx([["4701"]]), code="47").status_code == 404
    assert client.get("/accounts/manage/province/48/import/").status_code == 405
    assert client.get("/accounts/manage/province/47/list.xlsx").status_code == 404
    assert world.client_for(world.director).get("/accounts/manage/province/48/list.xlsx").status_code == 403
