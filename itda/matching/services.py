"""Every state change of matching: proposals both ways, acceptance, bookings, runs, learning.

Seats are guarded twice: the slot row is locked (`select_for_update`) for every change that
takes or frees a seat, and each active booking holds a distinct seat number in
1..headcount under a unique constraint, so the database itself refuses an overbooking.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

import itda_match as engine
from itda.accounts.models import Role, User
from itda.core.audit import audit_record
from itda.matching import adapter
from itda.matching.models import Booking, DeclineReason, MatchRun, Proposal
from itda.needs.access import can_write_need
from itda.needs.models import Need, Slot
from itda.notifications.models import Notification
from itda.notifications.services import notification_send
from itda.volunteers.models import Team, VolunteerProfile

logger = logging.getLogger(__name__)

PROPOSAL_TTL = timedelta(hours=24)
# Engine proposals go out to this many volunteers per free seat: enough that a decline
# or a silence does not stall a request, few enough that most who accept get a seat.
FANOUT = 2
ESCALATE_BEFORE = timedelta(hours=48)
FULL_MESSAGE = gettext_noop("아쉽지만 방금 모든 자리가 찼습니다. 대기자로 등록하시면 자리가 날 때 알려 드립니다.")


class MatchError(ValueError):
    """A matching action that cannot be done, with a Korean message for the person."""


class SlotFullError(MatchError):
    pass


# ---------------------------------------------------------------- helpers

def _lock_slot(slot_id: int) -> Slot:
    return Slot.objects.select_for_update().select_related("need__dong__district").get(pk=slot_id)


def _free_seat(slot: Slot) -> int | None:
    taken = set(Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).values_list("seat", flat=True))
    for seat in range(1, slot.headcount + 1):
        if seat not in taken:
            return seat
    return None


def seats_left(slot: Slot) -> int:
    return slot.headcount - Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).count()


def _week_bounds(when: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(when)
    start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=7)


def commitment_conflict(profile: VolunteerProfile, slot: Slot) -> str | None:
    """Why the volunteer cannot take this slot given what they already committed to, if so."""
    busy = Booking.objects.filter(volunteer=profile, status__in=Booking.ACTIVE).exclude(slot=slot)
    if busy.filter(slot__start__lt=slot.end, slot__end__gt=slot.start).exists():
        return gettext("같은 시간에 이미 다른 봉사가 잡혀 있습니다.")
    week_start, week_end = _week_bounds(slot.start)
    minutes = sum(
        int((b.slot.end - b.slot.start).total_seconds() // 60)
        for b in busy.filter(slot__start__gte=week_start, slot__start__lt=week_end).select_related("slot")
    )
    if minutes + slot.duration_minutes > profile.max_hours_per_week * 60:
        return gettext("이번 주 봉사 가능 시간(%(hours)s시간)을 넘습니다.") % {"hours": profile.max_hours_per_week}
    return None


def _eligibility_problem(profile: VolunteerProfile, need: Need) -> str | None:
    if need.eligible_age_groups and profile.age_group not in need.eligible_age_groups:
        return gettext("이 활동에 참여할 수 있는 연령대가 아닙니다.")
    missing = set(need.required_qualifications) - set(profile.qualifications)
    if missing:
        return gettext("이 활동에 필요한 자격이 프로필에 없습니다.")
    return None


def _need_url(need: Need) -> str:
    return reverse("needs:detail", args=[need.pk])


def _requester_side_users(need: Need) -> list[User]:
    """Who answers for the requesting side: the poster, the organisation's staff."""
    users = {need.created_by_id: need.created_by}
    if need.organization_id:
        for m in need.organization.memberships.select_related("user"):  # type: ignore[union-attr]
            users[m.user_id] = m.user
    return list(users.values())


def _camp_managers(need: Need) -> list[User]:
    return list(User.objects.filter(roles__role=Role.CAMP_MANAGER, roles__dong=need.dong_id).distinct())


def _after_commit_notify(user: User, kind: str, title: str, body: str = "", url: str = "",
                         dedupe_key: str | None = None) -> None:
    transaction.on_commit(lambda: notification_send(user=user, kind=kind, title=title, body=body, url=url,
                                                    dedupe_key=dedupe_key))


def _sync_need_status(need: Need) -> None:
    """open ⇄ filled as seats of its future slots are taken and freed."""
    if need.status not in (Need.Status.OPEN, Need.Status.FILLED):
        return
    slots = list(need.slots.filter(start__gt=timezone.now()))
    if not slots:
        return
    full = all(seats_left(s) <= 0 for s in slots)
    status = Need.Status.FILLED if full else Need.Status.OPEN
    if status != need.status:
        Need.objects.filter(pk=need.pk).update(status=status, updated_at=timezone.now())
        need.status = status


def _close_pending_if_full(slot: Slot) -> None:
    if seats_left(slot) > 0:
        return
    closing = list(Proposal.objects.filter(slot=slot, status=Proposal.Status.PENDING).select_related("volunteer__user"))
    Proposal.objects.filter(pk__in=[p.pk for p in closing]).update(
        status=Proposal.Status.CANCELLED, updated_at=timezone.now())
    for p in closing:
        _after_commit_notify(p.volunteer.user, Notification.Kind.FULL, gettext("'%(title)s' 모집이 마감되었습니다") % {"title": slot.need.title},
                             gettext("다른 분들로 자리가 모두 찼습니다. 다음에 또 제안드릴게요."), _need_url(slot.need))


