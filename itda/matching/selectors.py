"""Reads of matching: a volunteer's proposals, a need's candidates and bookings, city figures."""

from __future__ import annotations

from datetime import timedelta
from statistics import median
from typing import Any

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from itda.matching import adapter
from itda.matching.models import Booking, MatchRun, Proposal
from itda.needs.models import Need, Slot
from itda.volunteers.models import VolunteerProfile


def proposals_for_volunteer(*, user: Any) -> dict[str, list[Proposal]]:
    qs = (Proposal.objects.filter(volunteer__user=user)
          .select_related("slot__need__dong__district", "slot__need__field", "team", "booking")
          .order_by("slot__start"))
    groups: dict[str, list[Proposal]] = {"pending": [], "upcoming": [], "waitlisted": [], "past": []}
    now = timezone.now()
    for p in qs:
        if p.status == Proposal.Status.PENDING and p.slot.start > now:
            groups["pending"].append(p)
        elif p.status in (Proposal.Status.ACCEPTED, Proposal.Status.CONFIRMED) and p.slot.end > now:
            groups["upcoming"].append(p)
        elif p.status == Proposal.Status.WAITLISTED and p.slot.start > now:
            groups["waitlisted"].append(p)
        else:
            groups["past"].append(p)
    groups["past"] = sorted(groups["past"], key=lambda p: p.slot.start, reverse=True)[:30]
    return groups


def need_matching_panel(*, need: Need) -> list[dict[str, Any]]:
    """Per slot: seats, who is coming (bookings), and the open proposals on the requester side."""
    slots = list(need.slots.order_by("start"))
    proposals = (Proposal.objects.filter(slot__in=slots)
                 .select_related("volunteer__user", "volunteer__home_dong", "team")
                 .order_by("rank", "id"))
    bookings = (Booking.objects.filter(slot__in=slots)
                .select_related("volunteer__user", "proposal").order_by("seat"))
    by_slot_p: dict[int, list[Proposal]] = {}
    for p in proposals:
        by_slot_p.setdefault(p.slot_id, []).append(p)
    by_slot_b: dict[int, list[Booking]] = {}
    for b in bookings:
        by_slot_b.setdefault(b.slot_id, []).append(b)
    out = []
    for s in slots:
        active = [b for b in by_slot_b.get(s.pk, []) if b.status in Booking.ACTIVE]
        out.append({
            "slot": s,
            "seats_left": s.headcount - len(active),
            "bookings": [b for b in by_slot_b.get(s.pk, []) if b.status != Booking.Status.CANCELLED],
            "pending": [p for p in by_slot_p.get(s.pk, []) if p.status == Proposal.Status.PENDING],
            "waitlisted": [p for p in by_slot_p.get(s.pk, []) if p.status == Proposal.Status.WAITLISTED],
            "answered": [p for p in by_slot_p.get(s.pk, []) if p.status in (
                Proposal.Status.DECLINED, Proposal.Status.EXPIRED, Proposal.Status.REJECTED)],
        })
    return out


def slot_candidates(*, slot: Slot, top: int = 10) -> list[dict[str, Any]]:
    """Live ranking of volunteers for one slot, without those already asked."""
    need = slot.need
    idx = adapter.indexes.for_district(need.dong.district)
    ranked = idx.engine.recommend_volunteers(adapter.need_record(need, [slot]), top=top + 30)
    asked = set(Proposal.objects.filter(slot=slot).values_list("volunteer_id", flat=True))
    out = []
    for r in ranked:
        profile = idx.profiles.get(r.id)
        if profile is None or profile.pk in asked:
            continue
        out.append({"profile": profile, "score": r.score, "reason": r.reason})
        if len(out) >= top:
            break
    return out


def volunteer_slot_state(*, user: Any, need: Need) -> dict[int, Proposal]:
    """The signed-in volunteer's proposal per slot of a need (to show apply / accept buttons)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {p.slot_id: p for p in Proposal.objects.filter(slot__need=need, volunteer__user=user)}


def match_figures(*, since_days: int = 90) -> dict[str, Any]:
    """Centre admin figures: match rate, time to fill, acceptance rate, unfilled needs by dong."""
    since = timezone.now() - timedelta(days=since_days)
    props = Proposal.objects.filter(created_at__gte=since, source=Proposal.Source.ENGINE)
    agg = props.aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(volunteer_accepted_at__isnull=False)),
        declined=Count("id", filter=Q(status=Proposal.Status.DECLINED)),
        expired=Count("id", filter=Q(status=Proposal.Status.EXPIRED)),
    )
    answered = agg["accepted"] + agg["declined"]
    slots = Slot.objects.filter(need__created_at__gte=since).exclude(
        need__status__in=[Need.Status.DRAFT, Need.Status.CANCELLED])
    n_slots = slots.count()
    filled_slots = 0
    fill_hours: list[float] = []
    confirmed_per_slot = (Booking.objects.filter(slot__in=slots, status__in=[
        Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW])
        .values("slot_id", "slot__headcount", "slot__need__created_at")
        .annotate(n=Count("id"), last=Max("confirmed_at")))  # filled when its last seat was confirmed
    for row in confirmed_per_slot:
        if row["n"] >= row["slot__headcount"]:
            filled_slots += 1
            if row["last"]:
                fill_hours.append((row["last"] - row["slot__need__created_at"]).total_seconds() / 3600)
    unfilled = (Need.objects.open().values("dong__code", "dong__name", "dong__district__name")
                .annotate(n=Count("id")).order_by("-n", "dong__name")[:20])
    reasons = (Proposal.objects.filter(created_at__gte=since, status=Proposal.Status.DECLINED)
               .values("decline_reason").annotate(n=Count("id")).order_by("-n"))
    return {
        "since_days": since_days,
        "proposals": agg["total"],
        "acceptance_rate": agg["accepted"] / answered if answered else None,
        "expired": agg["expired"],
        "slots": n_slots,
        "match_rate": filled_slots / n_slots if n_slots else None,
        "median_hours_to_fill": median(fill_hours) if fill_hours else None,
        "unfilled_by_dong": list(unfilled),
        "decline_reasons": list(reasons),
        "runs": list(MatchRun.objects.order_by("-started_at")[:10]),
        "avg_rating": Booking.objects.filter(volunteer_rating__isnull=False).aggregate(a=Avg("volunteer_rating"))["a"],
        "volunteers_active": VolunteerProfile.objects.filter(is_active=True).count(),
        "pending_now": Proposal.objects.filter(status=Proposal.Status.PENDING).count(),
        "held_now": Booking.objects.filter(status=Booking.Status.HELD).count(),
    }
