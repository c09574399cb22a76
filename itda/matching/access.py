"""Who may act on a proposal or a booking: the volunteer it is for, or the requester side."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from itda.core.access import is_authenticated
from itda.matching.models import Booking, Proposal
from itda.needs.access import can_write_need
from itda.needs.models import Slot


def get_proposal_for_volunteer(user: Any, pk: int) -> Proposal:
    if not is_authenticated(user):
        raise Http404(_("제안을 찾을 수 없습니다."))
    p = (Proposal.objects.select_related("slot__need__dong__district", "volunteer__user", "team")
         .filter(pk=pk, volunteer__user_id=user.pk).first())
    if p is None:
        raise Http404(_("제안을 찾을 수 없습니다."))
    return p


def get_proposal_for_requester(user: Any, pk: int) -> Proposal:
    p = Proposal.objects.select_related("slot__need", "volunteer__user").filter(pk=pk).first()
    if p is None or not can_write_need(user, p.slot.need):
        raise Http404(_("제안을 찾을 수 없습니다."))
    return p


def get_booking_for_volunteer(user: Any, pk: int) -> Booking:
    if not is_authenticated(user):
        raise Http404(_("예약을 찾을 수 없습니다."))
    b = (Booking.objects.select_related("slot__need", "volunteer__user")
         .filter(pk=pk, volunteer__user_id=user.pk).first())
    if b is None:
        raise Http404(_("예약을 찾을 수 없습니다."))
    return b


def get_booking_for_requester(user: Any, pk: int) -> Booking:
    b = Booking.objects.select_related("slot__need", "volunteer__user").filter(pk=pk).first()
    if b is None or not can_write_need(user, b.slot.need):
        raise Http404(_("예약을 찾을 수 없습니다."))
    return b


def get_slot_for_requester(user: Any, pk: int) -> Slot:
    slot = Slot.objects.select_related("need__dong__district").filter(pk=pk).first()
    if slot is None or not can_write_need(user, slot.need):
        raise Http404(_("활동 시간을 찾을 수 없습니다."))
    return slot