def _enqueue_refill(slot_id: int) -> None:
    from itda.matching.tasks import refill_slot

    transaction.on_commit(lambda: refill_slot.enqueue(slot_id))


# ---------------------------------------------------------------- volunteer side

def proposal_accept(*, user: User, proposal_id: int) -> Proposal:
    """The volunteer accepts: a seat is held (or confirmed if the requester side already agreed)."""
    with transaction.atomic():
        slot_id = Proposal.objects.values_list("slot_id", flat=True).get(pk=proposal_id)
        slot = _lock_slot(slot_id)
        p = Proposal.objects.select_for_update().select_related("volunteer__user").get(pk=proposal_id)
        if p.volunteer.user_id != user.pk:
            raise PermissionDenied(gettext("본인에게 온 제안만 수락할 수 있습니다."))
        if p.status in (Proposal.Status.ACCEPTED, Proposal.Status.CONFIRMED):
            return p  # the same accept twice: one booking
        if p.status not in (Proposal.Status.PENDING, Proposal.Status.WAITLISTED):
            if p.status == Proposal.Status.CANCELLED and _free_seat(slot) is None:
                raise SlotFullError(gettext(FULL_MESSAGE))  # closed because the others filled the slot
            raise MatchError(gettext("이 제안은 이미 '%(status)s' 상태라 수락할 수 없습니다.") % {"status": p.get_status_display()})
        now = timezone.now()
        if p.status == Proposal.Status.PENDING and p.expires_at and p.expires_at < now:
            raise MatchError(gettext("응답 기한이 지난 제안입니다."))
        if slot.start <= now:
            raise MatchError(gettext("이미 시작한 활동입니다."))
        if slot.need.status not in (Need.Status.OPEN, Need.Status.FILLED):
            raise MatchError(gettext("더 이상 모집하지 않는 요청입니다."))
        problem = _eligibility_problem(p.volunteer, slot.need) or commitment_conflict(p.volunteer, slot)
        if problem:
            raise MatchError(problem)
        seat = _free_seat(slot)
        if seat is None:
            raise SlotFullError(gettext(FULL_MESSAGE))
        confirmed = p.requester_accepted_at is not None
        Booking.objects.create(
            slot=slot, volunteer=p.volunteer, proposal=p, seat=seat,
            status=Booking.Status.CONFIRMED if confirmed else Booking.Status.HELD,
            confirmed_at=now if confirmed else None,
        )
        p.status = Proposal.Status.CONFIRMED if confirmed else Proposal.Status.ACCEPTED
        p.volunteer_accepted_at = now
        p.responded_at = now
        p.save(update_fields=["status", "volunteer_accepted_at", "responded_at", "updated_at"])
        audit_record(actor=user, action="proposal_accept", target=p, data={"seat": seat, "confirmed": confirmed})
        _close_pending_if_full(slot)
        _sync_need_status(slot.need)
        need = slot.need
        for requester in _requester_side_users(need):
            if confirmed:
                _after_commit_notify(requester, Notification.Kind.CONFIRMED,
                                     gettext("%(name)s님이 '%(title)s' 봉사를 확정했습니다") % {"name": p.volunteer.user.display_name, "title": need.title},
                                     url=_need_url(need))
            else:
                _after_commit_notify(requester, Notification.Kind.ACCEPTED,
                                     gettext("%(name)s님이 '%(title)s' 제안을 수락했습니다") % {"name": p.volunteer.user.display_name, "title": need.title},
                                     gettext("확정해 주시면 연락처가 봉사자에게 공개됩니다."), _need_url(need))
        if confirmed:
            _after_commit_notify(p.volunteer.user, Notification.Kind.CONFIRMED, gettext("'%(title)s' 봉사가 확정되었습니다") % {"title": need.title},
                                 gettext("활동 장소와 연락처를 요청 상세에서 확인하세요."), _need_url(need))
    return p


