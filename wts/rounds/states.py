"""Where a district's report in a round stands: the states of the letters' workflow, written once.

They live here, in rounds, because the lowest layer that names a report state is below the
workflow: the catalog's effect preview counts confirmed values (wts/catalog/effects.py). The
workflow (wts/workflow/rules.py) says which move leads from one to the next.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่บันทึกข้อมูล")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างการบันทึก")
    SUBMITTED = "submitted", _("ส่งแล้ว รอการยืนยัน")
    RETURNED = "returned", _("ส่งกลับให้แก้ไข")
    CONFIRMED = "confirmed", _("ยืนยันแล้ว")
