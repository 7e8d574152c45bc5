"""Flags on values that look wrong, shown to the director beside each value, to the district
officer at entry (the same flags, as soft warnings) and reused by the department's list. Two rules, both settings of the round:

- a change from the same district's previous round beyond ``round.change_flag_percent`` (and of
  at least ``round.change_flag_min_units`` units);
- a robust outlier among districts of similar size (number of local government organisations
  within ``round.peer_size_percent``): modified z-score 0.6745 x |x - median| / MAD above
  ``round.outlier_threshold``. Median and MAD resist the very outliers they look for, unlike
  mean and standard deviation.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import F, Q, Subquery
from django.utils.translation import gettext as _

from wts.geography.models import District
from wts.rounds.models import Round

from .models import DistrictReport, ItemValue

MIN_PEERS = 5
MAD_SCALE = 0.6745


@dataclass(frozen=True)
class ItemStats:
    previous: int | None
    province_median: float | None


def _earlier_rounds(round_):
    return Round.objects.filter(fiscal_year__lt=round_.fiscal_year).order_by("-fiscal_year")


def previous_round(round_) -> Round | None:
    return _earlier_rounds(round_).first()


def _previous_round_id(round_):
    """The previous round's id as a subquery, so that reading its values needs no query of its own."""
    return Subquery(_earlier_rounds(round_).values("pk")[:1])


def previous_values(round_, district_ids=None) -> dict[int, dict[str, int]]:
    """{district_id: {item code: value}} in the previous round (items are matched by code, since
    every round owns its own copy of the form); district_ids None means every district."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    rows = ItemValue.objects.filter(report__round_id=_previous_round_id(round_), value__isnull=False)
    if district_ids is not None:
        rows = rows.filter(report__district_id__in=list(district_ids))
    for district_id, code, value in rows.values_list("report__district_id", "item__code", "value"):
        result[district_id][code] = value
    return result


def _size(prefix=""):
    """A district's number of local government organisations, as an expression."""
    return F(f"{prefix}pao_count") + F(f"{prefix}municipality_count") + F(f"{prefix}sao_count")


