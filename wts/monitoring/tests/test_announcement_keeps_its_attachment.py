"""After a validation error the announcement's attachment stays attached (issue 23 §3): held
server-side under a short-lived token signed for the user, used once, then deleted."""

import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from wts.jobs import actions as held_actions
from wts.jobs import held_uploads
from wts.monitoring.models import Announcement

from .test_announcements import NEW, PDF, _data

pytestmark = pytest.mark.django_db


def token_in(body):
    return re.search(r'name="attachment__held" value="([^"]+)"', body).group(1)


def held_names(user):
    directories, _files = default_storage.listdir(f"held/{user.pk}")
    return directories


def test_a_date_error_keeps_the_attached_pdf_and_the_corrected_post_uses_it(world):
    client = world.client_for(world.dept_admin)
    refused = client.post(NEW, _data(expires_on="31/02/2569",
                                     attachment=SimpleUploadedFile("หนังสือแจ้ง.pdf", PDF, "application/pdf")))
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "แนบไฟล์ “หนังสือแจ้ง.pdf” ไว้แล้ว ไม่ต้องเลือกใหม่" in body
    assert "โปรดเลือกไฟล์อีกครั้ง" not in body
    token = token_in(body)
    assert not Announcement.objects.exists()

    saved = client.post(NEW, _data(attachment__held=token))  # no file chosen again
    assert saved.status_code == 302
    announcement = Announcement.objects.get()
    with announcement.attachment.open("rb") as f:
        assert f.read() == PDF
    assert held_names(world.dept_admin) == []  # used, then deleted


def test_a_held_file_stays_through_a_second_error(world):
    client = world.client_for(world.dept_admin)
    first = client.post(NEW, _data(title="", attachment=SimpleUploadedFile("a.pdf", PDF, "application/pdf")))
    second = client.post(NEW, _data(expires_on="", attachment__held=token_in(first.content.decode())))
    assert second.status_code == 400 and "แนบไฟล์ “a.pdf” ไว้แล้ว" in second.content.decode()
    assert client.post(NEW, _data(attachment__held=token_in(second.content.decode()))).status_code == 302
    assert Announcement.objects.get().attachment


def test_a_file_that_is_itself_refused_is_not_held_and_the_form_says_to_choose_again(world):
    client = world.client_for(world.dept_admin)
    refused = client.post(NEW, _data(attachment=SimpleUploadedFile("notice.pdf", b"MZ not a pdf", "application/pdf")))
    body = refused.content.decode()
    assert refused.status_code == 400 and "ไฟล์แนบต้องเป็นไฟล์ PDF" in body
    assert "ระบบไม่ได้เก็บไฟล์ที่เลือกไว้ โปรดเลือกไฟล์อีกครั้ง" in body and "attachment__held" not in body


def test_a_held_token_belongs_to_one_user_and_expires(world):
    admin = world.client_for(world.dept_admin)
    refused = admin.post(NEW, _data(title="", attachment=SimpleUploadedFile("a.pdf", PDF, "application/pdf")))
    token = token_in(refused.content.decode())
    assert held_uploads.held(token, world.dept_viewer) is None  # another user's token brings nothing
    assert held_uploads.held(token + "x", world.dept_admin) is None  # a forged one neither
    assert held_uploads.held(token, world.dept_admin).read() == PDF
    with time_machine.travel(held_actions.time.time() + held_actions.HELD_SECONDS + 60, tick=False):
        assert held_uploads.held(token, world.dept_admin) is None
        # holding another file cleans the expired ones away
        held_actions.hold_upload(SimpleUploadedFile("b.pdf", PDF), acting_user=world.dept_admin)
        assert len(held_names(world.dept_admin)) == 1
    saved = admin.post(NEW, _data(attachment__held="not-a-token"))
    assert saved.status_code == 302 and not Announcement.objects.get().attachment
