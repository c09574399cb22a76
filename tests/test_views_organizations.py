"""Organisation pages: registration, detail (pending ones hidden), staff list, the centre's review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from itda.accounts.models import Role, User
from itda.core.models import AuditLog
from itda.core.validators import RRN_MESSAGE
from itda.organizations.models import Organization, OrganizationMember
from tests import factories as f
from tests.conftest import QueryCounter
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]



def _login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


ORG_DATA = {
    "name": "무등산 사과농장",
    "org_type": "farm",
    "business_number": "1234567890",
    "dong": "",
    "address": "광주광역시 동구 무등로 1",
    "phone": "0622223333",
    "description": "사과 수확철에 일손이 필요합니다.",
}


def _org_data(**overrides: str) -> dict[str, str]:
    return {**ORG_DATA, "dong": str(f.dong().pk), **overrides}


# --- detail -------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_a_verified_organisation_to_everyone(request: pytest.FixtureRequest, client_for: ClientFor,
                                                      organization: Organization, who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("organizations:detail", args=[organization.pk]))
    assert response.status_code == 200
    assert organization.name in response.content.decode()
    assert response.context["is_staff"] is (who == "org_user")


@pytest.mark.parametrize("state", [Organization.Verification.PENDING, Organization.Verification.REJECTED])
@pytest.mark.parametrize("who", PERSONAS)
def test_it_hides_unverified_organisations_from_outsiders(
    request: pytest.FixtureRequest, client_for: ClientFor, organization: Organization, who: str, state: str,
) -> None:
    Organization.objects.filter(pk=organization.pk).update(verification=state, verification_note="서류 보완")
    response = client_for(persona(request, who)).get(reverse("organizations:detail", args=[organization.pk]))
    assert response.status_code == (200 if who in {"org_user", "centre_admin"} else 404)
    if who == "org_user":
        html = response.content.decode()
        assert "센터의 인증을 기다리고 있습니다" in html
        assert "서류 보완" in html


def test_it_lists_the_organisations_public_jobs_and_staff_sees_drafts(
    client_for: ClientFor, org_user: User, organization: Organization
) -> None:
    kw: dict[str, Any] = {"created_by": org_user, "organization": organization,
                          "requester_kind": "organization"}
    f.NeedFactory.create(title="사과 수확 일손", **kw)
    f.NeedFactory.create(title="임시 저장 일자리", status="draft", **kw)
    url = reverse("organizations:detail", args=[organization.pk])
    public = client_for(None).get(url).content.decode()
    assert "사과 수확 일손" in public
    assert "임시 저장 일자리" not in public
    assert f.PRIVATE_ADDRESS not in public
    staff = client_for(org_user).get(url).content.decode()
    assert "임시 저장 일자리" in staff
    assert "일자리·활동 등록" in staff


def test_it_answers_404_for_a_missing_organisation(client_for: ClientFor, centre_admin: User) -> None:
    assert client_for(centre_admin).get(reverse("organizations:detail", args=[424242])).status_code == 404


# --- registration -------------------------------------------------------------------------------

def test_it_needs_log_in_to_register(client_for: ClientFor) -> None:
    url = reverse("organizations:create")
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == _login_url(url)


def test_it_registers_a_pending_organisation(client_for: ClientFor, volunteer: User) -> None:
    client = client_for(volunteer)
    assert client.get(reverse("organizations:create")).status_code == 200
    response = client.post(reverse("organizations:create"), _org_data())
    org = Organization.objects.get(name="무등산 사과농장")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[org.pk])
    assert org.verification == Organization.Verification.PENDING
    assert org.business_number == "123-45-67890"
    assert org.phone == "062-222-3333"
    assert OrganizationMember.objects.filter(organization=org, user=volunteer, is_manager=True).exists()
    assert volunteer.roles.filter(role=Role.ORG_STAFF).exists()
    assert AuditLog.objects.filter(action="organization_register", target_id=str(org.pk)).exists()
    assert client.get(reverse("organizations:detail", args=[org.pk])).status_code == 200
    assert client_for(None).get(reverse("organizations:detail", args=[org.pk])).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "기관 이름을 적어 주세요."),
        ({"org_type": ""}, "org_type", "기관 유형을 골라 주세요."),
        ({"business_number": "12-34"}, "business_number", "사업자등록번호는 숫자 10자리입니다. 예: 123-45-67890"),
        ({"business_number": "900101-1234567"}, "business_number", RRN_MESSAGE),
        ({"business_number": "123-45-678901"}, "business_number", "사업자등록번호는 숫자 10자리입니다"),
        ({"phone": "123"}, "phone", "전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678"),
        ({"dong": "0"}, "dong", "목록에서 동을 선택해 주세요."),
        ({"address": ""}, "address", "기관 주소를 적어 주세요."),
        ({"description": "대표 900101-1234567 입니다"}, "description", RRN_MESSAGE),
        ({"description": "대표 9001011234567 입니다"}, "description", RRN_MESSAGE),
        ({"name": "농장 900101-1234567"}, "name", RRN_MESSAGE),
        ({"address": "광주 동구 900101-1234567"}, "address", RRN_MESSAGE),
    ],
)
def test_it_explains_registration_errors(client_for: ClientFor, volunteer: User, overrides: dict[str, str],
                                         field: str, message: str) -> None:
    data = _org_data(**overrides)
    response = client_for(volunteer).post(reverse("organizations:create"), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    html = response.content.decode()
    assert message in html
    for key in ("name", "address"):
        if data[key]:
            assert data[key] in html
    assert not Organization.objects.exists()
    assert not volunteer.roles.filter(role=Role.ORG_STAFF).exists()


# --- my organisations ---------------------------------------------------------------------------

def test_it_lists_my_organisations(client_for: ClientFor, org_user: User, organization: Organization,
                                   other_org_user: User) -> None:
    html = client_for(org_user).get(reverse("organizations:mine")).content.decode()
    assert organization.name in html
    assert "다른농장" not in html
    assert client_for(None).get(reverse("organizations:mine")).status_code == 302


# --- the centre's review ------------------------------------------------------------------------

@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_the_review_queue_to_the_centre_only(
    request: pytest.FixtureRequest, client_for: ClientFor, who: str
) -> None:
    pending = f.OrganizationFactory.create(name="검토대기 협동조합", verification="pending")
    url = reverse("organizations:review")
    response = client_for(persona(request, who)).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_url(url)
    elif who == "centre_admin":
        assert response.status_code == 200
        assert pending.name in response.content.decode()
    else:
        assert response.status_code == 403


def test_it_filters_the_review_queue_by_state(client_for: ClientFor, centre_admin: User,
                                              organization: Organization) -> None:
    f.OrganizationFactory.create(name="검토대기 협동조합", verification="pending")
    client = client_for(centre_admin)
    pending = client.get(reverse("organizations:review")).content.decode()
    assert "검토대기 협동조합" in pending
    assert organization.name not in pending
    verified = client.get(reverse("organizations:review"), {"state": "verified"}).content.decode()
    assert organization.name in verified
    assert "검토대기 협동조합" not in verified


@pytest.mark.parametrize("who", PERSONAS)
def test_it_lets_only_the_centre_verify(request: pytest.FixtureRequest, client_for: ClientFor, who: str) -> None:
    pending = f.OrganizationFactory.create(verification="pending")
    user = persona(request, who)
    if user is not None and who in {"org_user", "other_org_user"}:
        OrganizationMember.objects.create(organization=pending, user=user)  # its own staff cannot either
    url = reverse("organizations:verify", args=[pending.pk])
    response = client_for(user).post(url, {"decision": "approve"})
    pending.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == _login_url(url)
    elif who == "centre_admin":
        assert response.status_code == 302
        assert response["Location"] == reverse("organizations:review")
    else:
        assert response.status_code == 403
    assert pending.is_verified is (who == "centre_admin")


def test_it_approves_and_records_who_did(client_for: ClientFor, centre_admin: User) -> None:
    pending = f.OrganizationFactory.create(verification="pending")
    client_for(centre_admin).post(reverse("organizations:verify", args=[pending.pk]),
                                  {"decision": "approve", "note": "서류 확인"})
    pending.refresh_from_db()
    assert pending.is_verified
    assert pending.verified_by == centre_admin
    assert pending.verified_at is not None
    log = AuditLog.objects.get(action="organization_verify")
    assert log.actor == centre_admin
    assert log.data == {"approve": True, "note": "서류 확인"}


def test_it_needs_a_reason_to_reject(client_for: ClientFor, centre_admin: User) -> None:
    pending = f.OrganizationFactory.create(verification="pending")
    client = client_for(centre_admin)
    response = client.post(reverse("organizations:verify", args=[pending.pk]), {"decision": "reject"},
                           follow=True)
    assert "반려할 때는 사유를 적어 주세요." in response.content.decode()
    pending.refresh_from_db()
    assert pending.verification == Organization.Verification.PENDING
    client.post(reverse("organizations:verify", args=[pending.pk]), {"decision": "reject", "note": "주소 불일치"})
    pending.refresh_from_db()
    assert pending.verification == Organization.Verification.REJECTED
    assert pending.verification_note == "주소 불일치"


def test_it_refuses_a_malformed_decision(client_for: ClientFor, centre_admin: User) -> None:
    pending = f.OrganizationFactory.create(verification="pending")
    response = client_for(centre_admin).post(reverse("organizations:verify", args=[pending.pk]),
                                             {"decision": "maybe"}, follow=True)
    assert "요청이 올바르지 않습니다" in response.content.decode()
    pending.refresh_from_db()
    assert pending.verification == Organization.Verification.PENDING


def test_it_refuses_to_verify_by_get(client_for: ClientFor, centre_admin: User, organization: Organization) -> None:
    assert client_for(centre_admin).get(reverse("organizations:verify", args=[organization.pk])).status_code == 405


def test_it_pins_the_detail_and_review_query_counts(client_for: ClientFor, org_user: User, centre_admin: User,
                                                    organization: Organization, count_queries: QueryCounter) -> None:
    def add(n: int) -> None:
        for i in range(n):
            f.NeedFactory.create(created_by=org_user, organization=organization, requester_kind="organization",
                                 title=f"일자리 {i}")
            f.OrganizationFactory.create(verification="pending")

    staff, admin = client_for(org_user), client_for(centre_admin)
    detail, review = reverse("organizations:detail", args=[organization.pk]), reverse("organizations:review")
    add(2)
    few_detail, few_review = count_queries(staff, detail), count_queries(admin, review)
    add(25)
    assert count_queries(staff, detail) == few_detail
    assert count_queries(admin, review) == few_review
    assert few_detail <= 10
    assert few_review <= 6
