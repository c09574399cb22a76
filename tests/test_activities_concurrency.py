"""The 8-hour day under concurrency: several sessions of the same volunteer and day checked out
or corrected at once never credit more than 8 hours together, and a double-tapped approval
writes one history row.

SQLite ignores SELECT ... FOR UPDATE and its in-memory test database cannot be shared by
threads, so this runs on PostgreSQL (`make test` runs the suite there too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection

from itda.activities import services
from itda.activities.models import DAILY_MAX_MINUTES, ActivitySession, HoursCorrection
from itda.activities.tokens import token_make
from tests import factories as f
from tests.test_activities_support import add_slot, book, local_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

DAY = date(2026, 12, 10)


def _run_at_once(actions: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    results: list[str] = []
    lock = threading.Lock()

    def run(action: Callable[[], object]) -> None:
        barrier.wait()
        try:
            action()
            outcome = "ok"
        except services.ActivityError as exc:
            outcome = f"refused:{exc}"
        except Exception as exc:  # any other failure must show up in the assertion
            outcome = f"error:{exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_check_outs_at_once_never_credit_more_than_eight_hours_a_day() -> None:
    profile = f.VolunteerProfileFactory.create()
    need = f.NeedFactory.create(with_slot=False)
    slots = [add_slot(need, local_at(DAY, 6 + 4 * i), hours=4) for i in range(4)]  # 16 hours of slots
    for slot in slots:
        book(slot, profile)
        services.attendance_scan(user=profile.user, token=token_make(slot_id=slot.pk, purpose="in"),
                                 at=slot.start)
    results = _run_at_once([
        (lambda s=slot: services.attendance_scan(  # type: ignore[misc]
            user=profile.user, token=token_make(slot_id=s.pk, purpose="out"), at=s.end))
        for slot in slots
    ])
    assert results == ["ok"] * 4
    minutes = sorted(ActivitySession.objects.values_list("minutes", flat=True))
    assert sum(minutes) == DAILY_MAX_MINUTES
    assert minutes == [0, 0, 240, 240]


def test_corrections_at_once_never_exceed_the_day() -> None:
    profile = f.VolunteerProfileFactory.create()
    owner = f.UserFactory.create()
    need = f.NeedFactory.create(with_slot=False, created_by=owner)
    sessions = []
    for i in range(3):
        slot = add_slot(need, local_at(DAY, 6 + 5 * i), hours=5)
        booking = book(slot, profile)
        sessions.append(services.attendance_confirm(
            actor=owner, booking_id=booking.pk, start=slot.start, end=slot.start + timedelta(minutes=60),
            at=local_at(DAY, 23)))
    results = _run_at_once([
        (lambda s=s: services.hours_correct(  # type: ignore[misc]
            actor=owner, session_id=s.pk, minutes=300, reason="전체 인정", at=local_at(DAY, 23)))
        for s in sessions
    ])
    assert results.count("ok") == 1, results
    total = sum(ActivitySession.objects.values_list("minutes", flat=True))
    assert total <= DAILY_MAX_MINUTES


def test_a_double_tapped_approval_writes_one_history_row() -> None:
    profile = f.VolunteerProfileFactory.create()
    owner = f.UserFactory.create()
    need = f.NeedFactory.create(with_slot=False, created_by=owner)
    slot = add_slot(need, local_at(DAY, 10), hours=2)
    book(slot, profile)
    for purpose, at in (("in", slot.start), ("out", slot.end)):
        services.attendance_scan(user=profile.user, token=token_make(slot_id=slot.pk, purpose=purpose), at=at)
    session = ActivitySession.objects.get()
    results = _run_at_once([
        lambda: services.hours_approve(actor=owner, session_id=session.pk, at=local_at(DAY, 20))
        for _ in range(4)
    ])
    assert results.count("ok") == 1, results
    assert HoursCorrection.objects.filter(session=session, kind=HoursCorrection.Kind.APPROVE).count() == 1
