"""State changes of volunteers: profile, availability, teams."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import time

from django.db import transaction

from itda.accounts.models import Role, User
from itda.accounts.services import role_grant
from itda.core.audit import audit_record
from itda.places.models import Dong, ServiceField
from itda.volunteers.models import AvailabilityWindow, Team, TeamMembership, VolunteerProfile


def split_tags(text: str) -> list[str]:
    """Talent tags from free text: comma, slash or line separated phrases, in order, unique."""
    seen: dict[str, None] = {}
    for raw in text.replace("/", ",").replace("\n", ",").replace("·", ",").split(","):
        tag = " ".join(raw.split())
        if tag and len(tag) <= 40:
            seen.setdefault(tag, None)
    return list(seen)[:30]


@transaction.atomic
def volunteer_profile_save(
    *,
    user: User,
    age_group: str,
    home_dong: Dong,
    max_distance_km: int,
    max_hours_per_week: int,
    talents: str,
    intro: str,
    interest_fields: Iterable[ServiceField],
    qualifications: Sequence[str],
    availability: Iterable[tuple[int, time, time]],
    is_active: bool = True,
) -> VolunteerProfile:
    """Create or replace a volunteer's profile and weekly availability in one step."""
    profile = VolunteerProfile.objects.filter(user=user).first()
    created = profile is None
    if profile is None:
        profile = VolunteerProfile(user=user)
    # Keep the finer point if the dong did not change; otherwise use the dong centroid.
    if created or profile.home_dong_id != home_dong.pk:
        profile.lat, profile.lon = home_dong.lat, home_dong.lon
    profile.age_group = age_group
    profile.home_dong = home_dong
    profile.max_distance_km = max_distance_km
    profile.max_hours_per_week = max_hours_per_week
    profile.talents = talents.strip()
    profile.talent_tags = split_tags(talents)
    profile.intro = intro.strip()
    profile.qualifications = sorted(set(qualifications))
    profile.is_active = is_active
    profile.save()
    profile.interest_fields.set(list(interest_fields))
    profile.availability.all().delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(profile=profile, weekday=wd, start=s, end=e)
        for wd, s, e in sorted(set(availability))
    )
    if not user.has_role(Role.VOLUNTEER):
        role_grant(actor=user, user=user, role=Role.VOLUNTEER)
    audit_record(actor=user, action="volunteer_profile_create" if created else "volunteer_profile_update",
                 target=profile)
    if profile.is_active:
        from itda.matching.tasks import match_profile_task

        transaction.on_commit(lambda: match_profile_task.enqueue(profile.pk))
    return profile


@transaction.atomic
def team_create(
    *, leader: User, name: str, kind: str, dong: Dong | None, specialty: str = "",
    description: str = "", fields: Iterable[ServiceField] = (),
) -> Team:
    team = Team.objects.create(
        leader=leader, name=name, kind=kind, dong=dong, specialty=specialty, description=description
    )
    team.fields.set(list(fields))
    TeamMembership.objects.create(team=team, user=leader)
    role_grant(actor=leader, user=leader, role=Role.TEAM_LEADER)
    audit_record(actor=leader, action="team_create", target=team, data={"kind": kind})
    return team


@transaction.atomic
def team_member_add(*, actor: User, team: Team, user: User) -> TeamMembership:
    membership, created = TeamMembership.objects.get_or_create(team=team, user=user)
    if created:
        audit_record(actor=actor, action="team_member_add", target=team, data={"user": user.pk})
    return membership
