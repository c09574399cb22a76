"""Every state change of activities: check-in and check-out, attendance by hand, no-shows,
hours approval, disputes and corrections (each one a history row), certificates, insurance
claims and leaderboard opt-ins.

Hours rules (자원봉사활동 기본법 practice, PRIVACY.md): minutes from check-in to check-out,
never more than the slot lasts, never more than 8 hours a day per volunteer (counting every
session of that day that is not rejected), entered within 90 days of the activity unless a
centre admin overrides with a reason. Every service that changes minutes locks the
volunteer's profile row first, so two sessions of the same day cannot both take the last
hours of the daily cap.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from itda.accounts.models import User
from itda.activities.models import (
    DAILY_MAX_MINUTES,
    ENTRY_DEADLINE_DAYS,
    ActivitySession,
    Certificate,
    HoursCorrection,
    InsuranceClaim,
    RecognitionPreference,
)
from itda.activities.tokens import token_read
from itda.core.access import is_centre_admin
from itda.core.audit import audit_record
from itda.core.templatetags.itda import mask_name
from itda.core.validators import contains_rrn
from itda.matching.models import Booking
from itda.needs.access import can_write_need
from itda.needs.models import Slot
from itda.notifications.models import Notification
from itda.notifications.services import notification_send
from itda.volunteers.models import VolunteerProfile

# Volunteers may check in a little early and check out a while after the planned end; the
# credited minutes are capped by the slot's length anyway.
CHECK_IN_EARLY = timedelta(minutes=60)
CHECK_OUT_LATE = timedelta(hours=3)
# Certificates with more sessions than this are made by the task worker, not in the request.
CERTIFICATE_SYNC_MAX_SESSIONS = 50


class ActivityError(ValueError):
    """An activity action that cannot be done, with a Korean message for the person."""


# ---------------------------------------------------------------- helpers

def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _minutes_between(start: datetime, end: datetime) -> int:
    return max(int((end - start).total_seconds() // 60), 0)


def _require_requester_side(actor: User, slot: Slot) -> None:
    if not can_write_need(actor, slot.need):
        raise ActivityError(gettext("이 활동의 담당자(기관·캠프·센터)만 할 수 있습니다."))


def _lock_volunteer(profile_id: int) -> VolunteerProfile:
    return VolunteerProfile.objects.select_for_update().get(pk=profile_id)


def _lock_session(session_id: int) -> ActivitySession:
    # Lock the one row by its key first, then read its relations without FOR UPDATE: a locking
    # five-table join locks rows nobody changes, and PostgreSQL planned it badly on bloated
    # test tables (seconds per call).
    ActivitySession.objects.select_for_update().filter(pk=session_id).values_list("pk").get()
    return ActivitySession.objects.select_related("slot__need", "volunteer__user", "booking").get(pk=session_id)


def day_used_minutes(*, volunteer_id: int, day: date, exclude_session_id: int | None = None) -> int:
    """Minutes already counted on that day for the volunteer (everything not rejected)."""
    qs = ActivitySession.objects.filter(volunteer_id=volunteer_id, activity_date=day).exclude(
        status=ActivitySession.Status.REJECTED)
    if exclude_session_id is not None:
        qs = qs.exclude(pk=exclude_session_id)
    return int(qs.aggregate(m=Sum("minutes"))["m"] or 0)


def credit_minutes(*, raw: int, slot_minutes: int, day_used: int) -> int:
    """The minutes a session may be credited: its own length, capped by the slot and the day."""
    return max(0, min(raw, slot_minutes, DAILY_MAX_MINUTES - day_used))


def _late_entry(actor: User, session: ActivitySession, override_reason: str, at: datetime) -> bool:
    """Hours are entered within 90 days of the activity; later only a centre admin, with a reason."""
    deadline = session.activity_date + timedelta(days=ENTRY_DEADLINE_DAYS)
    if timezone.localdate(at) <= deadline:
        return False
    if not is_centre_admin(actor):
        raise ActivityError(
            gettext("활동일로부터 %(days)s일이 지나 담당자가 시간을 입력할 수 없습니다. "
                    "자원봉사센터에 사유와 증빙을 보내 승인을 요청해 주세요.") % {"days": ENTRY_DEADLINE_DAYS})
    if not override_reason.strip():
        raise ActivityError(gettext("기한이 지난 활동 시간을 인정하려면 사유를 적어 주세요."))
    return True


def _history(session: ActivitySession, *, actor: User | None, kind: str, minutes_before: int,
             status_before: str, reason: str = "", late: bool = False) -> HoursCorrection:
    return HoursCorrection.objects.create(
        session=session, actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind, minutes_before=minutes_before, minutes_after=session.minutes,
        status_before=status_before, status_after=session.status, reason=reason[:300],
        late_override=late,
    )


_COUNTER: dict[str, str] = {Booking.Status.COMPLETED: "completed_count", Booking.Status.NO_SHOW: "no_show_count"}


def _booking_outcome(booking: Booking, status: str) -> None:
    """Mark the booking completed or no-show, keeping the profile's counters like matching does."""
    previous = booking.status
    if previous == status:
        return
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    VolunteerProfile.objects.filter(pk=booking.volunteer_id).update(
        **{_COUNTER[status]: F(_COUNTER[status]) + 1})
    if previous in _COUNTER:
        VolunteerProfile.objects.filter(pk=booking.volunteer_id).update(
            **{_COUNTER[previous]: F(_COUNTER[previous]) - 1})


