"""Who may see and change a need, and who may see its private address and phone.

Outsiders get 404 for needs that are not public, hiding that they exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from itda.accounts.models import Role
from itda.core.access import is_authenticated, is_centre_admin
from itda.needs.models import Need

PUBLIC_STATUSES = {Need.Status.OPEN, Need.Status.FILLED, Need.Status.DONE}


def can_write_need(user: Any, need: Need) -> bool:
    if not is_authenticated(user):
        return False
    if is_centre_admin(user) or need.created_by_id == user.pk:
        return True
    if need.organization_id and user.organizations.filter(pk=need.organization_id).exists():
        return True
    return user.roles.filter(role=Role.CAMP_MANAGER, dong_id=need.dong_id).exists()


def can_view_private(user: Any, need: Need) -> bool:
    """The requester's side and the centre, and a volunteer whose match both sides accepted."""
    return can_write_need(user, need) or has_confirmed_booking(user, need)


def has_confirmed_booking(user: Any, need: Need) -> bool:
    if not is_authenticated(user):
        return False
    from itda.matching.models import Booking

    return Booking.objects.filter(
        slot__need=need, volunteer__user=user, status=Booking.Status.CONFIRMED
    ).exists()


def get_need_for_user(user: Any, pk: int, *, write: bool = False) -> Need:
    need = (
        Need.objects.select_related("field", "dong__district", "organization")
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise Http404(_("요청을 찾을 수 없습니다."))
    writer = can_write_need(user, need)
    if need.status not in PUBLIC_STATUSES and not writer:
        raise Http404(_("요청을 찾을 수 없습니다."))
    if write and not writer:
        raise PermissionDenied(_("이 요청을 바꿀 권한이 없습니다."))
    return need
