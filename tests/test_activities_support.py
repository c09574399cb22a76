"""Shared helpers of the activities tests (this module holds no tests): slots at a chosen
local time, confirmed bookings, and a media folder per test for certificate PDFs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from itda.accounts.models import User
from itda.matching.models import Booking, Proposal
from itda.needs.models import Need, Slot
from itda.volunteers.models import VolunteerProfile
from tests import factories as f


def local_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def add_slot(need: Need, start: datetime, *, hours: float = 2, headcount: int = 3) -> Slot:
    return Slot.objects.create(need=need, start=start, end=start + timedelta(hours=hours), headcount=headcount)


def book(slot: Slot, profile: VolunteerProfile, *, status: str = Booking.Status.CONFIRMED) -> Booking:
    proposal = Proposal.objects.create(slot=slot, volunteer=profile, status=Proposal.Status.CONFIRMED,
                                       source=Proposal.Source.APPLY)
    seat = Booking.objects.filter(slot=slot).count() + 1
    return Booking.objects.create(slot=slot, volunteer=profile, proposal=proposal, status=status, seat=seat,
                                  confirmed_at=timezone.now())


def profile_of(user: User) -> VolunteerProfile:
    return VolunteerProfile.objects.get(user=user)


def booked_slot(need: Need, user: User, start: datetime, *, hours: float = 2) -> tuple[Slot, Booking]:
    slot = add_slot(need, start, hours=hours)
    return slot, book(slot, profile_of(user))


def use_tmp_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def another_need(**kwargs: Any) -> Need:
    return f.NeedFactory.create(with_slot=False, **kwargs)
