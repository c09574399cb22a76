"""Every figure of the city dashboard: roadmap targets, monthly trends, district and dong rows.

Each figure is one aggregate query (or one grouped query for all dongs), so the page's
query count does not grow with the city. Participation is read in exactly one place,
`_participations`: approved activity sessions (hours a manager approved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itda.accounts.models import Role, UserRole
from itda.activities.models import ActivitySession
from itda.community.models import SharingPledge
from itda.needs.models import Need
from itda.places.models import District, Dong, DongCamp, ServiceField
from itda.volunteers.models import Team, VolunteerProfile

# --- the roadmap -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str
    label: Any  # a lazy translation
    target: float
    unit: Any
    baseline: float | None = None
    is_rate: bool = False


TARGETS: tuple[Target, ...] = (
    Target("registration_rate", _("자원봉사자 등록률"), 32.0, "%", is_rate=True),
    Target("participation_rate", _("자원봉사 참여율 (최근 12개월)"), 15.0, "%", is_rate=True),
    Target("camps", _("동 자원봉사캠프"), 95, _("곳"), baseline=48),
    Target("social_jobs", _("사회공헌 일자리"), 1000, _("건")),
    Target("professional_teams", _("전문자원봉사단"), 3000, _("개")),
    Target("activists", _("안녕마을 활동가"), 100, _("명")),
    Target("retiree_teams", _("퇴직자 자원봉사단"), 50, _("개"), baseline=20),
    Target("pledgers", _("1% 나눔 약정자"), 400, _("명")),
)


def _participations(*, since: datetime, until: datetime | None = None) -> QuerySet[ActivitySession]:
    """Approved activities: sessions whose hours were approved and whose slot started at or
    after `since`. The only place that says what counts as participation."""
    qs = ActivitySession.objects.filter(status=ActivitySession.Status.APPROVED, slot__start__gte=since)
    if until is not None:
        qs = qs.filter(slot__start__lt=until)
    return qs


def participants_count(*, since: datetime, dong: Dong | None = None, district: District | None = None) -> int:
    """Distinct volunteers with an activity since `since`, by their home dong or district."""
    qs = _participations(since=since)
    if dong is not None:
        qs = qs.filter(volunteer__home_dong=dong)
    if district is not None:
        qs = qs.filter(volunteer__home_dong__district=district)
    return qs.values("volunteer_id").distinct().count()


def participants_by_dong(*, since: datetime) -> dict[int, int]:
    rows = (_participations(since=since).values("volunteer__home_dong_id")
            .annotate(n=Count("volunteer_id", distinct=True)))
    return {r["volunteer__home_dong_id"]: r["n"] for r in rows}


def social_jobs() -> QuerySet[Need]:
    """사회공헌 일자리: organisation needs that were published (not drafts, not cancelled)."""
    return Need.objects.filter(requester_kind=Need.RequesterKind.ORGANIZATION).exclude(
        status__in=[Need.Status.DRAFT, Need.Status.CANCELLED])


def year_ago(now: datetime) -> datetime:
    return now - timedelta(days=365)


def city_population() -> int:
    return int(District.objects.aggregate(n=Sum("population"))["n"] or 0)


def _pct(part: float, whole: float) -> float:
    return round(part / whole * 100, 2) if whole else 0.0


def city_figures(*, now: datetime | None = None) -> dict[str, Any]:
    """The current value of every roadmap figure."""
    now = now or timezone.now()
    population = city_population()
    volunteers = VolunteerProfile.objects.count()
    participants = participants_count(since=year_ago(now))
    teams = Team.objects.aggregate(
        professional=Count("id", filter=Q(kind=Team.Kind.PROFESSIONAL)),
        retiree=Count("id", filter=Q(kind=Team.Kind.RETIREE)),
    )
    return {
        "population": population,
        "volunteers": volunteers,
        "participants": participants,
        "registration_rate": _pct(volunteers, population),
        "participation_rate": _pct(participants, population),
        "camps": DongCamp.objects.filter(is_active=True).count(),
        "social_jobs": social_jobs().count(),
        "professional_teams": teams["professional"],
        "retiree_teams": teams["retiree"],
        "activists": UserRole.objects.filter(role=Role.ACTIVIST).values("user_id").distinct().count(),
        "pledgers": SharingPledge.objects.filter(status=SharingPledge.Status.ACTIVE).count(),
    }


def target_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for t in TARGETS:
        value = figures[t.key]
        rows.append({
            "key": t.key, "label": t.label, "value": value, "target": t.target, "unit": t.unit,
            "baseline": t.baseline, "is_rate": t.is_rate,
            "progress": min(round(value / t.target * 100, 1), 100.0) if t.target else 0.0,
        })
    return rows


# --- trends ---------------------------------------------------------------------------------------


def month_starts(today: date, n: int = 12) -> list[date]:
    """The first day of the last `n` months, oldest first, ending with this month."""
    y, m = today.year, today.month
    out = []
    for _i in range(n):
        out.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


def _aware(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def _cumulative(qs: QuerySet[Any], field: str, bounds: list[Any], count: str = "id",
                distinct: bool = False) -> list[int]:
    agg = qs.aggregate(**{f"m{i}": Count(count, distinct=distinct, filter=Q(**{f"{field}__lt": b}))
                          for i, b in enumerate(bounds)})
    return [int(agg[f"m{i}"] or 0) for i in range(len(bounds))]


def monthly_trends(*, today: date | None = None) -> dict[str, Any]:
    """Month-end values over the last 12 months, from creation dates (one query per figure)."""
    today = today or timezone.localdate()
    starts = month_starts(today)
    ends = [_next_month(s) for s in starts]
    end_dt = [_aware(e) for e in ends]
    population = city_population()
    volunteers = _cumulative(VolunteerProfile.objects.all(), "created_at", end_dt)
    agg = _participations(since=_aware(starts[0]), until=end_dt[-1]).aggregate(**{
        f"m{i}": Count("volunteer_id", distinct=True,
                       filter=Q(slot__start__gte=_aware(s), slot__start__lt=end_dt[i]))
        for i, s in enumerate(starts)})
    active_month = [int(agg[f"m{i}"] or 0) for i in range(len(starts))]
    series = {
        "volunteers": volunteers,
        "registration_rate": [_pct(v, population) for v in volunteers],
        "participants_month": active_month,
        "camps": _cumulative(DongCamp.objects.filter(is_active=True), "opened_on", ends),
        "social_jobs": _cumulative(social_jobs(), "created_at", end_dt),
        "professional_teams": _cumulative(Team.objects.filter(kind=Team.Kind.PROFESSIONAL), "created_at", end_dt),
        "retiree_teams": _cumulative(Team.objects.filter(kind=Team.Kind.RETIREE), "created_at", end_dt),
        "activists": _cumulative(UserRole.objects.filter(role=Role.ACTIVIST), "granted_at", end_dt,
                                 count="user_id", distinct=True),
        "pledgers": _cumulative(SharingPledge.objects.filter(status=SharingPledge.Status.ACTIVE),
                                "created_at", end_dt),
    }
    return {"months": starts, "series": series}


TREND_LABELS: dict[str, Any] = {
    "volunteers": _("등록 봉사자 (누적)"),
    "registration_rate": _("등록률 (%)"),
    "participants_month": _("그달 활동한 봉사자"),
    "camps": _("동 자원봉사캠프"),
    "social_jobs": _("사회공헌 일자리 (누적)"),
    "professional_teams": _("전문자원봉사단"),
    "retiree_teams": _("퇴직자 자원봉사단"),
    "activists": _("안녕마을 활동가"),
    "pledgers": _("1% 나눔 약정자"),
}


# --- districts and dongs ----------------------------------------------------------------------------


def _grouped(qs: QuerySet[Any], key: str, **aggs: Any) -> dict[int, dict[str, Any]]:
    return {r[key]: r for r in qs.values(key).annotate(**aggs)}


def dong_rows(*, now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per dong: population, volunteers, registration and participation rates, open
    needs, completed activities and hours in the last 12 months, camp, social jobs, activists
    and the teams based there (an activist serving two dongs counts in both)."""
    now = now or timezone.now()
    since = year_ago(now)
    dongs = list(Dong.objects.select_related("district").order_by("district__code", "name"))
    volunteers = _grouped(VolunteerProfile.objects.all(), "home_dong_id", n=Count("id"))
    participants = participants_by_dong(since=since)
    needs = _grouped(Need.objects.all(), "dong_id",
                     open=Count("id", filter=Q(status=Need.Status.OPEN)),
                     jobs=Count("id", filter=Q(requester_kind=Need.RequesterKind.ORGANIZATION)
                                & ~Q(status__in=[Need.Status.DRAFT, Need.Status.CANCELLED])))
    done = _grouped(_participations(since=since), "slot__need__dong_id", n=Count("id"),
                    minutes=Sum("minutes"))
    camps = set(DongCamp.objects.filter(is_active=True).values_list("dong_id", flat=True))
    activists = _grouped(UserRole.objects.filter(role=Role.ACTIVIST, dong__isnull=False), "dong_id",
                         n=Count("user_id", distinct=True))
    teams = _grouped(Team.objects.filter(dong__isnull=False), "dong_id",
                     pro=Count("id", filter=Q(kind=Team.Kind.PROFESSIONAL)),
                     retiree=Count("id", filter=Q(kind=Team.Kind.RETIREE)))
    rows = []
    for d in dongs:
        v = volunteers.get(d.pk, {}).get("n", 0)
        p = participants.get(d.pk, 0)
        minutes = done.get(d.pk, {}).get("minutes")
        rows.append({
            "dong": d, "code": d.code, "name": d.name, "district": d.district.name,
            "district_id": d.district_id, "population": d.population, "volunteers": v,
            "registration_rate": _pct(v, d.population), "participants": p,
            "participation_rate": _pct(p, d.population),
            "open_needs": needs.get(d.pk, {}).get("open", 0),
            "social_jobs": needs.get(d.pk, {}).get("jobs", 0),
            "activities": done.get(d.pk, {}).get("n", 0),
            "hours": round(minutes / 60, 1) if minutes else 0.0,
            "has_camp": d.pk in camps,
            "activists": activists.get(d.pk, {}).get("n", 0),
            "professional_teams": teams.get(d.pk, {}).get("pro", 0),
            "retiree_teams": teams.get(d.pk, {}).get("retiree", 0),
        })
    return rows


