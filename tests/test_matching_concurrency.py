"""The last seat under concurrency: 30 volunteers accept it at once, exactly one gets it.

SQLite ignores SELECT ... FOR UPDATE and its in-memory test database cannot be shared by
threads, so this runs on PostgreSQL (`make test` runs the suite there too).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from itda.matching import services
from itda.matching.models import Booking, Proposal
from itda.needs.models import Slot
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

N = 30


def test_it_gives_the_last_seat_to_exactly_one_of_thirty() -> None:
    need = f.NeedFactory.create(with_slot=False)
    start = timezone.now() + timedelta(days=3)
    slot = Slot.objects.create(need=need, start=start, end=start + timedelta(hours=2), headcount=2)
    # One seat is already taken: the 30 compete for the last one.
    first = f.VolunteerProfileFactory.create()
    p0 = Proposal.objects.create(slot=slot, volunteer=first)
    services.proposal_accept(user=first.user, proposal_id=p0.pk)
    profiles = [f.VolunteerProfileFactory.create() for _ in range(N)]
    proposals = [Proposal.objects.create(slot=slot, volunteer=p) for p in profiles]

    barrier = threading.Barrier(N)
    results: list[str] = []
    lock = threading.Lock()

    def accept(profile_user_id: int, proposal_id: int) -> None:
        from itda.accounts.models import User

        user = User.objects.get(pk=profile_user_id)
        barrier.wait()
        try:
            services.proposal_accept(user=user, proposal_id=proposal_id)
            outcome = "booked"
        except services.SlotFullError as exc:
            outcome = f"full:{exc}"
        except Exception as exc:  # any other failure must show up in the assertion below
            outcome = f"error:{exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=accept, args=(p.user_id, pr.pk)) for p, pr in zip(profiles, proposals, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(results) == N
    assert results.count("booked") == 1, results
    full = [r for r in results if r.startswith("full:")]
    assert len(full) == N - 1, results
    assert all("자리가 찼습니다" in r for r in full)
    active = Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE)
    assert active.count() == 2
    assert sorted(active.values_list("seat", flat=True)) == [1, 2]


def test_it_accepts_the_same_proposal_twice_at_once_as_one_booking() -> None:
    need = f.NeedFactory.create(with_slot=False)
    start = timezone.now() + timedelta(days=3)
    slot = Slot.objects.create(need=need, start=start, end=start + timedelta(hours=2), headcount=5)
    profile = f.VolunteerProfileFactory.create()
    proposal = Proposal.objects.create(slot=slot, volunteer=profile)
    barrier = threading.Barrier(4)
    errors: list[str] = []

    def accept() -> None:
        barrier.wait()
        try:
            services.proposal_accept(user=profile.user, proposal_id=proposal.pk)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Booking.objects.filter(slot=slot, volunteer=profile).count() == 1
