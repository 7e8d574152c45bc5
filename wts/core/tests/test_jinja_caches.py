"""The Jinja2 fragments keep translations and reversed URLs per process (wts/core/jinja2.py); what
they keep must follow the language, the script prefix and the URL conf, as gettext and reverse do."""

from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from wts.core import jinja2 as wts_jinja2


def test_a_kept_translation_follows_the_active_language(monkeypatch):
    asked = []

    def gettext(message):
        asked.append(message)
        return f"{translation.get_language()}:{message}"

    monkeypatch.setattr(translation, "gettext", gettext)
    wts_jinja2._translated.cache_clear()
    try:
        with translation.override("th"):
            assert wts_jinja2.gettext("บันทึก") == "th:บันทึก"
            assert wts_jinja2.gettext("บันทึก") == "th:บันทึก"
        with translation.override("en"):
            assert wts_jinja2.gettext("บันทึก") == "en:บันทึก"
        assert asked == ["บันทึก", "บันทึก"]  # once per language, then kept
    finally:
        wts_jinja2._translated.cache_clear()


def test_a_fragment_renders_the_catalogs_thai():
    template = wts_jinja2.environment(autoescape=True).from_string('{{ _("บันทึก") }} {{ ngettext("%(num)s ค่า", "%(num)s ค่า", 3) }}')
    with translation.override("th"):
        assert template.render() == "บันทึก 3 ค่า"


def test_a_kept_url_follows_the_script_prefix_and_the_url_conf():
    try:
        assert wts_jinja2.url("entry:area_edit", 2569, 3) == reverse("entry:area_edit", args=[2569, 3])
        set_script_prefix("/wts/")
        assert wts_jinja2.url("entry:area_edit", 2569, 3) == "/wts/entry/2569/area/3/"
    finally:
        set_script_prefix("/")
    assert wts_jinja2.url("entry:area_edit", 2569, 3) == "/entry/2569/area/3/"
    with override_settings(ROOT_URLCONF="bench.urls_bench"):
        assert wts_jinja2.url("bench_bare") == "/bench/bare/"


def test_fragment_gettext_keeps_jinjas_new_style_rules():
    """Translations are markup, their variables are escaped, and "%%" is "%" with or without
    variables, as with Jinja2's own new-style gettext."""
    env = wts_jinja2.environment(autoescape=True)
    with translation.override("th"):
        assert env.from_string('{{ _("ร้อยละ 100%%") }}').render() == "ร้อยละ 100%"
        assert env.from_string('{{ _("รหัส %(code)s 100%%", code=c) }}').render(c="<b>") == "รหัส &lt;b&gt; 100%"
        assert env.from_string('{{ _("<b>ตัวหนา</b>") }}').render() == "<b>ตัวหนา</b>"
