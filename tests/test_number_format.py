"""Numbers as Thai users write them, from one helper (wts.lib.thai.format_number) behind the
templates' ``number`` filter: "นาทีต่อหน่วย 1,440", never "1440.0"."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from wts.catalog.models import WorkItem
from wts.lib.thai import format_number


@pytest.mark.parametrize("value, places, shown", [
    (Decimal("1440.0"), 1, "1,440"), (Decimal("1.5"), 1, "1.5"), (Decimal("60.0"), 1, "60"),
    (1234567, 0, "1,234,567"), (Decimal("0.0"), 1, "0"), (Decimal("12345.6"), 1, "12,345.6"),
])
def test_numbers_have_thousands_commas_and_no_trailing_zero(value, places, shown):
    assert format_number(value, places) == shown
    assert Template("{{ v|number:p }}").render(Context({"v": value, "p": places})) == shown


def test_the_catalog_shows_minutes_per_unit_as_thai_users_write_them(world):
    item = WorkItem.objects.filter(area__round=world.round).order_by("pk").first()
    item.standard_minutes = Decimal("1440.0")
    item.save(update_fields=["standard_minutes"])
    body = world.client_for(world.dept_viewer).get(f"/catalog/{world.round.fiscal_year}/").content.decode()
    assert "data-minutes>1,440</td>" in body
    assert "1440.0" not in body