def proposal_decline(*, user: User, proposal_id: int, reason: str, note: str = "") -> Proposal:
    """The volunteer says no (with a reason that feeds learning); the next candidate is asked."""
    if reason not in DeclineReason.values:
        raise MatchError(gettext("거절 사유를 골라 주세요."))
    with transaction.atomic():
        slot_id = Proposal.objects.values_list("slot_id", flat=True).get(pk=proposal_id)
        slot = _lock_slot(slot_id)
        p = Proposal.objects.select_for_update().select_related("volunteer").get(pk=proposal_id)
        if p.volunteer.user_id != user.pk:
            raise PermissionDenied(gettext("본인에게 온 제안만 거절할 수 있습니다."))
        if p.status == Proposal.Status.DECLINED:
            return p
        if p.status not in (Proposal.Status.PENDING, Proposal.Status.ACCEPTED, Proposal.Status.WAITLISTED):
            raise MatchError(gettext("이 제안은 이미 '%(status)s' 상태입니다.") % {"status": p.get_status_display()})
        Booking.objects.filter(proposal=p, status__in=Booking.ACTIVE).update(
            status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
        p.status = Proposal.Status.DECLINED
        p.decline_reason = reason
        p.decline_note = note[:200]
        p.responded_at = timezone.now()
        p.save(update_fields=["status", "decline_reason", "decline_note", "responded_at", "updated_at"])
        VolunteerProfile.objects.filter(pk=p.volunteer_id).update(declined_count=F("declined_count") + 1)
        audit_record(actor=user, action="proposal_decline", target=p, data={"reason": reason})
        _sync_need_status(slot.need)
        _enqueue_refill(slot.pk)
    return p


def slot_apply(*, user: User, slot_id: int) -> Proposal:
    """The one-way path: a volunteer applies directly; a seat is held or they join the waitlist."""
    profile = VolunteerProfile.objects.filter(user=user).first()
    if profile is None:
        raise MatchError(gettext("봉사자 프로필을 먼저 만들어 주세요."))
    with transaction.atomic():
        slot = _lock_slot(slot_id)
        need = slot.need
        if need.status not in (Need.Status.OPEN, Need.Status.FILLED) or slot.start <= timezone.now():
            raise MatchError(gettext("지금은 신청할 수 없는 활동입니다."))
        problem = _eligibility_problem(profile, need) or commitment_conflict(profile, slot)
        if problem:
            raise MatchError(problem)
        p = Proposal.objects.select_for_update().filter(slot=slot, volunteer=profile).first()
        if p is not None and p.status in (Proposal.Status.ACCEPTED, Proposal.Status.CONFIRMED,
                                          Proposal.Status.WAITLISTED):
            return p  # applied already
        if p is not None and p.status not in (Proposal.Status.PENDING,):
            raise MatchError(gettext("이 활동에는 이미 응답하셨습니다."))
        now = timezone.now()
        if p is None:
            p = Proposal.objects.create(slot=slot, volunteer=profile, source=Proposal.Source.APPLY,
                                        status=Proposal.Status.PENDING)
        seat = _free_seat(slot)
        if seat is None:
            p.status = Proposal.Status.WAITLISTED
            p.volunteer_accepted_at = now
            p.save(update_fields=["status", "volunteer_accepted_at", "updated_at"])
            audit_record(actor=user, action="slot_waitlist", target=p)
            return p
        confirmed = p.requester_accepted_at is not None
        Booking.objects.create(slot=slot, volunteer=profile, proposal=p, seat=seat,
                               status=Booking.Status.CONFIRMED if confirmed else Booking.Status.HELD,
                               confirmed_at=now if confirmed else None)
        p.status = Proposal.Status.CONFIRMED if confirmed else Proposal.Status.ACCEPTED
        p.volunteer_accepted_at = now
        p.responded_at = now
        p.save(update_fields=["status", "volunteer_accepted_at", "responded_at", "updated_at"])
        audit_record(actor=user, action="slot_apply", target=p, data={"seat": seat})
        _close_pending_if_full(slot)
        _sync_need_status(need)
        for requester in _requester_side_users(need):
            _after_commit_notify(requester, Notification.Kind.ACCEPTED,
                                 gettext("%(name)s님이 '%(title)s'에 신청했습니다") % {"name": user.display_name, "title": need.title},
                                 gettext("확정해 주시면 연락처가 봉사자에게 공개됩니다."), _need_url(need))
    return p


def booking_cancel(*, user: User, booking_id: int, reason: str = "") -> Booking:
    """The volunteer cancels; the freed seat goes to the waitlist first, then to the engine."""
    with transaction.atomic():
        slot_id = Booking.objects.values_list("slot_id", flat=True).get(pk=booking_id)
        slot = _lock_slot(slot_id)
        b = Booking.objects.select_for_update().select_related("volunteer__user", "proposal").get(pk=booking_id)
        if b.volunteer.user_id != user.pk:
            raise PermissionDenied(gettext("본인의 예약만 취소할 수 있습니다."))
        if b.status == Booking.Status.CANCELLED:
            return b
        if b.status not in Booking.ACTIVE:
            raise MatchError(gettext("이미 끝난 활동은 취소할 수 없습니다."))
        if slot.start <= timezone.now():
            raise MatchError(gettext("이미 시작한 활동은 취소할 수 없습니다. 담당자에게 연락해 주세요."))
        b.status = Booking.Status.CANCELLED
        b.cancelled_at = timezone.now()
        b.save(update_fields=["status", "cancelled_at", "updated_at"])
        Proposal.objects.filter(pk=b.proposal_id).update(status=Proposal.Status.CANCELLED, updated_at=timezone.now())
        audit_record(actor=user, action="booking_cancel", target=b, data={"reason": reason[:200]})
        _sync_need_status(slot.need)
        for requester in _requester_side_users(slot.need):
            _after_commit_notify(requester, Notification.Kind.CANCELLED,
                                 gettext("%(name)s님이 '%(title)s' 참여를 취소했습니다") % {"name": b.volunteer.user.display_name, "title": slot.need.title},
                                 gettext("빈자리는 대기자나 다른 봉사자에게 다시 제안합니다."), _need_url(slot.need))
        _offer_to_waitlist_or_refill(slot)
    return b


def _offer_to_waitlist_or_refill(slot: Slot) -> None:
    waiting = (Proposal.objects.select_for_update().filter(slot=slot, status=Proposal.Status.WAITLISTED)
               .select_related("volunteer__user").order_by("volunteer_accepted_at", "id").first())
    if waiting is not None:
        waiting.status = Proposal.Status.PENDING
        waiting.expires_at = min(timezone.now() + PROPOSAL_TTL, slot.start)
        waiting.save(update_fields=["status", "expires_at", "updated_at"])
        _after_commit_notify(waiting.volunteer.user, Notification.Kind.WAITLIST,
                             gettext("'%(title)s'에 자리가 났습니다") % {"title": slot.need.title},
                             gettext("기한 안에 수락하시면 참여가 확정됩니다."), _need_url(slot.need))
    else:
        _enqueue_refill(slot.pk)


def need_cancelled(*, need_id: int) -> int:
    """A cancelled need releases everyone: open proposals and active bookings of its future
    slots are cancelled and each volunteer is told once (no reminder for an activity that is
    off). Slots already held keep their bookings for the record."""
    need = Need.objects.get(pk=need_id)
    if need.status != Need.Status.CANCELLED:
        return 0
    told: dict[int, User] = {}
    with transaction.atomic():
        for slot_id in need.slots.filter(start__gt=timezone.now()).order_by("pk").values_list("pk", flat=True):
            slot = _lock_slot(slot_id)
            now = timezone.now()
            open_ = list(Proposal.objects.filter(slot=slot, status__in=Proposal.ACTIVE)
                         .select_related("volunteer__user"))
            if not open_:
                continue
            Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).update(
                status=Booking.Status.CANCELLED, cancelled_at=now, updated_at=now)
            Proposal.objects.filter(pk__in=[p.pk for p in open_]).update(
                status=Proposal.Status.CANCELLED, updated_at=now)
            for p in open_:
                told[p.volunteer.user_id] = p.volunteer.user
        if told:
            audit_record(actor=None, action="need_cancelled_release", target=need, data={"volunteers": len(told)})
    for user in told.values():
        notification_send(user=user, kind=Notification.Kind.CANCELLED, title=gettext("'%(title)s' 요청이 취소되었습니다") % {"title": need.title},
                          body=gettext("요청하신 분의 사정으로 활동이 취소되었습니다. 다음에 또 제안드릴게요."),
                          url=reverse("matching:my_proposals"), dedupe_key=f"need-cancelled:{need.pk}")
    return len(told)


