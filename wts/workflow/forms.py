from django import forms
from django.utils.translation import gettext_lazy as _

from wts.lib.ids import IdentifierField
from wts.lib.thai import parse_count
from wts.workflow.models import NOTE_MAX_LENGTH

# An area's version counts its saves: nine digits is far more than any area will ever have.
VERSION_DIGITS = 9


class CountField(forms.CharField):
    """A yearly count as a person types it: Thai digits, separators; blank means not entered."""

    def __init__(self, *, max_value, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": "count-input"})

    def to_python(self, value):
        return parse_count(value, max_value=self.max_value)

    def validate(self, value):
        pass

    def run_validators(self, value):
        pass


def item_field_name(item) -> str:
    return f"item_{item.pk}"


def note_field_name(item) -> str:
    return f"note_{item.pk}"


def original_field_name(item) -> str:
    return f"orig_item_{item.pk}"


def original_note_field_name(item) -> str:
    return f"orig_note_{item.pk}"


class AreaValuesForm(forms.Form):
    """The values of one mission area. Used by the page, the spreadsheet import and the API."""

    base_version = IdentifierField(
        required=False, widget=forms.HiddenInput, max_digits=VERSION_DIGITS,
        error_messages={"required": _("ไม่ทราบว่าค่าที่ส่งมาแก้ไขจากข้อมูลฉบับใด")},
    )

    def __init__(self, *args, items, require_base_version=False, with_notes=True, with_originals=False, **kwargs):
        """require_base_version: the page's save must say which version it edited, or it could
        silently overwrite a colleague's save (the import and the API carry their versions apart).
        with_notes=False: values only (the import and the API send no explanations), half the fields
        to build for a whole report. with_originals: the page's hidden copy of each value and note as
        they were when it was opened, so that a save writes only what the officer changed."""
        super().__init__(*args, **kwargs)
        self.fields["base_version"].required = require_base_version
        self.items = list(items)
        for item in self.items:
            field = CountField(max_value=item.max_value, label=item.name, help_text=item.help_text)
            field.item = item
            self.fields[item_field_name(item)] = field
            if with_originals:
                self.fields[original_field_name(item)] = forms.CharField(required=False, widget=forms.HiddenInput)
            if not with_notes:
                continue
            self.fields[note_field_name(item)] = forms.CharField(
                label=_("คำอธิบายค่านี้"), required=False, max_length=NOTE_MAX_LENGTH,
                error_messages={"max_length": _("คำอธิบายยาวได้ไม่เกิน %(limit_value)d ตัวอักษร")},
            )
            if with_originals:
                self.fields[original_note_field_name(item)] = forms.CharField(
                    required=False, strip=False, widget=forms.HiddenInput)

    def item_fields(self):
        return [(item, self[item_field_name(item)]) for item in self.items]

    def item_rows(self):
        """(item, value field, note field) for each item, in the form's order (a form with notes)."""
        return [(item, self[item_field_name(item)], self[note_field_name(item)]) for item in self.items]

    def values_by_item_id(self) -> dict[int, int | None]:
        return {item.pk: self.cleaned_data.get(item_field_name(item)) for item in self.items}

    def notes_by_item_id(self) -> dict[int, str]:
        """The explanations the page sent: an item whose note field was not posted keeps its note."""
        return {item.pk: self.cleaned_data.get(note_field_name(item), "").strip()
                for item in self.items if note_field_name(item) in self.data}

    def originals(self):
        """({item_id: value}, {item_id: note}) as the page was opened, for the items whose hidden
        copy was posted; None when the page sent none (every posted value counts as typed)."""
        values, notes = {}, {}
        for item in self.items:
            name = original_field_name(item)
            if name in self.data:
                try:
                    values[item.pk] = parse_count(self.data[name], max_value=item.max_value)
                except forms.ValidationError:
                    continue  # an unreadable copy: the value counts as typed
            if original_note_field_name(item) in self.data:
                notes[item.pk] = self.data[original_note_field_name(item)].strip()
        return (values, notes) if values or notes else None

    CHOICE_MINE, CHOICE_THEIRS = "mine", "theirs"

    def conflict_choices(self) -> dict[int, str]:
        """For each item the last refusal listed as changed by both (hidden ``conflicts``), the
        officer's explicit choice: their own value or the one stored now."""
        listed = {part for part in str(self.data.get("conflicts", "")).split(",") if part.isdigit()}
        return {item.pk: self.data.get(f"choice_{item.pk}", "") for item in self.items if str(item.pk) in listed}

    def clean(self):
        data = super().clean()
        for item in self.items:
            choice = self.conflict_choices().get(item.pk)
            if choice is not None and choice not in (self.CHOICE_MINE, self.CHOICE_THEIRS):
                self.add_error(item_field_name(item), _(
                    "โปรดเลือกว่าจะใช้ค่าที่ท่านกรอก หรือค่าที่อยู่ในระบบขณะนี้"))
        return data

    def changed_by_editor(self, originals):
        """The values and notes the officer changed since the page was opened: only these are written."""
        values, notes = self.values_by_item_id(), self.notes_by_item_id()
        if originals is None:
            return values, notes
        original_values, original_notes = originals
        theirs = {k for k, choice in self.conflict_choices().items() if choice == self.CHOICE_THEIRS}
        return ({k: v for k, v in values.items()
                 if k not in theirs and (k not in original_values or v != original_values[k])},
                {k: v for k, v in notes.items()
                 if k not in theirs and (k not in original_notes or v != original_notes[k])})

    @classmethod
    def for_raw_values(cls, items, raw_by_item_id: dict, base_version=None):
        """Build a bound form from {item_id: raw text} (import and API)."""
        data = {f"item_{item_id}": "" if raw is None else raw for item_id, raw in raw_by_item_id.items()}
        if base_version is not None:
            data["base_version"] = base_version
        return cls(data, items=items, with_notes=False)

    def errors_by_item_id(self) -> dict[int, list[str]]:
        errors = {}
        for item in self.items:
            for name in (item_field_name(item), note_field_name(item)):
                if name in self.errors:
                    errors.setdefault(item.pk, []).extend(self.errors[name])
        return errors

