"""Reads about organisations for the centre's review."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from itda.organizations.models import Organization


def organizations_pending_review(*, state: str = Organization.Verification.PENDING) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(verification=state)
        .select_related("dong__district")
        .annotate(n_staff=Count("memberships"))
        .order_by("created_at", "id")
    )
