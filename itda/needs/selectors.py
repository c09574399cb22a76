"""Reads of needs that span relations: the filtered public list, a dong's needs, my needs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from itda.needs.models import Need, Slot
from itda.organizations.models import OrganizationMember


def _with_list_data(qs: QuerySet[Need]) -> QuerySet[Need]:
    # Subqueries, not joins: a filter across slots or memberships must neither narrow nor
    # multiply a need's first start and seat total.
    slots = Slot.objects.filter(need=OuterRef("pk"))
    return (
        qs.select_related("field", "dong__district", "organization")
        .annotate(
            first_start=Subquery(slots.order_by("start").values("start")[:1]),
            total_headcount=Subquery(
                slots.order_by().values("need").annotate(n=Sum("headcount")).values("n")
            ),
        )
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("start")))
    )


def need_list_public(
    *, q: str = "", field_id: int | None = None, district_code: str = "", dong_id: int | None = None,
    day: date | None = None,
) -> QuerySet[Need]:
    """Open needs with a session still to come, soonest first, filtered by text, field,
    district, dong and date."""
    qs = Need.objects.open().filter(
        Exists(Slot.objects.filter(need=OuterRef("pk"), end__gt=timezone.now())))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(place_label__icontains=q))
    if field_id:
        qs = qs.filter(field_id=field_id)
    if district_code:
        qs = qs.filter(dong__district__code=district_code)
    if dong_id:
        qs = qs.filter(dong_id=dong_id)
    if day:
        start = timezone.make_aware(datetime.combine(day, time.min))
        qs = qs.filter(Exists(Slot.objects.filter(
            need=OuterRef("pk"), start__gte=start, start__lt=start + timedelta(days=1))))
    return _with_list_data(qs).order_by("-urgency", "first_start", "-id")


def need_list_for_dong(*, dong_id: int) -> QuerySet[Need]:
    return _with_list_data(Need.objects.filter(dong_id=dong_id)).order_by("-created_at", "-id")


def need_list_for_user(*, user: Any) -> QuerySet[Need]:
    mine = OrganizationMember.objects.filter(user=user).values("organization_id")
    qs = Need.objects.filter(Q(created_by=user) | Q(organization_id__in=mine))
    return _with_list_data(qs).order_by("-created_at", "-id")


def need_list_for_organization(*, org: Any, include_private: bool = False) -> QuerySet[Need]:
    qs = Need.objects.filter(organization=org)
    if not include_private:
        qs = qs.public()
    return _with_list_data(qs).order_by("-created_at", "-id")


def need_form_initial(*, user: Any, mode: str, organization: Any = None) -> dict[str, Any]:
    """What a new need's form starts with, so nobody types their dong and contact twice.

    Only the poster's own data: a resident gets the dong, address and contact of the last
    need they posted for themselves (else their volunteer profile's dong and their own
    name and phone); an organisation's staff get its dong and address and their own
    contact, never a colleague's; a camp manager or activist gets their dong when they
    look after just one. Nothing of a proxy requester is carried over.
    """
    from itda.activities.access import volunteer_profile

    initial: dict[str, Any] = {}
    if mode == "proxy":
        dongs = user.managed_dong_ids()
        if len(dongs) == 1:
            initial["dong"] = next(iter(dongs))
        return initial
    initial["contact_name"] = user.display_name
    if user.phone:
        initial["contact_phone"] = user.phone
    if mode == "org":
        initial["dong"] = organization.dong_id
        initial["address"] = organization.address
        return initial
    last = (
        Need.objects.filter(created_by=user, organization__isnull=True, proxy_for__isnull=True)
        .select_related("private").order_by("-created_at", "-id").first()
    )
    if last is not None:
        initial["dong"] = last.dong_id
        private = getattr(last, "private", None)
        if private is not None:
            initial.update(address=private.address, contact_name=private.contact_name,
                           contact_phone=private.contact_phone)
    elif (profile := volunteer_profile(user)) is not None:
        initial["dong"] = profile.home_dong_id
    return initial
