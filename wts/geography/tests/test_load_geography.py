import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wts.geography import loader
from wts.geography.models import District, Province


@pytest.mark.django_db
def test_loads_76_provinces_and_878_districts_without_bangkok():
    call_command("load_geography", stdout=None)
    assert Province.objects.count() == 76
    assert District.objects.count() == 878
    assert not Province.objects.filter(code="10").exists()
    mueang = District.objects.get(code="4801")
    assert mueang.name_th == "เมืองนครพนม"
    assert mueang.province.code == "48"
    assert mueang.province.name_en == "Nakhon Phanom"


@pytest.mark.django_db
def test_loading_twice_neither_fails_nor_duplicates():
    loader.load_geography()
    District.objects.filter(code="4801").update(name_th="ผิด", sao_count=9)
    loader.load_geography()
    assert Province.objects.count() == 76
    assert District.objects.count() == 878
    fixed = District.objects.get(code="4801")
    assert fixed.name_th == "เมืองนครพนม"
    assert fixed.sao_count == 9  # the department's context figures are kept


@pytest.mark.django_db
def test_refuses_to_finish_when_the_counts_are_wrong(monkeypatch):
    provinces, districts = loader.official_geography()
    monkeypatch.setattr(loader, "official_geography", lambda: (provinces, districts[:-1]))
    with pytest.raises(ValidationError):
        loader.load_geography()
    assert District.objects.count() == 0
