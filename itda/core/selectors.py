"""Reads for the home page's headline figures."""

from __future__ import annotations

from django.db.models import Count, Sum

from itda.needs.models import Need
from itda.organizations.models import Organization
from itda.places.models import DongCamp
from itda.volunteers.models import VolunteerProfile


def home_figures() -> dict[str, int]:
    open_needs = Need.objects.open().aggregate(n=Count("id", distinct=True), seats=Sum("slots__headcount"))
    return {
        "volunteers": VolunteerProfile.objects.count(),
        "open_needs": open_needs["n"],
        "open_seats": open_needs["seats"] or 0,
        "organizations": Organization.objects.filter(verification=Organization.Verification.VERIFIED).count(),
        "camps": DongCamp.objects.filter(is_active=True).count(),
    }
