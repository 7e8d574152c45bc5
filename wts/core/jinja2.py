"""The Jinja2 environment of the officer's hot fragments (settings.TEMPLATES, the "jinja2" engine).

Why two template engines: on deadline day every save answers with the area's form, and Django's
template engine spent about 1.8 ms rendering it against 0.5 ms for the same markup in Jinja2
(docs/performance.md, issue 16). Only fragments on that path live in `<app>/jinja2/`; every
other page stays a Django template. The two share the Thai filters (wts/core/templatetags/thai.py),
gettext and the URL names, so a fragment reads like the Django template it replaced:
``{{ _("ด้านที่") }}``, ``{{ d|thaidatetime }}``, ``{{ url("entry:area_edit", year, n) }}``.
A Django template shows a fragment through a tag that renders it (`{% due_line due %}`) or as
HTML the view rendered (`{{ panel }}`).
"""

from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from jinja2 import Environment
from markupsafe import Markup

from .templatetags import thai


@lru_cache(maxsize=4096)
def _reverse(prefix, urlconf, language, name, args):
    return reverse(name, args=args, urlconf=urlconf)


def url(name, *args):
    """reverse(name, args), kept per process: the area form shows up to ten links and the URL
    patterns do not change while it runs. The key holds everything reverse() reads besides its
    arguments: the script prefix, the request's URL conf and the language."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(get_script_prefix(), urlconf, translation.get_language(), name, args)


@lru_cache(maxsize=4096)
def _translated(language, message):
    return Markup(translation.gettext(message)) % {}


def gettext(message, **variables):
    """Jinja2's new-style gettext (the translation is markup, formatted with its escaped
    variables, "%%" read as "%" even without variables), with the translation of a message that
    has no variables kept per language: the catalogs are read once at start-up, and the area form
    asks for some forty translations on every save (docs/performance.md)."""
    if variables:
        return Markup(translation.gettext(message)) % variables
    return _translated(translation.get_language(), message)


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    if not env.autoescape:
        raise ValueError("the fragments' gettext returns markup: the Jinja2 engine must autoescape")
    env.globals |= {"_": gettext, "gettext": gettext}  # called directly, not through the context
    env.globals |= {"url": url, "static": static}
    env.filters |= {"thaidate": thai.thaidate, "thaidatetime": thai.thaidatetime, "thaitime": thai.thaitime,
                    "thaidigits": thai.thaidigits, "number": thai.number}
    return env
