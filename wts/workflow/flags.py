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

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, Subquery
from django.utils.translation import gettext as _

from wts.geography.models import District
from wts.lib.prepared import PreparedRead
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
    return _previous_round_of(round_.fiscal_year)


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


def _previous_round_of(fiscal_year):
    return Subquery(Round.objects.filter(fiscal_year__lt=fiscal_year).order_by("-fiscal_year").values("pk")[:1])


_previous_values = PreparedRead(lambda fiscal_year, district_id: ItemValue.objects.filter(
    value__isnull=False, report__district_id=district_id, report__round_id=_previous_round_of(fiscal_year),
).values_list("item_id", "item__code", "value"))
_own_and_previous_values = PreparedRead(lambda round_id, fiscal_year, district_id: ItemValue.objects.filter(
    Q(report__round_id=round_id) | Q(report__round_id=_previous_round_of(fiscal_year)),
    value__isnull=False, report__district_id=district_id,
).values_list("report__round_id", "item_id", "item__code", "value"))


def _size(prefix=""):
    """A district's number of local government organisations, as an expression."""
    return F(f"{prefix}pao_count") + F(f"{prefix}municipality_count") + F(f"{prefix}sao_count")


PEER_STATS_KEY = "wts:flags:peers:v1:{round_id}:{percent}:{size}"


def _peer_stats_key(round_, size) -> str:
    return PEER_STATS_KEY.format(round_id=round_.pk, percent=round_.peer_size_percent, size=size)


def peer_stats_of(values_by_district, size_of, low, high) -> dict[int, tuple[float, float, int] | None]:
    """{item_id: (median, MAD, number of peers)} over the districts whose size lies in [low, high];
    None for an item with fewer than MIN_PEERS values."""
    by_item = defaultdict(list)
    for district_id, values in values_by_district.items():
        if low <= size_of[district_id] <= high:
            for item_id, value in values.items():
                by_item[item_id].append(value)
    stats = {}
    for item_id, peers in by_item.items():
        if len(peers) < MIN_PEERS:
            stats[item_id] = None
        else:
            med = median(peers)
            stats[item_id] = (med, median(abs(v - med) for v in peers), len(peers))
    return stats


