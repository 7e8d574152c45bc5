from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def due_line(due):
    """{% load entry %}{% due_line due %}: what the district must do now and by when. The words are
    in entry/_due.html, a Jinja2 fragment because the area form a save answers with shows it too."""
    return mark_safe(render_to_string("entry/_due.html", {"due": due}, using="jinja2"))  # escaped by Jinja2
