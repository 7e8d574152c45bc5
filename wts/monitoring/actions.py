"""State changes of follow-up: reminders and announcements. Pages and the scheduled command call
these, so audit and notifications hold the same way on every path."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts import recipients
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.permissions import require
from wts.lib.thai import days_left, thai_date, thai_datetime
from wts.notifications.service import notify
from wts.notifications.vocabulary import NotificationKind
from wts.rounds.deadlines import deadlines_for_districts, national_deadlines
from wts.workflow.models import DistrictReport, ReportState

from .models import Announcement, Reminder, ReminderKind

ENTRY, CONFIRM = "entry", "confirm"
FOLLOW_UP_STATES = {ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.RETURNED}


class NothingToRemind(ValueError):
    pass


def _save_reminders(reminders, recipients_by_index):
    Reminder.objects.bulk_create(reminders)
    through = Reminder.recipients.through
    through.objects.bulk_create(
        [
            through(reminder_id=reminder.pk, user_id=user.pk)
            for index, reminder in enumerate(reminders)
            for user in recipients_by_index.get(index, [])
        ]
    )


def do_send_reminder(round_, districts, message: str, *, acting_user, source=Source.WEB, now=None) -> list[Reminder]:
    """Remind the officers of the chosen districts of their entry deadline, in-app and by email.

    The caller fetched the districts through the user's scope; this checks the role.
    """
    require(acting_user, "wts.remind_districts")
    districts = list(districts)
    if not districts:
        raise NothingToRemind(_("กรุณาเลือกอำเภอที่ต้องการแจ้งเตือน"))
    now = now or timezone.now()
    with transaction.atomic():
        deadlines = deadlines_for_districts(round_, districts)
        officers = recipients.by_district(recipients.officers([d.pk for d in districts]))
        reminders, sent_to, audit_rows = [], {}, []
        for index, district in enumerate(districts):
            deadline = deadlines[district.pk].entry_closes_at
            reminders.append(
                Reminder(round=round_, province_id=district.province_id, district=district, kind=ReminderKind.MANUAL,
                         window=ENTRY, deadline_at=deadline, message=message, sent_by=acting_user, sent_at=now)
            )
            sent_to[index] = officers.get(district.pk, [])
            title = _("แจ้งเตือน: บันทึกข้อมูลปริมาณงานให้ครบภายใน %(date)s") % {"date": thai_datetime(deadline)}
            notify(
                sent_to[index], kind=NotificationKind.REMINDER, title=title,
                body=message or _("กรุณาบันทึกข้อมูลปริมาณงานให้ครบทุกด้านและส่งให้ ผอ.ก.ทอ. ตรวจสอบ"),
                link=reverse("entry:district_home"),
            )
            audit_rows.append(
                AuditEvent.build(AuditAction.REMINDER_SENT, actor=acting_user, source=source, round=round_,
                                 district=district, message=message,
                                 data={"window": ENTRY, "recipients": [u.username for u in sent_to[index]]})
            )
        _save_reminders(reminders, sent_to)
        AuditEvent.record_many(audit_rows)
    for index, reminder in enumerate(reminders):
        reminder.recipient_list = sent_to[index]
    return reminders


def do_remind_provinces(round_, provinces, message: str, *, acting_user, source=Source.WEB, now=None) -> list[Reminder]:
    """The department chases late provinces: their directors and provincial administrators are
    reminded, in-app and by email, of the round's entry and confirmation deadlines."""
    require(acting_user, "wts.remind_provinces")
    provinces = list(provinces)
    if not provinces:
        raise NothingToRemind(_("กรุณาเลือกจังหวัดที่ต้องการแจ้งเตือน"))
    now = now or timezone.now()
    with transaction.atomic():
        entry_deadline, confirm_deadline = national_deadlines(round_)
        staff = recipients.by_province(recipients.provincial_staff(provinces))
        reminders, sent_to, audit_rows = [], {}, []
        for index, province in enumerate(provinces):
            reminders.append(
                Reminder(round=round_, province=province, kind=ReminderKind.MANUAL, window=ENTRY,
                         deadline_at=entry_deadline, message=message, sent_by=acting_user, sent_at=now)
            )
            sent_to[index] = staff.get(province.pk, [])
            notify(
                sent_to[index], kind=NotificationKind.REMINDER,
                title=_("กรมส่งเสริมการปกครองท้องถิ่นขอให้เร่งรัดการบันทึกข้อมูล (บันทึกภายใน %(entry)s ยืนยันภายใน %(confirm)s)")
                % {"entry": thai_date(entry_deadline), "confirm": thai_date(confirm_deadline)},
                body=message, link=reverse("monitoring:province_board", args=[province.code]),
            )
            audit_rows.append(
                AuditEvent.build(AuditAction.REMINDER_SENT, actor=acting_user, source=source, round=round_,
                                 province=province, message=message, data={"level": "province",
                                                                          "recipients": [u.username for u in sent_to[index]]})
            )
        _save_reminders(reminders, sent_to)
        AuditEvent.record_many(audit_rows)
    for index, reminder in enumerate(reminders):
        reminder.recipient_list = sent_to[index]
    return reminders


def reminder_threshold(days_remaining: int, days_before: list[int]) -> int | None:
    """The most urgent configured threshold that applies today: with 7, 3 and 1 days, a district
    5 days from its deadline gets the 7-day reminder, 2 days away the 3-day one. Past deadlines
    get none (late districts are followed up by people)."""
    if days_remaining < 0:
        return None
    applicable = [d for d in days_before if days_remaining <= d]
    return min(applicable) if applicable else None