class RoundFlagger:
    """Loads the round in one query (two when only the focus districts' ids are given) and
    answers for any number of its districts.

    ``district_ids`` names the districts that will be asked about: then only the values that can
    matter to them are read (their provinces, and their similar-size peers unless the peers'
    medians are in the cache) and only their previous round. None means every district of the
    round. A caller that holds the focus districts as objects passes them as ``districts``
    instead, which spares the read of their sizes; ``with_provinces=False`` skips the provinces'
    values when no province median will be asked (the officer's form). ``values_in_hand``
    ({WorkItem: value} of the one focus district, as the page has just read or saved them) are
    used instead of reading that district's values of the round again (flags are then asked for
    those items).

    The one query reads, with each value of the round, its district's size and province and its
    item's code, and, in the same rows, the focus districts' values of the previous round.

    The peers' medians and MADs (per round and district size) are kept in the cache for
    ``settings.WTS_PEER_STATS_SECONDS``: a median over the dozens or hundreds of districts of a
    size band moves little with one district's save, while reading the band costs thousands of
    rows on every page. The focus districts' own values and the previous round are always read
    live, so the change rule and the value compared are never stale. Every caller shares the
    same cached figures, so the officer's warnings and the director's flags agree.
    """

    def __init__(self, round_, district_ids=None, *, districts=None, with_provinces=True, values_in_hand=None):
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
        if values_in_hand is not None and (self.focus is None or len(self.focus) != 1):
            raise ValueError("values_in_hand are the values of the one focus district")
        self.size = {}
        self.province_of = {}
        for district_id, province_id, size in focus_sizes:
            self.size[district_id], self.province_of[district_id] = size, province_id
        self._stats_by_size = {}  # size -> {item_id: (median, MAD, count) | None}
        self._stats_to_store = set()
        self._provinces_loaded = self.focus is None or with_provinces
        if self.focus is not None:
            focus_sizes = {self.size[d] for d in self.focus if d in self.size}
            self._stats_by_size = self._cached_stats(focus_sizes)
            self._stats_to_store = focus_sizes - self._stats_by_size.keys()
        self.values = defaultdict(dict)  # district_id -> {item_id: value}
        self._codes = {}
        self._previous = defaultdict(dict)  # district_id -> {item code: value} in the previous round
        if self.focus is not None and len(self.focus) == 1 and not with_provinces and not self._stats_to_store:
            rows = self._one_district_rows(values_in_hand is None)
        else:
            rows = self._rows(values_in_hand is None, with_provinces)
        for round_id, district_id, province_id, item_id, code, value, size in rows:
            if round_id == round_.pk:
                self.values[district_id][item_id] = value
                self._codes[item_id] = code
                self.size[district_id], self.province_of[district_id] = size, province_id
            else:
                self._previous[district_id][code] = value
        if values_in_hand is not None:
            # Laid over what was read (only its peers' band, on a cache miss), so that figures
            # computed now count the district's other items too.
            (district_id,) = self.focus
            own = self.values[district_id]
            for item, value in values_in_hand.items():
                if value is None:
                    own.pop(item.pk, None)
                else:
                    own[item.pk] = value
            self._codes |= {item.pk: item.code for item in values_in_hand}
        if self.focus is None:
            sizes = set(self.size.values())
            self._stats_by_size = self._cached_stats(sizes)
            self._stats_to_store = sizes - self._stats_by_size.keys()
        self._store_stats()
        self._province_values = None

    def _rows(self, own_values, with_provinces):
        """(round, district, province, item id, item code, value, district size) of every value
        that matters to the focus districts, in this round and (theirs only) in the previous one."""
        current = Q(report__round=self.round)
        previous = Q(report__round_id=_previous_round_id(self.round))
        values = ItemValue.objects.filter(value__isnull=False)
        if self.focus is not None:
            values = values.alias(district_size=_size("report__district__"))
            current &= self._relevant(self.focus if own_values else (), self._stats_to_store, with_provinces)
            previous &= Q(report__district_id__in=list(self.focus))
        return values.filter(current | previous).values_list(
            "report__round_id", "report__district_id", "report__district__province_id", "item_id", "item__code",
            "value", _size("report__district__"),
        )

    def _one_district_rows(self, own_values):
        """The same rows for one district whose peers' medians are in the cache: the officer's
        page and save, through reads compiled once (wts/lib/prepared.py)."""
        (district_id,) = self.focus
        province_id, size = self.province_of[district_id], self.size[district_id]
        if own_values:
            found = _own_and_previous_values.rows(self.round.pk, self.round.fiscal_year, district_id)
        else:
            found = [(None, *row) for row in _previous_values.rows(self.round.fiscal_year, district_id)]
        return [(round_id, district_id, province_id, item_id, code, value, size)
                for round_id, item_id, code, value in found]

    def _cached_stats(self, sizes) -> dict:
        if not sizes or not settings.WTS_PEER_STATS_SECONDS:
            return {}
        keys = {_peer_stats_key(self.round, size): size for size in sizes}
        return {keys[key]: stats for key, stats in cache.get_many(list(keys)).items()}

    def _store_stats(self) -> None:
        """The peers' figures of the sizes not found in the cache, from the values just read (they
        hold every district of those sizes' bands), computed once here and kept for the next pages."""
        fresh = {}
        for size in self._stats_to_store:
            fresh[size] = peer_stats_of(self.values, self.size, *self._band(size))
        self._stats_by_size |= fresh
        if fresh and settings.WTS_PEER_STATS_SECONDS:
            cache.set_many({_peer_stats_key(self.round, size): stats for size, stats in fresh.items()},
                           timeout=settings.WTS_PEER_STATS_SECONDS)

    def _band(self, size):
        band = self.round.peer_size_percent / 100
        return size * (1 - band), size * (1 + band)

    def _relevant(self, focus, sizes, with_provinces) -> Q:
        """The focus districts' own values, every district of their provinces (for the province
        medians) and the districts in the size bands to compute, as a condition on the values (a
        few ranges, not a list of hundreds of ids)."""
        condition = Q(report__district_id__in=list(focus)) if focus else Q(pk__in=[])
        if with_provinces:
            condition |= Q(report__district__province_id__in={self.province_of[d] for d in focus
                                                              if d in self.province_of})
        for low, high in {self._band(size) for size in sizes}:
            condition |= Q(district_size__gte=low, district_size__lte=high)
        return condition

    def previous(self):
        """{district_id: {item code: value}} of the focus districts in the previous round."""
        return self._previous

    def _peer_stats(self, district_id, item_id):
        size = self.size.get(district_id)
        stats = self._stats_by_size.get(size)
        if stats is None:  # a district outside the focus that the round holds no value of
            return None
        return stats.get(item_id)

    def province_median(self, province_id, item_id):
        if not self._provinces_loaded:
            raise ValueError("RoundFlagger(with_provinces=False) holds no province's values")
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
