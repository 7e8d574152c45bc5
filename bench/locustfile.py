"""Deadline day, as locust users: district officers saving areas and reloading their home page,
provincial directors following their districts, department users on national pages, and one
user asking for the bare view (the floor of the stack, measured under the same load).

Run it through bench/run_load.sh, which prepares the data, the sessions and the server. The
sessions file comes from bench/prepare_sessions.py (WTS_BENCH_SESSIONS). Only 127.0.0.1 is
accepted as the target: this is a bounded local test, never a test of someone else's server.

Pages that other parts of the system add (review board, national board, exports) go into the
*_PAGES lists below; each entry is (request name, path template, weight).
"""

import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie
from urllib.parse import urlparse

import gevent
from locust import FastHttpUser, between, constant, events, task

SESSIONS = json.loads(open(os.environ.get("WTS_BENCH_SESSIONS", "bench-sessions.json"), encoding="utf-8").read())
YEAR = SESSIONS["fiscal_year"]
CSRF = SESSIONS["csrf"]
# Seconds between two actions of one person at the peak of deadline day (reading, typing a
# whole area of figures): the 959 users then offer about 50 requests and 13 area saves a second.
THINK = tuple(float(x) for x in os.environ.get("WTS_BENCH_THINK", "10,50").split(","))
AREAS = 8

DIRECTOR_PAGES = [
    ("director: home", "/", 2),
    ("director: province review board", "/review/{year}/province/{province}/", 4),
    ("director: province progress board", "/monitoring/province/{province}/", 2),
    ("director: district review", "/review/{year}/district/{district}/", 4),
    ("director: district data", "/entry/{year}/district/{district}/", 1),
]
DEPARTMENT_PAGES = [
    ("department: home", "/", 1),
    ("department: national board", "/monitoring/", 4),
    ("department: province board", "/monitoring/province/{province}/", 2),
    ("department: analytics", "/analytics/", 1),
    ("department: national report xlsx", "/monitoring/report.xlsx", 1),
    ("department: national export csv", "/spreadsheets/{year}/export.csv", 1),
]

_ITEM_FIELD = re.compile(r'name="(item_\d+)"')
_BASE_VERSION = re.compile(r'name="base_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="base_version"')
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@events.init_command_line_parser.add_listener
def _only_local(parser):
    parser.set_defaults(host="http://127.0.0.1:8106")