class RoundFlagger:
    """Loads the round in one query (two when only the focus districts' ids are given) and
    answers for any number of its districts.

    ``district_ids`` names the districts that will be asked about: then only the values that can
    matter to them are read (their similar-size peers, their provinces) and only their previous
    round. None means every district of the round. A caller that holds the focus districts as
    objects passes them as ``districts`` instead, which spares the read of their sizes.

    The one query reads, with each value of the round, its district's size and province and its
    item's code, and, in the same rows, the focus districts' values of the previous round.
    """

    def __init__(self, round_, district_ids=None, *, districts=None):
        self.round = round_
        if districts is not None:
            districts = list(districts)
            district_ids = [d.pk for d in districts]
            focus_sizes = [(d.pk, d.province_id, d.pao_count + d.municipality_count + d.sao_count)
                           for d in districts]
        elif district_ids is not None:
            focus_sizes = District.objects.filter(pk__in=list(district_ids)).values_list("id", "province_id", _size())
        else:
            focus_sizes = []
        self.focus = None if district_ids is None else set(district_ids)
        self.size = {}
        self.province_of = {}
        for district_id, province_id, size in focus_sizes:
            self.size[district_id], self.province_of[district_id] = size, province_id
        current = Q(report__round=round_)
        previous = Q(report__round_id=_previous_round_id(round_))
        values = ItemValue.objects.filter(value__isnull=False)
        if self.focus is not None:
            values = values.alias(district_size=_size("report__district__"))
            current &= self._relevant(self.focus)
            previous &= Q(report__district_id__in=list(self.focus))
        self.values = defaultdict(dict)  # district_id -> {item_id: value}
        self._codes = {}
        self._previous = defaultdict(dict)  # district_id -> {item code: value} in the previous round
        rows = values.filter(current | previous).values_list(
            "report__round_id", "report__district_id", "report__district__province_id", "item_id", "item__code",
            "value", _size("report__district__"),
        )
        for round_id, district_id, province_id, item_id, code, value, size in rows:
            if round_id == round_.pk:
                self.values[district_id][item_id] = value
                self._codes[item_id] = code
                self.size[district_id], self.province_of[district_id] = size, province_id
            else:
                self._previous[district_id][code] = value
        self._peer_cache = {}
        self._peers_of_size = {}
        self._province_values = None

    def _band(self, size):
        band = self.round.peer_size_percent / 100
        return size * (1 - band), size * (1 + band)

    def _relevant(self, focus) -> Q:
        """The focus districts' similar-size peers and every district of their provinces, as a
        condition on the values (a few ranges, not a list of hundreds of ids)."""
        condition = Q(report__district__province_id__in={self.province_of[d] for d in focus if d in self.province_of})
        for low, high in {self._band(self.size[d]) for d in focus if d in self.size}:
            condition |= Q(district_size__gte=low, district_size__lte=high)
        return condition

    def previous(self):
        """{district_id: {item code: value}} of the focus districts in the previous round."""
        return self._previous

    def _peers(self, size):
        if size not in self._peers_of_size:
            low, high = self._band(size)
            self._peers_of_size[size] = [
                values for d, values in self.values.items() if low <= self.size[d] <= high
            ]
        return self._peers_of_size[size]

    def _peer_stats(self, district_id, item_id):
        size = self.size.get(district_id)
        key = (size, item_id)
        if key not in self._peer_cache:
            peers = [values[item_id] for values in self._peers(size) if item_id in values]
            if len(peers) < MIN_PEERS:
                self._peer_cache[key] = None
            else:
                med = median(peers)
                mad = median(abs(v - med) for v in peers)
                self._peer_cache[key] = (med, mad, len(peers))
        return self._peer_cache[key]

    def province_median(self, province_id, item_id):
        if self._province_values is None:
            self._province_values = defaultdict(lambda: defaultdict(list))
            for district_id, values in self.values.items():
                by_item = self._province_values[self.province_of[district_id]]
                for key, value in values.items():
                    by_item[key].append(value)
        values = self._province_values.get(province_id, {}).get(item_id)
        return median(values) if values else None

    def flags_for_district(self, district_id) -> dict[int, list[str]]:
        flags: dict[int, list[str]] = defaultdict(list)
        codes = self._codes
        previous = self.previous().get(district_id, {})
        limit = Decimal(self.round.change_flag_percent)
        min_units = self.round.change_flag_min_units
        threshold = float(self.round.outlier_threshold)
        for item_id, value in self.values.get(district_id, {}).items():
            before = previous.get(codes.get(item_id))
            if before and abs(value - before) >= min_units:
                change = Decimal(value - before) * 100 / Decimal(before)
                if abs(change) > limit:
                    flags[item_id].append(
                        _("เปลี่ยนแปลง %(change)s%% จากรอบก่อน (%(before)s → %(now)s)") % {
                            "change": f"{change:+.0f}", "before": f"{before:,}", "now": f"{value:,}"}
                    )
            stats = self._peer_stats(district_id, item_id)
            if stats:
                med, mad, count = stats
                if mad:
                    z = MAD_SCALE * (value - med) / mad
                    if abs(z) > threshold:
                        direction = _("สูงกว่า") if z > 0 else _("ต่ำกว่า")
                        flags[item_id].append(
                            _("%(direction)sอำเภอขนาดใกล้เคียงมาก (มัธยฐาน %(median)s จาก %(count)s อำเภอ)") % {
                                "direction": direction, "median": f"{med:,.0f}", "count": count}
                        )
        return dict(flags)


def flags_for_report(report: DistrictReport, flagger: RoundFlagger | None = None) -> dict[int, list[str]]:
    """{item_id: [Thai reasons]} for the values of one district's report that look wrong."""
    flagger = flagger or RoundFlagger(report.round, district_ids=[report.district_id])
    return flagger.flags_for_district(report.district_id)


def flags_for_reports(round_, reports) -> dict[int, dict[int, list[str]]]:
    """{report_id: {item_id: [reasons]}} for many reports of one round, in a fixed number of queries."""
    reports = list(reports)
    flagger = RoundFlagger(round_, district_ids=[r.district_id for r in reports])
    return {r.pk: flagger.flags_for_district(r.district_id) for r in reports}
