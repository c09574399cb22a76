"""Who may see and change community rows. Blind-spot cases answer 404 to everyone but the
recording activist, the camp manager of the case's dong and the centre."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from itda.accounts.models import Role
from itda.community.models import BlindSpotCase, Resource
from itda.core.access import is_authenticated, is_centre_admin


def is_camp_manager_of(user: Any, dong_id: int | None) -> bool:
    """Camp manager of that dong (an activist of the same dong is not enough)."""
    if not is_authenticated(user) or dong_id is None:
        return False
    return any(r.role == Role.CAMP_MANAGER and r.dong_id == dong_id for r in _roles(user))


def _roles(user: Any) -> list[Any]:
    cached = getattr(user, "_community_roles", None)
    if cached is None:
        cached = list(user.roles.all())
        user._community_roles = cached
    return cached


def recorder_dong_ids(user: Any) -> set[int]:
    """Dongs where the person may record blind-spot cases: activist or camp manager there."""
    if not is_authenticated(user):
        return set()
    return {r.dong_id for r in _roles(user)
            if r.role in (Role.ACTIVIST, Role.CAMP_MANAGER) and r.dong_id is not None}


def can_record_cases(user: Any) -> bool:
    return is_centre_admin(user) or bool(recorder_dong_ids(user))


def can_view_case(user: Any, case: BlindSpotCase) -> bool:
    if not is_authenticated(user):
        return False
    return (is_centre_admin(user) or case.recorded_by_id == user.pk
            or is_camp_manager_of(user, case.dong_id))


def get_case_for_user(user: Any, pk: int) -> BlindSpotCase:
    case = BlindSpotCase.objects.select_related("dong__district", "recorded_by", "need").filter(pk=pk).first()
    if case is None or not can_view_case(user, case):
        raise Http404(_("사례를 찾을 수 없습니다."))
    return case


def can_manage_resource(user: Any, resource: Resource) -> bool:
    if not is_authenticated(user):
        return False
    if is_centre_admin(user) or resource.created_by_id == user.pk or resource.owner_user_id == user.pk:
        return True
    if resource.organization_id is not None:
        return bool(user.organizations.filter(pk=resource.organization_id).exists())
    if resource.camp_id is not None:
        return is_camp_manager_of(user, resource.dong_id)
    return False


def get_resource_for_user(user: Any, pk: int, *, write: bool = False) -> Resource:
    resource = (Resource.objects.select_related("dong__district", "organization", "camp", "owner_user")
                .filter(pk=pk).first())
    if resource is None:
        raise Http404(_("자원을 찾을 수 없습니다."))
    manager = can_manage_resource(user, resource)
    if not resource.is_active and not manager:
        raise Http404(_("자원을 찾을 수 없습니다."))
    if write and not manager:
        raise PermissionDenied(_("이 자원을 관리할 권한이 없습니다."))
    return resource


def require_centre(user: Any) -> None:
    if not is_centre_admin(user):
        raise PermissionDenied(_("자원봉사센터 관리자만 할 수 있습니다."))
