from collections import Counter

from wts.analytics.regions import REGION_OF_PROVINCE, REGIONS, region_key
from wts.geography.loader import official_geography
from wts.geography.models import Province


def test_every_province_outside_bangkok_has_exactly_one_region():
    provinces, _districts = official_geography()
    codes = {p.code for p in provinces}
    assert codes == set(REGION_OF_PROVINCE)
    assert Counter(REGION_OF_PROVINCE.values()) == {
        "north": 9, "northeast": 20, "central": 21, "east": 7, "west": 5, "south": 14,
    }
    assert set(REGION_OF_PROVINCE.values()) == set(REGIONS)


def test_a_region_set_by_an_administrator_wins_over_the_table():
    assert region_key(Province(code="48", region="")) == "northeast"
    assert region_key(Province(code="48", region="ภาคกลาง")) == "central"
    assert region_key(Province(code="48", region="south")) == "south"
