"""Validation of the catalog: the page, the XLSX import and any other caller share these forms,
so a bad code, unit, number of minutes or maximum gets the same Thai message everywhere."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.lib.thai import parse_count, to_arabic_digits
from wts.lib.uploads import validate_xlsx_upload

from .models import PositionType, WorkItem

MAX_MINUTES = Decimal("9999999.9")
MAX_ITEM_MAXIMUM = 10_000_000
MAX_ORDER = 32_000
_SEPARATORS = {",", " ", "\u00a0", "\u2009", "\u202f", "\u200b", "'", "_"}


def parse_minutes(raw) -> Decimal | None:
    """Standard minutes per unit as typed: Thai or Arabic digits, separators, one decimal place."""
    return parse_decimal(raw, places=1, maximum=MAX_MINUTES, example="15 หรือ 7.5")


class MinutesField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_minutes(super().to_python(value))


class CountField(forms.CharField):
    """A whole number typed with Thai or Arabic digits (wts.lib.thai.parse_count)."""

    def __init__(self, *, max_value, min_value=0, **kwargs):
        self.max_count, self.min_count = max_value, min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        number = parse_count(super().to_python(value), max_value=self.max_count)
        if number is not None and number < self.min_count:
            raise ValidationError(_("ต้องไม่น้อยกว่า %(min)s") % {"min": self.min_count}, code="too_small")
        return number


class AreaForm(forms.Form):
    number = CountField(label=gettext_lazy("ลำดับด้าน"), max_value=99, min_value=1)
    name = forms.CharField(label=gettext_lazy("ชื่อด้าน"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("คำอธิบาย"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, area, **kwargs):
        self.area = area
        kwargs.setdefault("initial", {"number": area.number, "name": area.name, "description": area.description})
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_number(self):
        number = self.cleaned_data["number"]
        count = self.area.round.areas.count()
        if number > count:
            raise ValidationError(_("ลำดับด้านต้องอยู่ระหว่าง 1 ถึง %(count)s") % {"count": count})
        return number


class WorkItemForm(forms.Form):
    """One work item. ``round_`` and ``instance`` (None when adding) let the code be checked unique
    within the round; the rules that depend on recorded values live in the actions."""

    code = forms.CharField(label=gettext_lazy("รหัส"), max_length=20)
    name = forms.CharField(label=gettext_lazy("รายการงาน"), max_length=300)
    unit = forms.CharField(label=gettext_lazy("หน่วยนับ"), max_length=30)
    standard_minutes = MinutesField(
        label=gettext_lazy("เวลามาตรฐาน (นาทีต่อหน่วย)"),
        help_text=gettext_lazy("ใช้คำนวณอัตรากำลังทุกตัวเลข ทศนิยมได้ 1 ตำแหน่ง"),
    )
    max_value = CountField(
        label=gettext_lazy("ค่าสูงสุดที่ยอมรับ"), max_value=MAX_ITEM_MAXIMUM, min_value=1,
        help_text=gettext_lazy("อำเภอบันทึกค่าเกินนี้ไม่ได้"),
    )
    help_text = forms.CharField(
        label=gettext_lazy("คำอธิบาย"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = CountField(
        label=gettext_lazy("ลำดับ"), max_value=MAX_ORDER, required=False,
        help_text=gettext_lazy("เว้นว่างเพื่อต่อท้ายด้าน"),
    )

    def __init__(self, *args, round_, instance: WorkItem | None = None, **kwargs):
        self.round = round_
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", item_initial(instance))
        super().__init__(*args, **kwargs)

    def _text(self, name):
        return " ".join(self.cleaned_data[name].split())

    def clean_name(self):
        return self._text("name")

    def clean_unit(self):
        return self._text("unit")

    def clean_code(self):
        code = "".join(to_arabic_digits(self.cleaned_data["code"]).split())
        if not code:
            raise ValidationError(_("กรุณากรอกรหัส"))
        taken = WorkItem.objects.filter(area__round=self.round, code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("รหัส %(code)s มีอยู่แล้วในแบบฟอร์มของรอบนี้") % {"code": code})
        return code

    def clean_standard_minutes(self):
        value = self.cleaned_data["standard_minutes"]
        if value is None:
            raise ValidationError(_("กรุณากรอกเวลามาตรฐาน"), code="required")
        return value

    def clean_max_value(self):
        value = self.cleaned_data["max_value"]
        if value is None:
            raise ValidationError(_("กรุณากรอกค่าสูงสุด"), code="required")
        return value


def item_initial(item: WorkItem) -> dict:
    return {
        "code": item.code, "name": item.name, "unit": item.unit, "standard_minutes": item.standard_minutes,
        "max_value": item.max_value, "help_text": item.help_text, "order": item.order,
    }


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์แบบฟอร์ม (.xlsx)"), validators=[validate_xlsx_upload],
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def parse_decimal(raw, *, places: int = 2, maximum: Decimal = Decimal("99999"),
                  example: str = "230 หรือ 6.5") -> Decimal | None:
    """A non-negative decimal as typed (Thai or Arabic digits, separators), at most ``places`` places."""
    if raw is None:
        return None
    text = "".join(ch for ch in to_arabic_digits(str(raw).strip()) if ch not in _SEPARATORS)
    if text == "":
        return None
    if text[0] in "-\u2212\u2013\u2014":
        raise ValidationError(_("ต้องไม่ติดลบ"), code="negative")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("กรุณากรอกตัวเลข เช่น %(example)s") % {"example": example}, code="invalid") from None
    if not value.is_finite():
        raise ValidationError(_("กรุณากรอกตัวเลข เช่น %(example)s") % {"example": example}, code="invalid")
    step = Decimal(1).scaleb(-places)
    if value != value.quantize(step):
        raise ValidationError(_("ทศนิยมได้ไม่เกิน %(n)s ตำแหน่ง") % {"n": places}, code="precision")
    if value > maximum:
        raise ValidationError(_("ค่าสูงเกินไป (ไม่เกิน %(max)s)") % {"max": f"{maximum:,}"}, code="too_large")
    return value.quantize(step)


class DecimalTextField(forms.CharField):
    def __init__(self, *, places=1, maximum=Decimal("99999"), **kwargs):
        self.places, self.maximum = places, maximum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_decimal(super().to_python(value), places=self.places, maximum=self.maximum)


class PositionTypeForm(forms.Form):
    """A position type: name, working time from its parts, and WISN's two allowances."""

    code = forms.CharField(label=gettext_lazy("รหัส"), max_length=20,
                           help_text=gettext_lazy("ใช้จับคู่ประเภทเดียวกันข้ามรอบและกับกรอบ/คนครองของอำเภอ"))
    name = forms.CharField(label=gettext_lazy("ชื่อประเภทตำแหน่ง"), max_length=200)
    order = CountField(label=gettext_lazy("ลำดับ"), max_value=MAX_ORDER, required=False)
    working_days = DecimalTextField(label=gettext_lazy("วันทำการในปีงบประมาณ (จันทร์–ศุกร์)"), maximum=Decimal("366"))
    public_holidays = DecimalTextField(label=gettext_lazy("หัก วันหยุดราชการ (วัน)"), maximum=Decimal("366"))
    leave_days = DecimalTextField(label=gettext_lazy("หัก วันลา (วัน)"), maximum=Decimal("366"))
    training_days = DecimalTextField(label=gettext_lazy("หัก วันฝึกอบรม (วัน)"), maximum=Decimal("366"))
    other_absence_days = DecimalTextField(label=gettext_lazy("หัก วันไม่ปฏิบัติงานอื่น ๆ (วัน)"), maximum=Decimal("366"))
    hours_per_day = DecimalTextField(label=gettext_lazy("ชั่วโมงทำงานต่อวัน"), places=2, maximum=Decimal("24"))
    category_allowance_percent = DecimalTextField(
        label=gettext_lazy("ค่าเผื่องานสนับสนุนที่ทุกคนทำ (ร้อยละของเวลาทำงาน)"), places=2, maximum=Decimal("1000"),
        help_text=gettext_lazy("เช่น ประชุม รายงาน งานธุรการ · CAF = 1 ÷ (1 − ร้อยละ ÷ 100)"),
    )
    individual_allowance_hours = DecimalTextField(
        label=gettext_lazy("ค่าเผื่องานเพิ่มเติมเฉพาะบางคน (ชั่วโมงต่อปี รวมทั้งสำนักงาน)"), maximum=Decimal("9999999"),
        help_text=gettext_lazy("เช่น งานกรรมการ งานผู้บังคับบัญชา · ค่าเพิ่มรายบุคคล = ชั่วโมง ÷ เวลาทำงานที่มีต่อปี"),
    )

    def __init__(self, *args, round_, instance=None, **kwargs):
        self.round, self.instance = round_, instance
        super().__init__(*args, **kwargs)
        for name in ("working_days", "public_holidays", "leave_days", "training_days", "other_absence_days",
                     "hours_per_day", "category_allowance_percent", "individual_allowance_hours"):
            self.fields[name].required = True

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_code(self):
        code = to_arabic_digits(self.cleaned_data["code"].strip()).upper()
        taken = PositionType.objects.filter(round=self.round, code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("รหัสนี้มีในรอบนี้แล้ว"), code="taken")
        return code

    def clean_hours_per_day(self):
        value = self.cleaned_data["hours_per_day"]
        if value is not None and value <= 0:
            raise ValidationError(_("ชั่วโมงทำงานต่อวันต้องมากกว่า 0"), code="zero")
        return value

    def clean_category_allowance_percent(self):
        value = self.cleaned_data["category_allowance_percent"]
        if value is not None and value >= 100:
            raise ValidationError(_("ค่าเผื่องานสนับสนุนต้องน้อยกว่าร้อยละ 100 (ร้อยละ 100 คือไม่มีเวลาเหลือทำงานหลักเลย)"),
                                  code="too_large")
        return value

    def clean(self):
        data = super().clean()
        parts = ("working_days", "public_holidays", "leave_days", "training_days", "other_absence_days")
        if all(data.get(n) is not None for n in parts):
            left = data["working_days"] - sum(data[n] for n in parts[1:])
            if left <= 0:
                self.add_error("working_days", _(
                    "วันทำการหักวันหยุด วันลา วันฝึกอบรม และวันอื่น ๆ แล้วเหลือ %(left)s วัน ต้องมากกว่า 0"
                ) % {"left": f"{left:,}"})
        if data.get("order") is None:
            data["order"] = self.instance.order if self.instance else (
                (PositionType.objects.filter(round=self.round).order_by("-order").values_list("order", flat=True)
                 .first() or 0) + 1)
        return data


def position_type_initial(position_type) -> dict:
    return {name: getattr(position_type, name) for name in PositionTypeForm.base_fields}
