"""Issue 13, finding 8: a district officer must never receive the reviewer's page (province
medians, flags, the confirm and return forms), whatever it posts and however the post fails."""

import pytest

from conftest import DURING_ENTRY
from tests.access_matrix_support import MatrixObjects, url_patterns
from wts.catalog.models import WorkItem
from wts.workflow.actions import add_comment
from wts.workflow.models import ValueComment

from .helpers import DURING_CONFIRM, submitted

# What only the reviewer's district page shows.
REVIEWER_ONLY = ['data-reviewer-only', "มัธยฐานจังหวัด", 'id="return-form"']


@pytest.fixture
def under_review(world, time_machine):
    """The officer's district submitted, and its director has asked about one value."""
    time_machine.move_to(DURING_ENTRY, tick=False)
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    item = WorkItem.objects.filter(area__round=world.round).order_by("area__number", "order").first()
    comment = add_comment(report, item, acting_user=world.director, text="ค่านี้สูงกว่าปีก่อนมาก")
    return report, item, comment


def _bad_posts(item):
    return [
        {},
        {"item": item.pk, "text": ""},
        {"item": item.pk, "text": "   "},
        {"item": "99999999", "text": "มีคำอธิบาย"},
        {"item": "ไม่ใช่ตัวเลข", "text": "มีคำอธิบาย", "reason": "", "report": "x", "area": "x"},
    ]


def test_a_bad_post_to_any_entry_or_review_endpoint_never_shows_the_officer_reviewer_content(
        world, under_review, client):
    _report, item, _comment = under_review
    objects = MatrixObjects(world)
    routes = [r for r in url_patterns() if r.startswith(("entry/", "review/"))]
    assert any("comment" in r for r in routes)
    client.force_login(world.officer)
    for route in routes:
        for data in _bad_posts(item):
            response = client.post(objects.path_for(route), data)
            body = response.content.decode()
            leaked = [marker for marker in REVIEWER_ONLY if marker in body]
            assert not leaked, f"POST /{route} {data} → {response.status_code} shows {leaked}"


def test_officers_blank_reply_comes_back_on_its_own_page_with_the_error_beside_the_field(world, under_review, client):
    report, item, comment = under_review
    client.force_login(world.officer)
    url = f"/review/{world.round.fiscal_year}/district/{world.np_mueang.code}/comment/"
    response = client.post(url, {"item": item.pk, "text": "  "})
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "entry/district_home.html"
    body = response.content.decode()
    assert f'id="reply-{comment.pk}_error"' in body and "กรุณาพิมพ์ความเห็น" in body
    assert f'aria-describedby="reply-{comment.pk}_error"' in body
    assert ValueComment.objects.filter(report=report).count() == 1


def test_officers_refused_reply_is_explained_on_its_own_page(world, under_review, client):
    report, item, comment = under_review
    round_ = world.round
    round_.closed_at = DURING_CONFIRM
    round_.save(update_fields=["closed_at"])
    client.force_login(world.officer)
    url = f"/review/{round_.fiscal_year}/district/{world.np_mueang.code}/comment/"
    response = client.post(url, {"item": item.pk, "text": "ตัวเลขมาจากทะเบียนคุมเรื่อง"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "รอบการรายงานนี้ปิดแล้ว" in body and not any(marker in body for marker in REVIEWER_ONLY)
    assert ValueComment.objects.filter(report=report).count() == 1


def test_directors_blank_comment_still_comes_back_on_the_review_page(world, under_review, client):
    _report, item, _comment = under_review
    client.force_login(world.director)
    url = f"/review/{world.round.fiscal_year}/district/{world.np_mueang.code}/comment/"
    response = client.post(url, {"item": item.pk, "text": ""})
    assert response.status_code == 400
    assert "มัธยฐานจังหวัด" in response.content.decode()
