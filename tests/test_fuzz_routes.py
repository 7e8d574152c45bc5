"""Property-based fuzzing of every route (issue 13, the classes of findings 5 and 6): generated
strings, numbers, digits of other scripts and sizes go into each route's path, query string and
form fields (and the API's JSON bodies), as each persona; no answer may be a 5xx.

The routes come from Django's resolver, so a new URL is fuzzed without anyone listing it. Each
request runs in a transaction that is rolled back (tests/access_matrix_support.ask), so one
generated request cannot change what the next one meets. The number of requests sent is printed
(run with -s) and recorded in docs/security.md.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.access_matrix_support import ADMIN_PREFIX, MatrixObjects, ask, url_patterns
from tests.test_access_matrix import ROWS

# Six roles of the brief: anonymous and one of each kind, all pointed at district 4801 / province 48.
PERSONAS = ["anonymous", "district_own", "director_own", "provadmin_own", "dept_admin", "dept_viewer"]

# The values that broke pages before, and their relatives: digits that str.isdigit() accepts and
# int() refuses or converts, numbers past Python's 4,300-digit limit and past the database's
# integers, signs, blanks, control characters, very long text.
NASTY = [
    "", " ", "0", "-1", "+1", "1.5", "1e9", "0x1f", "²", "2²", "¹²³", "١٢", "٢٥٦٩", "๑", "๒๕๖๙", "２５６９", "߂",
    "𝟐𝟓𝟔𝟗", "Ⅻ", "½", "9" * 19, "9" * 40, "9" * 5000, "-" + "9" * 30, "\x00", "a\x00b", "😀", "🇹🇭", "\u200b",
    "<script>x</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "x" * 10_000, "true", "null", "[]", "{}",
]
# NUL is refused before any view (wts/lib/middleware.py, tests/test_nul_input.py): it is kept to a
# few path values here, so that most requests reach the views.
NASTY_IN_FIELDS = [v for v in NASTY if "\x00" not in v]
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
DIGITS = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6)
NUMBERS = st.integers(min_value=-(10**40), max_value=10**40).map(str)
VALUE = st.one_of(st.sampled_from(NASTY_IN_FIELDS), WORDS, DIGITS, NUMBERS)

# Every parameter name a view or form of the project reads, and the names of the area form's fields.
PARAMS = [
    "round", "rounds", "page", "status", "q", "sort", "digits", "province", "provinces", "district", "districts",
    "format", "report", "user", "action", "source", "date_from", "date_to", "date_from_0", "date_to_0", "averaging",
    "region", "size", "ranking", "include_unconfirmed", "next", "token", "base_version", "reason", "area", "item",
    "items", "text", "message", "window", "scope", "closes_at", "closes_at_0", "closes_at_1", "valid_days", "name",
    "username", "password", "old_password", "new_password1", "new_password2", "first_name", "phone", "email",
    "save", "item_1", "item_2", "item_3",
]
# Any subset of the names at once (about half of them per request), each with a drawn value or list.
QUERY = st.fixed_dictionaries({}, optional={name: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for name in PARAMS})

# Path values that still match the converter (anything else is Django's own 404 before any view).
INT_PATH = st.one_of(st.sampled_from(["0", "1", "2569", "32767", "32768", "9" * 10, "9" * 19, "9" * 40, "9" * 5000]),
                     st.integers(min_value=0, max_value=10**30).map(str))
STR_PATH = st.one_of(st.sampled_from(NASTY).filter(lambda v: v and "/" not in v), WORDS.filter(lambda v: v and "/" not in v))
SLUG_PATH = st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z")
UUID_PATH = st.uuids().map(str)

# Documents that take seconds to render (PDF, DOCX): fuzzing their formats is enough.
SLOW_FORMATS = {"pdf", "docx"}

# 15-60 s on this shared 2-core machine; WTS_FUZZ_EXAMPLES=25 for a deeper run by hand.
EXAMPLES_PER_ROUTE = int(os.environ.get("WTS_FUZZ_EXAMPLES", "6"))
SENT = {"requests": 0, "by_status": {}}


def routes():
    return sorted(route for route in url_patterns() if route != ADMIN_PREFIX)


def reaching(route, method) -> list[str]:
    """Personas the matrix lets through to the view (not turned away at the door), else all six:
    generated input is worth most where a view actually parses it."""
    for declared_method, declared_route, codes in ROWS:
        if declared_route == "/" + route and declared_method == method:
            inside = [p for p in PERSONAS if codes[p] in {200, 204, 400, 409}]
            return inside or PERSONAS
    return PERSONAS


def methods_of(route) -> list[str]:
    """The methods the access matrix declares for the route (others are a plain 405), else GET and POST."""
    declared = sorted({method for method, declared_route, _codes in ROWS if declared_route == "/" + route})
    return declared or ["GET", "POST"]


def path_value(draw, converter, name, valid):
    if draw(st.booleans()):
        value = str(valid)
        if name in {"fmt", "kind"} and value in SLOW_FORMATS:
            value = "xlsx"
        return value
    strategy = {"int": INT_PATH, "slug": SLUG_PATH, "uuid": UUID_PATH}.get(converter, STR_PATH)
    if converter is None and name in {"fiscal_year", "number"}:  # the API's typed path parameters
        strategy = st.one_of(INT_PATH, STR_PATH)
    return draw(strategy)


@st.composite
def requests(draw, objects, route):
    method = draw(st.sampled_from(methods_of(route)))
    persona = draw(st.one_of(st.sampled_from(reaching(route, method)), st.sampled_from(PERSONAS)))
    api = route.startswith("api/v1/")
    valid = objects.kwargs_for(route)
    fills = {}
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        fills[name] = path_value(draw, converter or None, name, valid[name])
    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: _quote(fills[m.group(2)]), route)
    query = draw(QUERY)
    data = draw(json_body() if api and method != "GET" else QUERY)
    return route, persona, method, path, query, data, api


def _quote(value):
    from urllib.parse import quote

    return quote(value, safe="")


JSON_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=False),
    st.sampled_from(NASTY_IN_FIELDS), WORDS,
)


def json_body():
    keys = st.one_of(st.sampled_from(["1.01", "1.02", "2.01", "1", "2", "01"]), st.sampled_from(NASTY_IN_FIELDS), DIGITS,
                     WORDS)
    return st.fixed_dictionaries({}, optional={
        "values": st.dictionaries(keys, JSON_SCALAR, max_size=4),
        "base_version": JSON_SCALAR,
        "base_versions": st.dictionaries(keys, JSON_SCALAR, max_size=3),
        "reason": st.one_of(WORDS, st.sampled_from(NASTY_IN_FIELDS)),
        "item_codes": st.lists(st.one_of(WORDS, st.sampled_from(NASTY_IN_FIELDS)), max_size=3),
        "area_number": JSON_SCALAR,
        "district_codes": st.lists(st.one_of(WORDS, st.sampled_from(NASTY_IN_FIELDS), DIGITS), max_size=3),
    })


@pytest.fixture
def objects(world, during_entry):
    return MatrixObjects(world)


def test_no_route_answers_5xx_to_generated_input_as_any_persona(world, objects):
    failures = []

    def run(request):
        route, persona, method, path, query, data, api = request
        if query and method != "GET":
            path = f"{path}?{_encode(query)}"
        elif query:
            data = query
        response = ask(world, objects, persona, method, path, api=api, data=data if method != "GET" else None,
                       query=query if method == "GET" else None)
        SENT["requests"] += 1
        SENT["by_status"][response.status_code] = SENT["by_status"].get(response.status_code, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {persona} {method} {path[:300]} {str(data)[:300]}")
        assert response.status_code < 500, failures[-1]

    # Every route gets its own examples, so none is left to chance; persona and values are drawn.
    for route in routes():
        settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None, derandomize=True,
                 phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))(
            given(request=requests(objects, route))(run)
        )()
    print(f"\nfuzzed {SENT['requests']} requests over {len(routes())} routes x {len(PERSONAS)} personas; "
          f"answers: {dict(sorted(SENT['by_status'].items()))}")
    assert SENT["requests"] >= len(routes()) * EXAMPLES_PER_ROUTE


def _encode(query):
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


def test_the_generators_reach_every_route():
    """The strategy samples from the resolver: a new route is fuzzed without being listed here."""
    assert {"entry/<int:fiscal_year>/area/<int:number>/", "api/v1/rounds/<fiscal_year>/districts/<code>/values",
            "spreadsheets/rounds/export.<str:fmt>", "monitoring/"} <= set(routes())
