"""At 390 px (a phone) no badge runs out of its card on the national board: the longest caption,
"ทถอ. อยู่ระหว่างการบันทึก", wraps inside its card."""

import pytest

from conftest import PASSWORD

from .helpers import record

pytestmark = pytest.mark.browser

OVERFLOWING = """() => [...document.querySelectorAll('.card .badge')].flatMap(badge => {
  const card = badge.closest('.card'), b = badge.getBoundingClientRect(), c = card.getBoundingClientRect();
  return (b.right > c.right + 0.5 || b.left < c.left - 0.5) ? [badge.textContent.trim()] : [];
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_badge_overflows_its_card_on_the_national_board(live_server, world, page, width):
    record(world.round, world.np_pla_pak, partial=2)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/monitoring/")
    page.fill("#id_username", world.dept_viewer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/monitoring/")
    captions = page.locator(".card > .badge").all_inner_texts()
    assert any("อยู่ระหว่างการบันทึก" in text for text in captions), captions
    assert page.evaluate(OVERFLOWING) == []