@events.test_start.add_listener
def _refuse_remote_hosts(environment, **_kwargs):
    host = urlparse(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing to load {host!r}: this test only runs against 127.0.0.1")


def _pool(entries):
    """Each simulated user takes the next real account, so no two users share a district."""
    return itertools.cycle(entries)


# Districts that save through the API are not also typing in the browser at the same time.
_API_DISTRICTS = {o["district"] for o in SESSIONS.get("api_officers", [])}
_officers = _pool([o for o in SESSIONS["officers"] if o["district"] not in _API_DISTRICTS])
_savers = _pool([o for o in SESSIONS["officers"] if o["can_save"] and o["district"] not in _API_DISTRICTS])
_api_officers = _pool(SESSIONS.get("api_officers", []))
_directors = _pool(SESSIONS["directors"])
_department = _pool(SESSIONS["department"])


def typed_value(rng: random.Random) -> str:
    """A count the way officers type it: mostly plain, sometimes with separators or Thai digits."""
    value = rng.randint(0, 400)  # below the smallest maximum of the default form (500)
    style = rng.random()
    if style < 0.15:
        return f"{value:,}".translate(_THAI_DIGITS)
    if style < 0.3:
        return f"{value:,}"
    return str(value)


class _LoggedIn(FastHttpUser):
    abstract = True
    host = "http://127.0.0.1:8106"

    def arrive_at_random(self):
        """People do not all click at the second the test starts: spread first actions over a think time."""
        gevent.sleep(self.rng.uniform(0, THINK[1]))

    def log_in_as(self, account):
        self.account = account
        for name, value in (("sessionid", account["session"]), ("csrftoken", CSRF)):
            self.client.cookiejar.set_cookie(Cookie(
                version=0, name=name, value=value, port=None, port_specified=False, domain="127.0.0.1",
                domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
                expires=None, discard=True, comment=None, comment_url=None, rest={},
            ))

    def get_page(self, name, path):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/accounts/login/" in (response.url or ""):
                response.failure("sent to the login page: session lost")
            return response

    def open_area(self, number: int, *, name_prefix="officer"):
        """The area's page as a browser loads it; returns (item fields, base version) or None."""
        form = self.get_page(f"{name_prefix}: area form", f"/entry/{YEAR}/area/{number}/")
        return self.form_fields(form)

    @staticmethod
    def form_fields(response):
        text = response.text or "" if response.status_code == 200 else ""
        fields = _ITEM_FIELD.findall(text)
        version = _BASE_VERSION.search(text)
        if not fields or version is None:
            return None
        return fields, version.group(1) or version.group(2)

    def typed_area(self, fields, version, button="save") -> dict:
        data = {f: typed_value(self.rng) for f in fields}
        data["base_version"] = version
        data[button] = ""
        return data

    def save_in_place(self, number: int, fields, version, *, button="save", name_prefix="officer"):
        """The page's save (htmx): one POST answered with the saved form, or the next area's.
        Returns the response (its form feeds the next save) or None when the save failed."""
        path = f"/entry/{YEAR}/area/{number}/"
        data = self.typed_area(fields, version, button)
        headers = {"X-CSRFToken": CSRF, "Referer": f"{self.host}{path}", "HX-Request": "true",
                   "HX-Current-URL": f"{self.host}{path}"}
        with self.client.post(path, data=data, name=f"{name_prefix}: save area", allow_redirects=False,
                              headers=headers, catch_response=True) as response:
            if response.status_code == 204 and response.headers.get("HX-Redirect"):
                return response  # the last area's "save and next": the browser goes home
            if response.status_code != 200 or 'id="area-panel"' not in (response.text or ""):
                response.failure(f"HTTP {response.status_code}: not saved")
                return None
            return response

    def save_with_redirect(self, number: int, *, name_prefix="officer") -> None:
        """The same save without JavaScript: form, POST, redirect, page again (3 requests)."""
        path = f"/entry/{YEAR}/area/{number}/"
        opened = self.open_area(number, name_prefix=name_prefix)
        if opened is None:
            return
        data = self.typed_area(*opened)
        with self.client.post(path, data=data, name=f"{name_prefix}: save area", allow_redirects=False,
                              headers={"X-CSRFToken": CSRF, "Referer": f"{self.host}{path}"},
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: not saved")
                return
            location = response.headers.get("Location") or path
        self.get_page(f"{name_prefix}: page after save", urlparse(location).path)


class DistrictOfficer(_LoggedIn):
    """One of the 878 district offices on the last day: reloads home, fills areas one by one."""

    fixed_count = int(os.environ.get("WTS_BENCH_OFFICERS", "878"))
    wait_time = between(*THINK)

    def on_start(self):
        self.rng = random.Random()
        self.log_in_as(next(_officers))
        self.arrive_at_random()

    @task(2)
    def home(self):
        self.get_page("officer: home", "/entry/")

    @task(3)
    def fill_an_area(self):
        """Opens an area, types its figures, saves; half the time goes on with "save and next"."""
        if self.account["can_save"]:
            number = self.rng.randint(1, AREAS)
            opened = self.open_area(number)
            if opened is None:
                return
            button = "next" if self.rng.random() < 0.5 else "save"
            response = self.save_in_place(number, *opened, button=button)
            if button == "next" and response is not None and number < AREAS:
                gevent.sleep(self.rng.uniform(*THINK))  # typing the next area's figures
                following = self.form_fields(response)
                if following is not None:
                    self.save_in_place(number + 1, *following)
        else:
            self.get_page("officer: own data", f"/entry/{YEAR}/district/{self.account['district']}/")


class _Browsing(_LoggedIn):
    """Someone following pages at deadline-day pace: a weighted choice from `pages` each time."""

    abstract = True
    wait_time = between(*THINK)
    pages: list = []

    def on_start(self):
        self.rng = random.Random()
        self.log_in_as(next(self.accounts))
        self.arrive_at_random()

    def page_arguments(self) -> dict:
        raise NotImplementedError

    @task
    def browse(self):
        name, template, _weight = self.rng.choices(self.pages, weights=[p[2] for p in self.pages])[0]
        self.get_page(name, template.format(year=YEAR, **self.page_arguments()))


class Director(_Browsing):
    """One of the 76 provincial directors following and checking the province's districts."""

    fixed_count = int(os.environ.get("WTS_BENCH_DIRECTORS", "76"))
    accounts = _directors
    pages = DIRECTOR_PAGES

    def page_arguments(self):
        return {"district": self.rng.choice(self.account["districts"]), "province": self.account["province"]}


class DepartmentUser(_Browsing):
    """Department staff and executives watching the whole country."""

    fixed_count = int(os.environ.get("WTS_BENCH_DEPARTMENT", "4"))
    accounts = _department
    pages = DEPARTMENT_PAGES

    def page_arguments(self):
        district = self.rng.choice(SESSIONS["districts"])
        return {"district": district, "province": district[:2]}


class Floor(_LoggedIn):
    """The bare view, logged in like everyone else, under the same load: the floor of each ratio."""

    fixed_count = 1
    wait_time = constant(1)  # sampled all through the run, so each ratio compares like with like

    def on_start(self):
        self.log_in_as(next(_department))

    @task
    def bare(self):
        self.get_page("floor: bare view", "/bench/bare/")


class _Saver(_LoggedIn):
    """An officer saving with no pause, to find the ceiling in area saves per second."""

    abstract = True
    fixed_count = int(os.environ.get("WTS_BENCH_SAVERS", "32"))
    wait_time = constant(0)

    def on_start(self):
        self.rng = random.Random()
        self.log_in_as(next(_savers))


class SavingOfficer(_Saver):
    """Opens area 1, then "save and next" through the 8 areas as the page does it (htmx, one
    request per save)."""

    @task
    def fill_all_areas(self):
        opened = self.open_area(1, name_prefix="max")
        for number in range(1, AREAS + 1):
            if opened is None:
                return
            response = self.save_in_place(number, *opened, button="next", name_prefix="max")
            opened = self.form_fields(response) if response is not None and number < AREAS else None


class SavingOfficerNoScript(_Saver):
    """The same ceiling without JavaScript: each save is its form, the POST and the page after."""

    @task
    def save(self):
        self.save_with_redirect(self.rng.randint(1, AREAS), name_prefix="max")


class _ApiUser(FastHttpUser):
    """A district whose figures come from its own system through the REST API (personal token)."""

    abstract = True
    fixed_count = int(os.environ.get("WTS_BENCH_API_OFFICERS", "64"))
    host = "http://127.0.0.1:8106"
    name_prefix = "api"

    def on_start(self):
        self.rng = random.Random()
        self.account = next(_api_officers)
        self.headers = {"Authorization": f"Bearer {self.account['api_token']}", "Content-Type": "application/json"}
        self.codes = {}
        self.versions = None  # area number → version, read once from the report, then from each save

    def area_versions(self):
        """A save must send the versions it is based on (428 otherwise): read them once, then keep
        them from each save's answer, as an integration would."""
        if self.versions is None:
            response = self.client.get(f"/api/v1/rounds/{YEAR}/districts/{self.account['district']}/report",
                                       headers=self.headers, name=f"{self.name_prefix}: report")
            areas = response.json()["areas"] if response.status_code == 200 else []
            self.versions = {a["number"]: a["version"] for a in areas}
        return self.versions

    def remember_versions(self, response):
        if response.status_code == 200:
            body = response.json()
            for area in body.get("areas", [body["area"]] if "area" in body else []):
                self.versions[area["number"]] = area["version"]
        elif response.status_code == 409:
            self.versions = None  # another session saved: read again before the next save

    def item_codes(self, number):
        if not self.codes:
            response = self.client.get(f"/api/v1/rounds/{YEAR}/catalog", headers=self.headers,
                                       name=f"{self.name_prefix}: catalog")
            for area in response.json() if response.status_code == 200 else []:
                self.codes[area["number"]] = [item["code"] for item in area["items"]]
        return self.codes.get(number, [])

    def put_area(self):
        number = self.rng.randint(1, AREAS)
        codes = self.item_codes(number)
        if not codes:
            return
        self.put_values(f"areas/{number}/values", codes, "save area",
                        base_version=self.area_versions().get(number, 0))

    def put_report(self):
        """The whole report (every area) in one request: PUT /rounds/{year}/districts/{code}/values."""
        self.item_codes(1)
        if not self.codes:
            return
        versions = self.area_versions()
        self.put_values("values", [code for codes in self.codes.values() for code in codes], "save report (8 areas)",
                        base_versions={str(n): versions.get(n, 0) for n in self.codes})

    def put_values(self, under_district: str, codes, name: str, **versions):
        """PUT values with the versions read (base_version or base_versions): a save without them is 428."""
        body = json.dumps({"values": {code: typed_value(self.rng) for code in codes}, **versions})
        path = f"/api/v1/rounds/{YEAR}/districts/{self.account['district']}/{under_district}"
        with self.client.put(path, data=body, headers=self.headers, name=f"{self.name_prefix}: {name}",
                             catch_response=True) as response:
            self.remember_versions(response)
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: not saved")


class ApiOfficer(_ApiUser):
    """At deadline-day pace: mostly one area at a time, sometimes the whole report."""

    abstract = not SESSIONS.get("api_officers")
    wait_time = between(*THINK)
    tasks = {_ApiUser.put_area: 3, _ApiUser.put_report: 1}

    def on_start(self):
        super().on_start()
        gevent.sleep(self.rng.uniform(0, THINK[1]))  # first actions spread as for the other users


class ApiSaver(_ApiUser):
    """One area per PUT with no pause: the API's ceiling in area saves per second."""

    abstract = not SESSIONS.get("api_officers")
    wait_time = constant(0)
    name_prefix = "max api"
    tasks = [_ApiUser.put_area]


class ApiReportSaver(_ApiUser):
    """Whole reports with no pause: 8 area saves per request."""

    abstract = not SESSIONS.get("api_officers")
    wait_time = constant(0)
    name_prefix = "max api"
    tasks = [_ApiUser.put_report]


class BareHammer(_LoggedIn):
    """The bare view with no pause and as many users as SavingOfficer: the floor's ceiling."""

    fixed_count = int(os.environ.get("WTS_BENCH_SAVERS", "32"))
    wait_time = constant(0)

    def on_start(self):
        self.log_in_as(next(_officers))

    @task
    def bare(self):
        self.get_page("max: bare view", "/bench/bare/")