def district_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dong rows summed per district, with the district's registered population."""
    out: dict[int, dict[str, Any]] = {}
    for d in District.objects.order_by("code"):
        out[d.pk] = {"district": d, "name": d.name, "population": d.population, "volunteers": 0,
                     "participants": 0, "open_needs": 0, "social_jobs": 0, "activities": 0,
                     "hours": 0.0, "camps": 0, "dongs": 0, "activists": 0, "professional_teams": 0,
                     "retiree_teams": 0}
    for r in rows:
        agg = out[r["district_id"]]
        for k in ("volunteers", "participants", "open_needs", "social_jobs", "activities", "hours", "activists",
                  "professional_teams", "retiree_teams"):
            agg[k] += r[k]
        agg["camps"] += int(r["has_camp"])
        agg["dongs"] += 1
    for agg in out.values():
        agg["hours"] = round(agg["hours"], 1)
        agg["registration_rate"] = _pct(agg["volunteers"], agg["population"])
        agg["participation_rate"] = _pct(agg["participants"], agg["population"])
    return list(out.values())


# --- map colouring -----------------------------------------------------------------------------------

MAP_FIGURES: dict[str, tuple[Any, Any]] = {
    "registration_rate": (_("봉사자 등록률"), "%"),
    "open_needs": (_("모집 중인 요청"), _("건")),
    "activities": (_("완료된 활동 (최근 12개월)"), _("건")),
    "hours": (_("활동 시간 (최근 12개월)"), _("시간")),
}
PALETTE = ("#eef6f2", "#bfe3d2", "#7cc4a5", "#2f9671", "#0b5a41")


