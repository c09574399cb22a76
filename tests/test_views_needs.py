"""Need pages for every persona: the list, the detail that hides private data, posting, cancelling."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import Role, User
from itda.core.models import AccessLog
from itda.core.validators import PHONE_IN_PUBLIC_MESSAGE, RRN_MESSAGE
from itda.matching.adapter import need_record
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot
from itda.organizations.models import Organization
from itda.places.models import Dong
from itda_match import default_taxonomy
from itda_match.features import NeedTable
from tests import factories as f
from tests.conftest import QueryCounter
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")

ClientFor = Callable[[User | None], Client]



def _counts() -> tuple[int, int, int, int]:
    return (Need.objects.count(), NeedPrivate.objects.count(), Slot.objects.count(),
            ProxyRequester.objects.count())


def _login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


# --- detail: who sees the private address and phone -------------------------------------------

PRIVATE_SEERS = {"owner", "camp_manager", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_private_contact_only_to_the_requester_side(
    request: pytest.FixtureRequest, client_for: ClientFor, need: Need, who: str
) -> None:
    user = persona(request, who)
    response = client_for(user).get(reverse("needs:detail", args=[need.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert need.title in html
    assert need.dong.name in html
    shown = who in PRIVATE_SEERS
    assert (f.PRIVATE_ADDRESS in html) is shown
    assert (f.PRIVATE_PHONE in html) is shown
    assert (f.PRIVATE_NAME in html) is shown
    assert (response.context["private"] is not None) is shown
    logs = AccessLog.objects.filter(subject_type="needs.need", subject_id=str(need.pk))
    if shown and who != "owner":
        log = logs.get()
        assert log.viewer == user
        assert log.action == AccessLog.Action.VIEW
        assert log.ip == "127.0.0.1"
        assert log.path == reverse("needs:detail", args=[need.pk])
    else:
        assert not logs.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_an_organisation_jobs_contact_to_its_staff_only(
    request: pytest.FixtureRequest, client_for: ClientFor, org_user: User, organization: Organization,
    who: str,
) -> None:
    job = f.NeedFactory.create(created_by=org_user, organization=organization, dong=organization.dong,
                               requester_kind=Need.RequesterKind.ORGANIZATION)
    user = persona(request, who)
    response = client_for(user).get(reverse("needs:detail", args=[job.pk]))
    assert response.status_code == 200
    shown = who in {"org_user", "camp_manager", "centre_admin"}
    assert (f.PRIVATE_ADDRESS in response.content.decode()) is shown
    logged = AccessLog.objects.filter(subject_id=str(job.pk), subject_type="needs.need").count()
    assert logged == (1 if shown and who != "org_user" else 0)


def test_it_logs_every_view_of_private_data(client_for: ClientFor, need: Need, centre_admin: User) -> None:
    client = client_for(centre_admin)
    for _ in range(3):
        client.get(reverse("needs:detail", args=[need.pk]))
    assert AccessLog.objects.filter(viewer=centre_admin, subject_id=str(need.pk)).count() == 3


def test_it_shows_the_proxy_consent_to_the_dong_manager(
    client_for: ClientFor, activist: User, camp_manager: User, home_dong: Dong
) -> None:
    proxy = ProxyRequester.objects.create(
        name="박순자", dong=home_dong, consent_method="phone", consent_at=timezone.now(),
        consent_text_version="v1", registered_by=activist)
    need = f.NeedFactory.create(created_by=activist, dong=home_dong, proxy_for=proxy)
    html = client_for(camp_manager).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "전화 설명 후 구두 동의(녹취)" in html
    html = client_for(None).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "녹취" not in html
    assert "박순자" not in html


HIDDEN_STATUS_SEERS = {"owner", "camp_manager", "centre_admin"}


@pytest.mark.parametrize("status", [Need.Status.DRAFT, Need.Status.CANCELLED])
@pytest.mark.parametrize("who", PERSONAS)
def test_it_hides_drafts_and_cancelled_needs_from_outsiders(
    request: pytest.FixtureRequest, client_for: ClientFor, owner: User, home_dong: Dong, who: str,
    status: str,
) -> None:
    need = f.NeedFactory.create(created_by=owner, dong=home_dong, status=status)
    response = client_for(persona(request, who)).get(reverse("needs:detail", args=[need.pk]))
    assert response.status_code == (200 if who in HIDDEN_STATUS_SEERS else 404)


@pytest.mark.parametrize("status", [Need.Status.FILLED, Need.Status.DONE])
def test_it_shows_filled_and_done_needs_to_everyone(client_for: ClientFor, need: Need, status: str) -> None:
    Need.objects.filter(pk=need.pk).update(status=status)
    assert client_for(None).get(reverse("needs:detail", args=[need.pk])).status_code == 200


def test_it_answers_404_for_a_missing_need(client_for: ClientFor, centre_admin: User) -> None:
    assert client_for(centre_admin).get(reverse("needs:detail", args=[999999])).status_code == 404


def test_it_offers_cancelling_only_to_writers(client_for: ClientFor, need: Need, volunteer: User,
                                              owner: User) -> None:
    url = reverse("needs:detail", args=[need.pk])
    assert "요청 취소하기" in client_for(owner).get(url).content.decode()
    assert "요청 취소하기" not in client_for(volunteer).get(url).content.decode()


# --- list ---------------------------------------------------------------------------------------

def test_it_lists_open_needs_without_private_data(client_for: ClientFor, need: Need, owner: User) -> None:
    draft = f.NeedFactory.create(created_by=owner, title="임시 저장한 요청", status="draft")
    cancelled = f.NeedFactory.create(created_by=owner, title="취소한 요청", status="cancelled")
    response = client_for(None).get(reverse("needs:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert need.title in html
    assert draft.title not in html
    assert cancelled.title not in html
    assert f.PRIVATE_ADDRESS not in html
    assert f.PRIVATE_PHONE not in html
    assert "모집 중인 요청 1건" in html


def test_it_filters_the_list(client_for: ClientFor, owner: User, home_dong: Dong, other_dong: Dong) -> None:
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=10)
    a = f.NeedFactory.create(created_by=owner, dong=home_dong, title="반찬 나눔", field=f.field("0100"))
    b = f.NeedFactory.create(created_by=owner, dong=other_dong, title="사과 수확", field=f.field("0600"),
                             with_slot=False)
    Slot.objects.create(need=b, start=start, end=start + timedelta(hours=3), headcount=4)
    client = client_for(None)

    def titles(**params: Any) -> set[str]:
        page = client.get(reverse("needs:list"), params).context["page"]
        return {n.title for n in page}

    assert titles() == {a.title, b.title}
    assert titles(q="수확") == {b.title}
    assert titles(field=f.field("0100").pk) == {a.title}
    assert titles(district="2920000000") == {b.title}
    assert titles(district="2911000000", dong=home_dong.pk) == {a.title}
    assert titles(day=timezone.localtime(start).date().isoformat()) == {b.title}
    assert titles(day="not-a-date") == {a.title, b.title}


def test_it_counts_all_seats_of_a_need_filtered_by_day(client_for: ClientFor, owner: User) -> None:
    need = f.NeedFactory.create(created_by=owner, with_slot=False)
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=5)
    Slot.objects.create(need=need, start=start, end=start + timedelta(hours=2), headcount=3)
    Slot.objects.create(need=need, start=start + timedelta(days=1), end=start + timedelta(days=1, hours=2),
                        headcount=4)
    page = client_for(None).get(reverse("needs:list"),
                                {"day": timezone.localtime(start).date().isoformat()}).context["page"]
    assert [n.total_headcount for n in page] == [7]


def test_it_answers_htmx_with_the_results_fragment(client_for: ClientFor, need: Need) -> None:
    response = client_for(None).get(reverse("needs:list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert need.title in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_it_gives_the_dong_options_of_a_district(client_for: ClientFor) -> None:
    html = client_for(None).get(reverse("needs:dong_options"), {"district": "2920000000"}).content.decode()
    assert "첨단2동" in html
    assert "충장동" not in html
    assert html.count("<option") == 1 + Dong.objects.filter(district__code="2920000000").count()


def test_it_paginates(client_for: ClientFor, owner: User) -> None:
    for i in range(25):
        f.NeedFactory.create(created_by=owner, title=f"요청 {i}")
    client = client_for(None)
    assert len(client.get(reverse("needs:list")).context["page"]) == 20
    assert len(client.get(reverse("needs:list"), {"page": 2}).context["page"]) == 5
    assert len(client.get(reverse("needs:list"), {"page": "x"}).context["page"]) == 20


def test_it_pins_the_list_query_count(client_for: ClientFor, owner: User, count_queries: QueryCounter) -> None:
    org = f.OrganizationFactory.create()

    def add(n: int) -> None:
        for i in range(n):
            f.NeedFactory.create(created_by=owner, title=f"요청 {i}", field=f.field("0100"),
                                 **({"organization": org, "requester_kind": "organization"} if i % 3 == 0 else {}))

    client = client_for(owner)
    add(3)
    few = count_queries(client, reverse("needs:list"))
    add(27)
    assert count_queries(client, reverse("needs:list")) == few
    # count, needs, slots, filter fields, districts, session, user, roles, nav badge
    assert few <= 9
    assert count_queries(client_for(None), reverse("needs:list"), {"district": "2911000000"}) <= 8


# --- my needs -----------------------------------------------------------------------------------

def test_it_lists_my_needs_only(client_for: ClientFor, need: Need, volunteer: User, owner: User) -> None:
    assert client_for(None).get(reverse("needs:mine")).status_code == 302
    html = client_for(owner).get(reverse("needs:mine")).content.decode()
    assert need.title in html
    html = client_for(volunteer).get(reverse("needs:mine")).content.decode()
    assert need.title not in html
    assert "아직 올린 요청이 없습니다" in html


def test_it_counts_seats_once_on_my_organisations_needs(client_for: ClientFor, org_user: User,
                                                        organization: Organization) -> None:
    f.org_staff(organization, display_name="두번째담당")
    f.org_staff(organization, display_name="세번째담당")
    f.NeedFactory.create(created_by=org_user, organization=organization, requester_kind="organization")
    page = client_for(org_user).get(reverse("needs:mine")).context["page"]
    assert [n.total_headcount for n in page] == [2]


# --- posting as a resident ----------------------------------------------------------------------

@pytest.mark.parametrize("url_name", ["needs:create", "needs:create_proxy", "needs:mine"])
def test_it_sends_anonymous_visitors_to_log_in(client_for: ClientFor, url_name: str) -> None:
    url = reverse(url_name)
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == _login_url(url)


def test_it_creates_a_residents_need(client_for: ClientFor, volunteer: User) -> None:
    response = client_for(volunteer).post(reverse("needs:create"), f.need_form_data())
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("needs:detail", args=[need.pk])
    assert need.created_by == volunteer
    assert need.status == Need.Status.OPEN
    assert need.private.contact_phone == "010-5555-6666"
    assert need.slots.get().headcount == 2
    assert volunteer.roles.filter(role=Role.REQUESTER).exists()


def test_a_person_who_does_not_know_the_fields_gets_one_read_from_the_text(client_for: ClientFor, volunteer: User) -> None:
    data = f.need_form_data(field="", title="사과 따기 일손이 필요해요",
                            description="과수원 사과 수확을 도와주실 분을 찾아요.")
    response = client_for(volunteer).post(reverse("needs:create"), data)
    assert response.status_code == 302
    assert Need.objects.get().field.code == "0600"  # 농어촌 봉사


def test_the_field_read_from_the_text_agrees_with_the_engine_s_reading(client_for: ClientFor, volunteer: User) -> None:
    # Company for a mother with dementia: the portal's organisations would file it under
    # 보건ㆍ의료, and a saved 보건ㆍ의료 would then make the engine read the need as health
    # care (a chosen field weighs readings outside it at a fifth). The field is that of
    # the help the engine reads: company (말벗, 상담ㆍ멘토링).
    data = f.need_form_data(field="", title="치매 어머니 낮에 말벗 해주실 분",
                            description="어머니가 치매 초기셔서 낮에 혼자 계세요. 이야기 나누고 산책 같이 해주실 분 찾아요.")
    response = client_for(volunteer).post(reverse("needs:create"), data)
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.field.code == "0300"
    tax = default_taxonomy()
    profile = NeedTable([need_record(need, list(need.slots.all()))], tax).profile[0]
    assert tax.concept_ids[int(profile.argmax())] == "companion"


def test_a_field_the_person_chose_is_kept_whatever_the_text_says(client_for: ClientFor, volunteer: User) -> None:
    data = f.need_form_data(field=str(f.field("0400").pk), title="사과 따기 일손이 필요해요", description="과수원 사과 수확")
    response = client_for(volunteer).post(reverse("needs:create"), data)
    assert response.status_code == 302
    assert Need.objects.get().field.code == "0400"


def test_it_creates_one_need_for_four_identical_submits(client_for: ClientFor, owner: User) -> None:
    client = client_for(owner)
    data = f.need_form_data(submission_key=str(uuid.uuid4()))
    responses = [client.post(reverse("needs:create"), data) for _ in range(4)]
    need = Need.objects.get()
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("needs:detail", args=[need.pk])}
    assert _counts() == (1, 1, 1, 0)
    follow = client.post(reverse("needs:create"), data, follow=True)
    assert "이미 올린 요청입니다" in follow.content.decode()


def test_it_puts_a_fresh_submission_key_in_the_form(client_for: ClientFor, owner: User) -> None:
    client = client_for(owner)
    first = client.get(reverse("needs:create")).context["form"].initial["submission_key"]
    second = client.get(reverse("needs:create")).context["form"].initial["submission_key"]
    assert isinstance(first, uuid.UUID)
    assert first != second


def _initial(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() for name in ("dong", "address", "contact_name", "contact_phone")}


def test_a_resident_s_second_request_starts_from_the_first_s_dong_and_contact(
    client_for: ClientFor, need: Need, owner: User, other_dong: Dong
) -> None:
    client = client_for(owner)
    assert _initial(client, reverse("needs:create")) == {
        "dong": need.dong_id, "address": need.private.address,
        "contact_name": need.private.contact_name, "contact_phone": need.private.contact_phone,
    }
    html = client.get(reverse("needs:create")).content.decode()
    assert f'<option value="{need.dong_id}" selected>' in html
    later = f.NeedFactory.create(created_by=owner, dong=other_dong)
    assert _initial(client, reverse("needs:create"))["dong"] == later.dong_id


def test_a_first_request_starts_from_the_volunteer_s_own_dong_and_name(client_for: ClientFor, volunteer: User) -> None:
    volunteer.phone = "010-1234-5678"
    volunteer.save()
    assert _initial(client_for(volunteer), reverse("needs:create")) == {
        "dong": volunteer.volunteer_profile.home_dong_id, "address": None,
        "contact_name": "이봉사", "contact_phone": "010-1234-5678",
    }


def test_nothing_of_a_proxy_requester_is_carried_into_the_next_form(client_for: ClientFor, camp_manager: User,
                                                                    home_dong: Dong) -> None:
    client = client_for(camp_manager)
    data = {**f.need_form_data(dong=str(home_dong.pk)), **f.proxy_form_data()}
    assert client.post(reverse("needs:create_proxy"), data).status_code == 302
    proxy = _initial(client, reverse("needs:create_proxy"))
    assert proxy == {"dong": home_dong.pk, "address": None, "contact_name": None, "contact_phone": None}
    own = _initial(client, reverse("needs:create"))
    assert own["address"] is None
    assert own["contact_name"] == "윤캠프"


def test_a_job_form_starts_from_the_organisation_and_the_staff_member_s_own_contact(
    client_for: ClientFor, org_user: User, organization: Organization
) -> None:
    organization.verification = Organization.Verification.VERIFIED
    organization.save()
    colleague = f.org_staff(organization, display_name="문동료")
    f.NeedFactory.create(created_by=colleague, organization=organization, requester_kind="organization",
                         dong=organization.dong)
    initial = _initial(client_for(org_user), reverse("needs:create_org", args=[organization.pk]))
    assert initial == {"dong": organization.dong_id, "address": organization.address,
                       "contact_name": "한기관", "contact_phone": None}


RRN_FIELDS = ["title", "description", "address", "place_label", "contact_name"]


@pytest.mark.parametrize("rrn", ["900101-1234567", "9001011234567"])
@pytest.mark.parametrize("field", RRN_FIELDS)
def test_it_refuses_rrn_in_need_text(client_for: ClientFor, owner: User, field: str, rrn: str) -> None:
    typed = f"어르신 주민번호 {rrn}"
    response = client_for(owner).post(reverse("needs:create"), {**f.need_form_data(), field: typed})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [RRN_MESSAGE]
    html = response.content.decode()
    assert RRN_MESSAGE in html
    assert typed in html  # kept for the person to correct
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "제목을 적어 주세요."),
        ({"description": ""}, "description", "어떤 도움이 필요한지 적어 주세요."),
        ({"field": "999999"}, "field", "목록에서 분야를 골라 주세요."),
        ({"dong": "999999"}, "dong", "목록에서 동을 선택해 주세요."),
        ({"address": ""}, "address", "봉사자가 찾아갈 주소를 적어 주세요."),
        ({"contact_phone": "12345"}, "contact_phone", "전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678"),
        ({"contact_phone": ""}, "contact_phone", "연락처를 적어 주세요."),
    ],
)
def test_it_explains_need_form_errors_in_korean(client_for: ClientFor, owner: User,
                                                overrides: dict[str, str], field: str, message: str) -> None:
    data = {**f.need_form_data(), **overrides}
    response = client_for(owner).post(reverse("needs:create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    assert message in html
    assert "입력한 내용을 확인해 주세요" in html
    for kept in ("title", "address", "contact_name"):
        if data[kept]:
            assert data[kept] in html
    assert _counts() == (0, 0, 0, 0)


def _slot_errors(response: Any) -> dict[str, list[str]]:
    return response.context["slots"].forms[0].errors


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"start": "14:00", "end": "12:00"}, "end", "끝나는 시각은 시작 시각보다 늦어야 합니다."),
        ({"start": "12:00", "end": "12:00"}, "end", "끝나는 시각은 시작 시각보다 늦어야 합니다."),
        ({"start": "06:00", "end": "20:00"}, "end", "한 번의 활동은 12시간을 넘을 수 없습니다."),
        ({"day": "2020-01-01"}, "day", "지난 날짜는 고를 수 없습니다."),
        ({"day": "2999-01-01"}, "day", "1년 안의 날짜를 골라 주세요."),
        ({"day": "어제"}, "day", "날짜 형식이 올바르지 않습니다."),
        ({"start": "열시"}, "start", "시각은 14:00처럼 적어 주세요."),
        ({"headcount": "0"}, "headcount", "1명 이상이어야 합니다."),
        ({"headcount": "-3"}, "headcount", "1명 이상이어야 합니다."),
        ({"headcount": "201"}, "headcount", "한 번에 200명까지 모집할 수 있습니다."),
        ({"headcount": "두명"}, "headcount", "숫자로 적어 주세요."),
    ],
)
def test_it_refuses_bad_slots(client_for: ClientFor, owner: User, row: dict[str, str], field: str,
                              message: str) -> None:
    base = {"day": (timezone.localdate() + timedelta(days=3)).isoformat(), "start": "10:00",
            "end": "12:00", "headcount": "2"}
    response = client_for(owner).post(reverse("needs:create"), f.need_form_data(slots=[{**base, **row}]))
    assert response.status_code == 200
    assert message in _slot_errors(response)[field]
    assert message in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_it_refuses_a_slot_earlier_today(client_for: ClientFor, owner: User) -> None:
    with time_machine.travel(datetime(2026, 12, 8, 15, 0, tzinfo=SEOUL), tick=False):
        late = {"day": "2026-12-08", "start": "10:00", "end": "12:00", "headcount": "1"}
        response = client_for(owner).post(reverse("needs:create"), f.need_form_data(slots=[late]))
        assert "이미 지난 시각입니다." in _slot_errors(response)["start"]
        assert _counts() == (0, 0, 0, 0)
        later = {**late, "start": "16:00", "end": "18:00"}
        response = client_for(owner).post(reverse("needs:create"), f.need_form_data(slots=[later]))
        assert response.status_code == 302
        slot = Slot.objects.get()
        assert slot.start == datetime(2026, 12, 8, 16, 0, tzinfo=SEOUL)


def test_it_needs_at_least_one_slot(client_for: ClientFor, owner: User) -> None:
    empty = {"day": "", "start": "", "end": "", "headcount": "1"}
    response = client_for(owner).post(reverse("needs:create"), f.need_form_data(slots=[empty]))
    assert response.status_code == 200
    assert "활동 시간을 하나 이상 입력해 주세요." in response.context["slots"].non_form_errors()
    assert _counts() == (0, 0, 0, 0)


def test_it_saves_nothing_when_the_second_slot_is_bad(client_for: ClientFor, owner: User) -> None:
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    rows = [{"day": day, "start": "10:00", "end": "12:00", "headcount": "2"},
            {"day": day, "start": "15:00", "end": "13:00", "headcount": "2"}]
    response = client_for(owner).post(reverse("needs:create"), f.need_form_data(slots=rows))
    assert response.status_code == 200
    assert _counts() == (0, 0, 0, 0)


# --- posting by proxy ---------------------------------------------------------------------------

PROXY_ALLOWED = {"camp_manager", "activist", "centre_admin"}


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
def test_it_offers_proxy_registration_only_to_dong_helpers(
    request: pytest.FixtureRequest, client_for: ClientFor, who: str
) -> None:
    response = client_for(persona(request, who)).get(reverse("needs:create_proxy"))
    assert response.status_code == (200 if who in PROXY_ALLOWED | {"other_camp_manager"} else 403)


@pytest.mark.parametrize("who", ["camp_manager", "activist", "centre_admin"])
def test_it_registers_a_need_by_proxy(request: pytest.FixtureRequest, client_for: ClientFor, who: str) -> None:
    user = persona(request, who)
    data = {**f.need_form_data(), **f.proxy_form_data(consent_method="guardian")}
    response = client_for(user).post(reverse("needs:create_proxy"), data)
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.created_by == user
    assert need.proxy_for is not None
    assert need.proxy_for.name == "박순자"
    assert need.proxy_for.consent_method == "guardian"
    assert need.proxy_for.registered_by == user


def test_it_refuses_proxy_needs_outside_the_helpers_dong(client_for: ClientFor, other_camp_manager: User) -> None:
    data = {**f.need_form_data(), **f.proxy_form_data()}
    response = client_for(other_camp_manager).post(reverse("needs:create_proxy"), data)
    assert response.status_code == 200
    assert "담당하시는 동의 요청만 대리 등록할 수 있습니다." in response.context["form"].errors["dong"]
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent_confirmed": ""}, "consent_confirmed", "대리 등록은 본인의 동의를 받은 뒤에만 할 수 있습니다."),
        ({"consent_method": ""}, "consent_method", "동의를 받은 방법을 골라 주세요."),
        ({"proxy_name": ""}, "proxy_name", "도움을 받으실 분의 성함을 적어 주세요."),
        ({"proxy_name": "박순자 900101-2234567"}, "proxy_name", RRN_MESSAGE),
        ({"proxy_name": "박순자 9001012234567"}, "proxy_name", RRN_MESSAGE),
        ({"proxy_phone": "0000"}, "proxy_phone", "전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678"),
        ({"sensitive_note": "휠체어를 씁니다"}, "sensitive_note",
         "민감정보를 적으려면 별도 동의를 받았다는 칸에 표시해 주세요."),
        ({"sensitive_note": "휠체어 900101-2234567", "sensitive_consent": "on"}, "sensitive_note", RRN_MESSAGE),
    ],
)
def test_it_explains_proxy_form_errors(client_for: ClientFor, camp_manager: User,
                                       overrides: dict[str, str], field: str, message: str) -> None:
    data = {**f.need_form_data(), **f.proxy_form_data()}
    data.update(overrides)
    data = {k: v for k, v in data.items() if v != ""}
    response = client_for(camp_manager).post(reverse("needs:create_proxy"), data)
    assert response.status_code == 200
    assert message in response.context["proxy_form"].errors[field]
    assert message in response.content.decode()
    if overrides.get(field):
        assert overrides[field] in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_it_stores_a_sensitive_note_with_separate_consent(client_for: ClientFor, camp_manager: User) -> None:
    data = {**f.need_form_data(), **f.proxy_form_data(sensitive_consent="on", sensitive_note="휠체어를 씁니다")}
    response = client_for(camp_manager).post(reverse("needs:create_proxy"), data)
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.private.sensitive_note == "휠체어를 씁니다"
    assert need.proxy_for is not None
    assert need.proxy_for.sensitive_consent
    html = client_for(None).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "휠체어" not in html


# --- posting as an organisation -----------------------------------------------------------------

ORG_POSTERS = {"org_user", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_lets_only_verified_org_staff_post_jobs(
    request: pytest.FixtureRequest, client_for: ClientFor, organization: Organization, who: str
) -> None:
    url = reverse("needs:create_org", args=[organization.pk])
    response = client_for(persona(request, who)).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_url(url)
    else:
        assert response.status_code == (200 if who in ORG_POSTERS else 403)


@pytest.mark.parametrize("who", ["anonymous", "volunteer", "other_org_user", "camp_manager"])
def test_it_hides_pending_organisations_job_form(
    request: pytest.FixtureRequest, client_for: ClientFor, organization: Organization, who: str
) -> None:
    Organization.objects.filter(pk=organization.pk).update(verification="pending")
    response = client_for(persona(request, who)).get(reverse("needs:create_org", args=[organization.pk]))
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_it_sends_staff_of_a_pending_organisation_back(client_for: ClientFor, org_user: User,
                                                       organization: Organization) -> None:
    Organization.objects.filter(pk=organization.pk).update(verification="pending")
    client = client_for(org_user)
    response = client.post(reverse("needs:create_org", args=[organization.pk]), f.need_form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[organization.pk])
    assert _counts() == (0, 0, 0, 0)


def test_it_posts_a_job_with_shifts(client_for: ClientFor, org_user: User, organization: Organization) -> None:
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    rows = [{"day": day, "start": "09:00", "end": "12:00", "headcount": "5"},
            {"day": day, "start": "13:00", "end": "17:00", "headcount": "3"},
            {"day": "", "start": "", "end": "", "headcount": "1"}]
    response = client_for(org_user).post(reverse("needs:create_org", args=[organization.pk]),
                                         f.need_form_data(slots=rows))
    assert response.status_code == 302
    job = Need.objects.get()
    assert job.organization == organization
    assert job.requester_kind == Need.RequesterKind.ORGANIZATION
    assert sorted(job.slots.values_list("headcount", flat=True)) == [3, 5]


# --- cancelling ---------------------------------------------------------------------------------

CANCELLERS = {"owner", "camp_manager", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_lets_only_writers_cancel(request: pytest.FixtureRequest, client_for: ClientFor, need: Need,
                                     who: str) -> None:
    url = reverse("needs:cancel", args=[need.pk])
    response = client_for(persona(request, who)).post(url, {"reason": "해결됨"})
    need.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_url(url)
    elif who in CANCELLERS:
        assert response.status_code == 302
        assert response["Location"] == reverse("needs:detail", args=[need.pk])
    else:
        assert response.status_code == 403
    assert (need.status == Need.Status.CANCELLED) is (who in CANCELLERS)


def test_it_refuses_to_cancel_by_get(client_for: ClientFor, need: Need, owner: User) -> None:
    assert client_for(owner).get(reverse("needs:cancel", args=[need.pk])).status_code == 405
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_it_explains_why_a_done_need_cannot_be_cancelled(client_for: ClientFor, need: Need, owner: User) -> None:
    Need.objects.filter(pk=need.pk).update(status=Need.Status.DONE)
    response = client_for(owner).post(reverse("needs:cancel", args=[need.pk]), follow=True)
    assert "'활동 완료' 상태에서는 '취소됨'(으)로 바꿀 수 없습니다." in unescape(response.content.decode())
    need.refresh_from_db()
    assert need.status == Need.Status.DONE


def test_it_hides_a_draft_from_outsiders_who_try_to_cancel(client_for: ClientFor, owner: User,
                                                           volunteer: User) -> None:
    draft = f.NeedFactory.create(created_by=owner, status="draft")
    assert client_for(volunteer).post(reverse("needs:cancel", args=[draft.pk])).status_code == 404


def test_it_explains_an_empty_post(client_for: ClientFor, owner: User) -> None:
    response = client_for(owner).post(reverse("needs:create"), {})
    assert response.status_code == 200
    assert "제목을 적어 주세요." in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_it_pins_my_needs_query_count(client_for: ClientFor, org_user: User, organization: Organization,
                                      count_queries: QueryCounter) -> None:
    def add(n: int) -> None:
        for i in range(n):
            f.NeedFactory.create(created_by=org_user, organization=organization, requester_kind="organization",
                                 title=f"일자리 {i}")

    client = client_for(org_user)
    add(2)
    few = count_queries(client, reverse("needs:mine"))
    add(25)
    assert count_queries(client, reverse("needs:mine")) == few
    assert few <= 8


def test_it_refuses_an_rrn_in_the_cancel_reason(client_for: ClientFor, need: Need, owner: User) -> None:
    response = client_for(owner).post(reverse("needs:cancel", args=[need.pk]),
                                      {"reason": "9001012345678 본인 요청"}, follow=True)
    assert RRN_MESSAGE in response.content.decode()
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_it_creates_one_proxy_need_for_four_identical_submits(client_for: ClientFor, activist: User) -> None:
    client = client_for(activist)
    data = {**f.need_form_data(submission_key=str(uuid.uuid4())), **f.proxy_form_data()}
    responses = [client.post(reverse("needs:create_proxy"), data) for _ in range(4)]
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1
    assert _counts() == (1, 1, 1, 1)


@pytest.mark.parametrize(("n_slots", "more"), [(1, None), (2, "외 1회"), (4, "외 3회")])
def test_it_counts_the_other_sessions_on_a_card(client_for: ClientFor, owner: User, n_slots: int,
                                                more: str | None) -> None:
    need = f.NeedFactory.create(created_by=owner, with_slot=False)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    for i in range(n_slots):
        Slot.objects.create(need=need, start=start + timedelta(days=i), end=start + timedelta(days=i, hours=1))
    html = client_for(None).get(reverse("needs:list")).content.decode()
    if more is None:
        assert "외 " not in html
    else:
        assert more in html


@pytest.mark.parametrize("field", ["title", "description", "place_label"])
def test_it_keeps_mobile_numbers_out_of_public_text(client_for: ClientFor, owner: User, field: str) -> None:
    typed = "전화 주세요 010-9999-8888"
    response = client_for(owner).post(reverse("needs:create"), {**f.need_form_data(), field: typed})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [PHONE_IN_PUBLIC_MESSAGE]
    assert typed in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_it_allows_an_office_number_in_public_text(client_for: ClientFor, owner: User) -> None:
    response = client_for(owner).post(reverse("needs:create"),
                                      {**f.need_form_data(), "description": "경로당 062-123-4567 로 오세요"})
    assert response.status_code == 302


@pytest.mark.parametrize("who", PERSONAS)
def test_it_offers_the_resident_form_to_everyone_logged_in(request: pytest.FixtureRequest,
                                                           client_for: ClientFor, who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("needs:create"))
    if who == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "도움 청하기" in html
    assert 'name="submission_key"' in html
    assert ("대리 등록하기" in html) is (who in {"camp_manager", "other_camp_manager", "activist", "centre_admin"})
