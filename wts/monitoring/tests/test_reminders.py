"""Automatic reminders before each deadline: right people, right day, never twice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from wts.lib.thai import BANGKOK
from wts.monitoring.actions import do_send_automatic_reminders, reminder_threshold
from wts.monitoring.models import Reminder, ReminderKind
from wts.notifications.models import Notification
from wts.rounds.models import Extension, Window

from .helpers import confirmed, record, submitted

pytestmark = pytest.mark.django_db
DAYS = [7, 3, 1]


def at(day, hour=8):
    return dt.datetime(2026, 9, day, hour, 15, tzinfo=BANGKOK)


def test_threshold_picks_the_most_urgent_applicable():
    assert reminder_threshold(10, DAYS) is None
    assert reminder_threshold(7, DAYS) == 7
    assert reminder_threshold(5, DAYS) == 7
    assert reminder_threshold(3, DAYS) == 3
    assert reminder_threshold(1, DAYS) == 1
    assert reminder_threshold(0, DAYS) == 1
    assert reminder_threshold(-1, DAYS) is None


def test_officers_of_unsubmitted_districts_are_reminded_seven_days_before(world):
    record(world.round, world.np_pla_pak, partial=3)
    submitted(world.round, world.sk_mueang)
    result = do_send_automatic_reminders(world.round, DAYS, now=at(8))  # entry closes 15 Sep
    reminded = set(Reminder.objects.filter(window="entry").values_list("district__code", flat=True))
    assert reminded == {"4801", "4802", "4702"}
    assert result.sent == 3
    assert Notification.objects.filter(user=world.officer, kind="reminder").count() == 1
    assert not Notification.objects.filter(user=world.officer_sk).exists()  # 4701 has submitted


def test_running_twice_the_same_day_sends_nothing_more(world):
    do_send_automatic_reminders(world.round, DAYS, now=at(8))
    before = Notification.objects.count()
    result = do_send_automatic_reminders(world.round, DAYS, now=at(8, 17))
    assert (result.sent, result.skipped_already_sent) == (0, 4)
    assert Notification.objects.count() == before
    assert Reminder.objects.count() == 4


def test_the_next_threshold_sends_a_new_reminder_once(world):
    do_send_automatic_reminders(world.round, DAYS, now=at(8))
    do_send_automatic_reminders(world.round, DAYS, now=at(10))  # 5 days left: still the 7-day one
    assert Reminder.objects.filter(district=world.np_mueang).count() == 1
    do_send_automatic_reminders(world.round, DAYS, now=at(12))  # 3 days left
    do_send_automatic_reminders(world.round, DAYS, now=at(13))
    assert sorted(Reminder.objects.filter(district=world.np_mueang).values_list("days_before", flat=True)) == [3, 7]


def test_nothing_before_the_first_threshold_nor_after_the_deadline(world):
    assert do_send_automatic_reminders(world.round, DAYS, now=at(1)).sent == 0
    assert do_send_automatic_reminders(world.round, DAYS, now=at(16)).sent == 0


def test_an_extension_gives_the_new_deadline_its_own_reminders(world):
    do_send_automatic_reminders(world.round, DAYS, now=at(14))  # 1 day before 15 Sep
    Extension.objects.create(round=world.round, window=Window.ENTRY, province=world.np,
                             closes_at=dt.datetime(2026, 9, 30, 23, 59, tzinfo=BANGKOK), reason="น้ำท่วม",
                             created_by=world.dept_admin)
    do_send_automatic_reminders(world.round, DAYS, now=at(16))  # 14 days before the extended deadline: none yet
    assert Reminder.objects.filter(district=world.np_mueang).count() == 1
    do_send_automatic_reminders(world.round, DAYS, now=at(23))
    deadlines = list(Reminder.objects.filter(district=world.np_mueang).order_by("sent_at").values_list("deadline_at", flat=True))
    assert len(deadlines) == 2 and deadlines[1].astimezone(BANGKOK).day == 30


def test_directors_are_reminded_of_districts_waiting_for_confirmation(world):
    submitted(world.round, world.np_mueang)
    submitted(world.round, world.np_pla_pak)
    confirmed(world.round, world.sk_mueang)
    do_send_automatic_reminders(world.round, DAYS, now=at(22))  # confirm closes 25 Sep
    confirm = Reminder.objects.filter(window="confirm")
    assert set(confirm.values_list("district__code", flat=True)) == {"4801", "4802"}
    notes = Notification.objects.filter(user=world.director)
    assert notes.count() == 1  # one message listing both districts
    assert "อำเภอเมืองนครพนม" in notes.get().body and "อำเภอปลาปาก" in notes.get().body
    assert not Notification.objects.filter(user=world.director_sk).exists()


def test_the_database_refuses_a_duplicate_automatic_reminder(world):
    fields = dict(round=world.round, province=world.np, district=world.np_mueang, kind=ReminderKind.AUTOMATIC, window="entry",
                  deadline_at=world.round.entry_closes_at, days_before=3)
    Reminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(**fields)
    # manual reminders may repeat
    Reminder.objects.create(**{**fields, "kind": ReminderKind.MANUAL, "sent_by": world.director})
    Reminder.objects.create(**{**fields, "kind": ReminderKind.MANUAL, "sent_by": world.director})


def test_command_uses_the_current_round_and_is_idempotent(world, time_machine, capsys):
    time_machine.move_to(at(8), tick=False)
    call_command("send_reminders", "--days", "7,3")
    call_command("send_reminders", "--days", "7,3")
    out = capsys.readouterr().out
    assert "4 reminders sent" in out and "0 reminders sent, 4 already sent" in out
    assert Reminder.objects.filter(kind=ReminderKind.AUTOMATIC).count() == 4


def test_command_refuses_bad_days(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", "seven")


def test_automatic_reminders_are_emailed_after_commit(world, django_capture_on_commit_callbacks):
    from django.core import mail

    world.officer.email = "d4801@example.go.th"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_automatic_reminders(world.round, DAYS, now=at(12))
    assert [m.to for m in mail.outbox] == [["d4801@example.go.th"]]
    assert "อีก 3 วัน" in mail.outbox[0].subject


def test_command_without_an_open_round_sends_nothing(world, capsys):
    from django.utils import timezone

    world.round.closed_at = timezone.now()
    world.round.save()
    call_command("send_reminders")
    assert "no open round" in capsys.readouterr().out
    assert not Reminder.objects.exists()
