"""Volunteer services: the profile is saved in one step with its availability and interests."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from itda.accounts.models import Role, User
from itda.core.models import AuditLog
from itda.places.models import Dong
from itda.volunteers.models import AvailabilityWindow, VolunteerProfile
from itda.volunteers.services import (
    split_tags,
    team_create,
    team_member_add,
    volunteer_profile_save,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def _save(user: User, **kwargs: Any) -> VolunteerProfile:
    data: dict[str, Any] = {
        "user": user, "age_group": "senior", "home_dong": f.dong(), "max_distance_km": 3,
        "max_hours_per_week": 6, "talents": "반찬 만들기, 전등 교체 / 말벗", "intro": " 퇴직 교사입니다 ",
        "interest_fields": [f.field("0100"), f.field("0300")], "qualifications": ["teacher", "teacher"],
        "availability": [(0, time(9), time(12)), (2, time(13), time(18))],
    }
    data.update(kwargs)
    return volunteer_profile_save(**data)


def test_it_creates_a_profile_with_tags_interests_and_windows(owner: User) -> None:
    profile = _save(owner)
    assert profile.talent_tags == ["반찬 만들기", "전등 교체", "말벗"]
    assert profile.intro == "퇴직 교사입니다"
    assert profile.qualifications == ["teacher"]
    assert sorted(profile.interest_fields.values_list("code", flat=True)) == ["0100", "0300"]
    assert [(w.weekday, w.start, w.end) for w in profile.availability.all()] == [
        (0, time(9), time(12)), (2, time(13), time(18))]
    assert (profile.lat, profile.lon) == (profile.home_dong.lat, profile.home_dong.lon)
    assert owner.has_role(Role.VOLUNTEER)
    assert AuditLog.objects.filter(action="volunteer_profile_create").count() == 1


def test_it_replaces_windows_and_keeps_interest_fields(owner: User) -> None:
    first = _save(owner)
    again = _save(owner, availability=[(5, time(9), time(12))])
    assert again.pk == first.pk
    assert VolunteerProfile.objects.count() == 1
    assert list(AvailabilityWindow.objects.filter(profile=again).values_list("weekday", flat=True)) == [5]
    assert sorted(again.interest_fields.values_list("code", flat=True)) == ["0100", "0300"]
    assert AuditLog.objects.filter(action="volunteer_profile_update").count() == 1


def test_it_clears_windows_when_none_are_given(owner: User) -> None:
    _save(owner)
    profile = _save(owner, availability=[])
    assert not profile.availability.exists()


def test_it_collapses_duplicate_windows(owner: User) -> None:
    profile = _save(owner, availability=[(1, time(9), time(12)), (1, time(9), time(12))])
    assert profile.availability.count() == 1


def test_it_keeps_a_finer_point_unless_the_dong_changes(owner: User, other_dong: Dong) -> None:
    profile = _save(owner)
    VolunteerProfile.objects.filter(pk=profile.pk).update(lat=35.151, lon=126.916)
    profile = _save(owner)
    assert (profile.lat, profile.lon) == (35.151, 126.916)
    profile = _save(owner, home_dong=other_dong)
    assert (profile.lat, profile.lon) == (other_dong.lat, other_dong.lon)


def test_it_splits_talent_tags() -> None:
    assert split_tags("반찬,  반찬 / 전등\n말벗·산책, ,") == ["반찬", "전등", "말벗", "산책"]
    assert split_tags("가" * 41) == []
    assert len(split_tags(",".join(f"재능{i}" for i in range(40)))) == 30


def test_it_creates_a_team_with_its_leader(volunteer: User, other_volunteer: User) -> None:
    team = team_create(leader=volunteer, name="무등 퇴직교사 봉사단", kind="retiree", dong=f.dong(),
                       fields=[f.field("0400")])
    assert list(team.members.all()) == [volunteer]
    assert volunteer.has_role(Role.TEAM_LEADER)
    team_member_add(actor=volunteer, team=team, user=other_volunteer)
    team_member_add(actor=volunteer, team=team, user=other_volunteer)
    assert team.memberships.count() == 2
    assert AuditLog.objects.filter(action="team_member_add").count() == 1
