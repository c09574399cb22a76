"""The volunteer's own profile page and the team pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from itda.accounts.models import Role, User
from itda.core.validators import RRN_MESSAGE
from itda.volunteers.models import AvailabilityWindow, Team, VolunteerProfile
from itda.volunteers.services import team_create, team_member_add
from tests import factories as f
from tests.helpers import persona

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]

PERSONAS = ["anonymous", "owner", "volunteer", "other_volunteer", "org_user", "camp_manager", "centre_admin"]


def _profile_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "home_dong": str(f.dong().pk), "age_group": "adult", "talents": "전등 교체, 반찬 만들기",
        "interest_fields": [str(f.field("0100").pk), str(f.field("0200").pk)],
        "qualifications": ["electrician"], "availability": ["0-morning", "5-afternoon"],
        "max_distance_km": "5", "max_hours_per_week": "4", "intro": "동네 일을 돕고 싶어요.",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- profile ------------------------------------------------------------------------------------

def test_it_needs_log_in_for_the_profile(client_for: ClientFor) -> None:
    url = reverse("volunteers:profile_edit")
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_it_creates_a_profile_for_a_new_volunteer(client_for: ClientFor, owner: User) -> None:
    client = client_for(owner)
    assert client.get(reverse("volunteers:profile_edit")).status_code == 200
    response = client.post(reverse("volunteers:profile_edit"), _profile_data())
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=owner)
    assert profile.talent_tags == ["전등 교체", "반찬 만들기"]
    assert profile.qualifications == ["electrician"]
    assert sorted(profile.interest_fields.values_list("code", flat=True)) == ["0100", "0200"]
    windows = [(w.weekday, w.start.hour, w.end.hour) for w in profile.availability.all()]
    assert windows == [(0, 9, 12), (5, 13, 18)]
    assert owner.roles.filter(role=Role.VOLUNTEER).exists()


def test_it_shows_the_saved_profile_back(client_for: ClientFor, owner: User) -> None:
    client = client_for(owner)
    client.post(reverse("volunteers:profile_edit"), _profile_data())
    response = client.get(reverse("volunteers:profile_edit"))
    html = response.content.decode()
    assert "동네 일을 돕고 싶어요." in html
    assert 'value="0-morning" checked' in html
    assert 'value="5-afternoon" checked' in html
    assert 'value="1-morning" checked' not in html


def test_it_replaces_availability_on_save(client_for: ClientFor, volunteer: User) -> None:
    f.AvailabilityFactory.create(profile=volunteer.volunteer_profile, weekday=3)
    client_for(volunteer).post(reverse("volunteers:profile_edit"), _profile_data(availability=["6-evening"]))
    assert list(AvailabilityWindow.objects.values_list("weekday", flat=True)) == [6]


@pytest.mark.parametrize("rrn", ["900101-1234567", "9001011234567"])
@pytest.mark.parametrize("field", ["talents", "intro"])
def test_it_refuses_rrn_in_profile_text(client_for: ClientFor, owner: User, field: str, rrn: str) -> None:
    typed = f"제 번호는 {rrn}"
    response = client_for(owner).post(reverse("volunteers:profile_edit"), _profile_data(**{field: typed}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [RRN_MESSAGE]
    html = response.content.decode()
    assert RRN_MESSAGE in html
    assert typed in html
    assert not VolunteerProfile.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"max_distance_km": "0"}, "max_distance_km", "1km 이상으로 적어 주세요."),
        ({"max_distance_km": "99"}, "max_distance_km", "50km 이하로 적어 주세요."),
        ({"max_hours_per_week": "41"}, "max_hours_per_week", "40시간 이하로 적어 주세요."),
        ({"max_hours_per_week": "많이"}, "max_hours_per_week", "숫자로 적어 주세요."),
        ({"home_dong": "0"}, "home_dong", "목록에서 동을 선택해 주세요."),
    ],
)
def test_it_explains_profile_errors(client_for: ClientFor, volunteer: User, overrides: dict[str, str],
                                    field: str, message: str) -> None:
    before = VolunteerProfile.objects.get(user=volunteer).talents
    response = client_for(volunteer).post(reverse("volunteers:profile_edit"),
                                          _profile_data(talents="새로 적은 재능", **overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    assert message in html
    assert "새로 적은 재능" in html
    assert 'value="5-afternoon" checked' in html  # the grid keeps the ticks
    assert VolunteerProfile.objects.get(user=volunteer).talents == before


# --- teams --------------------------------------------------------------------------------------

@pytest.fixture
def team(volunteer: User, other_volunteer: User) -> Team:
    team = team_create(leader=volunteer, name="무등 퇴직교사 봉사단", kind="retiree", dong=f.dong())
    team_member_add(actor=volunteer, team=team, user=other_volunteer)
    return team


@pytest.mark.parametrize("who", PERSONAS)
def test_it_lists_teams_for_everyone(request: pytest.FixtureRequest, client_for: ClientFor, team: Team,
                                     who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("volunteers:teams"))
    assert response.status_code == 200
    assert team.name in response.content.decode()
    assert [t.n_members for t in response.context["teams"]] == [2]


def test_it_filters_teams_by_kind(client_for: ClientFor, team: Team) -> None:
    assert list(client_for(None).get(reverse("volunteers:teams"), {"kind": "youth"}).context["teams"]) == []
    assert list(client_for(None).get(reverse("volunteers:teams"), {"kind": "retiree"}).context["teams"]) == [team]


NAME_SEERS = {"volunteer", "other_volunteer", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_member_names_to_the_team_and_the_centre(
    request: pytest.FixtureRequest, client_for: ClientFor, team: Team, who: str
) -> None:
    response = client_for(persona(request, who)).get(reverse("volunteers:team_detail", args=[team.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert team.name in html
    assert ("최다른" in html) is (who in NAME_SEERS)
    assert "최○○" in html or who in NAME_SEERS
    assert "이○○" in html  # the leader line is always masked


def test_it_answers_404_for_a_missing_team(client_for: ClientFor) -> None:
    assert client_for(None).get(reverse("volunteers:team_detail", args=[99999])).status_code == 404
