"""Access to volunteer data: teams are public, profiles only to their owner and the centre."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from itda.volunteers.models import Team


def get_team_for_user(user: Any, pk: int) -> Team:
    team = Team.objects.select_related("leader", "dong__district").filter(pk=pk).first()
    if team is None:
        raise Http404("봉사단을 찾을 수 없습니다.")
    return team
