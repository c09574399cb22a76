"""Who may see and change an organisation; pending ones are visible only to their staff."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from itda.core.access import is_authenticated, is_centre_admin
from itda.organizations.models import Organization


def is_org_staff(user: Any, org: Organization) -> bool:
    return is_authenticated(user) and org.memberships.filter(user_id=user.pk).exists()


def get_organization_for_user(user: Any, pk: int, *, write: bool = False) -> Organization:
    org = Organization.objects.select_related("dong__district").filter(pk=pk).first()
    if org is None:
        raise Http404(_("기관을 찾을 수 없습니다."))
    staff = is_org_staff(user, org)
    admin = is_centre_admin(user)
    if not org.is_verified and not (staff or admin):
        raise Http404(_("기관을 찾을 수 없습니다."))
    if write and not (staff or admin):
        raise PermissionDenied(_("이 기관을 바꿀 권한이 없습니다."))
    return org


def organizations_for_staff(user: Any) -> list[Organization]:
    if not is_authenticated(user):
        return []
    return list(user.organizations.select_related("dong__district").order_by("name"))
