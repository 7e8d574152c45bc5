from wts.catalog.models import MissionArea
from wts.workflow.forms import item_field_name


def area(world, number=1):
    return MissionArea.objects.prefetch_related("items").get(round=world.round, number=number)


def form_data(area_obj, values, base_version=None):
    """POST data for an area page: values is a list of raw strings, one per item in order."""
    items = list(area_obj.items.all())
    data = {item_field_name(item): raw for item, raw in zip(items, values, strict=False)}
    if base_version is not None:
        data["base_version"] = base_version
    return data


def url(world, number=1):
    return f"/entry/{world.round.fiscal_year}/area/{number}/"
