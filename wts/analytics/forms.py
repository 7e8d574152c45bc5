from django import forms
from django.utils.translation import gettext_lazy as _

from wts.rounds.models import Round

from .regions import REGIONS
from .stats import SIZE_BANDS


class AnalysisFilterForm(forms.Form):
    """The filters of every analytics page, read from the query string so a result can be linked."""

    round = forms.TypedChoiceField(label=_("รอบ"), coerce=int, required=False)
    averaging = forms.IntegerField(
        label=_("เฉลี่ยย้อนหลัง (รอบ)"), required=False, min_value=1, max_value=10,
        # A text box keeps whatever was typed on screen beside its error; a number box would blank it.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"min_value": _("อย่างน้อย 1 รอบ"), "max_value": _("ไม่เกิน 10 รอบ"),
                        "invalid": _("กรุณากรอกจำนวนเต็ม")},
    )
    include_unconfirmed = forms.BooleanField(label=_("รวมข้อมูลที่ยังไม่ยืนยัน"), required=False)
    region = forms.ChoiceField(label=_("ภาค"), required=False)
    province = forms.ChoiceField(label=_("จังหวัด"), required=False)
    size = forms.ChoiceField(label=_("ขนาดอำเภอ (จำนวน อปท.)"), required=False)
    ranking = forms.ChoiceField(
        label=_("เรียงอันดับตาม"), required=False,
        choices=[("shortage", _("อัตรากำลังที่ขาด")), ("fte", _("FTE ที่ต้องการ")), ("per_lgo", _("ชั่วโมงงานต่อ อปท."))],
        error_messages={"invalid_choice": _("ไม่มีการเรียงลำดับแบบนี้")},
    )

    def __init__(self, *args, provinces, rounds, nationwide: bool, page: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [(r.fiscal_year, str(r)) for r in rounds]
        self.fields["round"].error_messages["invalid_choice"] = _("ไม่มีรอบนี้")
        self.fields["province"].choices = [("", _("ทุกจังหวัด"))] + [(p.code, p.name_th) for p in provinces]
        self.fields["province"].error_messages["invalid_choice"] = _("ไม่มีจังหวัดนี้ในขอบเขตของท่าน")
        self.fields["region"].choices = [("", _("ทุกภาค"))] + list(REGIONS.items())
        self.fields["region"].error_messages["invalid_choice"] = _("ไม่มีภาคนี้")
        self.fields["size"].choices = [("", _("ทุกขนาด"))] + [(k, label) for k, _lo, _hi, label in SIZE_BANDS]
        self.fields["size"].error_messages["invalid_choice"] = _("ไม่มีขนาดนี้")
        self.nationwide = nationwide
        if not nationwide:
            del self.fields["region"]
        if page == "flags":
            # The quality flags look at one round's recorded values, confirmed or not.
            del self.fields["averaging"], self.fields["include_unconfirmed"]
        if page != "districts":
            del self.fields["ranking"]

    def selected_round(self, default: Round | None) -> Round | None:
        year = self.cleaned_data.get("round")
        if year in (None, ""):
            return default
        return Round.objects.get(fiscal_year=year)
