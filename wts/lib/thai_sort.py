"""Thai alphabetical order without ICU.

Thai dictionaries order words by consonant first: a leading vowel (เ แ โ ใ ไ) is written before
the consonant it follows in speech, so it is moved after that consonant, everywhere in the word
(เชียงใหม่ sorts as ช-เ-ี-ย-ง-ห-ใ-ม). Tone marks and the thanthakhat only break ties, and the
repetition and abbreviation signs are ignored. This matches the order of the department's
status report for all 76 province names and ICU's Thai collation for all 76 provinces and 878
districts (tests/test_thai_collation.py), so PyICU, which has no wheel, is not needed.
"""


from django.forms.models import ModelChoiceIterator

from .ids import IdModelChoiceField, IdModelMultipleChoiceField

_LEADING_VOWELS = set("เแโใไ")
_TONE_MARKS = set("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_IGNORED = set("ๆฯ .-")


def _swap_leading_vowels(text: str) -> str:
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in _LEADING_VOWELS and "\u0e01" <= chars[i + 1] <= "\u0e2e":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    return "".join(chars)


def thai_sort_key(text: str) -> tuple[str, str]:
    swapped = _swap_leading_vowels(text.strip())
    primary = "".join(ch for ch in swapped if ch not in _TONE_MARKS and ch not in _IGNORED)
    return primary, swapped


def thai_sorted(items, key=lambda x: x):
    return sorted(items, key=lambda item: thai_sort_key(key(item)))


class ThaiSortedChoiceIterator(ModelChoiceIterator):
    """A model choice field's options in Thai dictionary order of their labels. Databases sort
    Thai by code point (เชียงใหม่ after หนองคาย), so the order is made here, in Python."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        for obj in sorted(objects, key=lambda o: thai_sort_key(self.field.label_from_instance(o))):
            yield self.choice(obj)


class ThaiModelChoiceField(IdModelChoiceField):
    """Choices in Thai order; the submitted key passes the one identifier rule (wts.lib.ids)."""

    iterator = ThaiSortedChoiceIterator


class ThaiModelMultipleChoiceField(IdModelMultipleChoiceField):
    iterator = ThaiSortedChoiceIterator
