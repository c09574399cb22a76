"""Reads of activities: certified hours (always summed from approved sessions), badges and
mileage, the requester side's rosters and approvals, leaderboards, the insurance roster and
the rows exported to the 1365 portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from itda.accounts.models import ConsentPurpose, Role
from itda.activities.models import (
    MILESTONE_HOURS,
    POINTS_PER_HOUR,
    ActivitySession,
    Certificate,
    ImportedProgram,
    RecognitionPreference,
)
from itda.core.access import is_authenticated, is_centre_admin
from itda.matching.models import Booking
from itda.needs.models import Need, Slot
from itda.places.reference import SIDO_1365_GWANGJU
from itda.volunteers.models import AgeGroup, Team, VolunteerProfile

APPROVED = ActivitySession.Status.APPROVED


# ---------------------------------------------------------------- a volunteer's hours

def approved_sessions(*, volunteer: VolunteerProfile, start: date | None = None,
                      end: date | None = None) -> QuerySet[ActivitySession]:
    qs = ActivitySession.objects.filter(volunteer=volunteer, status=APPROVED)
    if start is not None:
        qs = qs.filter(activity_date__gte=start)
    if end is not None:
        qs = qs.filter(activity_date__lte=end)
    return (qs.select_related("slot__need__dong__district", "slot__need__organization")
            .order_by("activity_date", "check_in_at", "id"))


def certified_minutes(*, volunteer: VolunteerProfile, start: date | None = None,
                      end: date | None = None) -> int:
    """The certified total: exactly the sum of the approved sessions (there is no stored total)."""
    qs = ActivitySession.objects.filter(volunteer=volunteer, status=APPROVED)
    if start is not None:
        qs = qs.filter(activity_date__gte=start)
    if end is not None:
        qs = qs.filter(activity_date__lte=end)
    return int(qs.aggregate(m=Sum("minutes"))["m"] or 0)


def mileage_points(minutes: int) -> int:
    """Mileage: 10 points per approved hour, counted in whole minutes (90 minutes = 15 points)."""
    return minutes * POINTS_PER_HOUR // 60


@dataclass(frozen=True)
class Badge:
    hours: int
    earned: bool

    @property
    def label(self) -> str:
        return gettext("%(hours)s시간") % {"hours": f"{self.hours:,}"}


def badges(minutes: int) -> list[Badge]:
    return [Badge(hours=h, earned=minutes >= h * 60) for h in MILESTONE_HOURS]


def next_milestone(minutes: int) -> int | None:
    for h in MILESTONE_HOURS:
        if minutes < h * 60:
            return h
    return None


def volunteer_overview(*, volunteer: VolunteerProfile) -> dict[str, Any]:
    total = certified_minutes(volunteer=volunteer)
    sessions = list(ActivitySession.objects.filter(volunteer=volunteer)
                    .select_related("slot__need__dong__district", "slot__need__organization")
                    .order_by("-activity_date", "-id")[:100])
    pending = sum(s.minutes for s in sessions if s.status == ActivitySession.Status.PENDING)
    nxt = next_milestone(total)
    pref = RecognitionPreference.objects.filter(volunteer=volunteer).first()
    return {
        "total_minutes": total,
        "pending_minutes": pending,
        "points": mileage_points(total),
        "badges": badges(total),
        "next_milestone": nxt,
        "to_next_minutes": nxt * 60 - total if nxt else 0,
        "sessions": sessions,
        "certificates": list(Certificate.objects.filter(volunteer=volunteer).order_by("-issued_at")[:20]),
        "opt_in": bool(pref and pref.leaderboard_opt_in),
    }


# ---------------------------------------------------------------- the requester side

def slot_attendance(*, slot: Slot) -> list[dict[str, Any]]:
    """Everyone with a confirmed (or finished) seat on the slot, with their session if any."""
    bookings = (Booking.objects.filter(slot=slot, status__in=[
        Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW])
        .select_related("volunteer__user").order_by("seat"))
    sessions = {s.booking_id: s for s in ActivitySession.objects.filter(slot=slot)}
    return [{"booking": b, "session": sessions.get(b.pk)} for b in bookings]


def _requester_side_q(user: Any, prefix: str) -> Q:
    """Needs the user may write, as a filter (mirrors needs.access.can_write_need)."""
    q = Q(**{f"{prefix}created_by": user})
    org_ids = list(user.organizations.values_list("pk", flat=True))
    if org_ids:
        q |= Q(**{f"{prefix}organization_id__in": org_ids})
    dong_ids = list(user.roles.filter(role=Role.CAMP_MANAGER, dong__isnull=False)
                    .values_list("dong_id", flat=True))
    if dong_ids:
        q |= Q(**{f"{prefix}dong_id__in": dong_ids})
    return q


def sessions_to_review(*, user: Any) -> QuerySet[ActivitySession]:
    """Sessions waiting for approval or disputed, on needs the user answers for."""
    if not is_authenticated(user):
        return ActivitySession.objects.none()
    qs = ActivitySession.objects.filter(
        Q(status=ActivitySession.Status.PENDING) | Q(disputed=True))
    if not is_centre_admin(user):
        qs = qs.filter(_requester_side_q(user, "slot__need__"))
    return qs.select_related("volunteer__user", "slot__need__dong").order_by("activity_date", "id")


def slots_to_run(*, user: Any, now: datetime | None = None) -> QuerySet[Slot]:
    """Slots from yesterday to a week ahead with confirmed volunteers: where a QR is shown."""
    now = now or timezone.now()
    qs = Slot.objects.filter(start__gte=now - timedelta(days=1), start__lte=now + timedelta(days=7),
                             bookings__status__in=[Booking.Status.CONFIRMED, Booking.Status.COMPLETED])
    if not is_centre_admin(user):
        qs = qs.filter(_requester_side_q(user, "need__"))
    return qs.select_related("need__dong").distinct().order_by("start")[:50]


# ---------------------------------------------------------------- leaderboards

def _opted_in() -> QuerySet[ActivitySession]:
    return ActivitySession.objects.filter(status=APPROVED, volunteer__recognition__leaderboard_opt_in=True)


def leaderboard_dongs(*, limit: int = 20) -> list[dict[str, Any]]:
    rows = (_opted_in().values("volunteer__home_dong_id", "volunteer__home_dong__name",
                                "volunteer__home_dong__district__name")
            .annotate(minutes=Sum("minutes")).order_by("-minutes", "volunteer__home_dong__name")[:limit])
    return [{"dong_id": r["volunteer__home_dong_id"],
             "label": f'{r["volunteer__home_dong__district__name"]} {r["volunteer__home_dong__name"]}',
             "minutes": r["minutes"]} for r in rows]


def leaderboard_teams(*, limit: int = 20) -> list[dict[str, Any]]:
    rows = (_opted_in().filter(volunteer__user__teams__isnull=False)
            .values("volunteer__user__teams__id", "volunteer__user__teams__name")
            .annotate(minutes=Sum("minutes")).order_by("-minutes", "volunteer__user__teams__name")[:limit])
    return [{"team_id": r["volunteer__user__teams__id"], "label": r["volunteer__user__teams__name"],
             "minutes": r["minutes"]} for r in rows]


def leaderboard_people(*, dong_id: int | None = None, team: Team | None = None,
                       limit: int = 30) -> list[dict[str, Any]]:
    """Opted-in people ranked by approved hours, within a dong or a team (names masked by the page)."""
    qs = _opted_in()
    if dong_id is not None:
        qs = qs.filter(volunteer__home_dong_id=dong_id)
    if team is not None:
        qs = qs.filter(volunteer__user__in=team.members.all())
    rows = (qs.values("volunteer_id", "volunteer__user__display_name")
            .annotate(minutes=Sum("minutes")).order_by("-minutes", "volunteer_id")[:limit])
    return [{"name": r["volunteer__user__display_name"], "minutes": r["minutes"]} for r in rows]


# ---------------------------------------------------------------- insurance roster

def approving_centre(district_name: str) -> str:
    """The volunteer centre of the activity's district, which recognises the session."""
    return f"광주광역시 {district_name}자원봉사센터"


