"""Matching pages for every persona: a volunteer's proposals and answers, the requester side's
confirm / reject / invite / candidates / feedback, the centre's figures; and the resident's
address and phone, which a volunteer sees only once both sides accepted (and which is logged)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import User
from itda.core.models import AccessLog
from itda.matching import adapter, services
from itda.matching.models import Booking, Proposal
from itda.needs.models import Need, Slot
from itda.organizations.models import Organization
from itda.volunteers.models import Team, TeamMembership, VolunteerProfile
from tests import factories as f
from tests.conftest import QueryCounter
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]

# Who answers for the `need` fixture (the resident's own, in the camp manager's dong).
REQUESTER_SIDE = {"owner", "camp_manager", "centre_admin"}


@pytest.fixture(autouse=True)
def fresh_engine(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.ITDA_MATCH_MODEL_PATH = str(tmp_path / "match_model.json")
    adapter.indexes.clear()
    yield
    adapter.indexes.clear()


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


def local_at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def offer(slot: Slot, profile: VolunteerProfile, **kwargs: Any) -> Proposal:
    fields: dict[str, Any] = {"status": Proposal.Status.PENDING, "reason": "전등 교체를 하실 수 있고 가까이 사세요.",
                              "expires_at": timezone.now() + services.PROPOSAL_TTL, **kwargs}
    return Proposal.objects.create(slot=slot, volunteer=profile, **fields)


def text(response: Any) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def slot(need: Need) -> Slot:
    return need.slots.get()


@pytest.fixture
def proposal(slot: Slot, volunteer: User) -> Proposal:
    return offer(slot, volunteer.volunteer_profile)


@pytest.fixture
def held(proposal: Proposal, volunteer: User) -> Proposal:
    return services.proposal_accept(user=volunteer, proposal_id=proposal.pk)


@pytest.fixture
def org_need(organization: Organization) -> Need:
    poster = f.org_staff(organization, display_name="김담당")
    return f.NeedFactory.create(created_by=poster, organization=organization,
                                requester_kind=Need.RequesterKind.ORGANIZATION, dong=organization.dong)


# ---------------------------------------------------------------- the volunteer's proposals

@pytest.mark.parametrize("who", PERSONAS)
def test_my_proposals_shows_each_person_only_their_own(
    request: pytest.FixtureRequest, client_for: ClientFor, proposal: Proposal, who: str,
) -> None:
    url = reverse("matching:my_proposals")
    response = client_for(persona(request, who)).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == login_url(url)
        return
    assert response.status_code == 200
    body = text(response)
    mine = who == "volunteer"
    assert (proposal.reason in body) is mine
    assert (proposal.slot.need.title in body) is mine
    assert (reverse("matching:accept", args=[proposal.pk]) in body) is mine


def test_my_proposals_groups_pending_upcoming_and_waitlisted(client_for: ClientFor, volunteer: User,
                                                              owner: User) -> None:
    profile = volunteer.volunteer_profile
    pending = f.NeedFactory.create(created_by=owner, title="화장실 전등 교체", with_slot=False)
    s1 = Slot.objects.create(need=pending, start=local_at(3, 10), end=local_at(3, 12), headcount=1)
    offer(s1, profile)
    upcoming = f.NeedFactory.create(created_by=owner, title="어르신 반찬 배달", with_slot=False)
    s2 = Slot.objects.create(need=upcoming, start=local_at(4, 10), end=local_at(4, 12), headcount=1)
    services.proposal_accept(user=volunteer, proposal_id=offer(s2, profile).pk)
    full = f.NeedFactory.create(created_by=owner, title="김장 나눔", with_slot=False)
    s3 = Slot.objects.create(need=full, start=local_at(5, 10), end=local_at(5, 12), headcount=1)
    services.slot_apply(user=f.VolunteerProfileFactory.create().user, slot_id=s3.pk)
    services.slot_apply(user=volunteer, slot_id=s3.pk)

    body = text(client_for(volunteer).get(reverse("matching:my_proposals")))
    assert "답을 기다리는 제안 (1)" in body
    assert "예정된 봉사 (1)" in body
    assert "대기 중" in body
    pos = [body.index(t) for t in ("화장실 전등 교체", "어르신 반찬 배달", "김장 나눔")]
    assert pos == sorted(pos)
    assert "봉사자 수락 (확정 대기)" in body
    assert "참여 취소하기" in body


def test_my_proposals_runs_the_same_queries_for_many_rows(
    client_for: ClientFor, volunteer: User, owner: User, count_queries: QueryCounter,
    django_assert_max_num_queries: Any,
) -> None:
    profile = volunteer.volunteer_profile
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_hours_per_week=40)
    client = client_for(volunteer)
    url = reverse("matching:my_proposals")

    def add(day: int, accept: bool) -> None:
        need = f.NeedFactory.create(created_by=owner, with_slot=False)
        slot = Slot.objects.create(need=need, start=local_at(day, 10), end=local_at(day, 12), headcount=2)
        p = offer(slot, profile)
        if accept:
            services.proposal_accept(user=volunteer, proposal_id=p.pk)

    add(2, True)
    add(3, False)
    few = count_queries(client, url)
    for day in range(4, 12):
        add(day, day % 2 == 0)
    assert count_queries(client, url) == few
    # session, user, the nav (roles, unread), the proposals: 5 today, a little room for the nav
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------- the volunteer's answers

@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_volunteer_answers_their_proposal(
    request: pytest.FixtureRequest, client_for: ClientFor, proposal: Proposal, who: str,
) -> None:
    client = client_for(persona(request, who))
    accept = reverse("matching:accept", args=[proposal.pk])
    decline = reverse("matching:decline", args=[proposal.pk])
    r_accept = client.post(accept)
    accepted = Proposal.objects.get(pk=proposal.pk).status
    r_decline = client.post(decline, {"reason": "time"})
    if who == "anonymous":
        assert r_accept["Location"] == login_url(accept)
        assert r_decline["Location"] == login_url(decline)
        assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
    elif who == "volunteer":
        assert r_accept["Location"] == reverse("matching:my_proposals")
        assert accepted == Proposal.Status.ACCEPTED
        # declining after accepting releases the held seat
        assert r_decline["Location"] == reverse("matching:my_proposals")
        assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED
        assert Booking.objects.get(proposal=proposal).status == Booking.Status.CANCELLED
    else:
        assert r_accept.status_code == 404
        assert r_decline.status_code == 404
        assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
        assert not Booking.objects.exists()


def test_accept_says_what_happens_next_and_goes_back_to_the_need(client_for: ClientFor, volunteer: User,
                                                                 proposal: Proposal) -> None:
    need_url = reverse("needs:detail", args=[proposal.slot.need_id])
    response = client_for(volunteer).post(reverse("matching:accept", args=[proposal.pk]), {"next": need_url},
                                          follow=True)
    assert response.redirect_chain[-1][0] == need_url
    assert "요청하신 분이 확정하면 알려 드릴게요" in text(response)
    # an off-site next is ignored, however it is spelled
    for evil in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/"):
        other = offer(proposal.slot.need.slots.get(), f.VolunteerProfileFactory.create())
        r = client_for(other.volunteer.user).post(reverse("matching:accept", args=[other.pk]), {"next": evil})
        assert r["Location"] == reverse("matching:my_proposals"), evil


def test_decline_needs_a_reason(client_for: ClientFor, volunteer: User, proposal: Proposal) -> None:
    client = client_for(volunteer)
    response = client.post(reverse("matching:decline", args=[proposal.pk]), {}, follow=True)
    assert "거절하시는 이유를 골라 주세요" in text(response)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
    response = client.post(reverse("matching:decline", args=[proposal.pk]), {"reason": "distance", "note": "멀어요"},
                           follow=True)
    assert "다음 제안에 반영할게요" in text(response)
    p = Proposal.objects.get(pk=proposal.pk)
    assert (p.status, p.decline_reason, p.decline_note) == (Proposal.Status.DECLINED, "distance", "멀어요")


def test_a_full_slot_answers_with_a_warning_not_an_error(client_for: ClientFor, need: Need, volunteer: User) -> None:
    slot = need.slots.get()
    Slot.objects.filter(pk=slot.pk).update(headcount=1)
    first = f.VolunteerProfileFactory.create()
    services.slot_apply(user=first.user, slot_id=slot.pk)
    p = offer(slot, volunteer.volunteer_profile)
    Proposal.objects.filter(pk=p.pk).update(status=Proposal.Status.CANCELLED)  # closed when the slot filled
    response = client_for(volunteer).post(reverse("matching:accept", args=[p.pk]), follow=True)
    assert services.FULL_MESSAGE in text(response)
    assert Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).count() == 1


@pytest.mark.parametrize("who", PERSONAS)
def test_apply_is_for_signed_in_volunteers(
    request: pytest.FixtureRequest, client_for: ClientFor, slot: Slot, who: str,
) -> None:
    url = reverse("matching:apply", args=[slot.pk])
    response = client_for(persona(request, who)).post(url, follow=who != "anonymous")
    if who == "anonymous":
        assert response["Location"] == login_url(url)
    elif who in ("volunteer", "other_volunteer"):
        assert "신청했습니다" in text(response)
    else:
        assert "봉사자 프로필을 먼저 만들어 주세요" in text(response)
    volunteers = {"volunteer", "other_volunteer"}
    assert Proposal.objects.filter(slot=slot).count() == (1 if who in volunteers else 0)


def test_apply_to_a_need_that_is_not_public_is_404(client_for: ClientFor, owner: User, volunteer: User) -> None:
    draft = f.NeedFactory.create(created_by=owner, status=Need.Status.DRAFT)
    slot = draft.slots.get()
    assert client_for(volunteer).post(reverse("matching:apply", args=[slot.pk])).status_code == 404
    assert client_for(volunteer).post(reverse("matching:apply", args=[999999])).status_code == 404
    assert not Proposal.objects.exists()


def test_apply_when_full_says_waitlisted(client_for: ClientFor, slot: Slot, volunteer: User) -> None:
    for _ in range(slot.headcount):
        services.slot_apply(user=f.VolunteerProfileFactory.create().user, slot_id=slot.pk)
    response = client_for(volunteer).post(reverse("matching:apply", args=[slot.pk]), follow=True)
    assert "대기자로 등록했습니다" in text(response)
    assert Proposal.objects.get(volunteer__user=volunteer).status == Proposal.Status.WAITLISTED


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_volunteer_cancels_their_booking(
    request: pytest.FixtureRequest, client_for: ClientFor, held: Proposal, who: str,
) -> None:
    booking = Booking.objects.get(proposal=held)
    url = reverse("matching:booking_cancel", args=[booking.pk])
    response = client_for(persona(request, who)).post(url, {"reason": "일이 생겼어요"})
    booking.refresh_from_db()
    if who == "anonymous":
        assert response["Location"] == login_url(url)
        assert booking.status == Booking.Status.HELD
    elif who == "volunteer":
        assert response.status_code == 302
        assert booking.status == Booking.Status.CANCELLED
    else:
        assert response.status_code == 404
        assert booking.status == Booking.Status.HELD


# ---------------------------------------------------------------- the requester side

@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_confirms(
    request: pytest.FixtureRequest, client_for: ClientFor, held: Proposal, who: str,
) -> None:
    url = reverse("matching:confirm", args=[held.pk])
    response = client_for(persona(request, who)).post(url)
    status = Proposal.objects.get(pk=held.pk).status
    if who == "anonymous":
        assert response["Location"] == login_url(url)
    elif who in REQUESTER_SIDE:
        assert response["Location"] == reverse("needs:detail", args=[held.slot.need_id])
        assert status == Proposal.Status.CONFIRMED
        assert Booking.objects.get(proposal=held).status == Booking.Status.CONFIRMED
        return
    else:
        assert response.status_code == 404
    assert status == Proposal.Status.ACCEPTED


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_rejects(
    request: pytest.FixtureRequest, client_for: ClientFor, held: Proposal, who: str,
) -> None:
    url = reverse("matching:reject", args=[held.pk])
    response = client_for(persona(request, who)).post(url, {"note": "다른 분과 할게요"})
    status = Proposal.objects.get(pk=held.pk).status
    if who in REQUESTER_SIDE:
        assert response.status_code == 302
        assert status == Proposal.Status.REJECTED
    else:
        assert response.status_code == (302 if who == "anonymous" else 404)
        assert status == Proposal.Status.ACCEPTED


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_sees_candidates_and_invites(
    request: pytest.FixtureRequest, client_for: ClientFor, slot: Slot, other_volunteer: User, who: str,
) -> None:
    Slot.objects.filter(pk=slot.pk).update(start=local_at(3, 10), end=local_at(3, 12))
    candidate = other_volunteer.volunteer_profile
    f.AvailabilityFactory.create(profile=candidate, weekday=timezone.localtime(local_at(3, 10)).weekday(),
                                 start=time(9), end=time(13))
    client = client_for(persona(request, who))
    cands = client.get(reverse("matching:candidates", args=[slot.pk]))
    invite = client.post(reverse("matching:invite", args=[slot.pk]), {"profile": str(candidate.pk)})
    invited = Proposal.objects.filter(slot=slot, volunteer=candidate, source=Proposal.Source.INVITE)
    if who == "anonymous":
        assert cands.status_code == invite.status_code == 302
        assert not invited.exists()
    elif who in REQUESTER_SIDE:
        assert cands.status_code == 200
        body = text(cands)
        assert "추천 후보" in body
        assert "최다른" not in body  # names are masked
        assert f'name="profile" value="{candidate.pk}"' in body
        assert invite["Location"] == reverse("matching:candidates", args=[slot.pk])
        assert invited.get().requester_accepted_at is not None
    else:
        assert cands.status_code == 404
        assert invite.status_code == 404
        assert not invited.exists()


def test_org_staff_answer_for_their_organisations_needs(
    client_for: ClientFor, org_need: Need, org_user: User, other_org_user: User, volunteer: User,
) -> None:
    p = offer(org_need.slots.get(), volunteer.volunteer_profile)
    services.proposal_accept(user=volunteer, proposal_id=p.pk)
    assert client_for(other_org_user).post(reverse("matching:confirm", args=[p.pk])).status_code == 404
    assert client_for(org_user).post(reverse("matching:confirm", args=[p.pk])).status_code == 302
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.CONFIRMED
    slot_pk = org_need.slots.get().pk
    assert client_for(org_user).get(reverse("matching:candidates", args=[slot_pk])).status_code == 200
    assert client_for(other_org_user).get(reverse("matching:candidates", args=[slot_pk])).status_code == 404


def test_inviting_a_team_proposes_to_its_leader(client_for: ClientFor, owner: User, slot: Slot) -> None:
    leader = f.VolunteerProfileFactory.create(user__display_name="박대표")
    team = Team.objects.create(name="충장 퇴직자 봉사단", kind=Team.Kind.RETIREE, leader=leader.user,
                               dong=leader.home_dong)
    TeamMembership.objects.create(team=team, user=leader.user)
    member = f.VolunteerProfileFactory.create()
    TeamMembership.objects.create(team=team, user=member.user)
    body = text(client_for(owner).get(reverse("matching:candidates", args=[slot.pk])))
    assert "충장 퇴직자 봉사단" in body
    client_for(owner).post(reverse("matching:invite", args=[slot.pk]), {"team": str(team.pk)})
    p = Proposal.objects.get(slot=slot, volunteer=leader)
    assert p.team == team
    # the leader accepts for the team on the proposals page
    page = text(client_for(leader.user).get(reverse("matching:my_proposals")))
    assert "봉사단으로 수락" in page
    response = client_for(leader.user).post(reverse("matching:accept", args=[p.pk]), follow=True)
    assert "봉사단으로 수락했습니다" in text(response)
    assert set(Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
               .values_list("volunteer_id", flat=True)) == {leader.pk, member.pk}


def test_inviting_nobody_says_so(client_for: ClientFor, owner: User, slot: Slot) -> None:
    response = client_for(owner).post(reverse("matching:invite", args=[slot.pk]), {"profile": "x"}, follow=True)
    assert "초대할 봉사자를 찾을 수 없습니다" in text(response)
    response = client_for(owner).post(reverse("matching:invite", args=[slot.pk]), {"profile": "999999"},
                                      follow=True)
    assert "봉사자를 찾을 수 없습니다" in text(response)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_records_feedback(
    request: pytest.FixtureRequest, client_for: ClientFor, held: Proposal, owner: User, who: str,
) -> None:
    services.proposal_confirm(actor=owner, proposal_id=held.pk)
    booking = Booking.objects.get(proposal=held)
    url = reverse("matching:feedback", args=[booking.pk])
    with time_machine.travel(held.slot.end + timedelta(hours=2)):
        response = client_for(persona(request, who)).post(url, {"status": "completed", "rating": "5"})
    booking.refresh_from_db()
    profile = VolunteerProfile.objects.get(pk=held.volunteer_id)
    if who in REQUESTER_SIDE:
        assert response["Location"] == reverse("needs:detail", args=[held.slot.need_id])
        assert (booking.status, booking.volunteer_rating) == (Booking.Status.COMPLETED, 5)
        assert profile.completed_count == 1
    else:
        assert response.status_code == (302 if who == "anonymous" else 404)
        assert booking.status == Booking.Status.CONFIRMED
        assert profile.completed_count == 0


def test_feedback_needs_a_result(client_for: ClientFor, held: Proposal, owner: User) -> None:
    services.proposal_confirm(actor=owner, proposal_id=held.pk)
    booking = Booking.objects.get(proposal=held)
    with time_machine.travel(held.slot.end + timedelta(hours=2)):
        response = client_for(owner).post(reverse("matching:feedback", args=[booking.pk]), {"status": "great"},
                                          follow=True)
    assert "활동 결과를 골라 주세요" in text(response)
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


# ---------------------------------------------------------------- the centre's figures

@pytest.mark.parametrize("who", PERSONAS)
def test_stats_are_for_the_centre_admin(request: pytest.FixtureRequest, client_for: ClientFor, held: Proposal,
                                        who: str) -> None:
    url = reverse("matching:stats")
    response = client_for(persona(request, who)).get(url)
    if who == "anonymous":
        assert response["Location"] == login_url(url)
    elif who == "centre_admin":
        assert response.status_code == 200
        body = text(response)
        assert "매칭 현황" in body
        assert "매칭률" in body
    else:
        assert response.status_code == 403


# ---------------------------------------------------------------- disclosure of the resident's contact

def detail(client: Client, need: Need) -> str:
    response = client.get(reverse("needs:detail", args=[need.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    return text(response)


def shows_private(body: str) -> bool:
    return f.PRIVATE_ADDRESS in body or f.PRIVATE_PHONE in body


def contact_views(need: Need, viewer: User) -> Any:
    return AccessLog.objects.filter(subject_type="needs.need", subject_id=str(need.pk), viewer=viewer)


def test_the_volunteer_sees_the_contact_only_after_both_sides_accepted(
    client_for: ClientFor, need: Need, owner: User, volunteer: User, proposal: Proposal,
) -> None:
    client = client_for(volunteer)
    body = detail(client, need)  # pending
    assert not shows_private(body)
    assert "정확한 주소와 연락처는 봉사 연결이 확정된 뒤" in body
    assert "제안 수락" in body

    services.proposal_accept(user=volunteer, proposal_id=proposal.pk)
    body = detail(client, need)  # held: the requester has not confirmed yet
    assert not shows_private(body)
    assert "봉사자 수락 (확정 대기)" in body
    assert not contact_views(need, volunteer).exists()

    services.proposal_confirm(actor=owner, proposal_id=proposal.pk)
    body = detail(client, need)
    assert f.PRIVATE_ADDRESS in body
    assert f.PRIVATE_PHONE in body
    assert f.PRIVATE_NAME in body
    (log,) = contact_views(need, volunteer)
    assert log.ip == "10.1.2.3"
    assert log.action == AccessLog.Action.VIEW
    detail(client, need)
    assert contact_views(need, volunteer).count() == 2  # every view is logged


def test_a_confirmed_volunteer_sees_only_that_needs_contact(
    client_for: ClientFor, need: Need, owner: User, volunteer: User, other_volunteer: User, proposal: Proposal,
) -> None:
    services.proposal_accept(user=volunteer, proposal_id=proposal.pk)
    services.proposal_confirm(actor=owner, proposal_id=proposal.pk)
    sibling = f.NeedFactory.create(created_by=owner, title="현관 전등도 나갔어요")
    assert not shows_private(detail(client_for(volunteer), sibling))
    assert not contact_views(sibling, volunteer).exists()
    assert not shows_private(detail(client_for(other_volunteer), need))
    assert not AccessLog.objects.filter(viewer=other_volunteer).exists()


def test_a_cancelled_booking_hides_the_contact_again(
    client_for: ClientFor, need: Need, owner: User, volunteer: User, proposal: Proposal,
) -> None:
    services.proposal_accept(user=volunteer, proposal_id=proposal.pk)
    services.proposal_confirm(actor=owner, proposal_id=proposal.pk)
    services.booking_cancel(user=volunteer, booking_id=Booking.objects.get(proposal=proposal).pk)
    assert not shows_private(detail(client_for(volunteer), need))


def test_the_requester_sees_who_is_coming_and_confirms(client_for: ClientFor, need: Need, owner: User,
                                                       volunteer: User, held: Proposal) -> None:
    body = detail(client_for(owner), need)
    assert "연결 현황" in body
    assert "이봉사" in body
    assert reverse("matching:confirm", args=[held.pk]) in body
    client_for(owner).post(reverse("matching:confirm", args=[held.pk]))
    body = detail(client_for(owner), need)
    assert "이봉사" in body
    assert "확정" in body
    assert reverse("matching:confirm", args=[held.pk]) not in body


def test_the_need_detail_with_a_matching_panel_does_not_grow_with_rows(
    client_for: ClientFor, owner: User, count_queries: QueryCounter, django_assert_max_num_queries: Any,
) -> None:
    need = f.NeedFactory.create(created_by=owner, with_slot=False)
    url = reverse("needs:detail", args=[need.pk])
    client = client_for(owner)

    def add_slot(day: int) -> None:
        slot = Slot.objects.create(need=need, start=local_at(day, 10), end=local_at(day, 12), headcount=3)
        a, b, c = (f.VolunteerProfileFactory.create() for _ in range(3))
        services.proposal_accept(user=a.user, proposal_id=offer(slot, a).pk)
        p = offer(slot, b)
        services.proposal_accept(user=b.user, proposal_id=p.pk)
        services.proposal_confirm(actor=owner, proposal_id=p.pk)
        offer(slot, c)

    add_slot(2)
    few = count_queries(client, url)
    for day in range(3, 8):
        add_slot(day)
    assert count_queries(client, url) == few
    # 11 today (session, user, nav, need, access checks, private row, slots, panel rows)
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_candidates_page_does_not_grow_with_candidates(client_for: ClientFor, owner: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    need = f.NeedFactory.create(created_by=owner, with_slot=False)
    slot = Slot.objects.create(need=need, start=local_at(3, 10), end=local_at(3, 12), headcount=2)
    wd = timezone.localtime(slot.start).weekday()
    url = reverse("matching:candidates", args=[slot.pk])
    client = client_for(owner)

    def cold_count(n: int) -> int:
        for _ in range(n):
            f.AvailabilityFactory.create(profile=f.VolunteerProfileFactory.create(), weekday=wd,
                                         start=time(9), end=time(13))
        adapter.indexes.clear()  # a fresh worker: the index is built on this request
        with CaptureQueriesContext(connection) as ctx:
            body = text(client.get(url))
        assert body.count("초대하기</button>") == len(VolunteerProfile.objects.all())
        return len(ctx.captured_queries)

    client.get(url)
    assert cold_count(1) == cold_count(7)


def test_the_stats_page_does_not_grow_with_the_city(client_for: ClientFor, centre_admin: User, owner: User,
                                                    count_queries: QueryCounter) -> None:
    def add(n: int) -> None:
        for i in range(n):
            need = f.NeedFactory.create(created_by=owner, dong=f.dong(["2911052500", "2920062600"][i % 2]))
            slot = need.slots.get()
            v = f.VolunteerProfileFactory.create()
            p = offer(slot, v)
            services.proposal_accept(user=v.user, proposal_id=p.pk)
            services.proposal_confirm(actor=owner, proposal_id=p.pk)
            services.proposal_decline(user=(d := f.VolunteerProfileFactory.create()).user,
                                      proposal_id=offer(slot, d).pk, reason="distance")
            services.match_need(need_id=need.pk)

    add(1)
    client = client_for(centre_admin)
    few = count_queries(client, reverse("matching:stats"))
    add(5)
    assert count_queries(client, reverse("matching:stats")) == few
