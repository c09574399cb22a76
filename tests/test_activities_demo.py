"""Demo activity records: made through the services (so caps and history hold), with pending,
disputed and claimed sessions and a live slot for the QR; the reset removes all of it."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.utils import timezone

from itda.accounts.models import Role, User
from itda.activities import selectors
from itda.activities.demo import activities_reset, seed_activities
from itda.activities.models import (
    ActivitySession,
    HoursCorrection,
    InsuranceClaim,
    RecognitionPreference,
)
from itda.matching.models import Booking
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("itda.needs.services._enqueue_matching", lambda need_id: None)


def test_seed_and_reset() -> None:
    showcase = f.VolunteerProfileFactory.create(user__username="volunteer", user__display_name="김봉사")
    for _ in range(6):
        f.VolunteerProfileFactory.create()
    org = f.OrganizationFactory.create()
    staff = f.org_staff(org)
    for _ in range(3):
        f.NeedFactory.create(requester_kind="organization", organization=org, created_by=staff, with_slot=False)
    counts = seed_activities(rng=random.Random(7), today=date(2026, 11, 28))
    assert counts["sessions"] >= 24
    sessions = ActivitySession.objects.filter(volunteer=showcase)
    assert sessions.count() == 24
    assert sessions.filter(status=ActivitySession.Status.PENDING).count() == 2
    assert sessions.filter(disputed=True).count() == 1
    assert InsuranceClaim.objects.count() == 1
    total = selectors.certified_minutes(volunteer=showcase)
    assert total == sum(s.minutes for s in sessions if s.status == ActivitySession.Status.APPROVED)
    assert total >= 40 * 60
    assert RecognitionPreference.objects.filter(volunteer=showcase, leaderboard_opt_in=True).exists()
    live = Booking.objects.filter(volunteer=showcase, status=Booking.Status.CONFIRMED,
                                  slot__start__gt=timezone.now())
    assert live.count() == 1

    out = activities_reset(User.objects.exclude(roles__role=Role.CENTRE_ADMIN))
    assert out["sessions"] == counts["sessions"]
    assert not ActivitySession.objects.exists()
    assert not HoursCorrection.objects.exists()
    Booking.objects.all().delete()  # nothing of activities protects the bookings any more
