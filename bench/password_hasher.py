"""What a login costs: the password hasher's check, against a whole login POST (docs/deploy.md §11).

Run after `make run` has loaded the demo (or point WTS_VAR_DIR at a folder holding one):

    WTS_VAR_DIR=var .venv/bin/python bench/password_hasher.py
"""

import os
import statistics
import time

import django

PASSWORD = "thai-demo-2564"


def median_seconds(call, runs=9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wts.settings")
    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, get_hasher, make_password
    from django.test import Client

    hasher = get_hasher()
    print("hasher", hasher.algorithm, "iterations", getattr(hasher, "iterations", None))
    encoded = make_password(PASSWORD)
    print("check_password median s", round(median_seconds(lambda: check_password(PASSWORD, encoded)), 3))
    for iterations in (600_000, 300_000, 100_000):
        lighter = type("Lighter", (PBKDF2PasswordHasher,), {"iterations": iterations})()
        stored = lighter.encode(PASSWORD, lighter.salt())
        print("pbkdf2", iterations, round(median_seconds(lambda h=lighter, s=stored: h.verify(PASSWORD, s)), 3))

    def login():
        response = Client().post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
        assert response.status_code == 302, response.status_code

    print("login POST median s", round(median_seconds(login), 3))


if __name__ == "__main__":
    main()
