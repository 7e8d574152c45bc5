"""One officer request, or one part of a save, N times, in a database `bench_entry.py` has loaded:
the body that `bench/count_instructions.sh` runs under callgrind to count instructions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench .venv/bin/python bench/count_requests.py save 30 1101

Requests: bare (the floor: the bare view through the whole middleware stack), area (the area
page), home (the district's home page), save (a save in place with "save and next", as the page
does it). Parts of that save, each taken from a save made first: statements (its SQL statements,
session and user included, run again through Django's cursor in one transaction: the database
work alone, client side), render (the next area's form rendered by Jinja2 from the context the
save built), forms (the posted form bound and validated, and the next area's form built).
The district (its code, 4 digits) must be open for entry; each kind warms up first, so N = 0
counts everything but the N measured.
"""

import sys

import harness


def main():
    from django.db import connection, transaction
    from django.http import QueryDict
    from django.test import override_settings

    from wts.catalog.models import MissionArea
    from wts.entry import views
    from wts.rounds.models import Round
    from wts.workflow.forms import AreaValuesForm, item_field_name
    from wts.workflow.models import AreaReport

    kind, count, code = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    round_ = Round.current()
    area = MissionArea.objects.get(round=round_, number=1)
    items = list(area.items.all())
    client = harness.logged_in(f"district-{code}")
    url = f"/entry/{round_.fiscal_year}/area/1/"
    state = {"version": AreaReport.objects.filter(report__district__code=code, report__round=round_, area=area)
             .values_list("version", flat=True).first() or 0, "n": 0, "posted": {}}

    def save():
        state["n"] += 1
        data = {item_field_name(item): str(state["n"] + i) for i, item in enumerate(items)}
        state["posted"] = {**data, "base_version": str(state["version"]), "next": ""}
        response = client.post(url, state["posted"], headers={"HX-Request": "true"})
        assert response.status_code == 200, response.status_code
        state["version"] += 1

    # One save watched: its statements and the render of its answer, for the parts.
    statements, renders = [], []
    render_to_string = views.render_to_string

    def watch(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    def keep_render(name, context, request=None, using=None):
        renders.append((name, context, request, using))
        return render_to_string(name, context, request=request, using=using)

    save()
    views.render_to_string = keep_render
    with connection.execute_wrapper(watch):
        save()
    views.render_to_string = render_to_string
    posted = QueryDict(mutable=True)
    posted.update(state["posted"])

    def run_statements():
        with transaction.atomic():
            for sql, params in statements:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    if cursor.description:
                        cursor.fetchall()

    def render():
        name, context, request, using = renders[-1]
        render_to_string(name, context, request=request, using=using)

    def forms():
        form = AreaValuesForm(posted, items=items, require_base_version=True)
        assert form.is_valid(), form.errors
        views._initial_form(items, form.values_by_item_id(), state["version"])

    kinds = {"bare": harness.get(client, harness.BARE_URL), "area": harness.get(client, url),
             "home": harness.get(client, "/entry/"), "save": save,
             "statements": run_statements, "render": render, "forms": forms}
    if kind == "bare":
        override_settings(ROOT_URLCONF="bench.urls_bench").enable()
    for _ in range(5):
        kinds[kind]()
    for _ in range(count):
        kinds[kind]()


if __name__ == "__main__":
    harness.run(main)