def insurance_roster(*, start: date, end: date) -> list[dict[str, Any]]:
    """Everyone on a confirmed or attended activity in the period: date, place, times, organisation."""
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    bookings = (Booking.objects.filter(slot__start__gte=lo, slot__start__lt=hi, status__in=[
        Booking.Status.CONFIRMED, Booking.Status.COMPLETED])
        .select_related("slot__need__dong__district", "slot__need__organization", "volunteer__user")
        .order_by("slot__start", "slot_id", "seat"))
    sessions = {s.booking_id: s for s in ActivitySession.objects.filter(booking__in=bookings)}
    rows = []
    for b in bookings:
        need: Need = b.slot.need
        s = sessions.get(b.pk)
        start_local, end_local = timezone.localtime(b.slot.start), timezone.localtime(b.slot.end)
        rows.append({
            "user": b.volunteer.user,
            "date": start_local.date().isoformat(),
            "name": b.volunteer.user.display_name,
            "member_no": b.volunteer.user.pk,
            "district": need.dong.district.name,
            "dong": need.dong.name,
            "place": need.place_label,
            "start": start_local.strftime("%H:%M"),
            "end": end_local.strftime("%H:%M"),
            "check_in": timezone.localtime(s.check_in_at).strftime("%H:%M") if s and s.check_in_at else "",
            "check_out": timezone.localtime(s.check_out_at).strftime("%H:%M") if s and s.check_out_at else "",
            "activity": need.title,
            "organization": need.organization.name if need.organization else "개인 요청",
            "centre": approving_centre(need.dong.district.name),
            "status": b.get_status_display(),
        })
    return rows


ROSTER_COLUMNS = [
    ("date", "활동일"), ("name", "성명"), ("member_no", "회원번호"), ("district", "구"), ("dong", "동"),
    ("place", "장소"), ("start", "시작"), ("end", "종료"), ("check_in", "입실"), ("check_out", "퇴실"),
    ("activity", "활동"), ("organization", "수요처"), ("centre", "인정 센터"), ("status", "상태"),
]


