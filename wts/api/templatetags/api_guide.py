from django import template

from wts.api import guide

register = template.Library()


@register.inclusion_tag("api/_guide.html")
def api_guide():
    """The Thai description of every endpoint and error code, above the English Swagger UI."""
    return {"endpoints": guide.ENDPOINTS, "errors": guide.ERROR_CODES}
