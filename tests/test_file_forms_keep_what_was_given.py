"""Every form that takes a file keeps what was given to it (issue 23 §3). The announcement holds
its attachment (wts/monitoring/tests/test_announcement_keeps_its_attachment.py); the forms whose
only field is the file say plainly, beside the error, that the file must be chosen again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.usefixtures("during_entry")
CHOOSE_AGAIN = "ระบบไม่ได้เก็บไฟล์ที่เลือกไว้ โปรดเลือกไฟล์อีกครั้ง"


def not_a_workbook(name="list.xlsx"):
    return SimpleUploadedFile(name, b"MZ this is not a workbook", "application/octet-stream")


@pytest.mark.parametrize("who, path, field", [
    ("dept_admin", "/catalog/2569/import/", "file"),
    ("provadmin", "/accounts/manage/province/48/import/", "file"),
    ("dept_admin", "/monitoring/letter/emblem/", "image"),
    ("officer", "/spreadsheets/2569/upload/", "file"),
])
def test_a_refused_file_is_asked_for_again_in_plain_thai(world, who, path, field):
    response = world.client_for(getattr(world, who)).post(path, {field: not_a_workbook()})
    assert response.status_code == 400, response.status_code
    body = response.content.decode()
    assert CHOOSE_AGAIN in body and 'class="errorlist"' in body