@dataclass
class AutomaticResult:
    sent: int
    skipped_already_sent: int


def do_send_automatic_reminders(round_, days_before: list[int], *, source=Source.COMMAND, now=None) -> AutomaticResult:
    """Remind, a configured number of days before each effective deadline, the district officers
    who have not submitted (entry) and the directors whose districts wait for confirmation
    (confirm). Each reminder is sent once: the unique constraint backs the check against races."""
    from wts.geography.models import District

    now = now or timezone.now()
    days_before = sorted({int(d) for d in days_before if int(d) >= 0})
    with transaction.atomic():
        districts = list(District.objects.select_related("province"))
        deadlines = deadlines_for_districts(round_, districts)
        states = dict(DistrictReport.objects.filter(round=round_).values_list("district_id", "state"))
        already = set(
            Reminder.objects.filter(round=round_, kind=ReminderKind.AUTOMATIC).values_list(
                "district_id", "window", "deadline_at", "days_before"
            )
        )
        due = []  # (district, window, deadline, threshold)
        skipped = 0
        for district in districts:
            state = states.get(district.pk, ReportState.NOT_STARTED)
            d = deadlines[district.pk]
            checks = []
            if state in FOLLOW_UP_STATES and d.entry_opens_at <= now:
                checks.append((ENTRY, d.entry_closes_at))
            if state == ReportState.SUBMITTED and d.confirm_opens_at <= now:
                checks.append((CONFIRM, d.confirm_closes_at))
            for window, deadline in checks:
                threshold = reminder_threshold(days_left(deadline, now), days_before)
                if threshold is None:
                    continue
                if (district.pk, window, deadline, threshold) in already:
                    skipped += 1
                    continue
                due.append((district, window, deadline, threshold))

        officers = recipients.by_district(recipients.officers([d.pk for d, w, _dl, _t in due if w == ENTRY]))
        directors = recipients.by_province(
            recipients.directors({d.province_id for d, w, _dl, _t in due if w == CONFIRM}))

        reminders, sent_to, audit_rows = [], {}, []
        confirm_by_province = defaultdict(list)
        for index, (district, window, deadline, threshold) in enumerate(due):
            reminders.append(
                Reminder(round=round_, province_id=district.province_id, district=district, kind=ReminderKind.AUTOMATIC,
                         window=window, deadline_at=deadline, days_before=threshold, sent_at=now)
            )
            if window == ENTRY:
                sent_to[index] = officers.get(district.pk, [])
                notify(
                    sent_to[index], kind=NotificationKind.REMINDER,
                    title=_("อีก %(days)s วัน ครบกำหนดบันทึกข้อมูลปริมาณงาน (%(date)s)")
                    % {"days": days_left(deadline, now), "date": thai_datetime(deadline)},
                    body=_("กรุณาบันทึกข้อมูลให้ครบทุกด้านและส่งให้ ผอ.ก.ทอ. ตรวจสอบก่อนครบกำหนด"),
                    link=reverse("entry:district_home"),
                )
            else:
                sent_to[index] = directors.get(district.province_id, [])
                confirm_by_province[(district.province, deadline)].append(district)
            audit_rows.append(
                AuditEvent.build(AuditAction.REMINDER_AUTOMATIC, actor=None, source=source, round=round_,
                                 district=district,
                                 data={"window": window, "days_before": threshold, "deadline": deadline.isoformat()})
            )
        # Directors get one message per province listing the districts that wait for them.
        for (province, deadline), waiting in confirm_by_province.items():
            notify(
                directors.get(province.pk, []), kind=NotificationKind.REMINDER,
                title=_("อีก %(days)s วัน ครบกำหนดยืนยันข้อมูล (%(date)s)")
                % {"days": days_left(deadline, now), "date": thai_datetime(deadline)},
                body=_("อำเภอที่รอการตรวจสอบและยืนยัน: %(names)s")
                % {"names": ", ".join(d.display_name for d in waiting)},
                link=reverse("monitoring:province_board", args=[province.code]),
            )
        _save_reminders(reminders, sent_to)
        AuditEvent.record_many(audit_rows)
    return AutomaticResult(sent=len(reminders), skipped_already_sent=skipped)


def do_post_announcement(*, title, body, audience, province, starts_at, expires_at, attachment=None,
                         acting_user, source=Source.WEB) -> Announcement:
    require(acting_user, "wts.manage_announcements")
    with transaction.atomic():
        announcement = Announcement(
            title=title, body=body, audience=audience, province=province, starts_at=starts_at,
            expires_at=expires_at, created_by=acting_user,
        )
        if attachment:
            announcement.attachment = attachment
        announcement.full_clean()
        announcement.save()
        AuditEvent.record(AuditAction.ANNOUNCEMENT_POSTED, actor=acting_user, source=source, province=province,
                          message=title, data={"announcement": announcement.pk, "audience": audience})
    return announcement


def do_withdraw_announcement(announcement, *, acting_user, source=Source.WEB, now=None) -> Announcement:
    require(acting_user, "wts.manage_announcements")
    with transaction.atomic():
        announcement.withdrawn_at = now or timezone.now()
        announcement.save(update_fields=["withdrawn_at"])
        AuditEvent.record(AuditAction.ANNOUNCEMENT_WITHDRAWN, actor=acting_user, source=source, province=announcement.province,
                          message=announcement.title, data={"announcement": announcement.pk})
    return announcement