def _attending_booking(slot: Slot, user: User) -> Booking:
    booking = (Booking.objects.select_for_update()
               .filter(slot=slot, volunteer__user=user,
                       status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED])
               .first())
    if booking is None:
        raise ActivityError(gettext("이 활동에 확정된 참여 기록이 없습니다. 확정된 봉사자만 체크인할 수 있습니다."))
    return booking


# ---------------------------------------------------------------- attendance

def attendance_scan(*, user: User, token: str, at: datetime | None = None) -> ActivitySession:
    """The volunteer scanned the slot's QR code: check in or check out, as the code says."""
    now = _now(at)
    checkin = token_read(token)
    slot = Slot.objects.select_related("need").filter(pk=checkin.slot_id).first()
    if slot is None:
        raise ActivityError(gettext("활동을 찾을 수 없습니다."))
    profile = VolunteerProfile.objects.filter(user=user).first()
    if profile is None:
        raise ActivityError(gettext("봉사자 프로필이 있어야 체크인할 수 있습니다."))
    with transaction.atomic():
        _lock_volunteer(profile.pk)
        booking = _attending_booking(slot, user)
        session = ActivitySession.objects.filter(booking=booking).first()
        if checkin.purpose == "in":
            return _check_in(user, slot, booking, session, now)
        return _check_out(user, slot, booking, session, now)


def _check_in(user: User, slot: Slot, booking: Booking, session: ActivitySession | None,
              now: datetime) -> ActivitySession:
    if session is not None and session.check_in_at is not None:
        return session  # a second scan changes nothing
    if now < slot.start - CHECK_IN_EARLY:
        raise ActivityError(gettext("아직 체크인할 수 없습니다. 활동 시작 1시간 전부터 체크인할 수 있습니다."))
    if now > slot.end:
        raise ActivityError(gettext("활동 시간이 끝나 체크인할 수 없습니다. 담당자에게 출석 확인을 요청해 주세요."))
    if session is None:
        session = ActivitySession(booking=booking, volunteer_id=booking.volunteer_id, slot=slot,
                                  activity_date=timezone.localdate(slot.start))
    session.check_in_at = now
    session.method = ActivitySession.Method.QR
    session.status = ActivitySession.Status.OPEN
    session.save()
    _history(session, actor=user, kind=HoursCorrection.Kind.CHECK_IN, minutes_before=0,
             status_before=ActivitySession.Status.OPEN)
    audit_record(actor=user, action="attendance_check_in", target=session, data={"slot": slot.pk})
    return session


