"""Log the load-test users in ahead of the run and write who they are to a JSON file.

Logging in hashes a password (PBKDF2, about 0.3 s of CPU each); a thousand logins would measure
the hasher, not deadline day, where people are already logged in. Sessions are created exactly
as django.contrib.auth.login creates them, in the database the server uses.

    DJANGO_SETTINGS_MODULE=bench.settings_bench .venv/bin/python bench/prepare_sessions.py out.json
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from wts.accounts.middleware import IdleTimeoutMiddleware  # noqa: E402
from wts.accounts.models import Role, User  # noqa: E402
from wts.api.actions import create_token  # noqa: E402
from wts.api.models import ApiToken  # noqa: E402
from wts.rounds.models import Round  # noqa: E402
from wts.workflow.models import EDITABLE_STATES, DistrictReport  # noqa: E402

BACKEND = "django.contrib.auth.backends.ModelBackend"
DEPARTMENT_SESSIONS = 6
API_OFFICERS = 64  # districts that send their figures through the API (a spreadsheet macro, a local system)
API_TOKEN_NAME = "load test"


def session_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time())  # as the login signal stamps it
    store.create()
    return store.session_key


def main(out_path: str) -> None:
    round_ = Round.current()
    if round_ is None:
        raise SystemExit("no open round: run manage.py generate_national_data first")
    locked = set(
        DistrictReport.objects.filter(round=round_).exclude(state__in=EDITABLE_STATES).values_list("district_id", flat=True)
    )
    users = User.objects.select_related("district", "province").filter(is_active=True)
    officers, directors, department = [], [], []
    for user in users.filter(role=Role.DISTRICT_OFFICER, username__startswith="district-").order_by("username"):
        # Offices that have already sent their report cannot save: they only read their pages.
        officers.append({"username": user.username, "session": session_for(user), "district": user.district.code,
                         "can_save": user.district_id not in locked})
    for user in users.filter(role=Role.PROVINCIAL_DIRECTOR, username__startswith="director-").order_by("username"):
        codes = list(user.province.districts.values_list("code", flat=True))
        directors.append({"username": user.username, "session": session_for(user), "province": user.province.code,
                          "districts": codes})
    dept_users = list(users.filter(role__in=[Role.DEPARTMENT_ADMIN, Role.DEPARTMENT_VIEWER]).order_by("username"))
    for i in range(DEPARTMENT_SESSIONS):
        user = dept_users[i % len(dept_users)]
        department.append({"username": user.username, "session": session_for(user)})
    # Personal API tokens for some of the offices that can still save (the load test's own, replaced each run).
    ApiToken.objects.filter(name=API_TOKEN_NAME).delete()
    api_savers = [o for o in officers if o["can_save"]][-API_OFFICERS:]  # the web savers of the ceiling start at the front
    by_name = {u.username: u for u in users.filter(username__in=[o["username"] for o in api_savers])}
    for officer in api_savers:
        officer["api_token"] = create_token(acting_user=by_name[officer["username"]], name=API_TOKEN_NAME)[1]
    all_codes = sorted(d for p in directors for d in p["districts"])
    data = {
        "fiscal_year": round_.fiscal_year,
        "csrf": _get_new_csrf_string(),
        "officers": officers,
        "directors": directors,
        "department": department,
        "districts": all_codes,
        "api_officers": api_savers,
    }
    Path(out_path).write_text(json.dumps(data, ensure_ascii=False))
    savers = sum(1 for o in officers if o["can_save"])
    print(f"sessions: {len(officers)} officers ({savers} can still save), {len(directors)} directors, "
          f"{len(department)} department users, {len(api_savers)} API tokens (round {round_.fiscal_year})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-sessions.json")