# ---------------------------------------------------------------- requester side

def _require_requester_side(actor: User, need: Need) -> None:
    if not can_write_need(actor, need):
        raise PermissionDenied(gettext("이 요청의 담당자만 할 수 있습니다."))


def proposal_confirm(*, actor: User, proposal_id: int) -> Proposal:
    """The requester side agrees: a held seat becomes confirmed, or the agreement is recorded
    so that the volunteer's later acceptance confirms at once."""
    with transaction.atomic():
        slot_id = Proposal.objects.values_list("slot_id", flat=True).get(pk=proposal_id)
        slot = _lock_slot(slot_id)
        _require_requester_side(actor, slot.need)
        p = Proposal.objects.select_for_update().select_related("volunteer__user").get(pk=proposal_id)
        now = timezone.now()
        if p.status == Proposal.Status.CONFIRMED:
            return p
        if p.status == Proposal.Status.ACCEPTED:
            Booking.objects.filter(proposal=p, status=Booking.Status.HELD).update(
                status=Booking.Status.CONFIRMED, confirmed_at=now, updated_at=now)
            p.status = Proposal.Status.CONFIRMED
        elif p.status != Proposal.Status.PENDING:
            raise MatchError(gettext("이 제안은 '%(status)s' 상태라 확정할 수 없습니다.") % {"status": p.get_status_display()})
        p.requester_accepted_at = now
        p.requester_accepted_by = actor
        p.save(update_fields=["status", "requester_accepted_at", "requester_accepted_by", "updated_at"])
        audit_record(actor=actor, action="proposal_confirm", target=p, data={"status": p.status})
        if p.status == Proposal.Status.CONFIRMED:
            _after_commit_notify(p.volunteer.user, Notification.Kind.CONFIRMED,
                                 gettext("'%(title)s' 봉사가 확정되었습니다") % {"title": slot.need.title},
                                 gettext("활동 장소와 연락처를 요청 상세에서 확인하세요."), _need_url(slot.need))
    return p


def proposal_reject(*, actor: User, proposal_id: int, note: str = "") -> Proposal:
    with transaction.atomic():
        slot_id = Proposal.objects.values_list("slot_id", flat=True).get(pk=proposal_id)
        slot = _lock_slot(slot_id)
        _require_requester_side(actor, slot.need)
        p = Proposal.objects.select_for_update().select_related("volunteer__user").get(pk=proposal_id)
        if p.status == Proposal.Status.REJECTED:
            return p
        if p.status not in (Proposal.Status.PENDING, Proposal.Status.ACCEPTED, Proposal.Status.WAITLISTED):
            raise MatchError(gettext("이 제안은 '%(status)s' 상태입니다.") % {"status": p.get_status_display()})
        Booking.objects.filter(proposal=p, status__in=Booking.ACTIVE).update(
            status=Booking.Status.CANCELLED, cancelled_at=timezone.now())
        p.status = Proposal.Status.REJECTED
        p.decline_note = note[:200]
        p.save(update_fields=["status", "decline_note", "updated_at"])
        audit_record(actor=actor, action="proposal_reject", target=p)
        _sync_need_status(slot.need)
        _after_commit_notify(p.volunteer.user, Notification.Kind.DECLINED,
                             gettext("'%(title)s' 참여가 이번에는 어렵게 되었습니다") % {"title": slot.need.title},
                             gettext("요청하신 분의 사정으로 다른 분과 진행합니다. 다음에 또 제안드릴게요."))
        _offer_to_waitlist_or_refill(slot)
    return p


