"""No form offers the browser's own (Gregorian) date picker, and no page shows a Gregorian year.

Every date a person types goes through wts.lib.fields (วว/ดด/ปปปป in the Buddhist Era); every date
a page shows is BE. These tests walk the whole project, so a new form or page cannot bring the
mm/dd/yyyy picker or a 2026 back.
"""

import datetime as dt
import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory

import wts
from tests.access_matrix_support import ADMIN_PREFIX, MatrixObjects, url_patterns
from wts.lib.fields import ThaiDateField, ThaiDateInput, ThaiDateTimeField, ThaiDateTimeInput
from wts.lib.thai import BANGKOK

NATIVE_INPUT = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?(date|datetime-local|month|week|time)\b""", re.I)
# A four-digit year of the Gregorian calendar (1900-2299), not part of a longer number or word,
# nor the tail of a figure with thousands separators or decimals (1,980 or 0.2025).
GREGORIAN_YEAR = re.compile(r"(?<![0-9A-Za-z_])(?<![0-9][,.])(19\d\d|2[0-2]\d\d)(?![0-9A-Za-z_])")
FOREIGN_DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.TimeField, forms.SplitDateTimeField)
DATE_WIDGETS = (forms.DateInput, forms.DateTimeInput, forms.TimeInput, forms.SplitDateTimeWidget,
                ThaiDateInput, ThaiDateTimeInput)
SKIPPED_MODULES = (".tests", ".migrations", "wts.wsgi", "wts.asgi")
# Personas whose pages differ; the "other province" personas see the same pages, or a 404.
PERSONAS = ["officer", "director", "provadmin", "dept_viewer", "dept_admin"]


def _import_every_module():
    for info in pkgutil.walk_packages(wts.__path__, "wts."):
        if not any(part in info.name for part in SKIPPED_MODULES):
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms():
    _import_every_module()
    seen = set()
    for cls in _subclasses(forms.BaseForm):
        if cls.__module__.startswith("wts.") and ".tests" not in cls.__module__ and cls not in seen:
            seen.add(cls)
            yield cls


def _foreign_date_fields(fields) -> list[str]:
    """Date, date-time and time fields that are Django's own (Gregorian) rather than ours."""
    return [
        f"{name} ({type(field).__name__})"
        for name, field in fields.items()
        if isinstance(field, FOREIGN_DATE_FIELDS) and not isinstance(field, ThaiDateField | ThaiDateTimeField)
    ]


def _holds_dates(field) -> bool:
    return isinstance(field, FOREIGN_DATE_FIELDS + (ThaiDateField, ThaiDateTimeField)) or isinstance(
        field.widget, DATE_WIDGETS)


def _render_fields(fields) -> str:
    """Each widget as it renders empty, and a date widget with a date in it (it shows its format)."""
    sample = dt.datetime(2026, 9, 30, 16, 30, tzinfo=BANGKOK)
    html = []
    for name, field in fields.items():
        for value in (None, sample, sample.date()) if _holds_dates(field) else (None,):
            try:
                html.append(field.widget.render(name, value))
            except (TypeError, ValueError, AttributeError):  # a date-time widget given a bare date
                continue
    return "\n".join(html)


def _problems_of(label, fields, html) -> list[str]:
    problems = [f"{label}: Django's own date field {f}" for f in _foreign_date_fields(fields)]
    problems += [f"{label}: renders <input type={m}>" for m in NATIVE_INPUT.findall(html)]
    problems += [f"{label}: shows the Gregorian year {y}" for y in GREGORIAN_YEAR.findall(_visible_text(html))]
    return problems


