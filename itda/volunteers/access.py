"""Access to volunteer data: teams are public, profiles only to their owner and the centre."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from itda.core.access import is_authenticated, is_centre_admin
from itda.volunteers.models import Team


def can_see_member_names(user: Any, team: Team) -> bool:
    """Full names of a team's members are for the team itself and the centre; others see 김○○."""
    if not is_authenticated(user):
        return False
    return is_centre_admin(user) or team.memberships.filter(user_id=user.pk).exists()


def get_team_for_user(user: Any, pk: int) -> Team:
    team = Team.objects.select_related("leader", "dong__district").filter(pk=pk).first()
    if team is None:
        raise Http404(_("봉사단을 찾을 수 없습니다."))
    return team
