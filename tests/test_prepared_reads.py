"""wts/lib/prepared.py: a read compiled once answers exactly what the same queryset answers, for
any arguments, on SQLite and PostgreSQL; a read that breaks the rules is refused on first use."""

import datetime as dt

import pytest
from django.db.models import Count, OuterRef, Q, Subquery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wts.catalog.models import WorkItem
from wts.geography.models import District
from wts.lib.prepared import PreparedRead
from wts.rounds.models import Extension, Round
from wts.workflow.models import AreaReport, DistrictReport

pytestmark = pytest.mark.django_db


def test_a_prepared_read_gives_the_rows_of_its_queryset_for_every_argument(world):
    read = PreparedRead(lambda province_id: District.objects.filter(province_id=province_id)
                        .order_by("code").values_list("code", "name_th"))
    for province in (world.np, world.sk):
        expected = list(District.objects.filter(province=province).order_by("code").values_list("code", "name_th"))
        assert read.rows(province.pk) == expected
    assert read.rows(999_999) == []


def test_model_instances_come_with_their_related_objects_and_annotations(world):
    read = PreparedRead(lambda fiscal_year, number: WorkItem.objects.filter(
        area__round__fiscal_year=fiscal_year, area__number=number).select_related("area__round"))
    items = read.objects(world.round.fiscal_year, 3)
    expected = list(WorkItem.objects.filter(area__round=world.round, area__number=3))
    assert [i.pk for i in items] == [i.pk for i in expected] and items
    assert all(i.area.number == 3 and i.area.round.pk == world.round.pk for i in items)
    assert items[0].area.round.entry_closes_at == world.round.entry_closes_at  # datetimes converted

    report = DistrictReport.objects.create(round=world.round, district=world.np_mueang)
    area = items[0].area
    AreaReport.objects.create(report=report, area=area, version=7)
    with_version = PreparedRead(lambda round_id, district_id, area_id: DistrictReport.objects.filter(
        round_id=round_id, district_id=district_id).annotate(area_version=Subquery(
            AreaReport.objects.filter(report=OuterRef("pk"), area_id=area_id).values("version")[:1])))
    found = with_version.first(world.round.pk, world.np_mueang.pk, area.pk)
    assert found.pk == report.pk and found.area_version == 7
    assert with_version.first(world.round.pk, world.np_pla_pak.pk, area.pk) is None


def test_an_argument_used_twice_and_an_or_of_conditions_are_kept(world):
    Extension.objects.create(round=world.round, window="entry", closes_at=world.round.entry_closes_at
                             + dt.timedelta(days=3), province=world.np, reason="น้ำท่วม", created_by=world.dept_admin)
    read = PreparedRead(lambda round_id, province_id, district_id: Extension.objects.filter(
        Q(province__isnull=True, district__isnull=True) | Q(province_id=province_id) | Q(district_id=district_id),
        round_id=round_id))
    assert [e.reason for e in read.objects(world.round.pk, world.np.pk, world.np_mueang.pk)] == ["น้ำท่วม"]
    assert read.objects(world.round.pk, world.sk.pk, world.sk_mueang.pk) == []


def test_string_arguments_and_aggregates(world):
    read = PreparedRead(lambda code: District.objects.filter(province__code=code).order_by()
                        .values("province_id").annotate(n=Count("pk")).values_list("n"), kinds=(str,))
    assert read.rows("48") == [(2,)]
    assert read.rows("10") == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(min_value=0, max_value=32767))
def test_any_whole_number_reaches_the_database_as_given(world, year):
    read = PreparedRead(lambda fiscal_year: Round.objects.filter(fiscal_year__lt=fiscal_year).values_list("fiscal_year"))
    assert read.rows(year) == list(Round.objects.filter(fiscal_year__lt=year).values_list("fiscal_year"))


def test_a_read_whose_argument_is_not_one_filter_value_is_refused(world):
    sliced = PreparedRead(lambda n: District.objects.order_by("code")[:n])
    with pytest.raises(ValueError):
        sliced.objects(1)
    shaped = PreparedRead(lambda pk: District.objects.filter(pk=pk) if pk % 2 else District.objects.all())
    with pytest.raises(ValueError):
        shaped.objects(1)
    unused = PreparedRead(lambda pk: District.objects.all())
    with pytest.raises(ValueError):
        unused.objects(1)


def test_arguments_other_than_numbers_and_strings_are_refused(world):
    read = PreparedRead(lambda pk: District.objects.filter(pk=pk))
    with pytest.raises(TypeError):
        read.objects([1, 2])
    with pytest.raises(TypeError):
        read.objects(True)


def test_datetime_arguments_are_compared_as_the_orm_compares_them(world):
    read = PreparedRead(lambda now: Round.objects.filter(closed_at__isnull=True, entry_opens_at__lte=now)
                        .order_by("-fiscal_year"), kinds=(dt.datetime,))
    opens = world.round.entry_opens_at
    assert [r.pk for r in read.objects(opens)] == [world.round.pk]
    assert read.objects(opens - dt.timedelta(microseconds=1)) == []
    assert [r.pk for r in read.objects(opens.astimezone(dt.UTC))] == [world.round.pk]
    with pytest.raises(TypeError):
        read.objects(opens.replace(tzinfo=None))


@pytest.mark.parametrize("year", [-1, 2**31, 2**63, 10**30])
def test_a_number_too_large_or_negative_is_answered_as_the_orm_answers_it(world, year):
    read = PreparedRead(lambda fiscal_year: Round.objects.filter(fiscal_year=fiscal_year))
    rows = PreparedRead(lambda fiscal_year: Round.objects.filter(fiscal_year=fiscal_year).values_list("pk"))
    assert rows.rows(year) == []
    assert read.objects(year) == []


@pytest.mark.django_db(transaction=True)
def test_each_thread_converts_with_its_own_connection(world):
    """The converters are the connection's own methods (SQLite's read its time zone), so a thread
    must not use the ones kept for another thread's connection."""
    import threading

    from django.db import connections

    read = PreparedRead(lambda round_id: Round.objects.filter(pk=round_id).values_list("entry_opens_at"))
    here = read.rows(world.round.pk)
    seen = {}

    def elsewhere():
        try:
            seen["rows"] = read.rows(world.round.pk)
            seen["connection"] = connections["default"]
            seen["kept"] = read._local.converters["default"]
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen["rows"] == here == [(world.round.entry_opens_at,)]
    assert seen["connection"] is not connections["default"] and seen["kept"][0] is seen["connection"]
    assert read._local.converters["default"][0] is connections["default"]
