"""Any interleaving of two editors' opens, typing, saves and choices on one area (issue 23 §2):
no value that neither editor typed is ever stored, an accepted save stores every value its
editor changed, and a value typed is only ever left unsaved by a refusal the editor sees."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_user
from wts.accounts.models import Role
from wts.catalog.models import MissionArea
from wts.workflow.models import AreaReport, DistrictReport, ItemValue

from .tabs import Tab

pytestmark = pytest.mark.usefixtures("during_entry")
CODES = ["3.01", "3.02", "3.03"]

steps = st.lists(st.one_of(
    st.tuples(st.just("open"), st.sampled_from("AB")),
    st.tuples(st.just("type"), st.sampled_from("AB"), st.sampled_from(CODES), st.integers(0, 5)),
    st.tuples(st.just("save"), st.sampled_from("AB")),
    st.tuples(st.just("choose"), st.sampled_from("AB"), st.sampled_from(CODES), st.sampled_from(["mine", "theirs"])),
), min_size=1, max_size=14)


def stored(world):
    rows = dict(ItemValue.objects.filter(report__district=world.np_mueang, item__area__number=3)
                .values_list("item__code", "value"))
    return {code: rows.get(code) for code in CODES}


@pytest.fixture
def editors(world):
    colleague = make_user("district-4801-b", Role.DISTRICT_OFFICER, district=world.np_mueang)
    MissionArea.objects.get(round=world.round, number=3)
    return {"A": world.client_for(world.officer), "B": world.client_for(colleague)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=steps)
def test_two_editors_never_store_a_value_neither_typed_nor_lose_one_without_a_refusal(world, editors, script):
    DistrictReport.objects.filter(district=world.np_mueang).delete()
    assert not AreaReport.objects.exists()
    tabs = {name: Tab(world, client, 3).open() for name, client in editors.items()}
    typed_ever = {code: {None} for code in CODES}  # what is stored can only be one of these
    for step in script:
        kind, name = step[0], step[1]
        tab = tabs[name]
        if kind == "open":
            tab.open()
        elif kind == "type":
            tab.type(step[2], step[3])
        elif kind == "choose":
            if f"choice_{tab.name(step[2]).split('_')[1]}" in tab.radios:
                tab.choose(step[2], step[3])
        else:
            before = stored(world)
            boxes = {code: tab.box(code) for code in CODES}
            opened = {code: tab.fields[f"orig_{tab.name(code)}"] for code in CODES}
            changed = {code for code in CODES if boxes[code] != opened[code]}
            theirs = {code for code in CODES if tab.fields.get(f"choice_{tab.name(code).split('_')[1]}") == "theirs"}
            for code in changed - theirs:
                typed_ever[code].add(int(boxes[code]) if boxes[code] != "" else None)
            tab.save()
            after = stored(world)
            if tab.status == 200:
                for code in changed - theirs:  # an accepted save keeps everything its editor changed
                    assert after[code] == (int(boxes[code]) if boxes[code] != "" else None), (step, boxes, after)
                for code in set(CODES) - (changed - theirs):  # and nothing it did not
                    assert after[code] == before[code], (code, before, after)
                for code in CODES:  # the form now shows what is stored
                    assert tab.box(code) == ("" if after[code] is None else str(after[code]))
            else:
                assert tab.status in (400, 409), tab.status
                assert after == before  # a refusal writes nothing
                for code in changed:  # and the typed values are still in the form
                    assert tab.box(code) == boxes[code]
        for code, value in stored(world).items():
            assert value in typed_ever[code], (code, value, typed_ever[code])
