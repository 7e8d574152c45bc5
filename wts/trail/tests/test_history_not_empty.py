"""Issue 15: a district's history page is empty for a district that has submitted."""

import pytest

from wts.review.tests.helpers import submitted

pytestmark = pytest.mark.usefixtures("during_entry")


def test_the_history_of_a_district_that_submitted_shows_its_saves_and_submission(world):
    submitted(world)
    for user in (world.officer, world.director, world.dept_admin):
        body = world.client_for(user).get("/audit/district/4801/").content.decode()
        assert "ยังไม่มีการดำเนินการ" not in body
        assert "ส่งข้อมูล" in body
