"""The staffing method: WHO's Workload Indicators of Staffing Need (WISN, user's manual 2010),
applied per position type (WISN's staff category). Every figure of the analysis, the catalog's
effect preview, the scenarios and the proposal annex comes from ``fte()`` below.

    available working time (AWT) = (working days − public holidays − leave − training
                                    − other absence) × hours per day
    standard workload-based staff = workload hours ÷ AWT
    category allowance factor CAF = 1 ÷ (1 − total category allowance % ÷ 100)
    individual allowance factor IAF = individual allowance hours per year ÷ AWT
    required staff              = standard workload-based staff × CAF + IAF   (WISN manual, step 5)
    whole posts                 = required staff rounded half up to a whole post, at least 1 when
                                  the type has any workload
    WISN difference             = filled − required        (negative: shortage)
    WISN ratio                  = filled ÷ required        (under 1: workload pressure)

The workload hours of a district and type are Σ over the type's items of the mean yearly volume
× standard minutes ÷ 60. The module holds the formulas only: no query, so the catalog (below the
analysis) and the analysis both call it.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# The Thai civil-service starting values (230 days × 6 h = 1,380 h), provisional and editable.
DEFAULT_WORKING_TIME = {
    "working_days": Decimal("261"), "public_holidays": Decimal("16"), "leave_days": Decimal("10"),
    "training_days": Decimal("5"), "other_absence_days": Decimal("0"), "hours_per_day": Decimal("6"),
}
WORKING_TIME_PARTS = ("working_days", "public_holidays", "leave_days", "training_days", "other_absence_days")
ALLOWANCE_FIELDS = ("category_allowance_percent", "individual_allowance_hours")
METHOD_FIELDS = (*WORKING_TIME_PARTS, "hours_per_day", *ALLOWANCE_FIELDS)

# (code, name) of the default staff categories; the first also carries the office's old single
# totals and every item until the department moves them.
DEFAULT_POSITION_TYPES = [
    ("TTA", "ท้องถิ่นอำเภอ"),
    ("ANALYST", "นักวิเคราะห์/นักจัดการงานทั่วไป"),
    ("OFFICER", "เจ้าพนักงานส่งเสริมการปกครองท้องถิ่น"),
]

ROUNDING_RULE = _("ปัดเศษครึ่งขึ้นเป็นจำนวนเต็ม (เช่น 2.49 → 2, 2.50 → 3) และอย่างน้อย 1 อัตราเมื่อมีภาระงาน")

# Workload pressure by WISN ratio (filled ÷ required), the manual's reading of the ratio.
PRESSURE_CLASSES = [
    # (upper bound exclusive, key, label)
    (Decimal("0.5"), "severe", _("ขาดแคลนรุนแรง")),
    (Decimal("0.8"), "high", _("ภาระงานสูง")),
    (Decimal("1.0"), "some", _("ภาระงานค่อนข้างสูง")),
    (Decimal("1.2"), "balanced", _("สมดุล")),
    (None, "low", _("ภาระงานต่ำกว่ากำลังคน")),
]


@dataclass(frozen=True)
class Method:
    """A position type's settings as numbers: working time and the two allowances."""

    available_hours: float
    category_allowance_factor: float
    individual_allowance_hours: float

    @property
    def individual_allowance_factor(self) -> float:
        return self.individual_allowance_hours / self.available_hours

    def as_data(self) -> dict:
        return {
            "available_hours": self.available_hours, "caf": self.category_allowance_factor,
            "individual_allowance_hours": self.individual_allowance_hours, "iaf": self.individual_allowance_factor,
        }


def available_days(values) -> Decimal:
    return values["working_days"] - sum(values[name] for name in WORKING_TIME_PARTS[1:])


def available_working_time(values) -> Decimal:
    """AWT in hours from its parts (a mapping or a PositionType)."""
    values = values if isinstance(values, dict) else {n: getattr(values, n) for n in METHOD_FIELDS}
    return available_days(values) * values["hours_per_day"]


def category_allowance_factor(percent: Decimal) -> Decimal:
    return Decimal(1) / (Decimal(1) - Decimal(percent) / Decimal(100))


def method_of(values) -> Method:
    """The Method of a PositionType (or a mapping of its fields, as a scenario holds them)."""
    values = values if isinstance(values, dict) else {n: getattr(values, n) for n in METHOD_FIELDS}
    return Method(
        available_hours=float(available_working_time(values)),
        category_allowance_factor=float(category_allowance_factor(values["category_allowance_percent"])),
        individual_allowance_hours=float(values["individual_allowance_hours"]),
    )


def fte(workload_hours: float, method: Method) -> float:
    """Required staff (decimals): standard workload-based staff × CAF + IAF."""
    return workload_hours / method.available_hours * method.category_allowance_factor + (
        method.individual_allowance_hours / method.available_hours
    )


def whole_posts(required: float, *, has_workload: bool = True) -> int:
    """Required staff as whole posts by ROUNDING_RULE. Rounded to 6 places first, so that a float
    a hair under .5 (2.4999999999) rounds as the decimal it stands for."""
    posts = int(Decimal(repr(round(required, 6))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(posts, 1) if has_workload and required > 0 else posts


def pressure_class(ratio: float | None) -> tuple[str, str]:
    """(key, Thai label) of a WISN ratio; no ratio (nothing required, or filled posts missing) → ''."""
    if ratio is None:
        return "", ""
    for bound, key, label in PRESSURE_CLASSES:
        if bound is None or Decimal(repr(round(ratio, 6))) < bound:
            return key, str(label)
    raise AssertionError("unreachable")
