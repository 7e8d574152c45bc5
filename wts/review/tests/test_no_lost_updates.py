"""Two people saving the same area at the same moment: the second is told, nothing is lost.

Real concurrent requests need a database with real row locks and separate connections, so the
concurrent test runs on PostgreSQL (the production database); the version check itself is tested
on every database below.
"""

import threading

import pytest
from django.db import connection, connections

from conftest import DURING_ENTRY, make_user
from wts.accounts.models import Role
from wts.entry.tests.helpers import form_data, url
from wts.workflow.models import AreaReport, ItemValue

from .helpers import area

WRITERS = 6


def _post_all_at_once(world, clients, data_for):
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait(timeout=10)
            response = client.post(url(world), data_for(index))
            results[index] = (response.status_code, response.content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent requests need PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_area_never_overwrite_each_other_silently(world, time_machine):
    time_machine.move_to(DURING_ENTRY, tick=True)
    colleagues = [world.officer] + [
        make_user(f"district-4801-{n}", Role.DISTRICT_OFFICER, district=world.np_mueang) for n in range(WRITERS - 1)
    ]
    clients = [world.client_for(user) for user in colleagues]
    a = area(world)
    n_items = a.items.count()

    # Everyone loaded the empty form (version 0) and types a different figure.
    results = _post_all_at_once(world, clients, lambda i: form_data(a, [str(100 + i)] * n_items, base_version=0))

    statuses = sorted(status for status, _body in results)
    assert statuses == [302] + [409] * (WRITERS - 1)
    winner = next(i for i, (status, _body) in enumerate(results) if status == 302)
    assert set(ItemValue.objects.filter(item__area=a).values_list("value", flat=True)) == {100 + winner}
    assert AreaReport.objects.get(area=a).version == 1
    for i, (status, body) in enumerate(results):
        if status == 409:
            assert "มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านเปิดหน้านี้" in body
            assert f'value="{100 + i}"' in body  # what this person typed is still in the form
            assert f"{100 + winner}" in body  # and the value now saved is shown beside it


@pytest.mark.usefixtures("during_entry")
def test_a_stale_save_from_a_second_tab_is_refused_and_can_then_be_kept_on_purpose(world):
    a = area(world)
    n_items = a.items.count()
    first_tab, second_tab = world.client_for(world.officer), world.client_for(world.officer)
    assert first_tab.post(url(world), form_data(a, ["5"] * n_items, base_version=0)).status_code == 302
    stale = second_tab.post(url(world), form_data(a, ["7"] * n_items, base_version=0))
    assert stale.status_code == 409
    assert set(ItemValue.objects.values_list("value", flat=True)) == {5}
    # The refused page carries the new version: saving again keeps the second tab's figures deliberately.
    assert 'name="base_version" value="1"' in stale.content.decode()
    assert second_tab.post(url(world), form_data(a, ["7"] * n_items, base_version=1)).status_code == 302
    assert set(ItemValue.objects.values_list("value", flat=True)) == {7}
