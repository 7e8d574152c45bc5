"""Importing a district workbook: the dry run is recorded, then applied all at once or not at all."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.audit.bulk import record_bulk_read
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import MissionArea
from wts.lib.errors import Refused
from wts.lib.permissions import require
from wts.workflow.actions import AreaChange, StaleEdit, get_or_create_report, save_areas
from wts.workflow.models import DistrictReport
from wts.workflow.rules import EditRefused

from .models import ImportState, WorkbookImport
from .workbook import ImportPlan, catalog_fingerprint


class ImportRefused(Refused):
    """Nothing was imported: the window, the review state or a later save forbids it. The message says why."""


def record_dry_run(plan: ImportPlan, *, file_name: str, data: bytes, acting_user) -> WorkbookImport | None:
    """Keep a clean dry run so the user can apply exactly what was shown; a plan with problems is
    not kept (nothing could be applied from it)."""
    require(acting_user, "wts.edit_report", DistrictReport(round=plan.round, district=plan.district))
    if not plan.ok or not plan.change_count:
        return None
    return WorkbookImport.objects.create(
        round=plan.round, district=plan.district, uploaded_by=acting_user, file_name=file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(), catalog_fingerprint=plan.catalog_fingerprint,
        changes={str(a): {str(i): v for i, v in values.items()} for a, values in plan.changes.items()},
        area_versions={str(a): v for a, v in plan.area_versions.items()},
        change_count=plan.change_count,
    )


def apply_import(upload: WorkbookImport, *, acting_user, source=Source.IMPORT, now=None) -> int:
    """Write every change of a checked upload through the entry actions, in one transaction.

    Raises ImportRefused (nothing written) when the window or review state now forbids an area,
    or when someone saved one of its areas after the dry run.
    """
    if upload.uploaded_by_id != acting_user.pk:
        raise PermissionDenied
    now = now or timezone.now()
    areas = {a.pk: a for a in MissionArea.objects.filter(round=upload.round).prefetch_related("items")}
    changed = 0
    try:
        with transaction.atomic():
            locked = WorkbookImport.objects.select_for_update().get(pk=upload.pk)
            if locked.state != ImportState.CHECKED:
                raise ImportRefused(_("ไฟล์นี้ถูกนำเข้าหรือยกเลิกไปแล้ว"))
            report = get_or_create_report(upload.round, upload.district)
            if locked.catalog_fingerprint != catalog_fingerprint(upload.round):
                raise ImportRefused(_("แบบฟอร์มของรอบนี้มีการปรับปรุงหลังการตรวจสอบไฟล์ กรุณาดาวน์โหลดแบบบันทึกใหม่"))
            changes = [
                AreaChange(area=areas[int(area_id)], values={int(i): v for i, v in values.items()},
                           base_version=locked.area_versions.get(area_id, 0))
                for area_id, values in sorted(locked.changes.items(), key=lambda kv: areas[int(kv[0])].number)
            ]
            # Every area in one batched save: all of them or none, as the dry run showed them.
            results = save_areas(report, changes, acting_user=acting_user, source=source, now=now) if changes else []
            changed = sum(result.changed for result in results)
            locked.state = ImportState.APPLIED
            locked.applied_at = now
            locked.save(update_fields=["state", "applied_at"])
            AuditEvent.record(
                AuditAction.SPREADSHEET_IMPORTED, actor=acting_user, source=source, round=upload.round,
                district=upload.district,
                message=_("นำเข้าไฟล์ %(name)s เปลี่ยนแปลง %(n)s ค่า") % {"name": upload.file_name, "n": changed},
                data={"import_id": str(upload.pk), "sha256": upload.file_sha256, "changed": changed},
            )
    except EditRefused as exc:
        raise ImportRefused(exc.message) from exc
    except StaleEdit as exc:
        raise ImportRefused(
            _("มีการแก้ไขข้อมูลในระบบหลังจากตรวจสอบไฟล์ ไม่ได้นำเข้าข้อมูลใด ๆ กรุณาอัปโหลดไฟล์อีกครั้งเพื่อตรวจสอบใหม่")
        ) from exc
    upload.refresh_from_db()
    return changed


def discard_import(upload: WorkbookImport, *, acting_user) -> None:
    if upload.uploaded_by_id != acting_user.pk:
        raise PermissionDenied
    with transaction.atomic():
        updated = WorkbookImport.objects.filter(pk=upload.pk, state=ImportState.CHECKED).update(
            state=ImportState.DISCARDED
        )
        if updated:
            AuditEvent.record(
                AuditAction.SPREADSHEET_DISCARDED, actor=acting_user, source=Source.IMPORT, round=upload.round,
                district=upload.district, message=_("ยกเลิกการนำเข้าไฟล์ %(name)s") % {"name": upload.file_name},
                data={"import_id": str(upload.pk)},
            )


def record_export(*, acting_user, label: str, rounds, fmt: str, province=None, source=Source.WEB) -> None:
    """Bulk exports leave a trace: who took which figures out of the system, and when."""
    rounds = list(rounds)
    record_bulk_read(
        acting_user=acting_user, what=label, fmt=fmt, source=source, province=province,
        round=rounds[0] if len(rounds) == 1 else None, action=AuditAction.SPREADSHEET_EXPORTED,
        data={"rounds": [r.fiscal_year for r in rounds], "province": province.code if province else None},
    )
