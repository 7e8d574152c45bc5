"""A small country built with the national data generator, and a way to grow it, for tests that
must show a page does not get slower (in queries) when the number of districts grows."""

import random

from django.contrib.auth.hashers import make_password

from demo.demo_data import DEMO_PASSWORD, ensure_users
from demo.national_data import fill_round, generate_national_data
from wts.geography.models import District, Province
from wts.rounds.models import Round

# Provinces of very different sizes: a page whose queries follow the number of districts shows it.
SMALL_COUNTRY = [("48", "นครพนม", "Nakhon Phanom", 2), ("47", "สกลนคร", "Sakon Nakhon", 6)]
BIG_PROVINCE = ("30", "นครราชสีมา", "Nakhon Ratchasima", 24)


def add_province(code, name_th, name_en, n_districts) -> list[District]:
    province = Province.objects.create(code=code, name_th=name_th, name_en=name_en)
    return District.objects.bulk_create([
        District(code=f"{code}{i:02d}", province=province, name_th=f"{name_th} {i}", name_en=f"{name_en} {i}",
                 municipality_count=2 + i % 5, sao_count=4 + i % 9, positions_framework=5, positions_filled=4)
        for i in range(1, n_districts + 1)
    ])


def build_country(provinces=SMALL_COUNTRY, rounds=3, seed=48):
    for spec in provinces:
        add_province(*spec)
    return generate_national_data(geography=False, rounds=rounds, seed=seed)


def grow_country(province=BIG_PROVINCE, seed=30) -> list[District]:
    """Add a province, its accounts and its reports in every existing round."""
    districts = add_province(*province)
    ensure_users(make_password(DEMO_PASSWORD))
    districts = list(District.objects.select_related("province").filter(pk__in=[d.pk for d in districts]))
    rng = random.Random(seed)
    for round_ in Round.objects.order_by("fiscal_year"):
        fill_round(round_, districts, rng=rng)
    return districts
