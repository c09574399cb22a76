"""안녕마을 blind-spot cases: only the recorder, the dong's camp manager and the centre see them
(404 for everyone else), every view is logged, and a case becomes a need without exposing
the person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from itda.accounts.models import Role, User
from itda.community.models import BlindSpotCase, BlindSpotVisit
from itda.community.services import CommunityError, blindspot_case_record, blindspot_case_to_need
from itda.core.models import AccessLog, AuditLog
from itda.core.validators import RRN_MESSAGE
from itda.needs.models import Need, NeedPrivate
from itda.needs.services import SlotSpec
from itda.places.models import Dong
from tests import factories as f
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
RESIDENT = "김순덕"
ADDRESS = "광주광역시 동구 충장로 45-6, 101호"
PHONE = "010-2222-3333"


@pytest.fixture
def case(activist: User, home_dong: Dong) -> BlindSpotCase:
    return blindspot_case_record(
        actor=activist, dong=home_dong, category=BlindSpotCase.Category.FOOD, resident_name=RESIDENT,
        resident_contact=PHONE, resident_address=ADDRESS, situation="끼니를 자주 거르십니다.",
        consent_method="in_person", sensitive_consent=False)


@pytest.fixture
def second_activist(home_dong: Dong) -> User:
    return f.UserFactory.create(roles=[(Role.ACTIVIST, home_dong)], display_name="하활동")


SEERS = {"activist", "camp_manager", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_a_case_only_to_the_recorder_the_dong_camp_manager_and_the_centre(
    request: pytest.FixtureRequest, client_for: ClientFor, case: BlindSpotCase, who: str
) -> None:
    user = persona(request, who)
    url = reverse("community:case_detail", args=[case.pk])
    response = client_for(user).get(url)
    if who == "anonymous":
        assert response.status_code == 302
    elif who in SEERS:
        assert response.status_code == 200
        html = response.content.decode()
        assert RESIDENT in html
        assert ADDRESS in html
        assert PHONE in html
        log = AccessLog.objects.get(subject_type="community.blindspotcase", subject_id=str(case.pk))
        assert log.viewer == user
        assert log.ip == "127.0.0.1"
        assert log.path == url
        assert RESIDENT not in log.subject_label
    else:
        assert response.status_code == 404
        assert RESIDENT not in response.content.decode()
    if who not in SEERS:
        assert not AccessLog.objects.filter(subject_type="community.blindspotcase").exists()


def test_it_hides_a_case_from_another_activist_of_the_same_dong(
    client_for: ClientFor, case: BlindSpotCase, second_activist: User
) -> None:
    assert client_for(second_activist).get(reverse("community:case_detail", args=[case.pk])).status_code == 404
    assert client_for(second_activist).get(reverse("community:case_to_need", args=[case.pk])).status_code == 404
    html = client_for(second_activist).get(reverse("community:case_list")).content.decode()
    assert f"#{case.pk}" not in html


LISTERS = {"activist": 200, "camp_manager": 200, "other_camp_manager": 200, "centre_admin": 200}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_lists_cases_with_masked_names_for_recorders_only(
    request: pytest.FixtureRequest, client_for: ClientFor, case: BlindSpotCase, who: str
) -> None:
    user = persona(request, who)
    response = client_for(user).get(reverse("community:case_list"))
    expected = 302 if who == "anonymous" else LISTERS.get(who, 403)
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert RESIDENT not in html
        assert ADDRESS not in html
        assert ("김○○" in html) is (who in SEERS)


def test_it_records_a_case_with_its_consent_and_keeps_bad_input(
    client_for: ClientFor, activist: User, home_dong: Dong
) -> None:
    url = reverse("community:case_create")
    data = {"dong": str(home_dong.pk), "category": "food", "resident_name": RESIDENT,
            "resident_contact": "01022223333", "resident_address": ADDRESS,
            "situation": "혼자 사시며 끼니를 거르십니다.", "consent_method": "in_person"}
    response = client_for(activist).post(url, data)
    assert response.status_code == 200
    assert "주민의 동의를 받은 뒤에만 기록할 수 있습니다." in response.content.decode()
    assert ADDRESS in response.content.decode()  # what was typed stays
    assert not BlindSpotCase.objects.exists()
    response = client_for(activist).post(url, {**data, "consent_confirmed": "on",
                                               "situation": "주민번호 900101-1234567"})
    assert RRN_MESSAGE in response.content.decode()
    key = client_for(activist).get(url).context["form"].initial["submission_key"]
    for _ in range(3):  # a double (or triple) submit records one case
        response = client_for(activist).post(url, {**data, "consent_confirmed": "on", "submission_key": str(key)})
    case = BlindSpotCase.objects.get()
    assert response.status_code == 302
    assert case.recorded_by == activist
    assert case.consent_method == "in_person"
    assert case.consent_text_version
    assert case.consent_at is not None
    assert case.resident_contact == PHONE
    assert AuditLog.objects.filter(action="blindspot_case_record", target_id=str(case.pk)).exists()


def test_it_refuses_recording_in_a_dong_one_does_not_serve(activist: User, other_dong: Dong) -> None:
    with pytest.raises(CommunityError):
        blindspot_case_record(actor=activist, dong=other_dong, category="food", resident_name="가",
                              resident_contact="", resident_address="주소", situation="상황",
                              consent_method="phone", sensitive_consent=False)


def test_health_cases_need_sensitive_consent(activist: User, home_dong: Dong) -> None:
    with pytest.raises(CommunityError, match="민감정보"):
        blindspot_case_record(actor=activist, dong=home_dong, category="health", resident_name="가",
                              resident_contact="", resident_address="주소", situation="당뇨",
                              consent_method="phone", sensitive_consent=False)


def test_it_adds_a_follow_up_visit(client_for: ClientFor, case: BlindSpotCase, camp_manager: User) -> None:
    url = reverse("community:case_detail", args=[case.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(camp_manager).post(url, {"visited_on": tomorrow, "note": "방문"})
    assert "방문일은 오늘이나 지난 날짜여야 합니다." in response.content.decode()
    response = client_for(camp_manager).post(url, {"visited_on": timezone.localdate().isoformat(),
                                                   "note": "도시락 배달 연계 상담", "next_step": "다음 주 재방문"})
    assert response.status_code == 302
    visit = BlindSpotVisit.objects.get()
    assert visit.recorded_by == camp_manager
    assert visit.next_step == "다음 주 재방문"


def _to_need_data() -> dict[str, str]:
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    return {"field": str(f.field("0100").pk), "title": "어르신 댁 밑반찬 전달",
            "description": "일주일에 한 번 밑반찬을 전해 주실 분을 찾습니다.", "place_label": "충장동 주민센터 근처",
            "urgency": "1", "day": day, "start": "10:00", "end": "11:00", "headcount": "1"}


def test_it_turns_a_case_into_a_need_without_exposing_the_person(
    client_for: ClientFor, case: BlindSpotCase, activist: User, volunteer: User
) -> None:
    url = reverse("community:case_to_need", args=[case.pk])
    response = client_for(activist).post(url, {**_to_need_data(), "title": f"{RESIDENT} 어르신 반찬"})
    assert "이름을 적지 마세요" in response.content.decode()
    response = client_for(activist).post(url, {**_to_need_data(), "description": "연락은 010 2222 3333으로"})
    assert "연락처를 적지 마세요" in response.content.decode()
    assert not Need.objects.exists()
    response = client_for(activist).post(url, _to_need_data())
    need = Need.objects.get()
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.need == need
    assert case.status == BlindSpotCase.Status.LINKED
    assert need.proxy_for is not None
    assert need.proxy_for.name == RESIDENT
    assert need.proxy_for.consent_method == "in_person"
    private = NeedPrivate.objects.get(need=need)
    assert private.address == ADDRESS
    assert private.contact_phone == PHONE
    public = client_for(volunteer).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert RESIDENT not in public
    assert ADDRESS not in public
    assert PHONE not in public
    listing = client_for(None).get(reverse("needs:list")).content.decode()
    assert "어르신 댁 밑반찬 전달" in listing
    assert RESIDENT not in listing
    # A second conversion is refused: one case, one need.
    response = client_for(activist).get(url)
    assert response.status_code == 302
    with pytest.raises(CommunityError):
        blindspot_case_to_need(actor=activist, case=case, field=f.field("0100"), title="x", description="y",
                               slot=SlotSpec(start=timezone.now() + timedelta(days=1),
                                             end=timezone.now() + timedelta(days=1, hours=1), headcount=1))
    assert Need.objects.count() == 1


def test_case_pages_pin_their_queries(
    client_for: ClientFor, case: BlindSpotCase, camp_manager: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(5):
        BlindSpotVisit.objects.create(case=case, visited_on=timezone.localdate(), note="방문",
                                      recorded_by=camp_manager)
    client = client_for(camp_manager)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("community:case_detail", args=[case.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("community:case_list")).status_code == 200


def test_the_admin_lists_cases_without_names_and_logs_opening_one(
    client_for: ClientFor, case: BlindSpotCase
) -> None:
    superuser = f.UserFactory.create(is_staff=True, is_superuser=True)
    client = client_for(superuser)
    listing = client.get(reverse("admin:community_blindspotcase_changelist"))
    assert listing.status_code == 200
    assert RESIDENT not in listing.content.decode()
    page = client.get(reverse("admin:community_blindspotcase_change", args=[case.pk]))
    assert page.status_code == 200
    assert AccessLog.objects.filter(subject_type="community.blindspotcase", viewer=superuser).count() == 1


def test_closed_cases_are_destroyed_after_the_retention_period(
    case: BlindSpotCase, activist: User, client_for: ClientFor
) -> None:
    import time_machine
    from django.core.management import call_command

    from itda.community.services import DESTROYED, blindspot_case_close

    BlindSpotVisit.objects.create(case=case, visited_on=timezone.localdate(), note="도시락 연계",
                                  recorded_by=activist)
    blindspot_case_close(actor=activist, case=case, reason="지원 연계 완료")
    call_command("community_purge_cases")
    case.refresh_from_db()
    assert case.resident_name == RESIDENT  # still within the retention period
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        call_command("community_purge_cases")
        call_command("community_purge_cases")  # idempotent
    case.refresh_from_db()
    assert case.resident_name == DESTROYED
    assert case.resident_contact == ""
    assert case.resident_address == DESTROYED
    assert case.situation == DESTROYED
    assert BlindSpotVisit.objects.get(case=case).note == DESTROYED
    assert AuditLog.objects.filter(action="blindspot_case_purge", target_id=str(case.pk)).count() == 1
    assert RESIDENT not in client_for(activist).get(reverse("community:case_detail", args=[case.pk])).content.decode()
