"""Who may see and act on attendance, hours and certificates. Outsiders get 404, hiding that
the row exists; the requester side is the need's poster, its organisation's staff, the camp
manager of its dong and the centre (`needs.access.can_write_need`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext

from itda.activities.models import ActivitySession, Certificate
from itda.core.access import is_authenticated, is_centre_admin
from itda.matching.models import Booking
from itda.needs.access import can_write_need
from itda.needs.models import Slot
from itda.volunteers.models import VolunteerProfile


def get_slot_for_manager(user: Any, pk: int) -> Slot:
    slot = Slot.objects.select_related("need__dong__district", "need__organization").filter(pk=pk).first()
    if slot is None or not can_write_need(user, slot.need):
        raise Http404(gettext("활동 시간을 찾을 수 없습니다."))
    return slot


def get_booking_for_manager(user: Any, pk: int) -> Booking:
    booking = Booking.objects.select_related("slot__need", "volunteer__user").filter(pk=pk).first()
    if booking is None or not can_write_need(user, booking.slot.need):
        raise Http404(gettext("참여 기록을 찾을 수 없습니다."))
    return booking


def get_session_for_user(user: Any, pk: int, *, write: bool = False) -> ActivitySession:
    """The volunteer may see their own session; the requester side may see and change it."""
    session = (ActivitySession.objects
               .select_related("slot__need__dong__district", "slot__need__organization", "volunteer__user")
               .filter(pk=pk).first())
    if session is None or not is_authenticated(user):
        raise Http404(gettext("활동 기록을 찾을 수 없습니다."))
    manager = can_write_need(user, session.slot.need)
    own = session.volunteer.user_id == user.pk
    if not (manager or (own and not write)):
        raise Http404(gettext("활동 기록을 찾을 수 없습니다."))
    return session


def get_certificate_for_user(user: Any, pk: int) -> Certificate:
    cert = Certificate.objects.select_related("volunteer__user").filter(pk=pk).first()
    if cert is None or not is_authenticated(user):
        raise Http404(gettext("확인서를 찾을 수 없습니다."))
    if cert.volunteer.user_id != user.pk and not is_centre_admin(user):
        raise Http404(gettext("확인서를 찾을 수 없습니다."))
    return cert


def volunteer_profile(user: Any) -> VolunteerProfile | None:
    if not is_authenticated(user):
        return None
    return VolunteerProfile.objects.select_related("user", "home_dong").filter(user=user).first()
