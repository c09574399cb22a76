"""Camps, policy proposals, roundtables with live votes, education and 1% sharing pledges:
persona matrices, one row per intent, capacity under lock, and the public record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from itda.accounts.models import User
from itda.community import services as svc
from itda.community.models import (
    AgendaItem,
    AgendaVote,
    Course,
    CourseSession,
    Enrolment,
    PolicyProposal,
    ProposalStateChange,
    ProposalSupport,
    Roundtable,
    RoundtableParticipant,
    SharingPledge,
)
from itda.community.selectors import completions_for_user
from itda.core.models import AuditLog
from itda.needs.models import Need
from itda.places.models import Dong, DongCamp
from tests import factories as f
from tests.helpers import PERSONAS, persona, retry_when_locked

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
def _expected(who: str, *, centre_only: bool = False, login: bool = False) -> int:
    if who == "anonymous" and (centre_only or login):
        return 302
    if centre_only and who != "centre_admin":
        return 403
    return 200


# --- public pages and centre-only pages, every persona -----------------------------------------------------

PUBLIC = ["community:index", "community:resource_list", "community:proposal_list", "community:roundtable_list",
          "community:course_list", "community:pledges"]
CENTRE = ["community:camp_open", "community:roundtable_create", "community:course_create"]


@pytest.mark.parametrize("who", PERSONAS)
def test_pages_answer_each_persona(request: pytest.FixtureRequest, client_for: ClientFor, who: str) -> None:
    client = client_for(persona(request, who))
    for name in PUBLIC:
        assert client.get(reverse(name)).status_code == 200, name
    for name in CENTRE:
        assert client.get(reverse(name)).status_code == _expected(who, centre_only=True), name
    assert client.get(reverse("community:proposal_create")).status_code == _expected(who, login=True)


# --- camps ----------------------------------------------------------------------------------------------------


def test_centre_opens_a_camp_and_a_second_one_is_refused(
    client_for: ClientFor, centre_admin: User, camp_manager: User, home_dong: Dong, other_dong: Dong
) -> None:
    url = reverse("community:camp_open")
    data = {"dong": str(other_dong.pk), "name": "첨단2동 자원봉사캠프", "place": "첨단2동 행정복지센터",
            "opened_on": timezone.localdate().isoformat()}
    assert client_for(camp_manager).post(url, data).status_code == 403
    response = client_for(centre_admin).post(url, data)
    assert response.status_code == 302
    camp = DongCamp.objects.get(dong=other_dong)
    assert camp.name == "첨단2동 자원봉사캠프"
    assert camp.is_active
    assert AuditLog.objects.filter(action="camp_open", target_id=str(camp.pk)).exists()
    response = client_for(centre_admin).post(url, {**data, "dong": str(home_dong.pk), "name": "두번째 캠프"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "이미 자원봉사캠프가 있습니다" in html
    assert "두번째 캠프" in html
    assert DongCamp.objects.filter(dong=home_dong).count() == 1


# --- proposals ------------------------------------------------------------------------------------------------


@pytest.fixture
def proposal(volunteer: User) -> PolicyProposal:
    p, _ = svc.proposal_submit(actor=volunteer, title="동네 캠프 저녁 운영", body="직장인도 참여할 수 있게 저녁에 열어 주세요.")
    return p


def test_a_double_submitted_proposal_makes_one_row(client_for: ClientFor, volunteer: User) -> None:
    url = reverse("community:proposal_create")
    page = client_for(volunteer).get(url)
    key = page.context["form"].initial["submission_key"]
    data = {"submission_key": str(key), "title": "청소년 봉사 시간 인정 확대", "body": "온라인 봉사도 인정해 주세요."}
    for _ in range(4):
        assert client_for(volunteer).post(url, data).status_code == 302
    assert PolicyProposal.objects.count() == 1
    assert ProposalStateChange.objects.get().to_status == "submitted"
    response = client_for(volunteer).post(url, {"title": "", "body": "내용만"})
    assert "제목을 적어 주세요." in response.content.decode()
    assert "내용만" in response.content.decode()


def test_one_support_per_person(client_for: ClientFor, proposal: PolicyProposal, other_volunteer: User) -> None:
    url = reverse("community:proposal_support", args=[proposal.pk])
    assert client_for(None).post(url).status_code == 302
    for _ in range(3):
        client_for(other_volunteer).post(url)
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
    assert not svc.proposal_support(actor=other_volunteer, proposal=proposal)


def test_state_changes_are_a_public_record(
    client_for: ClientFor, proposal: PolicyProposal, centre_admin: User, volunteer: User, other_volunteer: User
) -> None:
    url = reverse("community:proposal_status", args=[proposal.pk])
    assert client_for(other_volunteer).post(url, {"status": "under_review", "reason": "검토"}).status_code == 403
    client_for(centre_admin).post(url, {"status": "under_review", "reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    client_for(centre_admin).post(url, {"status": "reflected_in_policy", "reason": "건너뛰기"})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"  # a step may not be skipped
    for status, reason in [("under_review", "자원봉사정책위원회 안건으로 올립니다."),
                           ("accepted", "2027년 시행계획에 넣기로 했습니다."),
                           ("reflected_in_policy", "광주시 자원봉사 시행계획 제3장에 반영")]:
        assert client_for(centre_admin).post(url, {"status": status, "reason": reason}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "reflected_in_policy"
    history = list(proposal.history.values_list("from_status", "to_status"))
    assert history == [("", "submitted"), ("submitted", "under_review"), ("under_review", "accepted"),
                       ("accepted", "reflected_in_policy")]
    html = client_for(None).get(reverse("community:proposal_detail", args=[proposal.pk])).content.decode()
    assert "광주시 자원봉사 시행계획 제3장에 반영" in html
    assert centre_admin.display_name in html
    assert volunteer.display_name not in html  # the author is masked in public
    with pytest.raises(svc.CommunityError):
        svc.proposal_status_set(actor=centre_admin, proposal=proposal, status="rejected", reason="늦게")


def test_comments_need_a_login(client_for: ClientFor, proposal: PolicyProposal, other_volunteer: User) -> None:
    url = reverse("community:proposal_comment", args=[proposal.pk])
    assert client_for(None).post(url, {"body": "좋아요"}).status_code == 302
    client_for(other_volunteer).post(url, {"body": "저녁 운영 찬성합니다."})
    assert proposal.comments.get().author == other_volunteer


def test_proposal_pages_pin_their_queries(
    client_for: ClientFor, proposal: PolicyProposal, volunteer: User, centre_admin: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(15):
        _p, _ = svc.proposal_submit(actor=volunteer, title=f"제안 {i}", body="내용")
        svc.proposal_comment_add(actor=volunteer, proposal=proposal, body=f"의견 {i}")
    svc.proposal_status_set(actor=centre_admin, proposal=proposal, status="under_review", reason="검토")
    client = client_for(centre_admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("community:proposal_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("community:proposal_detail", args=[proposal.pk])).status_code == 200


# --- roundtables ----------------------------------------------------------------------------------------------


@pytest.fixture
def roundtable(centre_admin: User) -> Roundtable:
    return svc.roundtable_create(actor=centre_admin, title="2026 광주 자원봉사 1000인 원탁토론",
                                 starts_at=timezone.now() + timedelta(days=10), place="김대중컨벤션센터",
                                 capacity=25, seats_per_table=10)


def test_a_roundtable_seats_people_at_tables_up_to_capacity(roundtable: Roundtable) -> None:
    assert roundtable.tables.count() == 3
    people = [f.UserFactory.create() for _ in range(26)]
    for u in people[:25]:
        p, created = svc.roundtable_register(actor=u, roundtable=roundtable)
        assert created
        assert p.table is not None
    _again, created = svc.roundtable_register(actor=people[0], roundtable=roundtable)
    assert not created
    with pytest.raises(svc.CommunityError, match="정원"):
        svc.roundtable_register(actor=people[25], roundtable=roundtable)
    sizes = sorted(t.participants.count() for t in roundtable.tables.all())
    assert sizes == [8, 8, 9]
    with pytest.raises(svc.CommunityError):
        svc.roundtable_create(actor=people[0], title="x", starts_at=timezone.now(), place="x", capacity=10)


def test_capacity_is_at_most_a_thousand(centre_admin: User) -> None:
    with pytest.raises(svc.CommunityError, match="1,000"):
        svc.roundtable_create(actor=centre_admin, title="x", starts_at=timezone.now(), place="x", capacity=1001)


def test_agenda_seeded_from_data_and_live_votes(
    client_for: ClientFor, roundtable: Roundtable, centre_admin: User, volunteer: User, other_volunteer: User,
    home_dong: Dong, owner: User,
) -> None:
    for _ in range(3):
        f.NeedFactory.create(created_by=owner, dong=home_dong)
    f.VolunteerProfileFactory.create_batch(2, home_dong=home_dong)
    url = reverse("community:agenda_add", args=[roundtable.pk])
    assert client_for(volunteer).post(url, {"seed": "1"}).status_code == 403
    client_for(centre_admin).post(url, {"seed": "1"})
    items = list(roundtable.agenda.all())
    titles = [i.title for i in items]
    assert any("충장동" in t and "모집 중인 요청 3건" in t for t in titles)
    assert any("등록률" in t for t in titles)
    assert any("주거환경" in t for t in titles)
    n = len(items)
    client_for(centre_admin).post(url, {"seed": "1"})
    assert roundtable.agenda.count() == n  # seeding twice adds nothing new
    item = items[0]
    vote_url = reverse("community:agenda_vote", args=[item.pk])
    client_for(volunteer).post(vote_url, {"choice": "agree"})
    assert not AgendaVote.objects.exists()  # not registered and voting not open
    svc.roundtable_register(actor=volunteer, roundtable=roundtable)
    svc.roundtable_register(actor=other_volunteer, roundtable=roundtable)
    client_for(volunteer).post(vote_url, {"choice": "agree"})
    assert not AgendaVote.objects.exists()  # voting still closed
    client_for(centre_admin).post(reverse("community:agenda_voting", args=[item.pk]), {"voting": "open"})
    for _ in range(3):
        client_for(volunteer).post(vote_url, {"choice": "agree"})
    client_for(volunteer).post(vote_url, {"choice": "disagree"})
    client_for(other_volunteer).post(vote_url, {"choice": "disagree"})
    assert AgendaVote.objects.filter(item=item).count() == 2
    assert AgendaVote.objects.get(item=item, participant__user=volunteer).choice == "agree"
    fragment = client_for(None).get(reverse("community:roundtable_detail", args=[roundtable.pk]),
                                    headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert "2표" in html
    assert "50%" in html
    page = client_for(None).get(reverse("community:roundtable_detail", args=[roundtable.pk])).content.decode()
    assert 'hx-trigger="every 5s"' in page


def test_roundtable_page_pins_its_queries(
    client_for: ClientFor, roundtable: Roundtable, centre_admin: User, volunteer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    people = [f.UserFactory.create() for _ in range(12)]
    for i in range(6):
        item = svc.agenda_item_add(actor=centre_admin, roundtable=roundtable, title=f"안건 {i}")
        svc.agenda_voting_set(actor=centre_admin, item=item, voting=AgendaItem.Voting.OPEN)
    for u in people:
        svc.roundtable_register(actor=u, roundtable=roundtable)
        for item in roundtable.agenda.all():
            svc.agenda_vote(actor=u, item=item, choice="agree")
    svc.roundtable_register(actor=volunteer, roundtable=roundtable)
    for who in (volunteer, centre_admin, None):
        client = client_for(who)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("community:roundtable_detail", args=[roundtable.pk])).status_code == 200


# --- education ------------------------------------------------------------------------------------------------


@pytest.fixture
def session(centre_admin: User) -> CourseSession:
    course = svc.course_create(actor=centre_admin, title="자원봉사 기본교육", audience=Course.Audience.VOLUNTEER,
                               field=f.field("1701"), description="처음 시작하는 분을 위한 교육", minutes=120)
    start = timezone.now() + timedelta(days=7)
    return svc.course_session_add(actor=centre_admin, course=course, starts_at=start,
                                  ends_at=start + timedelta(hours=2), place="광주자원봉사센터 교육장", capacity=2)


def test_enrolment_respects_capacity_and_double_submits(
    client_for: ClientFor, session: CourseSession, volunteer: User, other_volunteer: User, owner: User
) -> None:
    url = reverse("community:session_enrol", args=[session.pk])
    for _ in range(3):
        client_for(volunteer).post(url)
    assert Enrolment.objects.filter(session=session).count() == 1
    client_for(other_volunteer).post(url)
    with pytest.raises(svc.CommunityError, match="정원"):
        svc.enrolment_create(actor=owner, session=session)
    client_for(volunteer).post(url, {"cancel": "1"})
    _row, created = svc.enrolment_create(actor=owner, session=session)
    assert created
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 2


def test_attendance_and_completion_appear_on_the_profile_include(
    client_for: ClientFor, session: CourseSession, volunteer: User, centre_admin: User, other_volunteer: User
) -> None:
    row, _ = svc.enrolment_create(actor=volunteer, session=session)
    roster = reverse("community:session_roster", args=[session.pk])
    assert client_for(other_volunteer).get(roster).status_code == 403
    assert client_for(None).get(roster).status_code == 302
    page = client_for(centre_admin).get(roster)
    assert page.status_code == 200
    assert volunteer.display_name in page.content.decode()
    client_for(centre_admin).post(roster, {"enrolment": row.pk, "completed": "1"})
    row.refresh_from_db()
    assert row.completed_at is None  # not attended, cannot complete
    client_for(centre_admin).post(roster, {"enrolment": row.pk, "attended": "1", "completed": "1"})
    row.refresh_from_db()
    assert row.attended
    assert row.completed_at is not None
    assert list(completions_for_user(volunteer)) == [row]
    from django.template.loader import render_to_string

    html = render_to_string("community/_education_on_profile.html",
                            {"completions": completions_for_user(volunteer)})
    assert "자원봉사 기본교육" in html
    assert "1701" in html
    assert "2시간" in html


def test_only_the_centre_creates_courses_with_education_codes(
    client_for: ClientFor, centre_admin: User, volunteer: User
) -> None:
    url = reverse("community:course_create")
    data = {"title": "캠프 관리자 교육", "audience": "manager", "field": str(f.field("1702").pk),
            "description": "캠프 운영 실무", "minutes": "180"}
    assert client_for(volunteer).post(url, data).status_code == 403
    response = client_for(centre_admin).post(url, {**data, "field": str(f.field("0100").pk)})
    assert response.status_code == 200
    assert not Course.objects.exists()
    assert client_for(centre_admin).post(url, data).status_code == 302
    course = Course.objects.get()
    detail = reverse("community:course_detail", args=[course.pk])
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert client_for(volunteer).post(detail, {"day": day, "start": "10:00", "end": "12:00",
                                                "place": "x", "capacity": "10"}).status_code == 403
    client_for(centre_admin).post(detail, {"day": day, "start": "10:00", "end": "12:00", "place": "교육장",
                                           "capacity": "10"})
    assert course.sessions.count() == 1


# --- pledges --------------------------------------------------------------------------------------------------


def test_pledges_count_against_the_target(client_for: ClientFor, volunteer: User, other_volunteer: User) -> None:
    url = reverse("community:pledges")
    today = timezone.localdate().isoformat()
    assert client_for(None).post(url, {"kind": "percent", "percent": "1", "starts_on": today}).status_code == 302
    response = client_for(volunteer).post(url, {"kind": "percent", "percent": "", "starts_on": today,
                                                 "message": "함께 나눠요"})
    assert "몇 %인지 적어 주세요" in response.content.decode()
    assert "함께 나눠요" in response.content.decode()
    client_for(volunteer).post(url, {"kind": "percent", "percent": "1", "starts_on": today, "message": "함께 나눠요"})
    client_for(volunteer).post(url, {"kind": "amount", "monthly_amount": "10000", "starts_on": today})
    client_for(other_volunteer).post(url, {"kind": "amount", "monthly_amount": "10000", "starts_on": today})
    assert SharingPledge.objects.filter(status="active").count() == 2
    page = client_for(None).get(url).content.decode()
    assert "2 / 400" in page
    assert volunteer.display_name not in page
    mine = SharingPledge.objects.get(user=volunteer)
    assert client_for(other_volunteer).post(reverse("community:pledge_withdraw", args=[mine.pk])).status_code == 404
    client_for(volunteer).post(reverse("community:pledge_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == "withdrawn"
    assert RoundtableParticipant.objects.count() == 0


# --- detail pages, every persona ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_detail_pages_answer_each_persona(
    request: pytest.FixtureRequest, client_for: ClientFor, proposal: PolicyProposal, roundtable: Roundtable,
    session: CourseSession, owner: User, home_dong: Dong, who: str,
) -> None:
    user = persona(request, who)
    client = client_for(user)
    assert client.get(reverse("community:proposal_detail", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("community:proposal_detail", args=[999999])).status_code == 404
    rt = client.get(reverse("community:roundtable_detail", args=[roundtable.pk]))
    assert rt.status_code == 200
    assert ("안건 더하기 (센터)" in rt.content.decode()) is (who == "centre_admin")
    course = client.get(reverse("community:course_detail", args=[session.course_id]))
    assert course.status_code == 200
    assert ("일정 더하기 (센터)" in course.content.decode()) is (who == "centre_admin")
    roster = client.get(reverse("community:session_roster", args=[session.pk]))
    assert roster.status_code == _expected(who, centre_only=True)
    # A need's resource page follows the need's own visibility: a draft is 404 to outsiders.
    draft = f.NeedFactory.create(created_by=owner, dong=home_dong, status=Need.Status.DRAFT)
    page = client.get(reverse("community:need_resources", args=[draft.pk]))
    sees_draft = who in {"owner", "camp_manager", "centre_admin"}
    assert page.status_code == (200 if sees_draft else 404)
    if sees_draft:
        assert "자원 요청 더하기" in page.content.decode()
    opened = f.NeedFactory.create(created_by=owner, dong=home_dong)
    page = client.get(reverse("community:need_resources", args=[opened.pk]))
    assert page.status_code == 200
    assert ("자원 요청 더하기" in page.content.decode()) is sees_draft


# --- camp figures ---------------------------------------------------------------------------------------------

CAMP_FIGURES = {"anonymous": 302, "camp_manager": 200, "activist": 200, "centre_admin": 200}


@pytest.mark.parametrize("who", PERSONAS)
def test_camp_figures_for_the_dong_team_only(
    request: pytest.FixtureRequest, client_for: ClientFor, home_dong: Dong, camp_manager: User, who: str
) -> None:
    from django.core.cache import cache

    from itda.community.models import BlindSpotCase
    from itda.dashboard.views import CACHE_KEY

    cache.delete(CACHE_KEY)
    BlindSpotCase.objects.create(dong=home_dong, recorded_by=camp_manager, category="food", resident_name="박순자",
                                 resident_address="비밀 주소", situation="상황", consent_method="phone",
                                 consent_at=timezone.now(), consent_text_version="v")
    response = client_for(persona(request, who)).get(reverse("community:camp_figures", args=[home_dong.code]))
    assert response.status_code == CAMP_FIGURES.get(who, 403)
    if response.status_code == 200:
        html = response.content.decode()
        assert "충장동 캠프 현황" in html
        assert "박순자" not in html
        assert "비밀 주소" not in html
        # Case counts for the camp manager and the centre; an activist sees only their own cases.
        assert ("전체 1건" in html) is (who in {"camp_manager", "centre_admin"})
    assert client_for(persona(request, who)).get(
        reverse("community:camp_figures", args=["0000000000"])).status_code in {302, 404}


def test_more_pages_pin_their_queries(
    client_for: ClientFor, session: CourseSession, centre_admin: User, volunteer: User, owner: User,
    home_dong: Dong, camp_manager: User, django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    from django.core.cache import cache

    from itda.dashboard.views import CACHE_KEY

    people = [f.UserFactory.create() for _ in range(10)]
    for i in range(4):
        c = svc.course_create(actor=centre_admin, title=f"과정 {i}", audience="volunteer", field=f.field("1701"),
                              description="소개", minutes=60)
        for d in range(3):
            start = timezone.now() + timedelta(days=3 + d)
            s = svc.course_session_add(actor=centre_admin, course=c, starts_at=start, ends_at=start + timedelta(hours=1),
                                       place="교육장", capacity=20)
            for u in people[:5]:
                svc.enrolment_create(actor=u, session=s)
    for u in people:
        svc.pledge_create(actor=u, kind="amount", monthly_amount=10000, starts_on=timezone.localdate(), message="나눔")
    need = f.NeedFactory.create(created_by=owner, dong=home_dong)
    for kind in ("space", "vehicle", "equipment"):
        svc.need_resource_request_add(actor=owner, need=need, kind=kind)
    for u in people[:2]:
        svc.enrolment_create(actor=u, session=session)
    cache.delete(CACHE_KEY)
    pages = [
        (volunteer, reverse("community:index"), 10),
        (volunteer, reverse("community:course_list"), 11),
        (volunteer, reverse("community:course_detail", args=[session.course_id]), 11),
        (centre_admin, reverse("community:session_roster", args=[session.pk]), 12),
        (volunteer, reverse("community:pledges"), 11),
        (owner, reverse("community:need_resources", args=[need.pk]), 15),
        (camp_manager, reverse("community:camp_figures", args=[home_dong.code]), 44),
        (camp_manager, reverse("community:camp_figures", args=[home_dong.code]), 19),  # figures now cached
    ]
    # Limits leave room for the site-wide middleware and navigation (session, roles, notices);
    # a list that grew with its rows would blow through them.
    for user, url, limit in pages:
        client = client_for(user)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


def test_the_profile_tag_renders_completions(session: CourseSession, volunteer: User, centre_admin: User) -> None:
    from django.template import Context, Template

    row, _ = svc.enrolment_create(actor=volunteer, session=session)
    tpl = Template("{% load community %}{% education_on_profile who %}")
    assert "아직 수료한 교육이 없습니다." in tpl.render(Context({"who": volunteer}))
    svc.enrolment_record(actor=centre_admin, enrolment=row, attended=True, completed=True)
    html = tpl.render(Context({"who": volunteer}))
    assert "자원봉사 기본교육" in html
    assert "1701" in html


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_exceed_capacity(centre_admin: User) -> None:
    import threading

    from django.db import connection

    course = svc.course_create(actor=centre_admin, title="기본교육", audience="volunteer", field=f.field("1701"),
                               description="소개", minutes=60)
    start = timezone.now() + timedelta(days=2)
    session = svc.course_session_add(actor=centre_admin, course=course, starts_at=start,
                                     ends_at=start + timedelta(hours=1), place="교육장", capacity=2)
    people = [f.UserFactory.create() for _ in range(6)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def enrol(user: User) -> None:
        try:
            barrier.wait()
            retry_when_locked(lambda: svc.enrolment_create(actor=user, session=session))
            outcome = "ok"
        except svc.CommunityError:
            outcome = "full"
        except Exception as exc:
            outcome = f"error:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=enrol, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["full"] * 4 + ["ok"] * 2, outcomes
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 2
