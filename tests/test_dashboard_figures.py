"""The city dashboard: figures on a known fixture equal hand-computed values, trends per month,
district and dong rows, the map, who sees what, and pinned query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from itda.accounts.models import Role, User, UserRole
from itda.activities.models import ActivitySession
from itda.community.models import BlindSpotCase, SharingPledge
from itda.dashboard import selectors as sel
from itda.dashboard.geo import city_shape
from itda.dashboard.views import CACHE_KEY
from itda.matching.models import Booking, Proposal
from itda.needs.models import Need, Slot
from itda.organizations.models import Organization
from itda.places.models import District, Dong, DongCamp
from itda.volunteers.models import Team, VolunteerProfile
from tests import factories as f
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_figures() -> None:
    """The dashboard caches its figures per process; each test starts from its own city."""
    cache.delete(CACHE_KEY)

ClientFor = Callable[[User | None], Client]


def _slot(need: Need, start: datetime, hours: float) -> Slot:
    return Slot.objects.create(need=need, start=start, end=start + timedelta(hours=hours), headcount=5)


def _booking(slot: Slot, profile: VolunteerProfile, status: str, seat: int) -> Booking:
    proposal = Proposal.objects.create(slot=slot, volunteer=profile, status="confirmed")
    booking = Booking.objects.create(slot=slot, volunteer=profile, proposal=proposal, status=status, seat=seat)
    if status == "completed":  # participation = an approved activity session
        ActivitySession.objects.create(
            booking=booking, volunteer=profile, slot=slot, activity_date=timezone.localdate(slot.start),
            minutes=slot.duration_minutes, status=ActivitySession.Status.APPROVED, approved_at=slot.end)
    return booking


@pytest.fixture
def city(home_dong: Dong, other_dong: Dong, owner: User, volunteer: User, other_volunteer: User,
         organization: Organization, camp_manager: User, activist: User) -> dict[str, object]:
    """A small city with round numbers: 5 districts of 200 people, 충장동 of 100 people."""
    District.objects.update(population=200)
    Dong.objects.filter(pk=home_dong.pk).update(population=100)
    Dong.objects.filter(pk=other_dong.pk).update(population=50)
    now = timezone.now()
    a = volunteer.volunteer_profile
    b = other_volunteer.volunteer_profile
    c = f.VolunteerProfileFactory.create(home_dong=home_dong)
    d = f.VolunteerProfileFactory.create(home_dong=other_dong)
    need = f.NeedFactory.create(created_by=owner, dong=home_dong, with_slot=False, status=Need.Status.DONE)
    s1 = _slot(need, now - timedelta(days=30), 2)
    s2 = _slot(need, now - timedelta(days=10), 1.5)
    s_old = _slot(need, now - timedelta(days=400), 3)
    s_future = _slot(need, now + timedelta(days=3), 2)
    _booking(s1, a, "completed", 1)
    _booking(s1, b, "completed", 2)
    _booking(s2, a, "completed", 1)
    _booking(s_old, c, "completed", 1)
    _booking(s_future, d, "confirmed", 1)
    _booking(s2, d, "no_show", 2)
    # Organisation needs: open and done count as social contribution jobs; draft and cancelled do not.
    for status in ("open", "done", "draft", "cancelled"):
        f.NeedFactory.create(created_by=owner, organization=organization, requester_kind="organization",
                             dong=home_dong, status=status)
    f.NeedFactory.create(created_by=owner, dong=other_dong)  # a resident's open need in 첨단2동
    DongCamp.objects.create(dong=other_dong, name="닫은 캠프", opened_on=date(2020, 1, 1), is_active=False)
    leader = f.UserFactory.create()
    for kind in ("professional", "professional", "retiree", "family"):
        Team.objects.create(name=f"{kind} 봉사단", kind=kind, leader=leader,
                            dong=home_dong if kind != "retiree" else other_dong)
    second = f.UserFactory.create(roles=[(Role.ACTIVIST, home_dong), (Role.ACTIVIST, other_dong)])
    for user in (volunteer, other_volunteer, owner):
        SharingPledge.objects.create(user=user, kind="percent", percent=1, starts_on=timezone.localdate())
    SharingPledge.objects.create(user=second, kind="amount", monthly_amount=10000,
                                 starts_on=timezone.localdate(), status="withdrawn")
    return {"need": need, "profiles": (a, b, c, d)}


def test_city_figures_equal_hand_computed_values(city: dict[str, object]) -> None:
    figures = sel.city_figures()
    assert figures["population"] == 1000
    assert figures["volunteers"] == 4
    assert figures["registration_rate"] == 0.4  # 4 / 1000
    assert figures["participants"] == 2  # a and b; c's activity is 400 days old, d never completed
    assert figures["participation_rate"] == 0.2
    assert figures["camps"] == 1  # the inactive camp does not count
    assert figures["social_jobs"] == 2
    assert figures["professional_teams"] == 2
    assert figures["retiree_teams"] == 1
    assert figures["activists"] == 2  # people, not role rows
    assert figures["pledgers"] == 3
    rows = {r["key"]: r for r in sel.target_rows(figures)}
    assert rows["registration_rate"]["progress"] == 1.2  # 0.4 of 32
    assert rows["camps"]["baseline"] == 48
    assert rows["camps"]["target"] == 95
    assert rows["pledgers"]["progress"] == 0.8  # 3 of 400


def test_participants_count_filters_by_dong_and_district(city: dict[str, object], home_dong: Dong,
                                                         other_dong: Dong) -> None:
    since = timezone.now() - timedelta(days=365)
    assert sel.participants_count(since=since) == 2
    assert sel.participants_count(since=since, dong=home_dong) == 2
    assert sel.participants_count(since=since, dong=other_dong) == 0
    assert sel.participants_count(since=since, district=home_dong.district) == 2
    assert sel.participants_count(since=timezone.now() - timedelta(days=20)) == 1
    assert sel.participants_count(since=timezone.now() - timedelta(days=500)) == 3


def test_dong_and_district_rows(city: dict[str, object], home_dong: Dong, other_dong: Dong) -> None:
    rows = {r["code"]: r for r in sel.dong_rows()}
    assert len(rows) == 96
    home = rows[home_dong.code]
    assert home["volunteers"] == 3
    assert home["registration_rate"] == 3.0
    assert home["participants"] == 2
    assert home["participation_rate"] == 2.0
    assert home["activities"] == 3  # s1 twice, s2 once; the no-show and the old one do not count
    assert home["hours"] == 5.5  # 2 + 2 + 1.5
    assert home["open_needs"] == 1
    assert home["social_jobs"] == 2
    assert home["has_camp"]
    assert home["activists"] == 2  # the fixture's activist and the one serving two dongs
    assert (home["professional_teams"], home["retiree_teams"]) == (2, 0)
    other = rows[other_dong.code]
    assert other["volunteers"] == 1
    assert other["registration_rate"] == 2.0
    assert other["open_needs"] == 1
    assert not other["has_camp"]
    districts = {d["name"]: d for d in sel.district_rows(list(rows.values()))}
    assert districts["동구"]["volunteers"] == 3
    assert districts["동구"]["registration_rate"] == 1.5
    assert districts["동구"]["hours"] == 5.5
    assert districts["동구"]["camps"] == 1
    assert districts["광산구"]["volunteers"] == 1
    assert districts["광산구"]["participants"] == 0
    assert districts["광산구"]["activists"] == 1
    assert districts["광산구"]["retiree_teams"] == 1
    assert sum(d["dongs"] for d in districts.values()) == 96


def test_monthly_trends_are_cumulative_from_creation_dates(city: dict[str, object], home_dong: Dong) -> None:
    today = timezone.localdate()
    months = sel.month_starts(today)
    assert len(months) == 12
    assert months[-1] == today.replace(day=1)
    three_back = months[-4]
    old = VolunteerProfile.objects.order_by("id").first()
    assert old is not None
    VolunteerProfile.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.combine(three_back + timedelta(days=1), datetime.min.time())))
    trends = sel.monthly_trends(today=today)
    vols = trends["series"]["volunteers"]
    assert vols[:8] == [0] * 8
    assert vols[8:11] == [1, 1, 1]
    assert vols[11] == 4
    assert trends["series"]["registration_rate"][11] == 0.4
    # Participants per month: by the month each activity started.
    now = timezone.localtime()
    expected = [0] * 12
    for days, who in ((30, {"a", "b"}), (10, {"a"})):
        start = (now - timedelta(days=days)).date().replace(day=1)
        if start in months:
            expected[months.index(start)] = len(who | set())
    if (now - timedelta(days=30)).month == (now - timedelta(days=10)).month:
        expected[months.index((now - timedelta(days=10)).date().replace(day=1))] = 2
    assert trends["series"]["participants_month"] == expected
    assert trends["series"]["pledgers"][11] == 3
    assert trends["series"]["camps"][11] == 1


def test_map_classes_and_shapes(city: dict[str, object], home_dong: Dong) -> None:
    shape = city_shape()
    assert len(shape.dongs) == 96
    assert shape.width == 640
    assert {s.code for s in shape.dongs} == set(Dong.objects.values_list("code", flat=True))
    assert city_shape() is shape  # projected once per process
    rows = sel.dong_rows()
    fills, legend = sel.map_classes(rows, "registration_rate")
    assert len(fills) == 96
    assert fills[home_dong.code] == sel.PALETTE[-1]
    assert legend[0]["low"] == 0.0
    assert legend[-1]["high"] == 3.0


# --- pages ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_dashboard_pages_for_every_persona(request: pytest.FixtureRequest, client_for: ClientFor,
                                           city: dict[str, object], who: str) -> None:
    client = client_for(persona(request, who))
    public = client.get(reverse("dashboard:public"))
    assert public.status_code == 200
    html = public.content.decode()
    assert "자원봉사자 등록률" in html
    assert "1% 나눔 약정자" in html
    assert "퇴직자 자원봉사단" in html
    assert html.count('<a href="/places/dong/') >= 96 * 2  # the map and the dong table
    assert "부엌 전등이 나갔어요" not in html  # need titles are for the centre's list only
    assert f.PRIVATE_NAME not in html
    assert f.PRIVATE_PHONE not in html
    centre = client.get(reverse("dashboard:admin"))
    expected = {"anonymous": 302, "centre_admin": 200}.get(who, 403)
    assert centre.status_code == expected
    if expected == 200:
        chtml = centre.content.decode()
        assert "가장 오래 기다린 모집 중 요청" in chtml
        assert "부엌 전등이 나갔어요" in chtml
        assert f.PRIVATE_ADDRESS not in chtml
        assert f.PRIVATE_PHONE not in chtml


def test_the_map_figure_chooser_and_htmx_fragment(client_for: ClientFor, city: dict[str, object],
                                                   home_dong: Dong) -> None:
    client = client_for(None)
    page = client.get(reverse("dashboard:public"), {"figure": "hours"}).content.decode()
    assert "동별 지도: 활동 시간 (최근 12개월)" in page
    assert f"{home_dong.district.name} {home_dong.name}: 5.5시간" in page
    fragment = client.get(reverse("dashboard:public"), {"figure": "open_needs"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body
    assert 'id="dong-map"' in body
    assert "동별 지도: 모집 중인 요청" in body
    assert body.count("<path ") == 96
    assert "HX-Request" in fragment.headers.get("Vary", "")
    restore = client.get(reverse("dashboard:public"), {"figure": "open_needs"},
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()  # the back button gets the whole page
    bad = client.get(reverse("dashboard:public"), {"figure": "<script>"}).content.decode()
    assert "동별 지도: 봉사자 등록률" in bad
    assert "<script>" not in bad


def test_charts_have_text_alternatives_and_tables(client_for: ClientFor, city: dict[str, object]) -> None:
    html = client_for(None).get(reverse("dashboard:public")).content.decode()
    assert html.count('role="img"') >= 8 + 9  # one per target bar, one per trend chart
    assert html.count("<desc") >= 9
    assert "추이 데이터 표" in html
    assert "<caption" in html


def test_dashboard_pins_its_queries(client_for: ClientFor, city: dict[str, object], centre_admin: User,
                                    owner: User, django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    client = client_for(centre_admin)
    public = client_for(None)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("dashboard:admin")).status_code == 200
    with django_assert_max_num_queries(36):
        assert public.get(reverse("dashboard:public")).status_code == 200
    # Ten times the needs, volunteers and cases: the same number of queries.
    cache.delete(CACHE_KEY)
    for dong in Dong.objects.all()[:30]:
        f.NeedFactory.create(created_by=owner, dong=dong)
        f.VolunteerProfileFactory.create(home_dong=dong)
        BlindSpotCase.objects.create(dong=dong, recorded_by=centre_admin, category="food", resident_name="가",
                                     resident_address="주소", situation="상황", consent_method="phone",
                                     consent_at=timezone.now(), consent_text_version="v")
        UserRole.objects.create(user=f.UserFactory.create(), role=Role.ACTIVIST, dong=dong)
    cache.delete(CACHE_KEY)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("dashboard:admin")).status_code == 200
    with django_assert_max_num_queries(36):
        assert public.get(reverse("dashboard:public")).status_code == 200


def test_figures_are_computed_once_per_five_minutes(client_for: ClientFor, city: dict[str, object],
                                                    django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    client = client_for(None)
    first = client.get(reverse("dashboard:public")).content.decode()
    assert "집계 시각" in first
    with django_assert_max_num_queries(4):
        assert client.get(reverse("dashboard:public")).status_code == 200
    f.VolunteerProfileFactory.create()
    assert client.get(reverse("dashboard:public")).context["figures"]["volunteers"] == 4  # still cached
    cache.delete(CACHE_KEY)
    assert client.get(reverse("dashboard:public")).context["figures"]["volunteers"] == 5