def volunteer_invite(*, actor: User, slot_id: int, profile_id: int, team: Team | None = None) -> Proposal:
    """Staff or a camp manager invites a candidate; the invitation already carries their yes."""
    with transaction.atomic():
        slot = _lock_slot(slot_id)
        _require_requester_side(actor, slot.need)
        profile = VolunteerProfile.objects.select_related("user").get(pk=profile_id)
        problem = _eligibility_problem(profile, slot.need)
        if problem:
            raise MatchError(problem)
        now = timezone.now()
        p = Proposal.objects.select_for_update().filter(slot=slot, volunteer=profile).first()
        if p is None:
            p = Proposal.objects.create(
                slot=slot, volunteer=profile, team=team, source=Proposal.Source.INVITE,
                status=Proposal.Status.PENDING, expires_at=min(now + PROPOSAL_TTL, slot.start),
                requester_accepted_at=now, requester_accepted_by=actor,
            )
        elif p.status == Proposal.Status.PENDING:
            p.requester_accepted_at, p.requester_accepted_by = now, actor
            if team is not None:  # the leader was asked alone before: now for the team
                p.team = team
            p.save(update_fields=["requester_accepted_at", "requester_accepted_by", "team", "updated_at"])
        elif p.status in (Proposal.Status.ACCEPTED, Proposal.Status.CONFIRMED):
            return proposal_confirm(actor=actor, proposal_id=p.pk)
        else:
            raise MatchError(gettext("이 봉사자에게 보낸 제안은 이미 '%(status)s' 상태입니다.") % {"status": p.get_status_display()})
        audit_record(actor=actor, action="volunteer_invite", target=p, data={"team": getattr(team, "pk", None)})
        _after_commit_notify(profile.user, Notification.Kind.PROPOSAL,
                             gettext("'%(title)s' 봉사에 초대받았습니다") % {"title": slot.need.title},
                             p.reason or gettext("담당자가 직접 초대했습니다. 수락하시면 바로 확정됩니다."),
                             reverse("matching:my_proposals"))
    return p


def team_accept(*, user: User, proposal_id: int) -> list[Booking]:
    """A team leader accepts a team proposal: seats for the members, as one unit, all or none."""
    with transaction.atomic():
        slot_id = Proposal.objects.values_list("slot_id", flat=True).get(pk=proposal_id)
        slot = _lock_slot(slot_id)
        # of=self: the team is a nullable (outer) join, which PostgreSQL cannot lock.
        p = Proposal.objects.select_for_update(of=("self",)).select_related("team", "volunteer").get(pk=proposal_id)
        team = p.team
        if team is None or team.leader_id != user.pk:
            raise PermissionDenied(gettext("봉사단 대표만 봉사단 제안을 수락할 수 있습니다."))
        members = list(
            VolunteerProfile.objects.filter(user__teammembership__team=team, is_active=True).select_related("user")
            .exclude(pk=p.volunteer_id).order_by("pk")
        )
        free = seats_left(slot)
        wanted = 1 + len(members)
        if free < wanted:
            raise SlotFullError(gettext("남은 자리(%(free)s명)가 봉사단 인원(%(wanted)s명)보다 적습니다.") % {"free": free, "wanted": wanted})
        # Every member must be able to take the seat (age group, qualifications, other
        # commitments), checked before any seat is taken: all or none.
        for m in members:
            problem = _eligibility_problem(m, slot.need) or commitment_conflict(m, slot)
            if problem:
                raise MatchError(gettext("%(name)s님: %(problem)s") % {"name": m.user.display_name, "problem": problem})
        bookings = [proposal_accept(user=user, proposal_id=p.pk).booking]
        now = timezone.now()
        for m in members:
            mp, _ = Proposal.objects.get_or_create(
                slot=slot, volunteer=m,
                defaults={"team": team, "source": Proposal.Source.INVITE, "status": Proposal.Status.PENDING,
                          "requester_accepted_at": p.requester_accepted_at},
            )
            seat = _free_seat(slot)
            assert seat is not None  # checked above under the same lock
            status = Booking.Status.CONFIRMED if p.requester_accepted_at else Booking.Status.HELD
            bookings.append(Booking.objects.create(slot=slot, volunteer=m, proposal=mp, seat=seat, status=status,
                                                   confirmed_at=now if p.requester_accepted_at else None))
            mp.status = Proposal.Status.CONFIRMED if p.requester_accepted_at else Proposal.Status.ACCEPTED
            mp.volunteer_accepted_at = now
            mp.responded_at = now
            mp.save(update_fields=["status", "volunteer_accepted_at", "responded_at", "updated_at"])
            if p.requester_accepted_at:
                _after_commit_notify(m.user, Notification.Kind.CONFIRMED, gettext("'%(title)s' 봉사가 확정되었습니다") % {"title": slot.need.title},
                                     gettext("%(team)s 대표님이 봉사단으로 수락했습니다. 활동 장소와 연락처를 요청 상세에서 확인하세요.") % {"team": team.name},
                                     _need_url(slot.need))
        audit_record(actor=user, action="team_accept", target=p, data={"team": team.pk, "seats": len(bookings)})
        # The members' seats may have filled the slot: close the offers still open to others.
        _close_pending_if_full(slot)
        _sync_need_status(slot.need)
    return bookings