class _VisibleText(HTMLParser):
    """The text a person sees or hears: element text, what inputs display, titles and labels;
    not scripts, nor attributes meant for machines (<time datetime="2026-..."> is fine)."""

    HIDDEN_INPUTS = {"hidden", "checkbox", "radio", "file", "password"}
    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIPPED:
            self._skip += 1
        if tag == "input" and (attrs.get("type") or "text").lower() not in self.HIDDEN_INPUTS:
            self.parts += [attrs.get("value") or "", attrs.get("placeholder") or ""]
        self.parts += [attrs[name] for name in ("title", "aria-label", "alt") if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    # The allow-list: the helpdesk's phone number (0 2241 9000) is in every footer and is no date.
    return "\n".join(parser.parts).replace(settings.HELPDESK_PHONE, "")


def test_no_form_renders_a_native_date_input_or_a_gregorian_year(world):
    problems = []
    for cls in _project_forms():
        label = f"{cls.__module__}.{cls.__qualname__}"
        try:
            form = cls()
        except (TypeError, ValueError, KeyError, AttributeError):
            # A form built for one object (a round, a district): its declared fields still tell.
            problems += _problems_of(label, cls.base_fields, _render_fields(cls.base_fields))
            continue
        problems += _problems_of(label, form.fields, str(form) + _render_fields(form.fields))

    request = RequestFactory().get("/admin/")
    request.user = world.dept_admin
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue  # a third-party screen only a technical superuser opens (axes, django-otp)
        if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
            continue  # a read-only screen renders no form; its pages are read by the page test below
        label = f"admin {model._meta.label}"
        form_class = model_admin.get_form(request, obj=None)
        problems += _problems_of(label, form_class.base_fields,
                                 str(form_class()) + _render_fields(form_class.base_fields))
        for inline in model_admin.get_inline_instances(request, None):
            fields = inline.get_formset(request, None).form.base_fields
            problems += _problems_of(f"{label} inline {inline.model._meta.label}", fields, _render_fields(fields))
    assert not problems, "\n".join(problems)


def _pages(objects):
    for route in url_patterns():
        if route.startswith("api/") or "<str:fmt>" in route or route.endswith((".pdf", ".xlsx", ".docx")):
            continue  # machine-readable answers and files, not pages
        try:
            yield objects.path_for(route)
        except KeyError:
            continue
    yield from _admin_pages()


def _admin_pages():
    for model in admin.site._registry:
        base = f"/{ADMIN_PREFIX}{model._meta.app_label}/{model._meta.model_name}/"
        yield base
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield f"{base}{first.pk}/change/"
            yield f"{base}{first.pk}/history/"


def _world_with_dates(world):
    """Objects whose dates pages show: an extension, a reminder, an admin history entry, and the
    announcement, token and upload of the access matrix."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from wts.monitoring.models import Reminder, ReminderKind
    from wts.rounds.actions import extend_deadline
    from wts.rounds.models import Window

    extend_deadline(world.round, window=Window.ENTRY, closes_at=dt.datetime(2026, 9, 20, 16, 30, tzinfo=BANGKOK),
                    reason="น้ำท่วม", acting_user=world.dept_admin, province=world.np)
    Reminder.objects.create(round=world.round, province=world.np, district=world.np_mueang, kind=ReminderKind.MANUAL,
                            window=Window.ENTRY, deadline_at=world.round.entry_closes_at, sent_by=world.director)
    LogEntry.objects.create(user=world.dept_admin, content_type=ContentType.objects.get_for_model(world.officer),
                            object_id=str(world.officer.pk), object_repr=str(world.officer), action_flag=CHANGE,
                            change_message="position")
    return MatrixObjects(world)


def test_no_page_shows_a_native_date_input_or_a_gregorian_year(world, during_entry):
    objects = _world_with_dates(world)
    pages = list(_pages(objects))
    problems = []
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(getattr(world, persona))
        for path in pages:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            problems += [f"{persona} {path}: <input type={m}>" for m in NATIVE_INPUT.findall(html)]
            problems += [f"{persona} {path}: Gregorian year {y}" for y in GREGORIAN_YEAR.findall(_visible_text(html))]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("text, found", [
    ("ขยายถึง 30 ก.ย. 2569", []),
    ("ขยายถึง 30 ก.ย. 2026", ["2026"]),
    ("30/09/2026", ["2026"]),
    ("1,980 ฉบับ และ 12,000 บาท", []),
    ("รหัสอำเภอ 4801", []),
])
def test_the_gregorian_year_detector_finds_years_not_figures(text, found):
    assert GREGORIAN_YEAR.findall(text) == found
