"""Reads about volunteers and teams that span relations."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from itda.volunteers.models import Team


def team_list(*, kind: str = "") -> QuerySet[Team]:
    qs = Team.objects.select_related("leader", "dong__district").annotate(n_members=Count("memberships"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "name")