def map_classes(rows: list[dict[str, Any]], figure: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Fill colour per dong code and the legend: zero has its own colour, the other values are
    split into up to four quantile classes (so a few busy dongs do not wash out the rest)."""
    nonzero = sorted(float(r[figure]) for r in rows if float(r[figure]) > 0)
    zero_entry = {"colour": PALETTE[0], "low": 0, "high": 0}
    if not nonzero:
        return {r["code"]: PALETTE[0] for r in rows}, [zero_entry]
    k = min(len(PALETTE) - 1, len(set(nonzero)))
    lows: list[float] = []
    for i in range(k):
        b = nonzero[(len(nonzero) * i) // k]
        if not lows or b > lows[-1]:
            lows.append(b)
    offset = len(PALETTE) - 1 - len(lows)  # the top class always gets the darkest colour
    fills = {}
    for r in rows:
        v = float(r[figure])
        fills[r["code"]] = PALETTE[offset + sum(1 for b in lows if v >= b)] if v > 0 else PALETTE[0]
    legend = [zero_entry]
    for i, low in enumerate(lows):
        high = lows[i + 1] if i + 1 < len(lows) else nonzero[-1]
        legend.append({"colour": PALETTE[offset + i + 1], "low": low, "high": high, "last": i + 1 == len(lows)})
    return fills, legend


# --- centre-only lists and agenda seeds ----------------------------------------------------------------


def unfilled_needs(*, limit: int = 30) -> QuerySet[Need]:
    """Open needs waiting longest: the centre's to-do list (titles only, no contact)."""
    return (Need.objects.open().select_related("dong__district", "field")
            .order_by("created_at", "id")[:limit])


def agenda_candidates(*, per_kind: int = 2) -> list[dict[str, Any]]:
    """Roundtable agenda items suggested by the figures."""
    rows = dong_rows()
    out: list[dict[str, Any]] = []
    for r in sorted((r for r in rows if r["open_needs"]), key=lambda r: (-r["open_needs"], r["code"]))[:per_kind]:
        out.append({
            "title": f"{r['district']} {r['name']}: 모집 중인 요청 {r['open_needs']}건, 어떻게 채울까요?",
            "description": "아직 봉사자를 찾지 못한 요청이 가장 많은 동입니다. 이웃 동과 함께 채울 방법을 이야기합니다.",
            "basis": {"kind": "open_needs", "dong": r["code"], "open_needs": r["open_needs"]},
        })
    populated = [r for r in rows if r["population"]]
    for r in sorted(populated, key=lambda r: (r["registration_rate"], r["code"]))[:per_kind]:
        out.append({
            "title": f"{r['district']} {r['name']}: 봉사자 등록률 {r['registration_rate']:.1f}%, 참여를 늘리려면?",
            "description": "인구 대비 등록 봉사자가 가장 적은 동입니다. 동네에서 봉사를 시작하기 쉽게 만드는 방법을 찾습니다.",
            "basis": {"kind": "registration_rate", "dong": r["code"], "rate": r["registration_rate"]},
        })
    fields = (Need.objects.open().values("field__parent_id", "field_id").annotate(n=Count("id")))
    per_upper: dict[int, int] = {}
    for f in fields:
        key = f["field__parent_id"] or f["field_id"]
        per_upper[key] = per_upper.get(key, 0) + f["n"]
    names = dict(ServiceField.objects.filter(pk__in=per_upper).values_list("pk", "name"))
    for pk, n in sorted(per_upper.items(), key=lambda kv: (-kv[1], kv[0]))[:per_kind]:
        out.append({
            "title": f"{names.get(pk, '')} 분야: 모집 중인 요청 {n}건",
            "description": "도움 요청이 가장 많이 쌓인 분야입니다. 필요한 재능을 가진 봉사자를 어떻게 모을지 논의합니다.",
            "basis": {"kind": "field", "field": pk, "open_needs": n},
        })
    return out
