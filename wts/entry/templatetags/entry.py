from django import template

register = template.Library()


@register.inclusion_tag("entry/_due.html")
def due_line(due):
    """{% load entry %}{% due_line due %}: what the district must do now and by when. The words are
    in entry/_due.html, which the area form a save answers with includes too."""
    return {"due": due}
