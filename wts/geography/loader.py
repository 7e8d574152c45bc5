"""Load the department's geography from the geothai package: 76 provinces, 878 districts."""

import geothai
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import District, Province

BANGKOK_CODE = "10"
EXPECTED_PROVINCES = 76
EXPECTED_DISTRICTS = 878


def official_geography():
    provinces = [p for p in geothai.provinces() if p.code != BANGKOK_CODE]
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    return provinces, districts


@transaction.atomic
def load_geography() -> tuple[int, int]:
    """Create or update provinces and districts; idempotent. Refuses wrong counts."""
    provinces, districts = official_geography()
    if len(provinces) != EXPECTED_PROVINCES or len(districts) != EXPECTED_DISTRICTS:
        raise ValidationError(
            f"geothai gave {len(provinces)} provinces and {len(districts)} districts; "
            f"expected {EXPECTED_PROVINCES} and {EXPECTED_DISTRICTS}"
        )
    existing_p = {p.code: p for p in Province.objects.all()}
    new_p, changed_p = [], []
    for p in provinces:
        obj = existing_p.get(p.code)
        if obj is None:
            new_p.append(Province(code=p.code, name_th=p.name_th, name_en=p.name_en))
        elif (obj.name_th, obj.name_en) != (p.name_th, p.name_en):
            obj.name_th, obj.name_en = p.name_th, p.name_en
            changed_p.append(obj)
    Province.objects.bulk_create(new_p)
    Province.objects.bulk_update(changed_p, ["name_th", "name_en"])
    province_ids = dict(Province.objects.values_list("code", "id"))

    existing_d = {d.code: d for d in District.objects.all()}
    new_d, changed_d = [], []
    for d in districts:
        obj = existing_d.get(d.code)
        if obj is None:
            new_d.append(
                District(code=d.code, province_id=province_ids[d.province_code], name_th=d.name_th, name_en=d.name_en)
            )
        elif (obj.name_th, obj.name_en) != (d.name_th, d.name_en):
            obj.name_th, obj.name_en = d.name_th, d.name_en
            changed_d.append(obj)
    District.objects.bulk_create(new_d)
    District.objects.bulk_update(changed_d, ["name_th", "name_en"])

    p_count, d_count = Province.objects.count(), District.objects.count()
    if p_count != EXPECTED_PROVINCES or d_count != EXPECTED_DISTRICTS:
        raise ValidationError(f"database holds {p_count} provinces and {d_count} districts after loading")
    return p_count, d_count
