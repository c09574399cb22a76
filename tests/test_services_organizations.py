"""Organisation services: registration waits for the centre; verification is audited."""

from __future__ import annotations

import pytest

from itda.accounts.models import Role, User
from itda.core.models import AuditLog
from itda.core.validators import RRN_MESSAGE
from itda.organizations.models import Organization, OrganizationMember
from itda.organizations.services import (
    VerificationError,
    organization_register,
    organization_verify,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def _register(user: User) -> Organization:
    return organization_register(user=user, name="빛고을 협동조합", org_type="cooperative", dong=f.dong(),
                                 address="광주 동구", phone="062-111-2222", description="마을 돌봄")


def test_it_registers_a_pending_organisation_with_its_first_manager(volunteer: User) -> None:
    org = _register(volunteer)
    assert org.verification == Organization.Verification.PENDING
    assert not org.is_verified
    member = OrganizationMember.objects.get(organization=org)
    assert member.user == volunteer
    assert member.is_manager
    assert volunteer.has_role(Role.ORG_STAFF)
    log = AuditLog.objects.get(action="organization_register")
    assert log.actor == volunteer
    assert log.data == {"type": "cooperative"}


def test_it_approves_with_the_reviewer_and_time(volunteer: User, centre_admin: User) -> None:
    org = organization_verify(actor=centre_admin, organization=_register(volunteer), approve=True)
    org.refresh_from_db()
    assert org.is_verified
    assert org.is_social_job_provider
    assert org.verified_by == centre_admin
    assert org.verified_at is not None
    log = AuditLog.objects.get(action="organization_verify")
    assert log.actor == centre_admin
    assert log.target_id == str(org.pk)
    assert log.data == {"approve": True, "note": ""}


@pytest.mark.parametrize("note", ["", "   "])
def test_it_needs_a_note_to_reject(volunteer: User, centre_admin: User, note: str) -> None:
    org = _register(volunteer)
    with pytest.raises(VerificationError, match="반려할 때는 사유를 적어 주세요"):
        organization_verify(actor=centre_admin, organization=org, approve=False, note=note)
    org.refresh_from_db()
    assert org.verification == Organization.Verification.PENDING
    assert not AuditLog.objects.filter(action="organization_verify").exists()


def test_it_rejects_with_a_note(volunteer: User, centre_admin: User) -> None:
    org = organization_verify(actor=centre_admin, organization=_register(volunteer), approve=False,
                              note=" 사업자 정보 불일치 ")
    assert org.verification == Organization.Verification.REJECTED
    assert org.verification_note == "사업자 정보 불일치"
    assert AuditLog.objects.get(action="organization_verify").data == {
        "approve": False, "note": "사업자 정보 불일치"}


def test_it_refuses_an_rrn_in_the_review_note(volunteer: User, centre_admin: User) -> None:
    org = _register(volunteer)
    with pytest.raises(VerificationError) as exc:
        organization_verify(actor=centre_admin, organization=org, approve=False, note="대표 900101-1234567")
    assert str(exc.value) == RRN_MESSAGE
    org.refresh_from_db()
    assert org.verification == Organization.Verification.PENDING
