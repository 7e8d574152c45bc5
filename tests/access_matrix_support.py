"""Walking the URL patterns and asking each persona: shared by the access-matrix test."""

import datetime as dt
import re

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

PERSONAS = [
    "anonymous", "district_own", "district_other", "director_own", "director_other",
    "provadmin_own", "provadmin_other", "dept_viewer", "dept_admin",
]
PERSONA_USERS = {
    "district_own": "officer", "district_other": "officer_sk", "director_own": "director",
    "director_other": "director_sk", "provadmin_own": "provadmin", "provadmin_other": "provadmin_sk",
    "dept_viewer": "dept_viewer", "dept_admin": "dept_admin",
}
ADMIN_PREFIX = "admin/"


def url_patterns(resolver=None, prefix=""):
    """Every route of the project as its full pattern string, e.g. 'review/<int:fiscal_year>/'."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(ADMIN_PREFIX):
                yield ADMIN_PREFIX
                continue
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


class MatrixObjects:
    """The objects the URLs point at, all belonging to district 4801 / province 48."""

    def __init__(self, world):
        from wts.api.actions import create_token
        from wts.monitoring.models import Announcement, Audience
        from wts.notifications.models import Notification
        from wts.rounds.models import Extension
        from wts.spreadsheets.models import WorkbookImport

        self.world = world
        self.notification = Notification.objects.create(user=world.officer, kind="test", title="ทดสอบ")
        self.announcement = Announcement.objects.create(
            title="ประกาศจังหวัดนครพนม", body="ทดสอบ", audience=Audience.PROVINCE, province=world.np,
            expires_at=timezone.now() + dt.timedelta(days=365), created_by=world.provadmin,
        )
        self.workbook_import = WorkbookImport.objects.create(
            round=world.round, district=world.np_mueang, uploaded_by=world.officer, file_name="4801.xlsx",
        )
        from wts.jobs.models import GeneratedFile, Job
        from wts.jobs.vocabulary import JobKind, JobState

        # A finished export of the department administrator: only its owner reaches it.
        self.job = Job.objects.create(kind=JobKind.ROUND_EXPORT, title="ส่งออกข้อมูล", owner=world.dept_admin,
                                      state=JobState.SUCCEEDED, progress=100)
        GeneratedFile.objects.create(job=self.job, owner=world.dept_admin, filename="wts.csv", content_type="text/csv",
                                     content=b"a,b\n", size=4, expires_at=timezone.now() + dt.timedelta(days=1))
        self.officer_token, _plain = create_token(acting_user=world.officer, name="matrix")
        self.extension = Extension.objects.create(
            round=world.round, window="entry", province=world.np, closes_at=world.round.entry_closes_at
            + dt.timedelta(days=2), reason="ทดสอบ", created_by=world.dept_admin,
        )
        from wts.documents.models import SentLetter

        def sent_letter(office, province, number):
            return SentLetter.objects.create(
                office=office, province=province, round=world.round, year=2569, number=number, doc_no=f"x/ว {number}",
                date=dt.date(2026, 9, 10), subject="ทดสอบ", recipients="ทดสอบ", agency="ทดสอบ", file=b"%PDF",
                file_name="letter.pdf", content_type="application/pdf", issued_at=timezone.now(),
                issued_by=world.dept_admin)

        self.department_letter = sent_letter("department", None, 1)
        self.province_letter = sent_letter("48", world.np, 1)
        self.bearer = {
            persona: create_token(acting_user=getattr(world, attr), name="matrix-bearer")[1]
            for persona, attr in PERSONA_USERS.items()
        }

    def kwargs_for(self, route: str) -> dict:
        values = {}
        for _converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            values[name] = self._value(route, name)
        return values

    def _value(self, route, name):
        world = self.world
        if name == "fiscal_year":
            return world.round.fiscal_year
        if name == "province_code":
            return "48"
        if name == "code":
            before = route.split("<")[0] if route.count("<") == 1 else route[: route.index("code>")]
            return "48" if re.search(r"provinces?/[^/]*$", before) else "4801"
        if name in {"fmt", "kind"}:
            return "xlsx"
        if name == "slug":
            return "provinces"
        if name == "role":
            return "district"
        if name == "number":
            return 1
        if name == "extension_id":
            return self.extension.pk
        if name == "username":
            return "district-4801"
        if name == "rest":
            return "no-such-endpoint"
        if name == "pk":
            if route.startswith("notifications/"):
                return self.notification.pk
            if route.startswith("monitoring/announcements/"):
                return self.announcement.pk
            if route.startswith("spreadsheets/imports/"):
                return self.workbook_import.pk
            if route.startswith("jobs/"):
                return self.job.pk
            if route.startswith("api/tokens/"):
                return self.officer_token.pk
            if route.startswith("catalog/") and "/positions/" in route:
                from wts.catalog.models import PositionType

                return PositionType.objects.get(round=world.round, code="TTA").pk
            if route.startswith("monitoring/letter/register/"):
                return self.department_letter.pk
            if route.startswith("monitoring/province/"):
                return self.province_letter.pk
            if route.startswith("catalog/"):
                from wts.catalog.models import WorkItem

                return WorkItem.objects.get(area__round=world.round, code="1.02").pk
        raise KeyError(f"no matrix value for <{name}> in {route}")

    def path_for(self, route: str) -> str:
        if route == ADMIN_PREFIX:
            return "/admin/"
        kwargs = self.kwargs_for(route)

        def fill(match):
            return str(kwargs[match.group(2)])

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def ask(world, objects, persona, method, path, *, api=False, data=None, query=None):
    """One request as one persona, rolled back afterwards so no answer depends on another.
    ``query``: the query string of a GET, as a dict (lists for repeated keys)."""
    client = Client(raise_request_exception=False)
    headers = {}
    with transaction.atomic():
        if persona != "anonymous":
            if api:
                headers["Authorization"] = f"Bearer {objects.bearer[persona]}"
            else:
                client.force_login(getattr(world, PERSONA_USERS[persona]))
        send = getattr(client, method.lower())
        if api and method in {"POST", "PUT"}:
            response = send(path, data or {}, content_type="application/json", headers=headers)
        elif method == "POST":
            response = send(path, data or {}, headers=headers)
        else:
            response = send(path, query or {}, headers=headers)
        transaction.set_rollback(True)
    return response
