"""Matching services: engine proposals for a new need, both-sided acceptance, bookings that
never exceed the headcount, waitlists and refills, eligibility, teams, and the time-driven
jobs (expiry, escalation, reminders, learning, the stale-task reaper)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from itda.accounts.models import User
from itda.matching import adapter, services
from itda.matching.models import Booking, MatchRun, Proposal
from itda.matching.reaper import reap_stale
from itda.needs.access import can_view_private
from itda.needs.models import Need, Slot
from itda.needs.services import PrivateSpec, SlotSpec, need_create
from itda.notifications.models import Notification
from itda.places.models import Dong
from itda.volunteers.models import Team, TeamMembership, VolunteerProfile
from tests import factories as f

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[가-힣]")


# ---------------------------------------------------------------- helpers

@pytest.fixture(autouse=True)
def fresh_engine(settings: Any, tmp_path: Path) -> Iterator[None]:
    """No learned model from the machine's var/ and no index left over from another test."""
    settings.ITDA_MATCH_MODEL_PATH = str(tmp_path / "match_model.json")
    adapter.indexes.clear()
    yield
    adapter.indexes.clear()


def local_at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware datetime `days` from today at a local (Asia/Seoul) wall-clock time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_need(*, owner: User | None = None, start: datetime | None = None, hours: int = 2,
              headcount: int = 2, **kwargs: Any) -> tuple[Need, Slot]:
    extra: dict[str, Any] = {"with_slot": False, **kwargs}
    if owner is not None:
        extra["created_by"] = owner
    need = f.NeedFactory.create(**extra)
    start = start or local_at(3, 10)
    slot = Slot.objects.create(need=need, start=start, end=start + timedelta(hours=hours), headcount=headcount)
    return need, slot


def fitting(slot: Slot, **kwargs: Any) -> VolunteerProfile:
    """A volunteer whose availability covers the slot's weekday and hours (충장동, 전등 교체)."""
    profile = f.VolunteerProfileFactory.create(**kwargs)
    local_start, local_end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    f.AvailabilityFactory.create(profile=profile, weekday=local_start.weekday(),
                                 start=time(max(local_start.hour - 1, 0)),
                                 end=time(min(local_end.hour + 1, 23)))
    return profile


def offer(slot: Slot, profile: VolunteerProfile, **kwargs: Any) -> Proposal:
    fields: dict[str, Any] = {"status": Proposal.Status.PENDING, "reason": "가까운 곳에 사시고 전등 교체를 하실 수 있어요.",
                              "expires_at": timezone.now() + services.PROPOSAL_TTL, **kwargs}
    return Proposal.objects.create(slot=slot, volunteer=profile, **fields)


def notes(user: User, kind: str | None = None) -> list[Notification]:
    qs = Notification.objects.filter(user=user)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs)


def proposed_to(slot: Slot) -> set[int]:
    return set(Proposal.objects.filter(slot=slot, status=Proposal.Status.PENDING).values_list("volunteer_id", flat=True))


RunCallbacks = Callable[..., Any]


# ---------------------------------------------------------------- a new need gets proposals

