"""A change notice lists only what changed: the edit form shows times to the minute, so saving it
again must not turn 23:59:59 into 23:59 and tell everyone "23:59 → 23:59"."""

import pytest

from wts.notifications.models import Notification

from .test_round_lifecycle import edit_post

pytestmark = pytest.mark.usefixtures("during_entry")


def test_the_window_notice_lists_only_the_lines_that_changed(world):
    before = world.round.confirm_closes_at
    assert before.second == 59  # the fixture's deadlines end at 23:59:59, as the demo's do
    client, path = world.client_for(world.dept_admin), f"/rounds/{world.round.fiscal_year}/"
    data = edit_post(world.round, entry_closes_at_0="18/09/2569")
    preview = client.post(path, data)  # a change of windows is previewed first (issue 23, §4)
    assert preview.status_code == 200 and preview.context["preview"] is not None
    response = client.post(path, data | {"confirm": "1", "previewed": preview.context["previewed"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    world.round.refresh_from_db()
    assert world.round.confirm_closes_at == before  # unchanged, to the second
    body = Notification.objects.filter(user=world.officer).latest("pk").body
    lines = [line for line in body.splitlines() if "→" in line]
    assert len(lines) == 1 and "18 ก.ย. 2569" in lines[0], body
    for line in lines:
        left, right = line.split(":", 1)[1].split("→")
        assert left.strip() != right.strip(), line
