"""Reads of the community app that span relations; each list is a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from itda.accounts.models import Role
from itda.community.models import (
    AgendaItem,
    AgendaVote,
    BlindSpotCase,
    Course,
    CourseSession,
    Enrolment,
    NeedResourceRequest,
    PolicyProposal,
    Resource,
    ResourceBooking,
    Roundtable,
    RoundtableTable,
    SharingPledge,
    VoteChoice,
)
from itda.core.access import is_centre_admin

PLEDGE_TARGET = 400


def case_list_for_user(user: Any) -> QuerySet[BlindSpotCase]:
    """Cases the person may see: their own, those of dongs they manage as camp manager, or all
    for the centre."""
    qs = BlindSpotCase.objects.select_related("dong__district", "need").annotate(n_visits=Count("visits"))
    qs = qs.order_by("-created_at", "-id")
    if is_centre_admin(user):
        return qs
    camp_dongs = [r.dong_id for r in user.roles.all() if r.role == Role.CAMP_MANAGER and r.dong_id]
    return qs.filter(Q(recorded_by=user) | Q(dong_id__in=camp_dongs))


def resource_list(*, kind: str = "", dong_id: int | None = None) -> QuerySet[Resource]:
    qs = Resource.objects.filter(is_active=True).select_related("dong__district", "organization", "camp")
    if kind:
        qs = qs.filter(kind=kind)
    if dong_id:
        qs = qs.filter(dong_id=dong_id)
    return qs.annotate(n_upcoming=Count("bookings", filter=Q(
        bookings__status=ResourceBooking.Status.CONFIRMED, bookings__end__gte=timezone.now()))).order_by(
        "kind", "name", "id")


def resource_upcoming_bookings(resource: Resource) -> QuerySet[ResourceBooking]:
    return (resource.bookings.filter(status=ResourceBooking.Status.CONFIRMED, end__gte=timezone.now())
            .select_related("booked_by", "need").order_by("start"))


def open_resource_requests(*, limit: int = 50, dong_id: int | None = None) -> QuerySet[NeedResourceRequest]:
    qs = NeedResourceRequest.objects.filter(status=NeedResourceRequest.Status.OPEN,
                                            need__status__in=["open", "filled"])
    if dong_id is not None:
        qs = qs.filter(need__dong_id=dong_id)
    return qs.select_related("need__dong__district").order_by("created_at")[:limit]


def case_counts_for_dong(dong: Any) -> dict[str, int]:
    """Counts only: the camp's overview never lists the people."""
    agg = BlindSpotCase.objects.filter(dong=dong).aggregate(
        total=Count("id"), watching=Count("id", filter=Q(status=BlindSpotCase.Status.WATCHING)),
        linked=Count("id", filter=Q(status=BlindSpotCase.Status.LINKED)),
        closed=Count("id", filter=Q(status=BlindSpotCase.Status.CLOSED)))
    return {k: int(v or 0) for k, v in agg.items()}


def upcoming_sessions(*, limit: int = 5) -> QuerySet[CourseSession]:
    return (CourseSession.objects.filter(starts_at__gte=timezone.now(), course__is_active=True)
            .select_related("course").order_by("starts_at")[:limit])


def proposal_list(*, status: str = "") -> QuerySet[PolicyProposal]:
    qs = PolicyProposal.objects.select_related("field").annotate(
        n_supports=Count("supports", distinct=True), n_comments=Count("comments", distinct=True))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def proposal_detail(pk: int) -> PolicyProposal | None:
    return (PolicyProposal.objects.select_related("author", "field", "roundtable")
            .annotate(n_supports=Count("supports", distinct=True))
            .prefetch_related("history__changed_by", "comments__author").filter(pk=pk).first())


def roundtable_detail(pk: int) -> Roundtable | None:
    return (Roundtable.objects.annotate(n_participants=Count("participants", distinct=True))
            .prefetch_related(
                Prefetch("tables", queryset=RoundtableTable.objects.select_related("facilitator")
                         .annotate(n=Count("participants")).order_by("number")),
                Prefetch("agenda", queryset=AgendaItem.objects.order_by("order", "id")))
            .filter(pk=pk).first())


def agenda_results(items: list[AgendaItem]) -> dict[int, dict[str, Any]]:
    """Vote counts and shares per agenda item, in one grouped query."""
    out: dict[int, dict[str, Any]] = {
        i.pk: {"total": 0, **dict.fromkeys(VoteChoice.values, 0)} for i in items}
    rows = AgendaVote.objects.filter(item__in=items).values("item_id", "choice").annotate(n=Count("id"))
    for r in rows:
        out[r["item_id"]][r["choice"]] = r["n"]
        out[r["item_id"]]["total"] += r["n"]
    for res in out.values():
        res["bars"] = [{"choice": c, "label": label, "n": res[c],
                        "pct": round(res[c] / res["total"] * 100) if res["total"] else 0}
                       for c, label in VoteChoice.choices]
    return out


def course_list() -> QuerySet[Course]:
    upcoming = (CourseSession.objects.filter(starts_at__gte=timezone.now())
                .annotate(n_enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)))
                .order_by("starts_at"))
    return (Course.objects.filter(is_active=True).select_related("field")
            .prefetch_related(Prefetch("sessions", queryset=upcoming, to_attr="upcoming")).order_by("audience", "title"))


def course_sessions(course: Course) -> QuerySet[CourseSession]:
    return (course.sessions.annotate(
        n_enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)))
        .order_by("-starts_at"))


def completions_for_user(user: Any) -> QuerySet[Enrolment]:
    """Education a person completed, newest first: shown on their volunteer profile."""
    return (Enrolment.objects.filter(user=user, completed_at__isnull=False)
            .select_related("session__course__field").order_by("-completed_at"))


def pledge_summary() -> dict[str, Any]:
    active = SharingPledge.objects.filter(status=SharingPledge.Status.ACTIVE)
    agg = active.aggregate(n=Count("id"), percent=Count("id", filter=Q(kind=SharingPledge.Kind.PERCENT)),
                           amount=Count("id", filter=Q(kind=SharingPledge.Kind.AMOUNT)))
    n = int(agg["n"] or 0)
    return {"count": n, "target": PLEDGE_TARGET, "percent": int(agg["percent"] or 0),
            "amount": int(agg["amount"] or 0), "progress": min(round(n / PLEDGE_TARGET * 100, 1), 100.0)}
