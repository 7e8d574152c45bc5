"""Thai regions (the six-region scheme of the National Research Council) by DOPA province code.

The geography loader leaves ``Province.region`` empty; an administrator may fill it in the admin
screens, and that value wins over this table.
"""

from django.utils.translation import gettext_lazy as _

NORTH = _("ภาคเหนือ")
NORTHEAST = _("ภาคตะวันออกเฉียงเหนือ")
CENTRAL = _("ภาคกลาง")
EAST = _("ภาคตะวันออก")
WEST = _("ภาคตะวันตก")
SOUTH = _("ภาคใต้")

REGIONS = {
    "north": NORTH,
    "northeast": NORTHEAST,
    "central": CENTRAL,
    "east": EAST,
    "west": WEST,
    "south": SOUTH,
}

_CODES = {
    "north": "50 51 52 53 54 55 56 57 58",
    "northeast": "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49",
    "central": "11 12 13 14 15 16 17 18 19 26 60 61 62 64 65 66 67 72 73 74 75",
    "east": "20 21 22 23 24 25 27",
    "west": "63 70 71 76 77",
    "south": "80 81 82 83 84 85 86 90 91 92 93 94 95 96",
}
REGION_OF_PROVINCE: dict[str, str] = {code: key for key, codes in _CODES.items() for code in codes.split()}
_KEY_BY_LABEL = {str(label): key for key, label in REGIONS.items()}


def region_key(province) -> str:
    """The region key of a province: its own region field if set (a Thai label or a key), else the table."""
    own = (province.region or "").strip()
    if own in REGIONS:
        return own
    if own in _KEY_BY_LABEL:
        return _KEY_BY_LABEL[own]
    return REGION_OF_PROVINCE.get(province.code, "")


def region_label(key: str) -> str:
    return str(REGIONS.get(key, "")) if key else ""
