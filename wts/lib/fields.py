"""Form fields for dates people type: Buddhist Era, วว/ดด/ปปปป, Thai digits welcome, never the
browser's own (Gregorian) picker. Every form in the project uses these; the calendar picker in
``wts/core/static/wts/thaidate.js`` attaches to the ``data-thai-date`` inputs they render."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .thai import BANGKOK, format_thai_date_input, format_thai_time_input, parse_thai_date, parse_thai_time

DATE_HINT = _("วว/ดด/ปปปป (พ.ศ.)")
DATETIME_HINT = _("วว/ดด/ปปปป (พ.ศ.) เวลา ชช:นน")


def _described_by(attrs: dict, hint_id: str) -> None:
    """Point the input at its hint, keeping what Django already put there (the help text)."""
    existing = attrs.get("aria-describedby", "")
    attrs["aria-describedby"] = f"{existing} {hint_id}".strip()


class ThaiDateInput(forms.TextInput):
    """A text input showing วว/ดด/ปปปป (พ.ศ.) with its hint; the project's picker enhances it.

    Its media carry the picker, so an admin page (which renders form media) gets it too.
    """

    template_name = "wts/widgets/thai_date.html"

    class Media:
        css = {"all": ["wts/thaidate.css"]}
        js = ["wts/thaidate.js"]

    def __init__(self, attrs=None, *, show_hint: bool = True):
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "วว/ดด/ปปปป",
                "data-thai-date": "", "size": "10", "maxlength": "10", "class": "thai-date"}
        self.show_hint = show_hint
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return format_thai_date_input(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["hint"] = DATE_HINT if self.show_hint else ""
        widget["hint_id"] = f"{widget['attrs']['id']}_hint" if widget["attrs"].get("id") else ""
        if widget["hint"] and widget["hint_id"]:
            _described_by(widget["attrs"], widget["hint_id"])
        return context


class ThaiTimeInput(forms.TextInput):
    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "ชช:นน",
                "data-thai-time": "", "size": "5", "maxlength": "8", "class": "thai-time",
                "aria-label": _("เวลา (ชช:นน)")}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.time | dt.datetime):
            return format_thai_time_input(value)
        return super().format_value(value)


class ThaiDateTimeInput(forms.MultiWidget):
    """A date (วว/ดด/ปปปป) and a time (ชช:นน), posted as ``<name>_0`` and ``<name>_1``, one hint."""

    template_name = "wts/widgets/thai_datetime.html"

    def __init__(self, attrs=None):
        super().__init__([ThaiDateInput(attrs, show_hint=False), ThaiTimeInput(attrs)])

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = value.astimezone(BANGKOK) if value.tzinfo else value
            return [local.date(), local.time()]
        return [None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["hint"] = DATETIME_HINT
        widget["hint_id"] = f"{widget['attrs']['id']}_hint" if widget["attrs"].get("id") else ""
        if widget["hint_id"]:
            for sub in widget["subwidgets"]:
                _described_by(sub["attrs"], widget["hint_id"])
        return context


class ThaiDateField(forms.Field):
    """A Buddhist Era date; a Gregorian year or an impossible date is refused in Thai."""

    widget = ThaiDateInput
    default_error_messages = {"required": _("กรุณาระบุวันที่")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_thai_date(value)


class ThaiDateTimeField(forms.MultiValueField):
    """A Buddhist Era date and a time of day in Bangkok, as an aware datetime.

    ``default_time`` fills a blank time (a deadline typed as a day alone means the end of it).
    """

    widget = ThaiDateTimeInput
    default_error_messages = {"required": _("กรุณาระบุวันที่และเวลา")}

    def __init__(self, *, default_time: dt.time | None = None, **kwargs):
        self.default_time = default_time
        fields = (ThaiDateField(), forms.CharField(required=default_time is None))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        date_raw, time_raw = (list(value) + [None, None])[:2]
        date_empty = date_raw in self.empty_values
        time_empty = time_raw in self.empty_values
        if date_empty and (time_empty or self.default_time is not None):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        errors = []
        day = time = None
        if date_empty:
            errors.append(ValidationError(_("กรุณาระบุวันที่"), code="required"))
        else:
            try:
                day = self.fields[0].clean(date_raw)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if time_empty:
            if self.default_time is None:
                errors.append(ValidationError(_("กรุณาระบุเวลา"), code="required_time"))
            time = self.default_time
        elif not isinstance(time_raw, dt.time):
            try:
                time = parse_thai_time(time_raw)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        else:
            time = time_raw
        if errors:
            raise ValidationError(errors)
        result = dt.datetime.combine(day, time, tzinfo=BANGKOK)
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list):  # clean() above does the work; kept for MultiValueField's contract
        return None

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True
