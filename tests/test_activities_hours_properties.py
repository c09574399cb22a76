"""Hours invariants under any sequence of check-ins and check-outs, manual confirmations,
approvals, rejections and corrections (hypothesis): the certified total is exactly the sum of
the approved sessions, no day credits more than 8 hours, no session more than its slot, and
each session's history replays to its current minutes and status."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itda.accounts.models import User
from itda.activities import selectors, services
from itda.activities.models import DAILY_MAX_MINUTES, ActivitySession
from itda.activities.tokens import TokenError, token_make
from itda.needs.models import Need
from tests.test_activities_support import booked_slot, local_at, profile_of

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 10)
# Two 5-hour slots on one day (10 hours > the 8-hour cap) and a 10-hour slot the next day.
SLOTS = [(DAY, 7, 5), (DAY, 12, 5), (DAY + timedelta(days=1), 8, 10)]

op = st.one_of(
    st.tuples(st.just("in"), st.integers(0, 2), st.integers(-90, 700)),
    st.tuples(st.just("out"), st.integers(0, 2), st.integers(-30, 800)),
    st.tuples(st.just("manual"), st.integers(0, 2), st.integers(-30, 700)),
    st.tuples(st.just("approve"), st.integers(0, 2), st.just(0)),
    st.tuples(st.just("reject"), st.integers(0, 2), st.just(0)),
    st.tuples(st.just("correct"), st.integers(0, 2), st.integers(0, 700)),
)


class Rollback(Exception):
    pass


def _check(volunteer: User) -> None:
    profile = profile_of(volunteer)
    sessions = list(ActivitySession.objects.filter(volunteer=profile).select_related("slot"))
    approved = sum(s.minutes for s in sessions if s.status == ActivitySession.Status.APPROVED)
    assert selectors.certified_minutes(volunteer=profile) == approved
    per_day: dict[date, int] = defaultdict(int)
    for s in sessions:
        assert 0 <= s.minutes <= s.slot.duration_minutes
        if s.status != ActivitySession.Status.REJECTED:
            per_day[s.activity_date] += s.minutes
        history = list(s.history.order_by("at", "id"))
        assert history, "every session starts with a history row"
        assert history[0].minutes_before == 0
        for prev, nxt in itertools.pairwise(history):
            assert nxt.minutes_before == prev.minutes_after
            assert nxt.status_before == prev.status_after
        assert (history[-1].minutes_after, history[-1].status_after) == (s.minutes, s.status)
    assert all(total <= DAILY_MAX_MINUTES for total in per_day.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=14))
def test_hours_invariants_hold_for_any_sequence(need: Need, volunteer: User, owner: User,
                                                ops: list[tuple[str, int, int]]) -> None:
    try:
        with transaction.atomic():
            slots = [booked_slot(need, volunteer, local_at(day, hour), hours=hours) for day, hour, hours in SLOTS]
            late = local_at(DAY + timedelta(days=3), 9)
            for kind, index, value in ops:
                slot, booking = slots[index]
                session = ActivitySession.objects.filter(booking=booking).first()
                try:
                    if kind in ("in", "out"):
                        services.attendance_scan(user=volunteer, token=token_make(slot_id=slot.pk, purpose=kind),
                                                 at=slot.start + timedelta(minutes=value))
                    elif kind == "manual":
                        start = slot.start + timedelta(minutes=max(value, 0) // 2)
                        services.attendance_confirm(actor=owner, booking_id=booking.pk, start=start,
                                                    end=start + timedelta(minutes=max(value, 1)), at=late)
                    elif session is None:
                        continue
                    elif kind == "approve":
                        services.hours_approve(actor=owner, session_id=session.pk, at=late)
                    elif kind == "reject":
                        services.hours_reject(actor=owner, session_id=session.pk, reason="확인 결과 불참")
                    else:
                        services.hours_correct(actor=owner, session_id=session.pk, minutes=value,
                                               reason="정정", at=late)
                except (services.ActivityError, TokenError):
                    pass  # a refused action must leave the invariants intact too
                _check(volunteer)
            raise Rollback
    except Rollback:
        pass


@given(raw=st.integers(0, 2000), slot_minutes=st.integers(1, 900), day_used=st.integers(0, 480))
def test_credit_never_exceeds_any_cap(raw: int, slot_minutes: int, day_used: int) -> None:
    credited = services.credit_minutes(raw=raw, slot_minutes=slot_minutes, day_used=day_used)
    assert 0 <= credited <= min(raw, slot_minutes)
    assert day_used + credited <= DAILY_MAX_MINUTES