# ---------------------------------------------------------------- 1365 exchange

def consenting_1365(user_ids: list[int]) -> set[int]:
    """Users whose latest answer to the 1365 provision consent is yes (one query for all)."""
    from itda.accounts.models import Consent

    latest: dict[int, bool] = {}
    for uid, granted in (Consent.objects.filter(user_id__in=user_ids, purpose=ConsentPurpose.PROVIDE_1365)
                         .order_by("at", "id").values_list("user_id", "granted")):
        latest[uid] = granted
    return {uid for uid, granted in latest.items() if granted}


HOURS_1365_COLUMNS = [
    "progrmRegistNo", "progrmSj", "vltrNm", "vltrId", "actDe", "actBeginTm", "actBeginMnt",
    "actEndTm", "actEndMnt", "actTime", "actPlace", "nanmmbyNm", "sidoCd", "gugunCd",
]
PROGRAMS_1365_COLUMNS = [
    "progrmRegistNo", "progrmSj", "progrmCn", "progrmBgnde", "progrmEndde", "actBeginTm",
    "actBeginMnt", "actEndTm", "actEndMnt", "actWkdy", "rcritNmpr", "srvcClCode", "actPlace",
    "nanmmbyNm", "adultPosblAt", "yngbgsPosblAt", "sidoCd", "gugunCd",
]


def _hhmm(dt: datetime) -> tuple[str, str]:
    local = timezone.localtime(dt)
    return str(local.hour), f"{local.minute:02d}"


def export_1365(*, start: date, end: date) -> dict[str, Any]:
    """Approved sessions in the period of volunteers who consented to 1365 provision, and the
    programmes (needs) they belong to, in the portal's field names."""
    sessions = list(ActivitySession.objects.filter(status=APPROVED, activity_date__gte=start,
                                                   activity_date__lte=end)
                    .select_related("volunteer__user", "slot__need__dong__district",
                                    "slot__need__organization", "slot__need__field__parent")
                    .order_by("activity_date", "id"))
    allowed = consenting_1365(sorted({s.volunteer.user_id for s in sessions}))
    kept = [s for s in sessions if s.volunteer.user_id in allowed]
    need_ids = sorted({s.slot.need_id for s in kept})
    regnos = dict(ImportedProgram.objects.filter(need_id__in=need_ids).values_list("need_id", "registration_no"))
    hours = []
    for s in kept:
        need = s.slot.need
        b_tm, b_mn = _hhmm(s.check_in_at or s.slot.start)
        e_tm, e_mn = _hhmm(s.check_out_at or s.slot.end)
        hours.append({
            "progrmRegistNo": regnos.get(need.pk, ""), "progrmSj": need.title,
            "vltrNm": s.volunteer.user.display_name, "vltrId": s.volunteer.user.username,
            "actDe": s.activity_date.strftime("%Y%m%d"), "actBeginTm": b_tm, "actBeginMnt": b_mn,
            "actEndTm": e_tm, "actEndMnt": e_mn, "actTime": s.minutes,
            "actPlace": need.place_label or f"{need.dong.district.name} {need.dong.name}",
            "nanmmbyNm": need.organization.name if need.organization else "",
            "sidoCd": SIDO_1365_GWANGJU, "gugunCd": need.dong.district.code_1365,
        })
    programs = []
    for need in (Need.objects.filter(pk__in=need_ids)
                 .select_related("dong__district", "organization", "field__parent")
                 .prefetch_related("slots")):
        slots = list(need.slots.all())
        first = min(slots, key=lambda sl: sl.start)
        days = {timezone.localtime(sl.start).weekday() for sl in slots}
        b_tm, b_mn = _hhmm(first.start)
        e_tm, e_mn = _hhmm(first.end)
        groups = set(need.eligible_age_groups)
        programs.append({
            "progrmRegistNo": regnos.get(need.pk, ""), "progrmSj": need.title,
            "progrmCn": need.description,
            "progrmBgnde": timezone.localtime(first.start).strftime("%Y%m%d"),
            "progrmEndde": timezone.localtime(max(sl.end for sl in slots)).strftime("%Y%m%d"),
            "actBeginTm": b_tm, "actBeginMnt": b_mn, "actEndTm": e_tm, "actEndMnt": e_mn,
            "actWkdy": "".join("1" if d in days else "0" for d in range(7)),
            "rcritNmpr": max(sl.headcount for sl in slots),
            "srvcClCode": need.field.upper.name, "actPlace": need.place_label or str(need.dong),
            "nanmmbyNm": need.organization.name if need.organization else "잇다 주민 요청",
            "adultPosblAt": "Y" if not groups or groups & {AgeGroup.ADULT, AgeGroup.SENIOR} else "N",
            "yngbgsPosblAt": "Y" if not groups or AgeGroup.YOUTH in groups else "N",
            "sidoCd": SIDO_1365_GWANGJU, "gugunCd": need.dong.district.code_1365,
        })
    return {"hours": hours, "programs": programs, "left_out": len(sessions) - len(kept),
            "users": [s.volunteer.user for s in kept]}
