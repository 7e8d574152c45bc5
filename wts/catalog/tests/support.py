"""Recorded values for the catalog tests: the rules change once a round holds them."""

from wts.workflow.models import DistrictReport, ItemValue, ReportState


def record_values(round_, district, values: dict, *, state=ReportState.IN_PROGRESS):
    """{item code: value} recorded for a district (directly: the entry rules are not under test)."""
    report, _created = DistrictReport.objects.get_or_create(round=round_, district=district, defaults={"state": state})
    for code, value in values.items():
        item = report.round.areas.get(items__code=code).items.get(code=code)
        ItemValue.objects.update_or_create(report=report, item=item, defaults={"value": value})
    return report