def test_a_new_need_gets_engine_proposals_with_a_korean_reason(
    owner: User, home_dong: Dong, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    start = local_at(3, 10)
    wd = timezone.localtime(start).weekday()
    near = [f.VolunteerProfileFactory.create() for _ in range(3)]
    for v in near:
        f.AvailabilityFactory.create(profile=v, weekday=wd, start=time(9), end=time(13))
    busy_then = f.VolunteerProfileFactory.create()  # available another day only
    f.AvailabilityFactory.create(profile=busy_then, weekday=(wd + 1) % 7, start=time(9), end=time(13))

    with django_capture_on_commit_callbacks(execute=True):
        need, created = need_create(
            actor=owner, field=f.field("0200"), title="부엌 전등이 나갔어요",
            description="혼자 살아서 높은 곳 전등을 못 갈아요. 전등 교체를 도와주세요.", dong=home_dong,
            slots=[SlotSpec(start, start + timedelta(hours=2), 1)],
            private=PrivateSpec("광주광역시 동구 충장로 99", "정요청", "01055556666"),
            submission_key=uuid.uuid4(),
        )
    assert created
    run = MatchRun.objects.get(need=need)
    assert run.kind == MatchRun.Kind.NEED
    assert run.status == MatchRun.Status.DONE
    assert run.finished_at is not None
    assert run.n_slots == 1
    assert run.n_volunteers >= 4
    assert "seconds" in run.figures
    proposals = list(Proposal.objects.filter(slot__need=need))
    # one seat, asked of FANOUT volunteers
    assert len(proposals) == run.n_proposals == services.FANOUT
    assert {p.volunteer_id for p in proposals} <= {v.pk for v in near}
    for p in proposals:
        assert p.status == Proposal.Status.PENDING
        assert p.source == Proposal.Source.ENGINE
        assert p.run_id == run.pk
        assert HANGUL.search(p.reason), p.reason
        assert p.score > 0
        assert p.expires_at is not None
        assert timezone.now() < p.expires_at <= timezone.now() + services.PROPOSAL_TTL
        note = Notification.objects.get(user=p.volunteer.user, kind=Notification.Kind.PROPOSAL)
        assert need.title in note.title
        assert note.body == p.reason
    assert not Proposal.objects.filter(volunteer=busy_then).exists()


# ---------------------------------------------------------------- both sides accept

def test_accept_holds_a_seat_and_the_requester_confirms(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner)
    profile = fitting(slot)
    p = offer(slot, profile)
    assert not can_view_private(profile.user, need)

    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_accept(user=profile.user, proposal_id=p.pk)
    assert p.status == Proposal.Status.ACCEPTED
    assert p.volunteer_accepted_at is not None
    assert p.requester_accepted_at is None
    b = Booking.objects.get(proposal=p)
    assert (b.status, b.seat) == (Booking.Status.HELD, 1)
    assert len(notes(owner, Notification.Kind.ACCEPTED)) == 1
    assert not can_view_private(profile.user, need)  # held is not confirmed

    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_confirm(actor=owner, proposal_id=p.pk)
    assert p.status == Proposal.Status.CONFIRMED
    assert p.requester_accepted_by == owner
    b.refresh_from_db()
    assert b.status == Booking.Status.CONFIRMED
    assert b.confirmed_at is not None
    assert len(notes(profile.user, Notification.Kind.CONFIRMED)) == 1
    assert can_view_private(profile.user, need)


def test_an_invitation_accepted_is_confirmed_at_once(
    owner: User, camp_manager: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner)
    profile = fitting(slot)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.volunteer_invite(actor=camp_manager, slot_id=slot.pk, profile_id=profile.pk)
    assert p.source == Proposal.Source.INVITE
    assert p.status == Proposal.Status.PENDING
    assert p.requester_accepted_by == camp_manager
    assert len(notes(profile.user, Notification.Kind.PROPOSAL)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_accept(user=profile.user, proposal_id=p.pk)
    assert p.status == Proposal.Status.CONFIRMED
    assert Booking.objects.get(proposal=p).status == Booking.Status.CONFIRMED
    assert len(notes(owner, Notification.Kind.CONFIRMED)) == 1
    assert len(notes(profile.user, Notification.Kind.CONFIRMED)) == 1
    assert can_view_private(profile.user, need)


def test_only_the_requester_side_confirms_and_invites(owner: User, other_volunteer: User,
                                                      other_org_user: User) -> None:
    _, slot = make_need(owner=owner)
    profile = fitting(slot)
    p = offer(slot, profile)
    services.proposal_accept(user=profile.user, proposal_id=p.pk)
    for outsider in (other_volunteer, other_org_user, profile.user):
        with pytest.raises(PermissionDenied):
            services.proposal_confirm(actor=outsider, proposal_id=p.pk)
        with pytest.raises(PermissionDenied):
            services.volunteer_invite(actor=outsider, slot_id=slot.pk, profile_id=profile.pk)
    with pytest.raises(PermissionDenied):
        services.proposal_accept(user=other_volunteer, proposal_id=p.pk)
    assert Booking.objects.get(proposal=p).status == Booking.Status.HELD


def test_the_requester_rejects_a_held_volunteer_and_the_seat_is_offered_again(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    _, slot = make_need(owner=owner, headcount=1)
    first, second = fitting(slot), fitting(slot)
    p = offer(slot, first)
    services.proposal_accept(user=first.user, proposal_id=p.pk)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_reject(actor=owner, proposal_id=p.pk, note="다른 분과 하기로 했어요")
    assert p.status == Proposal.Status.REJECTED
    assert Booking.objects.get(proposal=p).status == Booking.Status.CANCELLED
    assert len(notes(first.user, Notification.Kind.DECLINED)) == 1
    assert proposed_to(slot) == {second.pk}


# ---------------------------------------------------------------- decline, expiry, refill

def test_a_decline_records_the_reason_and_asks_the_next_candidate(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner, headcount=1)
    profiles = [fitting(slot) for _ in range(3)]
    services.match_need(need_id=need.pk)
    asked = proposed_to(slot)
    assert len(asked) == services.FANOUT
    (left_out,) = {p.pk for p in profiles} - asked
    p = Proposal.objects.filter(slot=slot).first()
    assert p is not None

    with django_capture_on_commit_callbacks(execute=True):
        declined = services.proposal_decline(user=p.volunteer.user, proposal_id=p.pk, reason="time",
                                             note="그날은 병원에 가요")
    assert declined.status == Proposal.Status.DECLINED
    assert (declined.decline_reason, declined.decline_note) == ("time", "그날은 병원에 가요")
    assert declined.responded_at is not None
    assert VolunteerProfile.objects.get(pk=p.volunteer_id).declined_count == 1
    assert left_out in proposed_to(slot)
    assert len(proposed_to(slot)) == services.FANOUT
    # declining twice changes nothing more
    services.proposal_decline(user=p.volunteer.user, proposal_id=p.pk, reason="time")
    assert VolunteerProfile.objects.get(pk=p.volunteer_id).declined_count == 1


def test_a_decline_needs_a_known_reason(volunteer: User, need: Need) -> None:
    p = offer(need.slots.get(), volunteer.volunteer_profile)
    with pytest.raises(services.MatchError, match="거절 사유"):
        services.proposal_decline(user=volunteer, proposal_id=p.pk, reason="")
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.PENDING


def test_silence_expires_and_the_next_candidate_is_asked(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner, headcount=1)
    profiles = [fitting(slot) for _ in range(3)]
    services.match_need(need_id=need.pk)
    first_round = proposed_to(slot)
    assert services.proposals_expire() == 0  # nothing is late yet
    with django_capture_on_commit_callbacks(execute=True):
        n = services.proposals_expire(now=timezone.now() + services.PROPOSAL_TTL + timedelta(minutes=1))
    assert n == services.FANOUT
    assert set(Proposal.objects.filter(status=Proposal.Status.EXPIRED).values_list("volunteer_id", flat=True)) \
        == first_round
    assert proposed_to(slot) == {p.pk for p in profiles} - first_round
    late = Proposal.objects.filter(status=Proposal.Status.EXPIRED).first()
    assert late is not None
    with pytest.raises(services.MatchError, match="이미 '기한 만료'"):
        services.proposal_accept(user=late.volunteer.user, proposal_id=late.pk)


def test_a_late_accept_of_a_pending_proposal_is_refused(volunteer: User, need: Need) -> None:
    p = offer(need.slots.get(), volunteer.volunteer_profile, expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.MatchError, match="응답 기한이 지난"):
        services.proposal_accept(user=volunteer, proposal_id=p.pk)
    assert not Booking.objects.exists()


# ---------------------------------------------------------------- direct apply, waitlist, cancel

def test_apply_when_full_waitlists_and_a_cancel_offers_the_seat_to_the_first_waiting(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner, headcount=1)
    a, b, c = fitting(slot), fitting(slot), fitting(slot)
    with django_capture_on_commit_callbacks(execute=True):
        pa = services.slot_apply(user=a.user, slot_id=slot.pk)
    assert pa.source == Proposal.Source.APPLY
    assert pa.status == Proposal.Status.ACCEPTED
    assert Booking.objects.get(proposal=pa).status == Booking.Status.HELD
    assert len(notes(owner, Notification.Kind.ACCEPTED)) == 1
    need.refresh_from_db()
    assert need.status == Need.Status.FILLED

    pb = services.slot_apply(user=b.user, slot_id=slot.pk)
    pc = services.slot_apply(user=c.user, slot_id=slot.pk)
    assert pb.status == pc.status == Proposal.Status.WAITLISTED
    assert not Booking.objects.filter(volunteer__in=[b, c]).exists()
    assert services.slot_apply(user=b.user, slot_id=slot.pk).pk == pb.pk  # applying again: same row

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(user=a.user, booking_id=pa.booking.pk, reason="아파요")
    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancelled_at is not None
    assert Proposal.objects.get(pk=pa.pk).status == Proposal.Status.CANCELLED
    pb.refresh_from_db()
    assert pb.status == Proposal.Status.PENDING
    assert pb.expires_at is not None
    assert Proposal.objects.get(pk=pc.pk).status == Proposal.Status.WAITLISTED  # only the first
    assert len(notes(b.user, Notification.Kind.WAITLIST)) == 1
    assert len(notes(owner, Notification.Kind.CANCELLED)) == 1
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN

    services.proposal_accept(user=b.user, proposal_id=pb.pk)
    assert Booking.objects.get(slot=slot, status__in=Booking.ACTIVE).volunteer == b


def test_a_cancel_without_a_waitlist_asks_the_engine(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    _, slot = make_need(owner=owner, headcount=1)
    a, other = fitting(slot), fitting(slot)
    pa = services.slot_apply(user=a.user, slot_id=slot.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(user=a.user, booking_id=pa.booking.pk)
    assert proposed_to(slot) == {other.pk}
    with pytest.raises(PermissionDenied):
        services.booking_cancel(user=other.user, booking_id=pa.booking.pk)


def test_a_cancel_after_the_start_is_refused(volunteer: User, need: Need) -> None:
    slot = need.slots.get()
    p = offer(slot, volunteer.volunteer_profile)
    services.proposal_accept(user=volunteer, proposal_id=p.pk)
    with time_machine.travel(slot.start + timedelta(minutes=5)), \
            pytest.raises(services.MatchError, match="이미 시작한"):
        services.booking_cancel(user=volunteer, booking_id=p.booking.pk)


# ---------------------------------------------------------------- seats

def test_the_headcount_is_never_exceeded(owner: User) -> None:
    need, slot = make_need(owner=owner, headcount=2)
    profiles = [fitting(slot) for _ in range(5)]
    proposals = [offer(slot, p) for p in profiles]
    outcomes = []
    for p in proposals:
        try:
            services.proposal_accept(user=p.volunteer.user, proposal_id=p.pk)
            outcomes.append("booked")
        except services.SlotFullError as exc:
            outcomes.append(str(exc))
    assert outcomes[:2] == ["booked", "booked"]
    assert outcomes[2:] == [services.FULL_MESSAGE] * 3
    active = Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE)
    assert sorted(active.values_list("seat", flat=True)) == [1, 2]
    assert services.seats_left(slot) == 0
    # the others' open proposals were closed when the slot filled
    assert Proposal.objects.filter(slot=slot, status=Proposal.Status.CANCELLED).count() == 3
    need.refresh_from_db()
    assert need.status == Need.Status.FILLED
    # a direct application now waits
    late = fitting(slot)
    assert services.slot_apply(user=late.user, slot_id=slot.pk).status == Proposal.Status.WAITLISTED
    assert active.count() == 2


def test_accepting_twice_makes_one_booking(volunteer: User, need: Need) -> None:
    p = offer(need.slots.get(), volunteer.volunteer_profile)
    first = services.proposal_accept(user=volunteer, proposal_id=p.pk)
    again = services.proposal_accept(user=volunteer, proposal_id=p.pk)
    assert first.pk == again.pk
    assert Booking.objects.filter(proposal=p).count() == 1


# ---------------------------------------------------------------- eligibility and commitments

def test_age_group_and_qualifications_are_required(owner: User) -> None:
    _, seniors_only = make_need(owner=owner, eligible_age_groups=["senior"])
    _, drivers_only = make_need(owner=owner, required_qualifications=["driver_license"],
                                start=local_at(4, 10))
    adult = fitting(seniors_only)
    with pytest.raises(services.MatchError, match="연령대"):
        services.slot_apply(user=adult.user, slot_id=seniors_only.pk)
    with pytest.raises(services.MatchError, match="연령대"):
        services.volunteer_invite(actor=owner, slot_id=seniors_only.pk, profile_id=adult.pk)
    with pytest.raises(services.MatchError, match="필요한 자격"):
        services.slot_apply(user=adult.user, slot_id=drivers_only.pk)
    assert not Proposal.objects.exists()
    # A proposal made before the need's conditions changed is refused at acceptance too.
    stale = offer(seniors_only, adult)
    with pytest.raises(services.MatchError, match="연령대"):
        services.proposal_accept(user=adult.user, proposal_id=stale.pk)
    assert not Booking.objects.exists()
    driver = f.VolunteerProfileFactory.create(qualifications=["driver_license"])
    assert services.slot_apply(user=driver.user, slot_id=drivers_only.pk).status == Proposal.Status.ACCEPTED


def test_an_overlapping_commitment_is_refused(owner: User) -> None:
    _, morning = make_need(owner=owner, start=local_at(3, 10), hours=2)
    _, overlapping = make_need(owner=owner, start=local_at(3, 11), hours=2)
    profile = fitting(morning)
    services.slot_apply(user=profile.user, slot_id=morning.pk)
    with pytest.raises(services.MatchError, match="같은 시간에 이미 다른 봉사가 잡혀 있습니다"):
        services.slot_apply(user=profile.user, slot_id=overlapping.pk)
    p = offer(overlapping, profile)
    with pytest.raises(services.MatchError, match="같은 시간에"):
        services.proposal_accept(user=profile.user, proposal_id=p.pk)
    assert Booking.objects.filter(volunteer=profile).count() == 1


def test_the_weekly_hours_are_respected(owner: User) -> None:
    today = timezone.localdate()
    monday = (7 - today.weekday()) or 7  # days until next Monday: the same week for Mon and Tue
    _, three_hours = make_need(owner=owner, start=local_at(monday, 9), hours=3)
    _, two_hours = make_need(owner=owner, start=local_at(monday + 1, 9), hours=2)
    _, next_week = make_need(owner=owner, start=local_at(monday + 7, 9), hours=2)
    profile = f.VolunteerProfileFactory.create(max_hours_per_week=4)
    services.slot_apply(user=profile.user, slot_id=three_hours.pk)
    with pytest.raises(services.MatchError, match=r"이번 주 봉사 가능 시간\(4시간\)을 넘습니다"):
        services.slot_apply(user=profile.user, slot_id=two_hours.pk)
    assert services.slot_apply(user=profile.user, slot_id=next_week.pk).status == Proposal.Status.ACCEPTED


def test_the_engine_does_not_propose_a_volunteer_already_busy_then(owner: User) -> None:
    _, first = make_need(owner=owner, start=local_at(3, 10), headcount=1)
    need2, second = make_need(owner=owner, start=local_at(3, 10), headcount=1)
    busy, free = fitting(first), fitting(first)
    services.slot_apply(user=busy.user, slot_id=first.pk)
    services.match_need(need_id=need2.pk)
    assert proposed_to(second) == {free.pk}


# ---------------------------------------------------------------- teams

def make_team(leader: VolunteerProfile, members: list[VolunteerProfile]) -> Team:
    team = Team.objects.create(name="충장 퇴직자 봉사단", kind=Team.Kind.RETIREE, leader=leader.user,
                               dong=leader.home_dong)
    for m in [leader, *members]:
        TeamMembership.objects.create(team=team, user=m.user)
    return team


def test_a_team_proposal_is_accepted_as_a_unit_by_its_leader(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    _, slot = make_need(owner=owner, headcount=4)
    leader, m1, m2 = fitting(slot), fitting(slot), fitting(slot)
    team = make_team(leader, [m1, m2])
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    assert p.team == team
    with pytest.raises(PermissionDenied):
        services.team_accept(user=m1.user, proposal_id=p.pk)

    with django_capture_on_commit_callbacks(execute=True):
        bookings = services.team_accept(user=leader.user, proposal_id=p.pk)
    assert {b.volunteer_id for b in bookings} == {leader.pk, m1.pk, m2.pk}
    assert all(b.status == Booking.Status.CONFIRMED for b in bookings)
    assert sorted(b.seat for b in bookings) == [1, 2, 3]
    assert services.seats_left(slot) == 1
    for m in (m1, m2):
        mp = Proposal.objects.get(slot=slot, volunteer=m)
        assert (mp.team, mp.status) == (team, Proposal.Status.CONFIRMED)
        assert can_view_private(m.user, slot.need)


def test_a_team_is_booked_all_or_none_when_seats_are_short(owner: User) -> None:
    _, slot = make_need(owner=owner, headcount=2)
    leader, m1, m2 = fitting(slot), fitting(slot), fitting(slot)
    team = make_team(leader, [m1, m2])
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    with pytest.raises(services.SlotFullError, match=r"남은 자리\(2명\)가 봉사단 인원\(3명\)보다 적습니다"):
        services.team_accept(user=leader.user, proposal_id=p.pk)
    assert not Booking.objects.exists()
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.PENDING


def test_a_team_is_booked_all_or_none_when_a_member_is_busy(owner: User) -> None:
    _, slot = make_need(owner=owner, headcount=5)
    _, elsewhere = make_need(owner=owner, start=slot.start, headcount=1)
    leader, m1, m2 = fitting(slot), fitting(slot), fitting(slot)
    services.slot_apply(user=m2.user, slot_id=elsewhere.pk)
    team = make_team(leader, [m1, m2])
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    with pytest.raises(services.MatchError, match="같은 시간에"):
        services.team_accept(user=leader.user, proposal_id=p.pk)
    assert not Booking.objects.filter(slot=slot).exists()
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.PENDING


def test_a_team_member_must_be_eligible_too(owner: User) -> None:
    _, slot = make_need(owner=owner, headcount=5, eligible_age_groups=["adult", "senior"])
    leader, m1 = fitting(slot), fitting(slot)
    teen = fitting(slot, age_group="youth")
    team = make_team(leader, [m1, teen])
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    with pytest.raises(services.MatchError, match="연령대"):
        services.team_accept(user=leader.user, proposal_id=p.pk)
    assert not Booking.objects.filter(slot=slot).exists()


def test_a_team_that_fills_the_slot_closes_the_others_offers(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    need, slot = make_need(owner=owner, headcount=2)
    leader, m1, outsider = fitting(slot), fitting(slot), fitting(slot)
    waiting = offer(slot, outsider)
    team = make_team(leader, [m1])
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        services.team_accept(user=leader.user, proposal_id=p.pk)
    assert Proposal.objects.get(pk=waiting.pk).status == Proposal.Status.CANCELLED
    assert len(notes(outsider.user, Notification.Kind.FULL)) == 1
    need.refresh_from_db()
    assert need.status == Need.Status.FILLED


# ---------------------------------------------------------------- escalation and reminders

def test_a_short_slot_within_48_hours_goes_to_the_dongs_camp_manager_once(
    owner: User, camp_manager: User, other_camp_manager: User, centre_admin: User,
) -> None:
    _, soon = make_need(owner=owner, start=local_at(1, 10), headcount=2)
    _, later = make_need(owner=owner, start=local_at(5, 10), headcount=2)
    _, full = make_need(owner=owner, start=local_at(1, 14), headcount=1)
    services.slot_apply(user=fitting(full).user, slot_id=full.pk)
    services.slot_apply(user=fitting(soon).user, slot_id=soon.pk)

    assert services.slots_escalate() == 1
    (note,) = notes(camp_manager, Notification.Kind.ESCALATION)
    assert soon.need.title in note.title
    assert "1명이 더 필요합니다" in note.body
    assert note.url == f"/needs/{soon.need_id}/"
    assert notes(other_camp_manager) == []
    assert notes(centre_admin) == []  # the dong has a manager
    assert services.slots_escalate() == 0  # once
    assert len(notes(camp_manager, Notification.Kind.ESCALATION)) == 1
    assert not Notification.objects.filter(title__contains=f"{timezone.localtime(later.start):%m/%d}").exists()


def test_a_short_slot_in_a_dong_without_a_manager_goes_to_the_centre(owner: User, centre_admin: User) -> None:
    make_need(owner=owner, start=local_at(1, 10), dong=f.dong("2920062600"))
    assert services.slots_escalate() == 1
    assert len(notes(centre_admin, Notification.Kind.ESCALATION)) == 1


def test_a_reminder_goes_out_the_day_before(owner: User) -> None:
    _, slot = make_need(owner=owner, start=local_at(3, 10))
    profile = fitting(slot)
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=profile.pk)
    services.proposal_accept(user=profile.user, proposal_id=p.pk)
    held_slot = make_need(owner=owner, start=local_at(3, 15))[1]
    services.slot_apply(user=fitting(held_slot).user, slot_id=held_slot.pk)  # held: no reminder

    with time_machine.travel(local_at(1, 18)):
        assert services.reminders_send() == 0  # two days before
    with time_machine.travel(local_at(2, 18)):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0  # once
    (note,) = notes(profile.user, Notification.Kind.REMINDER)
    assert note.title.startswith("내일 10:00")
    assert Notification.objects.filter(kind=Notification.Kind.REMINDER).count() == 1


# ---------------------------------------------------------------- feedback

def test_feedback_after_the_activity_updates_the_counts(owner: User, other_volunteer: User) -> None:
    _, slot = make_need(owner=owner)
    profile = fitting(slot)
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=profile.pk)
    services.proposal_accept(user=profile.user, proposal_id=p.pk)
    b = Booking.objects.get(proposal=p)
    with pytest.raises(services.MatchError, match="활동이 시작된 뒤"):
        services.booking_feedback(actor=owner, booking_id=b.pk, status=Booking.Status.COMPLETED)

    with time_machine.travel(slot.end + timedelta(hours=1)):
        with pytest.raises(PermissionDenied):
            services.booking_feedback(actor=other_volunteer, booking_id=b.pk, status=Booking.Status.COMPLETED)
        with pytest.raises(services.MatchError, match="1점에서 5점"):
            services.booking_feedback(actor=owner, booking_id=b.pk, status=Booking.Status.COMPLETED, rating=9)
        b = services.booking_feedback(actor=owner, booking_id=b.pk, status=Booking.Status.COMPLETED, rating=5)
        assert (b.status, b.volunteer_rating) == (Booking.Status.COMPLETED, 5)
        profile.refresh_from_db()
        assert (profile.completed_count, profile.no_show_count) == (1, 0)
        services.booking_feedback(actor=owner, booking_id=b.pk, status=Booking.Status.COMPLETED)
        profile.refresh_from_db()
        assert profile.completed_count == 1  # the same answer twice counts once
        services.booking_feedback(actor=owner, booking_id=b.pk, status=Booking.Status.NO_SHOW)
        profile.refresh_from_db()
        assert (profile.completed_count, profile.no_show_count) == (0, 1)


def test_feedback_is_only_for_confirmed_bookings(owner: User) -> None:
    _, slot = make_need(owner=owner)
    profile = fitting(slot)
    p = services.slot_apply(user=profile.user, slot_id=slot.pk)  # held, never confirmed
    with time_machine.travel(slot.end + timedelta(hours=1)), \
            pytest.raises(services.MatchError, match="확정된 활동만"):
        services.booking_feedback(actor=owner, booking_id=p.booking.pk, status=Booking.Status.COMPLETED)


# ---------------------------------------------------------------- learning

def test_the_model_learns_from_enough_answers(settings: Any, owner: User) -> None:
    path = Path(settings.ITDA_MATCH_MODEL_PATH)
    profiles = [f.VolunteerProfileFactory.create() for _ in range(6)]
    slots = [make_need(owner=owner, start=local_at(3 + i, 10))[1] for i in range(6)]
    for i, slot in enumerate(slots):
        for j, profile in enumerate(profiles):
            p = offer(slot, profile)
            if (i + j) % 3 == 0:
                Proposal.objects.filter(pk=p.pk).update(volunteer_accepted_at=timezone.now(),
                                                        status=Proposal.Status.ACCEPTED)
            else:
                Proposal.objects.filter(pk=p.pk).update(status=Proposal.Status.DECLINED, decline_reason="time")
    result = services.model_learn(seed=1)
    assert result["fitted"] is True
    assert result["outcomes"] == 36
    assert result["accepted"] == 12
    assert path.exists()
    assert adapter.load_model() is not None


def test_the_model_is_not_fitted_on_too_few_answers(settings: Any, owner: User) -> None:
    _, slot = make_need(owner=owner)
    for _ in range(5):
        p = offer(slot, f.VolunteerProfileFactory.create())
        Proposal.objects.filter(pk=p.pk).update(status=Proposal.Status.DECLINED)
    result = services.model_learn()
    assert result == {"fitted": False, "outcomes": 5, "accepted": 0}
    assert not Path(settings.ITDA_MATCH_MODEL_PATH).exists()


# ---------------------------------------------------------------- the stale-task reaper

def test_the_reaper_fails_and_requeues_stale_work(owner: User) -> None:
    _, slot = make_need(owner=owner)
    late = offer(slot, fitting(slot), expires_at=timezone.now() - timedelta(hours=1))
    long_ago = timezone.now() - timedelta(hours=2)
    stale = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=long_ago, args_kwargs={"args": [], "kwargs": {}},
        task_path="itda.matching.tasks.expire_proposals_task", worker_ids=["worker-1"],
        queue_name="default", backend_name="default", run_after=get_date_max(),
        exception_class_path="", traceback="",
    )
    fresh = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), args_kwargs={"args": [], "kwargs": {}},
        task_path="itda.matching.tasks.expire_proposals_task", worker_ids=["worker-2"],
        queue_name="default", backend_name="default", run_after=get_date_max(),
        exception_class_path="", traceback="",
    )
    stale_run = MatchRun.objects.create(kind=MatchRun.Kind.GLOBAL)
    MatchRun.objects.filter(pk=stale_run.pk).update(started_at=long_ago)
    live_run = MatchRun.objects.create(kind=MatchRun.Kind.NEED)

    assert reap_stale() == 1
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.FAILED
    assert stale.exception_class_path == "itda.matching.reaper.StaleTaskError"
    assert "worker worker-1 stopped" in stale.traceback
    fresh.refresh_from_db()
    assert fresh.status == TaskResultStatus.RUNNING
    # re-enqueued: the (immediate) task ran again and expired the late proposal
    assert Proposal.objects.get(pk=late.pk).status == Proposal.Status.EXPIRED
    stale_run.refresh_from_db()
    assert stale_run.status == MatchRun.Status.FAILED
    assert stale_run.error.startswith("stale")
    assert stale_run.finished_at is not None
    live_run.refresh_from_db()
    assert live_run.status == MatchRun.Status.RUNNING
    assert reap_stale() == 0


def test_a_failed_run_records_its_error(owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    need, _ = make_need(owner=owner)

    def boom(**kwargs: Any) -> int:
        raise RuntimeError("engine down")

    monkeypatch.setattr(services, "slot_refill", boom)
    with pytest.raises(RuntimeError):
        services.match_need(need_id=need.pk)
    run = MatchRun.objects.get(need=need)
    assert run.status == MatchRun.Status.FAILED
    assert "engine down" in run.error


# ---------------------------------------------------------------- profile and global runs

def test_a_profile_change_proposes_the_volunteers_best_open_needs(owner: User) -> None:
    _need, slot = make_need(owner=owner)
    profile = fitting(slot)
    run = services.match_profile(profile_id=profile.pk)
    assert run.status == MatchRun.Status.DONE
    assert run.kind == MatchRun.Kind.PROFILE
    p = Proposal.objects.get(volunteer=profile)
    assert p.slot == slot
    assert p.run == run
    assert HANGUL.search(p.reason)
    assert run.n_proposals == 1


def test_the_global_run_fills_open_seats_and_records_figures(owner: User) -> None:
    _, slot = make_need(owner=owner, headcount=2)
    profiles = [fitting(slot) for _ in range(3)]
    run = services.match_global()
    assert run.status == MatchRun.Status.DONE
    assert run.kind == MatchRun.Kind.GLOBAL
    assert run.figures["open_seats"] == 2
    assert 1 <= run.n_proposals <= 2
    assert run.figures["proposals"] == run.n_proposals
    assert proposed_to(slot) <= {p.pk for p in profiles}


def test_expiry_leaves_a_proposal_accepted_meanwhile_alone(owner: User) -> None:
    """The expiry job reads the late proposals, then updates them: an accept that lands in
    between (another worker) must keep its seat, not be marked expired under its booking."""
    from django.db import connection

    _, slot = make_need(owner=owner)
    profile = fitting(slot)
    p = offer(slot, profile, expires_at=timezone.now() + timedelta(minutes=1))
    state = {"done": False}

    def accept_between(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if not state["done"] and sql.lstrip().upper().startswith("SELECT") and "expires_at" in sql:
            state["done"] = True
            services.proposal_accept(user=profile.user, proposal_id=p.pk)
        return result

    with connection.execute_wrapper(accept_between):
        n = services.proposals_expire(now=timezone.now() + timedelta(minutes=5))
    assert state["done"]
    assert n == 0
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.ACCEPTED
    assert Booking.objects.get(proposal=p).status == Booking.Status.HELD


# ---------------------------------------------------------------- the centre's figures

def test_the_figures_count_time_to_fill_until_the_last_seat(owner: User) -> None:
    from itda.matching.selectors import match_figures

    t0 = timezone.now().replace(microsecond=0) - timedelta(days=2)
    with time_machine.travel(t0, tick=False) as traveller:
        _, slot = make_need(owner=owner, start=local_at(5, 10), headcount=2)
        make_need(owner=owner, start=local_at(6, 10), headcount=1)  # never filled
        a, b, c = fitting(slot), fitting(slot), fitting(slot)
        pa, pb, pc = offer(slot, a), offer(slot, b), offer(slot, c)
        traveller.shift(timedelta(hours=1))
        services.proposal_accept(user=a.user, proposal_id=pa.pk)
        services.proposal_confirm(actor=owner, proposal_id=pa.pk)
        traveller.shift(timedelta(hours=4))
        services.proposal_accept(user=b.user, proposal_id=pb.pk)
        services.proposal_confirm(actor=owner, proposal_id=pb.pk)
        Proposal.objects.filter(pk=pc.pk).update(status=Proposal.Status.DECLINED, decline_reason="busy")
    figures = match_figures()
    assert figures["median_hours_to_fill"] == pytest.approx(5.0)  # the last seat, not the first
    assert figures["match_rate"] == pytest.approx(0.5)
    assert figures["acceptance_rate"] == pytest.approx(2 / 3)
    assert figures["decline_reasons"] == [{"decline_reason": "busy", "n": 1}]


# ---------------------------------------------------------------- a cancelled need

def test_cancelling_a_need_releases_its_volunteers(
    owner: User, django_capture_on_commit_callbacks: RunCallbacks,
) -> None:
    from itda.needs.services import need_status_set

    need, slot = make_need(owner=owner, start=local_at(1, 10), headcount=2)
    confirmed, held, asked, waiting, bystander = (fitting(slot) for _ in range(5))
    p1 = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=confirmed.pk)
    services.proposal_accept(user=confirmed.user, proposal_id=p1.pk)
    services.slot_apply(user=held.user, slot_id=slot.pk)
    pending = offer(slot, asked)
    Proposal.objects.filter(pk=pending.pk).update(status=Proposal.Status.PENDING)
    services.slot_apply(user=waiting.user, slot_id=slot.pk)  # full: waitlisted
    declined = offer(slot, bystander)
    Proposal.objects.filter(pk=declined.pk).update(status=Proposal.Status.DECLINED)
    assert can_view_private(confirmed.user, need)

    with django_capture_on_commit_callbacks(execute=True):
        need_status_set(actor=owner, need=need, status=Need.Status.CANCELLED, reason="가족이 와서 고쳤어요")
    assert not Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).exists()
    assert set(Proposal.objects.filter(slot=slot).values_list("status", flat=True)) == {
        Proposal.Status.CANCELLED, Proposal.Status.DECLINED}
    for profile in (confirmed, held, asked, waiting):
        (note,) = notes(profile.user, Notification.Kind.CANCELLED)
        assert "요청이 취소되었습니다" in note.title
    assert notes(bystander.user, Notification.Kind.CANCELLED) == []
    assert not can_view_private(confirmed.user, need)
    with time_machine.travel(local_at(0, 18)):
        assert services.reminders_send() == 0
    # saving the cancelled need again changes nothing and tells nobody twice
    with django_capture_on_commit_callbacks(execute=True):
        need.refresh_from_db()
        need.save()
    assert Notification.objects.filter(kind=Notification.Kind.CANCELLED).count() == 4


def test_a_profile_run_proposes_a_slot_the_volunteer_is_free_for(owner: User) -> None:
    """A need with a Monday and a Tuesday slot; the volunteer is free on Tuesdays only."""
    today = timezone.localdate()
    monday = (7 - today.weekday()) or 7
    need, mon = make_need(owner=owner, start=local_at(monday, 10))
    tue = Slot.objects.create(need=need, start=local_at(monday + 1, 10), end=local_at(monday + 1, 12), headcount=2)
    profile = f.VolunteerProfileFactory.create()
    f.AvailabilityFactory.create(profile=profile, weekday=1, start=time(9), end=time(13))
    run = services.match_profile(profile_id=profile.pk)
    assert run.n_proposals == 1
    assert Proposal.objects.get(volunteer=profile).slot == tue
    assert not Proposal.objects.filter(slot=mon).exists()


def test_the_model_learns_from_volunteers_who_have_since_paused(owner: User,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Paused volunteers' past answers still teach: here every yes came from one who paused."""
    profiles = [f.VolunteerProfileFactory.create() for _ in range(6)]
    slots = [make_need(owner=owner, start=local_at(3 + i, 10))[1] for i in range(6)]
    for slot in slots:
        for j, profile in enumerate(profiles):
            p = offer(slot, profile)
            if j == 0:
                Proposal.objects.filter(pk=p.pk).update(volunteer_accepted_at=timezone.now(),
                                                        status=Proposal.Status.ACCEPTED)
            else:
                Proposal.objects.filter(pk=p.pk).update(status=Proposal.Status.DECLINED, decline_reason="time")
    VolunteerProfile.objects.filter(pk=profiles[0].pk).update(is_active=False)  # no more proposals, please
    import itda_match

    learnt_from: list[Any] = []
    real_learn = itda_match.MatchEngine.learn

    def spy(self: Any, volunteers: Any, needs: Any, outcomes: Any, **kwargs: Any) -> Any:
        _, y = self.outcome_features(volunteers, needs, outcomes)
        learnt_from.append(y)
        return real_learn(self, volunteers, needs, outcomes, **kwargs)

    monkeypatch.setattr(itda_match.MatchEngine, "learn", spy)
    result = services.model_learn(seed=1)
    assert result["fitted"] is True
    assert (result["outcomes"], result["accepted"]) == (36, 6)
    (y,) = learnt_from
    assert len(y) == 36
    assert y.sum() == 6  # the paused volunteer's yeses are in the fit
    assert adapter.load_model() is not None


# ---------------------------------------------------------------- a team and a single volunteer at once

@pytest.mark.django_db(transaction=True)
def test_a_team_and_a_volunteer_racing_for_the_last_seats_never_overbook() -> None:
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    owner = f.UserFactory.create()
    _, slot = make_need(owner=owner, headcount=3)
    leader, m1, m2, single = (fitting(slot) for _ in range(4))
    team = make_team(leader, [m1, m2])
    team_p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    single_p = offer(slot, single)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name: str, fn: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            fn()
            outcomes[name] = "booked"
        except services.SlotFullError:
            outcomes[name] = "full"
        except Exception as exc:  # shows up in the assertion
            outcomes[name] = repr(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("team", lambda: services.team_accept(user=leader.user,
                                                                                proposal_id=team_p.pk))),
        threading.Thread(target=run, args=("single", lambda: services.proposal_accept(user=single.user,
                                                                                      proposal_id=single_p.pk))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["booked", "full"], outcomes
    active = Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE)
    assert active.count() == (3 if outcomes["team"] == "booked" else 1)
    seats = list(active.values_list("seat", flat=True))
    assert len(seats) == len(set(seats))


def test_inviting_a_team_whose_leader_was_already_asked_makes_it_a_team_proposal(owner: User) -> None:
    _, slot = make_need(owner=owner, headcount=3)
    leader, member = fitting(slot), fitting(slot)
    team = make_team(leader, [member])
    engine_offer = offer(slot, leader)  # the engine asked the leader alone first
    p = services.volunteer_invite(actor=owner, slot_id=slot.pk, profile_id=leader.pk, team=team)
    assert p.pk == engine_offer.pk
    assert p.team == team
    assert p.requester_accepted_at is not None
    bookings = services.team_accept(user=leader.user, proposal_id=p.pk)
    assert {b.volunteer_id for b in bookings} == {leader.pk, member.pk}