def _check_out(user: User, slot: Slot, booking: Booking, session: ActivitySession | None,
               now: datetime) -> ActivitySession:
    if session is None or session.check_in_at is None:
        raise ActivityError(gettext("입실 기록이 없습니다. 먼저 입실 QR 코드를 찍어 주세요."))
    if session.check_out_at is not None:
        return session
    if now > slot.end + CHECK_OUT_LATE:
        raise ActivityError(gettext("퇴실 가능 시간이 지났습니다. 담당자에게 출석 확인을 요청해 주세요."))
    if now <= session.check_in_at:
        raise ActivityError(gettext("퇴실 시각이 입실 시각보다 늦어야 합니다."))
    before, status_before = session.minutes, session.status
    raw = _minutes_between(max(session.check_in_at, slot.start - CHECK_IN_EARLY), now)
    session.minutes = credit_minutes(
        raw=raw, slot_minutes=slot.duration_minutes,
        day_used=day_used_minutes(volunteer_id=session.volunteer_id, day=session.activity_date,
                                  exclude_session_id=session.pk))
    session.check_out_at = now
    session.status = ActivitySession.Status.PENDING
    session.save(update_fields=["minutes", "check_out_at", "status", "updated_at"])
    _booking_outcome(booking, Booking.Status.COMPLETED)
    _history(session, actor=user, kind=HoursCorrection.Kind.CHECK_OUT, minutes_before=before,
             status_before=status_before)
    audit_record(actor=user, action="attendance_check_out", target=session,
                 data={"raw_minutes": raw, "minutes": session.minutes})
    return session


def attendance_confirm(*, actor: User, booking_id: int, start: datetime, end: datetime,
                       override_reason: str = "", at: datetime | None = None) -> ActivitySession:
    """The requester side confirms attendance by hand (a volunteer without a phone) and approves it."""
    now = _now(at)
    booking = Booking.objects.select_related("slot__need").get(pk=booking_id)
    slot = booking.slot
    _require_requester_side(actor, slot)
    if end <= start:
        raise ActivityError(gettext("끝난 시각이 시작 시각보다 늦어야 합니다."))
    if start > now or slot.start > now:
        raise ActivityError(gettext("활동이 시작된 뒤에 출석을 확인할 수 있습니다."))
    if end > now:
        raise ActivityError(gettext("간 시각이 지금보다 늦을 수 없습니다. 활동이 끝난 뒤에 확인해 주세요."))
    if timezone.localdate(start) != timezone.localdate(slot.start):
        raise ActivityError(gettext("출석 시각은 활동일 안이어야 합니다."))
    with transaction.atomic():
        _lock_volunteer(booking.volunteer_id)
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW):
            raise ActivityError(gettext("확정된 참여만 출석을 확인할 수 있습니다."))
        session = ActivitySession.objects.filter(booking=booking).first()
        if session is not None and session.status in (ActivitySession.Status.APPROVED,
                                                      ActivitySession.Status.REJECTED):
            raise ActivityError(gettext("이미 처리된 활동입니다. 시간을 바꾸려면 정정해 주세요."))
        if session is None:
            session = ActivitySession(booking=booking, volunteer_id=booking.volunteer_id, slot=slot,
                                      activity_date=timezone.localdate(slot.start))
        late = _late_entry(actor, session, override_reason, now)
        before, status_before = session.minutes, session.status
        session.check_in_at, session.check_out_at = start, end
        session.method = ActivitySession.Method.MANUAL
        session.minutes = credit_minutes(
            raw=_minutes_between(start, end), slot_minutes=slot.duration_minutes,
            day_used=day_used_minutes(volunteer_id=booking.volunteer_id, day=session.activity_date,
                                      exclude_session_id=session.pk))
        session.status = ActivitySession.Status.APPROVED
        session.approved_by, session.approved_at = actor, now
        session.save()
        _booking_outcome(booking, Booking.Status.COMPLETED)
        _history(session, actor=actor, kind=HoursCorrection.Kind.MANUAL, minutes_before=before,
                 status_before=status_before, reason=override_reason, late=late)
        audit_record(actor=actor, action="attendance_confirm", target=session,
                     data={"minutes": session.minutes, "late_override": late})
    return session


def attendance_no_show(*, actor: User, booking_id: int, at: datetime | None = None) -> Booking:
    """The requester side records that a confirmed volunteer did not come."""
    now = _now(at)
    booking = Booking.objects.select_related("slot__need").get(pk=booking_id)
    _require_requester_side(actor, booking.slot)
    if booking.slot.start > now:
        raise ActivityError(gettext("활동이 시작된 뒤에 불참을 기록할 수 있습니다."))
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.NO_SHOW):
            raise ActivityError(gettext("확정된 참여만 불참으로 기록할 수 있습니다."))
        if ActivitySession.objects.filter(booking=booking).exists():
            raise ActivityError(gettext("출석 기록이 있는 봉사자입니다. 시간을 바꾸려면 정정해 주세요."))
        _booking_outcome(booking, Booking.Status.NO_SHOW)
        audit_record(actor=actor, action="attendance_no_show", target=booking)
    return booking


