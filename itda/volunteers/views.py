"""The volunteer's own profile page and the team pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from itda.core.access import AuthedRequest
from itda.volunteers.access import can_see_member_names, get_team_for_user
from itda.volunteers.forms import (
    VolunteerProfileForm,
    availability_from_choices,
    choices_from_availability,
)
from itda.volunteers.models import VolunteerProfile
from itda.volunteers.selectors import team_list
from itda.volunteers.services import volunteer_profile_save


def _initial(profile: VolunteerProfile | None) -> dict[str, object]:
    if profile is None:
        return {}
    return {
        "home_dong": profile.home_dong_id,
        "age_group": profile.age_group,
        "talents": profile.talents,
        "interest_fields": list(profile.interest_fields.all()),
        "qualifications": profile.qualifications,
        "availability": choices_from_availability(
            [(w.weekday, w.start, w.end) for w in profile.availability.all()]
        ),
        "max_distance_km": profile.max_distance_km,
        "max_hours_per_week": profile.max_hours_per_week,
        "intro": profile.intro,
        "is_active": profile.is_active,
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthedRequest) -> HttpResponse:
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    form = VolunteerProfileForm(request.POST if request.method == "POST" else None, initial=_initial(profile))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer_profile_save(
            user=request.user,
            age_group=data["age_group"], home_dong=data["home_dong"],
            max_distance_km=data["max_distance_km"], max_hours_per_week=data["max_hours_per_week"],
            talents=data["talents"], intro=data["intro"],
            interest_fields=data["interest_fields"], qualifications=data["qualifications"],
            availability=availability_from_choices(data["availability"]),
            is_active=data["is_active"],
        )
        messages.success(request, _("봉사자 프로필을 저장했습니다."))
        return redirect("volunteers:profile_edit")
    if request.method == "POST":
        messages.error(request, _("입력한 내용을 확인해 주세요. 잘못된 칸에 안내가 표시되어 있습니다."))
    record = None
    if profile is not None:
        from itda.activities.selectors import badges, certified_minutes

        minutes = certified_minutes(volunteer=profile)
        record = {"minutes": minutes, "badges": badges(minutes)}
    return render(request, "volunteers/profile_edit.html", {"form": form, "profile": profile, "record": record})


@require_GET
def teams(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    return render(request, "volunteers/team_list.html", {"teams": team_list(kind=kind), "kind": kind})


@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk)
    members = team.memberships.select_related("user").order_by("joined_at")
    return render(request, "volunteers/team_detail.html", {
        "team": team, "members": members, "show_names": can_see_member_names(request.user, team),
    })
