"""Reads about dongs and camps: a camp's page figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from itda.needs.models import Need
from itda.places.models import Dong, DongCamp
from itda.volunteers.models import VolunteerProfile


def camp_list() -> QuerySet[DongCamp]:
    return (
        DongCamp.objects.select_related("dong__district")
        .annotate(n_open=Count("dong__needs", filter=Q(dong__needs__status=Need.Status.OPEN)))
        .order_by("dong__district__code", "dong__name")
    )


def dong_figures(*, dong: Dong) -> dict[str, Any]:
    needs = Need.objects.filter(dong=dong).aggregate(
        open=Count("id", filter=Q(status=Need.Status.OPEN)),
        filled=Count("id", filter=Q(status=Need.Status.FILLED)),
        done=Count("id", filter=Q(status=Need.Status.DONE)),
        proxy=Count("id", filter=Q(proxy_for__isnull=False)),
    )
    volunteers = VolunteerProfile.objects.filter(home_dong=dong).count()
    return {**needs, "volunteers": volunteers,
            "registration_rate": (volunteers / dong.population * 100) if dong.population else 0.0}


def dong_volunteers(*, dong: Dong, limit: int = 50) -> list[VolunteerProfile]:
    return list(
        VolunteerProfile.objects.filter(home_dong=dong, is_active=True)
        .select_related("user", "home_dong__district").order_by("-completed_count", "id")[:limit]
    )