# ---------------------------------------------------------------- hours

def hours_approve(*, actor: User, session_id: int, override_reason: str = "",
                  at: datetime | None = None) -> ActivitySession:
    now = _now(at)
    with transaction.atomic():
        volunteer_id = ActivitySession.objects.values_list("volunteer_id", flat=True).get(pk=session_id)
        _lock_volunteer(volunteer_id)
        session = _lock_session(session_id)
        _require_requester_side(actor, session.slot)
        if session.status != ActivitySession.Status.PENDING:
            raise ActivityError(gettext("승인을 기다리는 활동만 승인할 수 있습니다."))
        late = _late_entry(actor, session, override_reason, now)
        status_before = session.status
        session.status = ActivitySession.Status.APPROVED
        session.approved_by, session.approved_at = actor, now
        session.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        _history(session, actor=actor, kind=HoursCorrection.Kind.APPROVE, minutes_before=session.minutes,
                 status_before=status_before, reason=override_reason, late=late)
        audit_record(actor=actor, action="hours_approve", target=session,
                     data={"minutes": session.minutes, "late_override": late})
    return session


def hours_reject(*, actor: User, session_id: int, reason: str) -> ActivitySession:
    if not reason.strip():
        raise ActivityError(gettext("인정하지 않는 이유를 적어 주세요."))
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_requester_side(actor, session.slot)
        if session.status not in (ActivitySession.Status.PENDING, ActivitySession.Status.APPROVED):
            raise ActivityError(gettext("퇴실을 마친 활동만 불인정할 수 있습니다."))
        status_before = session.status
        session.status = ActivitySession.Status.REJECTED
        session.disputed = False
        session.save(update_fields=["status", "disputed", "updated_at"])
        _history(session, actor=actor, kind=HoursCorrection.Kind.REJECT, minutes_before=session.minutes,
                 status_before=status_before, reason=reason)
        audit_record(actor=actor, action="hours_reject", target=session, data={"reason": reason[:200]})
    _notify_volunteer(session, gettext("활동 시간이 인정되지 않았습니다"), reason)
    return session