# ---------------------------------------------------------------- engine runs

def _slot_open_capacity(slot: Slot) -> int:
    """Free seats that are not yet being offered to someone."""
    pending = Proposal.objects.filter(slot=slot, status=Proposal.Status.PENDING).count()
    return seats_left(slot) * FANOUT - pending


def _offer(slot: Slot, ranked: list[engine.Ranked], idx_profiles: dict[str, VolunteerProfile],
           want: int, run: MatchRun | None) -> int:
    """Create up to `want` pending proposals for the slot from a ranked list."""
    if want <= 0:
        return 0
    already = set(Proposal.objects.filter(slot=slot).values_list("volunteer_id", flat=True))
    made = 0
    now = timezone.now()
    for rank, r in enumerate(ranked, start=1):
        profile = idx_profiles.get(r.id)
        if profile is None or profile.pk in already or commitment_conflict(profile, slot):
            continue
        try:
            with transaction.atomic():
                Proposal.objects.create(
                    slot=slot, volunteer=profile, run=run, source=Proposal.Source.ENGINE,
                    status=Proposal.Status.PENDING, score=r.score, rank=rank, reason=r.reason[:300],
                    expires_at=min(now + PROPOSAL_TTL, slot.start),
                )
        except IntegrityError:
            continue  # proposed meanwhile by another run
        _after_commit_notify(profile.user, Notification.Kind.PROPOSAL, gettext("새 봉사 제안: %(title)s") % {"title": slot.need.title},
                             r.reason, reverse("matching:my_proposals"))
        made += 1
        if made >= want:
            break
    return made


def slot_refill(*, slot_id: int, run: MatchRun | None = None) -> int:
    """Ask the next best candidates for a slot's free seats; returns proposals made."""
    with transaction.atomic():
        slot = _lock_slot(slot_id)
        need = slot.need
        if need.status != Need.Status.OPEN or slot.start <= timezone.now():
            return 0
        want = _slot_open_capacity(slot)
        if want <= 0:
            return 0
        idx = adapter.indexes.for_district(need.dong.district)
        record = adapter.need_record(need, [slot])
        ranked = idx.engine.recommend_volunteers(record, top=want + 20)
        made = _offer(slot, ranked, idx.profiles, want, run)
        if made:
            audit_record(actor=None, action="slot_refill", target=slot, data={"proposals": made})
        return made


def _run_finish(run: MatchRun, *, error: str = "") -> MatchRun:
    run.finished_at = timezone.now()
    run.status = MatchRun.Status.FAILED if error else MatchRun.Status.DONE
    run.error = error
    run.save(update_fields=["finished_at", "status", "error", "n_proposals", "n_slots", "n_volunteers", "figures"])
    return run


def match_need(*, need_id: int, kind: str = MatchRun.Kind.NEED) -> MatchRun:
    """Proposals for every future slot of one need (on creation, or to fill again)."""
    need = Need.objects.select_related("dong__district", "field", "organization").get(pk=need_id)
    run = MatchRun.objects.create(kind=kind, need=need)
    try:
        slots = list(need.slots.filter(start__gt=timezone.now()))
        made = sum(slot_refill(slot_id=s.pk, run=run) for s in slots)
        idx = adapter.indexes.for_district(need.dong.district)
        run.n_slots, run.n_proposals, run.n_volunteers = len(slots), made, len(idx.profiles)
        run.figures = {"seconds": (timezone.now() - run.started_at).total_seconds()}
        return _run_finish(run)
    except Exception as exc:  # recorded on the run, then re-raised for the task backend
        logger.exception("match_need failed")
        _run_finish(run, error=repr(exc))
        raise


def match_profile(*, profile_id: int, top: int = 3) -> MatchRun:
    """After a profile change: propose the volunteer's best open needs that still need people."""
    profile = (VolunteerProfile.objects.select_related("home_dong__district", "user")
               .prefetch_related("availability", "interest_fields").get(pk=profile_id))
    run = MatchRun.objects.create(kind=MatchRun.Kind.PROFILE, volunteer=profile)
    try:
        if not profile.is_active:
            return _run_finish(run)
        now = timezone.now()
        needs = list(
            Need.objects.open().filter(slots__start__gt=now).distinct()
            .select_related("field__parent", "organization", "dong__district")
            .prefetch_related("slots")
        )
        records = [adapter.need_record(n, [s for s in n.slots.all() if s.start > now]) for n in needs]
        eng = engine.MatchEngine(adapter.load_model())
        eng.index([adapter.volunteer_record(profile)])
        ranked = eng.recommend_needs(adapter.volunteer_record(profile), records, top=top * 3)
        by_id = {str(n.pk): n for n in needs}
        made = 0
        for r in ranked:
            need = by_id[r.id]
            # The engine found the need feasible by one of its slots: offer one that fits.
            fitting = (s for s in need.slots.all() if s.start > now and adapter.slot_fits(profile, s))
            for slot in sorted(fitting, key=lambda s: s.start):
                with transaction.atomic():
                    locked = _lock_slot(slot.pk)
                    if _slot_open_capacity(locked) <= 0:
                        continue
                    if _offer(locked, [engine.Ranked(str(profile.pk), r.score, r.reason)],
                              {str(profile.pk): profile}, 1, run):
                        made += 1
                        break
            if made >= top:
                break
        run.n_proposals, run.n_slots, run.n_volunteers = made, len(needs), 1
        return _run_finish(run)
    except Exception as exc:
        logger.exception("match_profile failed")
        _run_finish(run, error=repr(exc))
        raise


