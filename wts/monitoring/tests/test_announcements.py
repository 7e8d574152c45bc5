import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wts.audit.models import AuditEvent
from wts.lib.thai import format_thai_date_input
from wts.monitoring.models import Announcement

pytestmark = pytest.mark.django_db
NEW = reverse("monitoring:announcement_create")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def _data(**extra):
    tomorrow = timezone.localdate() + dt.timedelta(days=7)
    return {"title": "ขยายเวลาบันทึกข้อมูล", "body": "ขยายถึง 30 ก.ย.", "audience": "all", "expires_on": format_thai_date_input(tomorrow),
            **extra}


def test_department_admin_posts_an_announcement_with_a_pdf(world):
    client = world.client_for(world.dept_admin)
    response = client.post(NEW, _data(attachment=SimpleUploadedFile("notice.pdf", PDF, "application/pdf")))
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.created_by == world.dept_admin and announcement.attachment
    assert AuditEvent.objects.filter(action="announcement.posted", actor=world.dept_admin).count() == 1
    download = world.client_for(world.officer).get(reverse("monitoring:announcement_attachment", args=[announcement.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_province_announcement_needs_a_province_and_is_hidden_from_others(world):
    client = world.client_for(world.dept_admin)
    response = client.post(NEW, _data(audience="province"))
    assert response.status_code == 400
    assert "กรุณาเลือกจังหวัดที่จะแสดงประกาศ" in response.content.decode()
    assert "ขยายเวลาบันทึกข้อมูล" in response.content.decode()
    client.post(NEW, _data(audience="province", province=world.np.pk))
    announcement = Announcement.objects.get()
    assert world.client_for(world.director_sk).get(
        reverse("monitoring:announcement_attachment", args=[announcement.pk])).status_code == 404


def test_an_attachment_that_is_not_a_pdf_is_refused(world):
    response = world.client_for(world.dept_admin).post(
        NEW, _data(attachment=SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))
    )
    assert response.status_code == 400
    assert "ไฟล์แนบต้องเป็นไฟล์ PDF" in response.content.decode()
    assert not Announcement.objects.exists()


def test_an_expiry_in_the_past_is_refused(world):
    response = world.client_for(world.dept_admin).post(NEW, _data(expires_on="01/01/2563"))
    assert response.status_code == 400
    assert "วันสิ้นสุดการแสดงต้องไม่อยู่ในอดีต" in response.content.decode()


def test_other_roles_cannot_post_and_wrong_method_is_405(world):
    for user in (world.dept_viewer, world.director, world.officer):
        assert world.client_for(user).post(NEW, _data()).status_code == 403
    assert not Announcement.objects.exists()
    assert world.client_for(world.dept_admin).put(NEW).status_code == 405


def test_withdrawing_hides_it_from_home_pages(world):
    client = world.client_for(world.dept_admin)
    client.post(NEW, _data())
    announcement = Announcement.objects.get()
    assert world.client_for(world.dept_viewer).post(
        reverse("monitoring:announcement_withdraw", args=[announcement.pk])).status_code == 403
    assert client.post(reverse("monitoring:announcement_withdraw", args=[announcement.pk])).status_code == 302
    assert not Announcement.visible_to(world.director).exists()
    assert "ขยายเวลาบันทึกข้อมูล" not in world.client_for(world.director).get(reverse("home")).content.decode()
    assert AuditEvent.objects.filter(action="announcement.withdrawn").count() == 1


def test_everyone_can_read_the_list(world):
    assert world.client_for(world.officer).get(reverse("monitoring:announcement_list")).status_code == 200
