"""State changes of organisations: registration and verification by the centre."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itda.accounts.models import Role, User
from itda.accounts.services import role_grant
from itda.core.audit import audit_record
from itda.core.validators import RRN_MESSAGE, contains_rrn
from itda.organizations.models import Organization, OrganizationMember
from itda.places.models import Dong


@transaction.atomic
def organization_register(
    *, user: User, name: str, org_type: str, dong: Dong, address: str, phone: str,
    description: str, business_number: str = "",
) -> Organization:
    """Register an organisation; it waits for the centre's verification."""
    org = Organization.objects.create(
        name=name, org_type=org_type, dong=dong, address=address, phone=phone,
        description=description, business_number=business_number,
    )
    OrganizationMember.objects.create(organization=org, user=user, is_manager=True)
    role_grant(actor=user, user=user, role=Role.ORG_STAFF)
    audit_record(actor=user, action="organization_register", target=org, data={"type": org_type})
    return org


class VerificationError(ValueError):
    pass


@transaction.atomic
def organization_verify(
    *, actor: User, organization: Organization, approve: bool, note: str = ""
) -> Organization:
    """The centre approves or rejects an organisation; a rejection needs a reason."""
    if not approve and not note.strip():
        raise VerificationError(_("반려할 때는 사유를 적어 주세요."))
    if contains_rrn(note):
        raise VerificationError(_(RRN_MESSAGE))
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    org.verification = (
        Organization.Verification.VERIFIED if approve else Organization.Verification.REJECTED
    )
    org.verification_note = note.strip()
    org.verified_at = timezone.now()
    org.verified_by = actor
    org.save(update_fields=["verification", "verification_note", "verified_at", "verified_by",
                            "updated_at"])
    audit_record(actor=actor, action="organization_verify", target=org,
                 data={"approve": approve, "note": note.strip()})
    return org
