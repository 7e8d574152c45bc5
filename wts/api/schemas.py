from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator

# A JSON true/false is not a count: pydantic would read it as 1/0. As text it reaches the
# count parser, which answers the usual Thai message for that item.
BOOLEAN_IS_NOT_A_COUNT = {True: "true", False: "false"}


def _booleans_as_text(values):
    if isinstance(values, dict):
        return {k: BOOLEAN_IS_NOT_A_COUNT[v] if isinstance(v, bool) else v for k, v in values.items()}
    return values


def _no_boolean_version(value):
    if isinstance(value, bool):
        raise ValueError(_("base_version ต้องเป็นจำนวนเต็ม ไม่ใช่ true/false"))
    return value


def _no_boolean_versions(value):
    if isinstance(value, dict):
        for version in value.values():
            _no_boolean_version(version)
    return value


CountsIn = Annotated[dict[str, int | float | str | None], BeforeValidator(_booleans_as_text)]
VersionIn = Annotated[int | None, BeforeValidator(_no_boolean_version)]
VersionsIn = Annotated[dict[str, int], BeforeValidator(_no_boolean_versions)]


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    province_code: str | None
    district_code: str | None


class ProvinceOut(Schema):
    code: str
    name_th: str
    name_en: str
    region: str
    district_count: int


class DistrictOut(Schema):
    code: str
    name_th: str
    name_en: str
    province_code: str
    province_name_th: str
    pao_count: int
    municipality_count: int
    sao_count: int
    positions_framework: int
    positions_filled: int


class RoundOut(Schema):
    fiscal_year: int
    title: str
    entry_opens_at: datetime
    entry_closes_at: datetime
    confirm_opens_at: datetime
    confirm_closes_at: datetime
    closed_at: datetime | None
    is_current: bool


class ItemOut(Schema):
    code: str
    name: str
    unit: str
    help_text: str
    standard_minutes: float
    max_value: int


class AreaOut(Schema):
    number: int
    name: str
    description: str
    items: list[ItemOut]


class StatusOut(Schema):
    district_code: str
    district_name_th: str
    province_code: str
    state: str
    state_label: str
    areas_started: int
    areas_complete: int
    area_total: int
    entry_closes_at: datetime = Field(description="The district's effective entry deadline, extensions included")
    confirm_closes_at: datetime
    last_changed_at: datetime | None
    submitted_at: datetime | None
    confirmed_at: datetime | None


class AreaStatusOut(Schema):
    number: int
    name: str
    status: str
    filled: int
    total: int
    version: int = Field(description="Send it back as base_version when saving, so a colleague's save is not lost")
    updated_at: datetime | None


class ValueOut(Schema):
    item_code: str
    area_number: int
    value: int | None


class ReturnOut(Schema):
    kind: str = Field(description="returned (by the province) or reopened (by the department)")
    reason: str
    area_number: int | None
    item_codes: list[str]
    created_by: str
    created_at: datetime
    resubmitted_at: datetime | None


class ReportOut(Schema):
    fiscal_year: int
    district_code: str
    state: str
    state_label: str
    editable: bool
    refusal_th: str | None = Field(description="Why the figures cannot be changed now, in Thai; null when they can")
    entry_closes_at: datetime
    confirm_closes_at: datetime
    last_changed_at: datetime | None
    submitted_at: datetime | None
    confirmed_at: datetime | None
    areas: list[AreaStatusOut]
    values: list[ValueOut]
    returns: list[ReturnOut] = Field(description="Returns and reopenings, newest first, with their reasons")


class ValuesIn(Schema):
    values: CountsIn = Field(
        description="Item code → yearly count. Numbers, or text as a person types it (Thai digits, thousands "
        "separators); null or an empty string clears a value. Items not sent keep their value.",
        examples=[{"1.01": 1234, "1.02": "๑,๒๐๐", "1.03": None}],
    )
    base_version: VersionIn = Field(
        default=None,
        description="Required: the area version read before editing (0 for an area never saved). A save over a "
        "newer version is refused (409 stale_edit); a save without it is refused (428 base_version_required)",
    )


class AreaSaveOut(Schema):
    changed: int
    area: AreaStatusOut
    values: list[ValueOut]


class ReportValuesIn(Schema):
    values: CountsIn = Field(
        description="Item code → yearly count, for items of any areas of the round. Numbers, or text as a person "
        "types it; null or an empty string clears a value. Items not sent keep their value.",
        examples=[{"1.01": 1234, "1.02": "๑,๒๐๐", "2.01": 36, "8.03": 0}],
    )
    base_versions: VersionsIn = Field(
        default_factory=dict,
        description="Required for every area whose values are sent: area number → the area version read before "
        "editing (see the report; 0 for an area never saved). A save over a newer version of any of these areas "
        "is refused as a whole (409 stale_edit); an area without its version is refused (428 base_version_required).",
        examples=[{"1": 3, "2": 0}],
    )


class ReportSaveOut(Schema):
    changed: int = Field(description="How many values changed, over all areas")
    areas: list[AreaStatusOut] = Field(description="The areas that were sent, in number order")
    values: list[ValueOut]


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class ReturnIn(ReasonIn):
    item_codes: list[str] = Field(default=[], description="Items the district must fix")


class ReopenIn(ReasonIn):
    area_number: int | None = Field(default=None, description="Reopen one area only; null reopens them all")


class BulkConfirmIn(Schema):
    district_codes: list[str] = Field(min_length=1, max_length=1000,
                                      description="Districts to confirm together: all of them, or none")


class BulkConfirmOut(Schema):
    confirmed: list[str]


class DistrictValueOut(Schema):
    district_code: str
    item_code: str
    area_number: int
    value: int | None
    updated_at: datetime


class ValuesPage(Schema):
    count: int = Field(description="Recorded values in scope, over all pages")
    limit: int
    offset: int
    items: list[DistrictValueOut]