def match_global() -> MatchRun:
    """The scheduled global assignment of all open seats of the city, in one transaction."""
    run = MatchRun.objects.create(kind=MatchRun.Kind.GLOBAL)
    try:
        now = timezone.now()
        slots = list(
            Slot.objects.filter(need__status=Need.Status.OPEN, start__gt=now)
            .select_related("need__field__parent", "need__organization", "need__dong__district")
            .order_by("need_id", "start")
        )
        booked = dict(
            Booking.objects.filter(slot__in=slots, status__in=Booking.ACTIVE)
            .values("slot_id").annotate(n=Count("id")).values_list("slot_id", "n")
        ) if slots else {}
        pending: dict[int, int] = {}
        for sid in Proposal.objects.filter(slot__in=slots, status=Proposal.Status.PENDING).values_list("slot_id", flat=True):
            pending[sid] = pending.get(sid, 0) + 1
        by_need: dict[int, list[Slot]] = {}
        for s in slots:
            free = s.headcount - booked.get(s.pk, 0) - pending.get(s.pk, 0)
            if free > 0:
                by_need.setdefault(s.need_id, []).append(s)
        records = []
        slot_of: dict[tuple[str, int], Slot] = {}
        for group in by_need.values():
            need = group[0].need
            heads = [s.headcount - booked.get(s.pk, 0) - pending.get(s.pk, 0) for s in group]
            records.append(adapter.need_record(need, group, headcounts=heads))
            for i, s in enumerate(group):
                slot_of[(str(need.pk), i)] = s
        profiles = list(adapter.active_profiles())
        by_pid = {str(p.pk): p for p in profiles}
        eng = engine.MatchEngine(adapter.load_model())
        assignments = eng.assign([adapter.volunteer_record(p) for p in profiles], records) if records else []
        chosen: dict[int, list[engine.Ranked]] = {}
        for a in sorted(assignments, key=lambda a: -a.score):
            chosen.setdefault(slot_of[(a.need_id, a.slot)].pk, []).append(
                engine.Ranked(a.volunteer_id, a.score, a.reasons[0] if a.reasons else ""))
        made = 0
        with transaction.atomic():
            # Slots locked in one order (as need_cancelled does), and each one's free seats
            # counted again: the other worker may have asked people for them while the
            # engine ran (a new request's run, a refill).
            for slot_id in sorted(chosen):
                slot = _lock_slot(slot_id)
                free = seats_left(slot) - Proposal.objects.filter(slot=slot, status=Proposal.Status.PENDING).count()
                made += _offer(slot, chosen[slot_id], by_pid, free, run)
        seats = sum(s.headcount - booked.get(s.pk, 0) - pending.get(s.pk, 0) for g in by_need.values() for s in g)
        run.n_slots, run.n_volunteers, run.n_proposals = sum(len(g) for g in by_need.values()), len(profiles), made
        run.figures = {
            "open_seats": seats, "proposals": made,
            "seat_coverage": round(made / seats, 4) if seats else 0.0,
            "expected_accepted": round(sum(a.score for a in assignments), 2),
            "seconds": round((timezone.now() - run.started_at).total_seconds(), 2),
        }
        return _run_finish(run)
    except Exception as exc:
        logger.exception("match_global failed")
        _run_finish(run, error=repr(exc))
        raise


# ---------------------------------------------------------------- time-driven changes

def proposals_expire(*, now: datetime | None = None) -> int:
    """Pending proposals past their deadline expire; their slots ask the next candidates."""
    now = now or timezone.now()
    expired = list(Proposal.objects.filter(status=Proposal.Status.PENDING, expires_at__lt=now)
                   .values_list("pk", "slot_id"))
    if not expired:
        return 0
    # Only those still pending: one accepted since the list was read keeps its seat.
    n = Proposal.objects.filter(pk__in=[pk for pk, _ in expired], status=Proposal.Status.PENDING).update(
        status=Proposal.Status.EXPIRED, updated_at=now)
    for slot_id in {sid for _, sid in expired}:
        _enqueue_refill(slot_id)
    return n