def hours_correct(*, actor: User, session_id: int, minutes: int, reason: str,
                  override_reason: str = "", at: datetime | None = None) -> ActivitySession:
    """The requester side (or the centre) sets the minutes and approves them; history keeps both."""
    now = _now(at)
    if not reason.strip():
        raise ActivityError(gettext("정정하는 이유를 적어 주세요."))
    if minutes < 0:
        raise ActivityError(gettext("시간은 0분 이상이어야 합니다."))
    with transaction.atomic():
        volunteer_id = ActivitySession.objects.values_list("volunteer_id", flat=True).get(pk=session_id)
        _lock_volunteer(volunteer_id)
        session = _lock_session(session_id)
        _require_requester_side(actor, session.slot)
        if session.status == ActivitySession.Status.OPEN:
            raise ActivityError(gettext("아직 퇴실하지 않은 활동입니다. 출석 확인으로 시간을 넣어 주세요."))
        if minutes > session.slot.duration_minutes:
            raise ActivityError(gettext("활동 시간(%(minutes)s분)보다 길게 인정할 수 없습니다.")
                                % {"minutes": session.slot.duration_minutes})
        used = day_used_minutes(volunteer_id=volunteer_id, day=session.activity_date,
                                exclude_session_id=session.pk)
        if used + minutes > DAILY_MAX_MINUTES:
            raise ActivityError(
                gettext("하루 최대 %(hours)s시간까지 인정됩니다. 이 날 다른 활동으로 "
                        "%(used)s분이 인정되어 최대 %(left)s분까지 입력할 수 있습니다.")
                % {"hours": DAILY_MAX_MINUTES // 60, "used": used, "left": DAILY_MAX_MINUTES - used})
        late = _late_entry(actor, session, override_reason, now)
        before, status_before = session.minutes, session.status
        session.minutes = minutes
        session.status = ActivitySession.Status.APPROVED
        session.approved_by, session.approved_at = actor, now
        session.disputed = False
        session.save(update_fields=["minutes", "status", "approved_by", "approved_at", "disputed",
                                    "updated_at"])
        _history(session, actor=actor, kind=HoursCorrection.Kind.CORRECT, minutes_before=before,
                 status_before=status_before,
                 reason=reason + (f" / 기한 경과 사유: {override_reason}" if late else ""), late=late)
        audit_record(actor=actor, action="hours_correct", target=session,
                     data={"from": before, "to": minutes, "late_override": late})
    _notify_volunteer(session, gettext("활동 시간이 정정되었습니다"), reason)
    return session


def hours_dispute(*, user: User, session_id: int, reason: str) -> ActivitySession:
    """The volunteer disagrees with the recorded hours; the requester side is asked to correct."""
    if not reason.strip():
        raise ActivityError(gettext("이의 내용을 적어 주세요."))
    if contains_rrn(reason):
        raise ActivityError(gettext("주민등록번호는 입력할 수 없습니다."))
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.volunteer.user_id != user.pk:
            raise ActivityError(gettext("본인의 활동에만 이의를 제기할 수 있습니다."))
        if session.status == ActivitySession.Status.OPEN:
            raise ActivityError(gettext("퇴실한 뒤에 이의를 제기할 수 있습니다."))
        session.disputed = True
        session.save(update_fields=["disputed", "updated_at"])
        _history(session, actor=user, kind=HoursCorrection.Kind.DISPUTE, minutes_before=session.minutes,
                 status_before=session.status, reason=reason)
        audit_record(actor=user, action="hours_dispute", target=session)
    need = session.slot.need
    url = reverse("activities:slot", args=[session.slot_id])
    transaction.on_commit(lambda: notification_send(
        user=need.created_by, kind=Notification.Kind.SYSTEM,
        title=(gettext("활동 시간 이의 제기: %(title)s") % {"title": need.title})[:120], body=reason[:300], url=url))
    return session


def _notify_volunteer(session: ActivitySession, title: str, body: str) -> None:
    user = session.volunteer.user
    url = reverse("activities:session", args=[session.pk])
    transaction.on_commit(lambda: notification_send(
        user=user, kind=Notification.Kind.SYSTEM, title=title, body=body[:300], url=url))


# ---------------------------------------------------------------- certificates

def certificate_request(*, user: User, start: date, end: date, base_url: str) -> Certificate:
    """Issue a certificate for the period: small ones are rendered now, long ones by the worker."""
    from itda.activities.selectors import approved_sessions

    if end < start:
        raise ActivityError(gettext("기간의 끝이 시작보다 빠릅니다."))
    profile = VolunteerProfile.objects.select_related("user").filter(user=user).first()
    if profile is None:
        raise ActivityError(gettext("봉사자 프로필이 있어야 확인서를 발급할 수 있습니다."))
    sessions = approved_sessions(volunteer=profile, start=start, end=end)
    agg = sessions.aggregate(m=Sum("minutes"))
    count = sessions.count()
    if not count:
        raise ActivityError(gettext("이 기간에 승인된 활동이 없습니다."))
    with transaction.atomic():
        cert = Certificate.objects.create(
            number=f"TMP-{secrets.token_hex(6)}", verify_code=secrets.token_urlsafe(12),
            volunteer=profile, period_start=start, period_end=end,
            total_minutes=int(agg["m"] or 0), session_count=count,
            holder_masked=mask_name(profile.user.display_name),
        )
        cert.number = f"ITDA-{cert.issued_at:%Y}-{cert.pk:06d}"
        cert.save(update_fields=["number"])
        audit_record(actor=user, action="certificate_request", target=cert,
                     data={"sessions": count, "minutes": cert.total_minutes})
        if count > CERTIFICATE_SYNC_MAX_SESSIONS:
            from itda.activities.tasks import certificate_render_task

            cert_id = cert.pk
            transaction.on_commit(lambda: certificate_render_task.enqueue(cert_id, base_url))
            return cert
    return certificate_render(certificate_id=cert.pk, base_url=base_url, notify=False)


def certificate_render(*, certificate_id: int, base_url: str, notify: bool = True) -> Certificate:
    """Render the PDF of a certificate and store it; a failure is recorded on the row."""
    from itda.activities.pdf import certificate_pdf
    from itda.activities.selectors import approved_sessions

    cert = Certificate.objects.select_related("volunteer__user").get(pk=certificate_id)
    sessions = list(approved_sessions(volunteer=cert.volunteer, start=cert.period_start,
                                      end=cert.period_end))
    try:
        pdf = certificate_pdf(certificate=cert, sessions=sessions, base_url=base_url)
    except Exception as exc:  # WeasyPrint errors are many; the row says what went wrong
        Certificate.objects.filter(pk=cert.pk).update(status=Certificate.Status.FAILED,
                                                     error=str(exc)[:300])
        raise
    with transaction.atomic():
        cert.file.save(f"{cert.number}.pdf", ContentFile(pdf), save=False)
        cert.status = Certificate.Status.READY
        cert.save(update_fields=["file", "status"])
        audit_record(actor=None, action="certificate_render", target=cert, data={"bytes": len(pdf)})
        if notify:
            user = cert.volunteer.user
            url = reverse("activities:certificate_download", args=[cert.pk])
            number = cert.number
            transaction.on_commit(lambda: notification_send(
                user=user, kind=Notification.Kind.SYSTEM, title=gettext("봉사활동 확인서가 준비되었습니다"),
                body=gettext("발급번호 %(number)s") % {"number": number}, url=url, dedupe_key=f"certificate:{number}"))
    return cert


def certificate_revoke(*, actor: User, certificate_id: int, reason: str) -> Certificate:
    """The centre withdraws a certificate (issued in error, forged use); its page then says so."""
    if not is_centre_admin(actor):
        raise ActivityError(gettext("센터 관리자만 확인서를 취소할 수 있습니다."))
    if not reason.strip():
        raise ActivityError(gettext("취소 사유를 적어 주세요."))
    with transaction.atomic():
        cert = Certificate.objects.select_for_update().get(pk=certificate_id)
        if cert.status != Certificate.Status.REVOKED:
            cert.status = Certificate.Status.REVOKED
            cert.save(update_fields=["status"])
            audit_record(actor=actor, action="certificate_revoke", target=cert, data={"reason": reason[:200]})
    return cert


# ---------------------------------------------------------------- insurance

def insurance_claim_report(*, actor: User, session_id: int, occurred_at: datetime, place: str,
                           description: str, injury: str, treatment: str = "") -> InsuranceClaim:
    """Start an insurance claim from an attended session (the recognised record it relies on)."""
    for text in (place, description, injury, treatment):
        if contains_rrn(text):
            raise ActivityError(gettext("주민등록번호는 입력할 수 없습니다."))
    with transaction.atomic():
        session = _lock_session(session_id)
        if not (session.volunteer.user_id == actor.pk or can_write_need(actor, session.slot.need)):
            raise ActivityError(gettext("본인 또는 활동 담당자만 사고를 접수할 수 있습니다."))
        if session.check_in_at is None:
            raise ActivityError(gettext("출석 기록이 있는 활동만 사고를 접수할 수 있습니다."))
        claim = InsuranceClaim.objects.create(
            session=session, reported_by=actor, occurred_at=occurred_at, place=place.strip(),
            description=description.strip(), injury=injury.strip(), treatment=treatment.strip(),
        )
        audit_record(actor=actor, action="insurance_claim_report", target=claim,
                     data={"session": session.pk})
    return claim


# ---------------------------------------------------------------- recognition

def recognition_set(*, user: User, opt_in: bool) -> RecognitionPreference:
    profile = VolunteerProfile.objects.filter(user=user).first()
    if profile is None:
        raise ActivityError(gettext("봉사자 프로필이 있어야 설정할 수 있습니다."))
    with transaction.atomic():
        pref, _ = RecognitionPreference.objects.select_for_update().get_or_create(volunteer=profile)
        if pref.leaderboard_opt_in != opt_in:
            pref.leaderboard_opt_in = opt_in
            pref.save(update_fields=["leaderboard_opt_in", "updated_at"])
            audit_record(actor=user, action="recognition_set", target=pref, data={"opt_in": opt_in})
    return pref
