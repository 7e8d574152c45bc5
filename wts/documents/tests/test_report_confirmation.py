"""Issue 15: the province status PDF tells submitted from confirmed."""

import datetime as dt

import pytest
from django.urls import reverse

from wts.lib.thai import BANGKOK
from wts.monitoring.tests.helpers import submitted
from wts.workflow.models import DistrictReport, ReportState

from .test_reports import in_pdf, pdf_text

pytestmark = pytest.mark.django_db
STAMP = dt.datetime(2026, 9, 8, 10, 0, tzinfo=BANGKOK)


def test_the_province_pdf_shows_which_complete_districts_the_director_confirmed(world):
    submitted(world.round, world.np_mueang, at=STAMP)
    submitted(world.round, world.np_pla_pak, at=STAMP)
    DistrictReport.objects.filter(district=world.np_pla_pak).update(
        state=ReportState.CONFIRMED, confirmed_at=STAMP + dt.timedelta(days=10), confirmed_by=world.director)
    text = pdf_text(world.client_for(world.director).get(
        reverse("documents:province_report", args=["48", "pdf"])).content)
    lines = text.splitlines()
    assert in_pdf("การยืนยันของจังหวัด", text)
    assert any(in_pdf("อำเภอปลาปาก", line) and in_pdf("ยืนยันแล้ว 18 ก.ย. 2569", line) for line in lines)
    assert any(in_pdf("อำเภอเมืองนครพนม", line) and in_pdf("ส่งแล้ว รอการยืนยัน", line) for line in lines)


def test_the_national_pdf_keeps_its_three_columns(world):
    submitted(world.round, world.np_mueang, at=STAMP)
    text = pdf_text(world.client_for(world.dept_admin).get(reverse("documents:national_report", args=["pdf"])).content)
    assert not in_pdf("การยืนยันของจังหวัด", text)
