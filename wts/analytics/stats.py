"""Small statistics for the analysis: size bands of districts and quantiles.

The robust outlier rules for values that look wrong live in ``wts.workflow.flags``.
"""

import math
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

# Districts grouped by the number of local government organisations they supervise (อปท.), the
# natural size measure. Bounds are inclusive; the last band is open.
SIZE_BANDS: list[tuple[str, int, int | None, str]] = [
    ("xs", 0, 5, _("ไม่เกิน 5 แห่ง")),
    ("s", 6, 10, _("6–10 แห่ง")),
    ("m", 11, 15, _("11–15 แห่ง")),
    ("l", 16, 20, _("16–20 แห่ง")),
    ("xl", 21, None, _("มากกว่า 20 แห่ง")),
]
SIZE_BAND_LABELS = {key: label for key, _low, _high, label in SIZE_BANDS}


def size_band(lgo_count: int) -> str:
    for key, low, high, _label in SIZE_BANDS:
        if lgo_count >= low and (high is None or lgo_count <= high):
            return key
    return SIZE_BANDS[-1][0]


def size_band_bounds(key: str) -> tuple[int, int | None]:
    for band, low, high, _label in SIZE_BANDS:
        if band == key:
            return low, high
    raise KeyError(key)


def quantile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("quantile of no values")
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