def slots_escalate(*, now: datetime | None = None) -> int:
    """Slots still short shortly before they start go to the dong's camp manager (once)."""
    now = now or timezone.now()
    sent = 0
    slots = (Slot.objects.filter(start__gt=now, start__lte=now + ESCALATE_BEFORE, need__status=Need.Status.OPEN)
             .select_related("need__dong__district"))
    for slot in slots:
        left = seats_left(slot)
        if left <= 0:
            continue
        managers = _camp_managers(slot.need) or list(
            User.objects.filter(roles__role=Role.CENTRE_ADMIN).distinct())
        for manager in managers:
            note = notification_send(
                user=manager, kind=Notification.Kind.ESCALATION,
                title=gettext("인원 부족: %(title)s (%(start)s)") % {"title": slot.need.title, "start": format(timezone.localtime(slot.start), "%m/%d %H:%M")},
                body=gettext("%(dong)s · 아직 %(left)s명이 더 필요합니다. 직접 연결을 도와주세요.") % {"dong": slot.need.dong, "left": left},
                url=_need_url(slot.need), dedupe_key=f"escalate:slot:{slot.pk}",
            )
            sent += note is not None
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """A reminder the day before each confirmed activity."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    sent = 0
    for b in (Booking.objects.filter(status=Booking.Status.CONFIRMED, slot__start__date=tomorrow)
              .select_related("slot__need", "volunteer__user")):
        note = notification_send(
            user=b.volunteer.user, kind=Notification.Kind.REMINDER,
            title=gettext("내일 %(start)s '%(title)s' 봉사가 있습니다") % {"start": format(timezone.localtime(b.slot.start), "%H:%M"), "title": b.slot.need.title},
            body=gettext("장소와 연락처는 요청 상세에서 확인하세요. 못 가시게 되면 미리 취소해 주세요."),
            url=_need_url(b.slot.need), dedupe_key=f"remind:booking:{b.pk}",
        )
        sent += note is not None
    return sent


def model_learn(*, seed: int = 0, min_outcomes: int = 30) -> dict[str, object]:
    """Fit the engine's preference model to answered proposals and save it for every worker."""
    answered = list(
        Proposal.objects.filter(source=Proposal.Source.ENGINE)
        .filter(Q(volunteer_accepted_at__isnull=False) | Q(status=Proposal.Status.DECLINED))
        .select_related("slot__need__field__parent", "slot__need__organization")
        .order_by("pk")
    )
    accepted = sum(1 for p in answered if p.volunteer_accepted_at)
    if len(answered) < min_outcomes or accepted == 0 or accepted == len(answered):
        return {"fitted": False, "outcomes": len(answered), "accepted": accepted}
    needs = {p.slot.need_id: p.slot.need for p in answered}
    slots = {p.slot_id: p.slot for p in answered}
    pids = {p.volunteer_id for p in answered}
    # everyone who answered, paused volunteers too: their answers still teach
    profiles = list(adapter.profiles_for_engine(VolunteerProfile.objects.filter(pk__in=pids)))
    need_records = []
    slot_index: dict[int, int] = {}
    for need in needs.values():
        mine = sorted((s for s in slots.values() if s.need_id == need.pk), key=lambda s: s.pk)
        for i, s in enumerate(mine):
            slot_index[s.pk] = i
        need_records.append(adapter.need_record(need, mine))
    outcomes = [
        engine.Outcome(str(p.slot.need_id), slot_index[p.slot_id], str(p.volunteer_id),
                       "accepted" if p.volunteer_accepted_at else "declined")
        for p in answered
    ]
    eng = engine.MatchEngine(adapter.load_model())
    model = eng.learn([adapter.volunteer_record(p) for p in profiles], need_records, outcomes, seed=seed)
    path = adapter.model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(str(path))
    return {"fitted": True, "outcomes": len(answered), "accepted": accepted, "path": str(path)}


def booking_feedback(*, actor: User, booking_id: int, status: str, rating: int | None = None) -> Booking:
    """After the activity: completed or no-show (requester side), with ratings of both sides."""
    with transaction.atomic():
        b = Booking.objects.select_for_update().select_related("slot__need", "volunteer").get(pk=booking_id)
        if status not in (Booking.Status.COMPLETED, Booking.Status.NO_SHOW):
            raise MatchError(gettext("활동 결과가 올바르지 않습니다."))
        _require_requester_side(actor, b.slot.need)
        if b.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW):
            raise MatchError(gettext("확정된 활동만 결과를 기록할 수 있습니다."))
        if b.slot.start > timezone.now():
            raise MatchError(gettext("활동이 시작된 뒤에 결과를 기록할 수 있습니다."))
        previous = b.status
        b.status = status
        if rating is not None:
            if not 1 <= rating <= 5:
                raise MatchError(gettext("평가는 1점에서 5점 사이입니다."))
            b.volunteer_rating = rating
        b.save(update_fields=["status", "volunteer_rating", "updated_at"])
        if previous != status:
            field = "completed_count" if status == Booking.Status.COMPLETED else "no_show_count"
            VolunteerProfile.objects.filter(pk=b.volunteer_id).update(**{field: F(field) + 1})
            if previous in (Booking.Status.COMPLETED, Booking.Status.NO_SHOW):
                old = "completed_count" if previous == Booking.Status.COMPLETED else "no_show_count"
                VolunteerProfile.objects.filter(pk=b.volunteer_id).update(**{old: F(old) - 1})
        audit_record(actor=actor, action="booking_feedback", target=b, data={"status": status, "rating": rating})
    return b
