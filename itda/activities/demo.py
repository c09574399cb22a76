"""Demo data for activities: past sessions (approved, pending, one disputed) for the showcase
volunteer and a sample of others, leaderboard opt-ins, an injury report, and one slot starting
soon so the QR check-in can be shown live. `demo_city` calls `seed_activities` after the needs
exist and `activities_reset` before it deletes demo users.

Every session goes through the services (check-in/out, attendance by hand, approval), so demo
rows obey the same caps and history as real ones.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from itda.accounts.models import User
from itda.activities import services
from itda.activities.models import (
    ActivitySession,
    Certificate,
    HoursCorrection,
    ImportedProgram,
    InsuranceClaim,
    RecognitionPreference,
)
from itda.activities.tokens import token_make
from itda.matching.models import Booking, Proposal
from itda.needs.models import Need, NeedPrivate, Slot
from itda.volunteers.models import VolunteerProfile

SHOWCASE_VOLUNTEER = "volunteer"
SHOWCASE_SESSIONS = 24
OTHERS = 40


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _book(need: Need, profile: VolunteerProfile, start: datetime, hours: int) -> tuple[Slot, Booking]:
    slot = Slot.objects.create(need=need, start=start, end=start + timedelta(hours=hours), headcount=1)
    proposal = Proposal.objects.create(slot=slot, volunteer=profile, status=Proposal.Status.CONFIRMED,
                                       source=Proposal.Source.APPLY, volunteer_accepted_at=start - timedelta(days=3),
                                       requester_accepted_at=start - timedelta(days=3))
    booking = Booking.objects.create(slot=slot, volunteer=profile, proposal=proposal,
                                     status=Booking.Status.CONFIRMED, seat=1,
                                     confirmed_at=start - timedelta(days=3))
    return slot, booking


def _session(rng: random.Random, need: Need, profile: VolunteerProfile, day: date, *,
             approve: bool) -> ActivitySession:
    hours = rng.choice([2, 2, 3, 3, 4])
    slot, booking = _book(need, profile, _aware(day, rng.choice([9, 10, 13, 14])), hours)
    requester = need.created_by
    if approve and rng.random() < 0.5:
        # Attendance confirmed by hand (a volunteer without a phone) is approved at once.
        late = rng.choice([0, 0, 10, 20])
        return services.attendance_confirm(actor=requester, booking_id=booking.pk,
                                           start=slot.start + timedelta(minutes=late), end=slot.end,
                                           at=slot.end + timedelta(hours=1))
    user = profile.user
    services.attendance_scan(user=user, token=token_make(slot_id=slot.pk, purpose="in"),
                             at=slot.start - timedelta(minutes=rng.choice([0, 5, 10])))
    session = services.attendance_scan(user=user, token=token_make(slot_id=slot.pk, purpose="out"),
                                       at=slot.end - timedelta(minutes=rng.choice([0, 0, 15, 30])))
    if approve:
        session = services.hours_approve(actor=requester, session_id=session.pk, at=slot.end + timedelta(hours=2))
    return session


def _past_programmes(sources: list[Need]) -> list[Need]:
    """Finished copies of organisation needs: past sessions belong to past programmes, not to
    the open requests of the demo city (whose sessions all lie ahead)."""
    out = []
    for src in sources:
        need = Need.objects.create(
            requester_kind=src.requester_kind, organization=src.organization, created_by=src.created_by,
            field=src.field, title=src.title, description=src.description, dong=src.dong, lat=src.lat,
            lon=src.lon, place_label=src.place_label, required_qualifications=src.required_qualifications,
            eligible_age_groups=src.eligible_age_groups, urgency=src.urgency, status=Need.Status.DONE,
        )
        private = getattr(src, "private", None)
        if private is not None:
            NeedPrivate.objects.create(need=need, address=private.address, contact_name=private.contact_name,
                                       contact_phone=private.contact_phone)
        out.append(need)
    return out


def _backdate_programmes(needs: list[Need]) -> None:
    for need in needs:
        first = need.slots.aggregate(first=Min("start"))["first"]
        if first is not None:
            created = first - timedelta(days=14)
            Need.objects.filter(pk=need.pk).update(created_at=created, updated_at=created)


def seed_activities(*, rng: random.Random, today: date) -> dict[str, int]:
    """Past activity records for demo volunteers on finished copies of organisation needs."""
    open_needs = list(Need.objects.filter(organization__isnull=False, status=Need.Status.OPEN)
                      .select_related("created_by", "private").order_by("pk")[:20])
    profiles = list(VolunteerProfile.objects.select_related("user").order_by("pk"))
    if not open_needs or not profiles:
        return {}
    needs = _past_programmes(open_needs)
    showcase = next((p for p in profiles if p.user.username == SHOWCASE_VOLUNTEER), profiles[0])
    others = rng.sample([p for p in profiles if p.pk != showcase.pk], k=min(OTHERS, len(profiles) - 1))
    counts = {"sessions": 0, "approved": 0, "opt_in": 0, "claims": 0}
    with transaction.atomic():
        days = sorted(rng.sample(range(2, 120), k=SHOWCASE_SESSIONS), reverse=True)
        for i, back in enumerate(days):
            session = _session(rng, rng.choice(needs), showcase, today - timedelta(days=back),
                               approve=i < SHOWCASE_SESSIONS - 2)
            counts["sessions"] += 1
            counts["approved"] += session.status == ActivitySession.Status.APPROVED
        last = ActivitySession.objects.filter(volunteer=showcase, status=ActivitySession.Status.APPROVED).first()
        if last is not None:
            services.hours_dispute(user=showcase.user, session_id=last.pk,
                                   reason="10시 정각에 도착했는데 입실이 늦게 찍혔어요.")
            services.insurance_claim_report(
                actor=showcase.user, session_id=last.pk, occurred_at=last.check_in_at or timezone.now(),
                place=last.slot.need.place_label or str(last.slot.need.dong),
                description="배식 중 뜨거운 국물에 손등을 데었습니다.", injury="오른손 등 1도 화상")
            counts["claims"] += 1
        services.recognition_set(user=showcase.user, opt_in=True)
        counts["opt_in"] += 1
        for profile in others:
            for back in sorted(rng.sample(range(2, 90), k=rng.randint(1, 6)), reverse=True):
                session = _session(rng, rng.choice(needs), profile, today - timedelta(days=back),
                                   approve=rng.random() < 0.85)
                counts["sessions"] += 1
                counts["approved"] += session.status == ActivitySession.Status.APPROVED
            if rng.random() < 0.6:
                services.recognition_set(user=profile.user, opt_in=True)
                counts["opt_in"] += 1
        # A slot starting soon on an organisation's open need, so its staff can show the QR live.
        soon = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=30)
        _book(open_needs[0], showcase, soon, 2)
        _backdate_programmes(needs)
    counts["programmes"] = len(needs)
    return counts


def activities_reset(users: QuerySet[Any]) -> dict[str, int]:
    """Delete activity rows of these (demo) users, before their bookings and needs go.

    History rows are append-only for everyone else; demo history is removed with a raw delete
    because the whole demo record, not one row of it, is being taken away.
    """
    ids = users.values("pk")
    sessions = ActivitySession.objects.filter(Q(volunteer__user_id__in=ids) | Q(slot__need__created_by_id__in=ids))
    out: dict[str, int] = {}
    with transaction.atomic():
        out["claims"], _ = InsuranceClaim.objects.filter(session__in=sessions).delete()
        history = HoursCorrection.objects.filter(session__in=sessions)
        out["history"] = history._raw_delete(history.db)
        out["sessions"], _ = sessions.delete()
        certificates = Certificate.objects.filter(volunteer__user_id__in=ids)
        for cert in certificates.exclude(file=""):
            cert.file.delete(save=False)
        out["certificates"], _ = certificates.delete()
        out["recognition"], _ = RecognitionPreference.objects.filter(volunteer__user_id__in=ids).delete()
        out["imported"], _ = ImportedProgram.objects.filter(need__created_by_id__in=ids).delete()
    return out


def demo_users() -> QuerySet[User]:
    from itda.core.demo.generator import BULK_PREFIX, SHOWCASE_USERNAMES

    return User.objects.filter(Q(username__in=SHOWCASE_USERNAMES) | Q(username__startswith=BULK_PREFIX))
