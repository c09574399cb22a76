"""Community demo data: seeding fills every part from the people already in the DB,
reproducibly, the pages render it, and a reset lets the demo users be deleted."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db.models import PROTECT
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import User
from itda.community.demo import community_reset, seed_community
from itda.community.models import (
    BlindSpotCase,
    PolicyProposal,
    ProposalStateChange,
    Resource,
    Roundtable,
    SharingPledge,
)
from itda.dashboard.views import CACHE_KEY
from itda.organizations.models import Organization
from itda.places.models import Dong
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_figures() -> None:
    """The dashboard caches its figures per process; each test starts from its own city."""
    cache.delete(CACHE_KEY)

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def small_city(centre_admin: User, activist: User, camp_manager: User, org_user: User, owner: User,
               organization: Organization, home_dong: Dong) -> list[User]:
    people = [f.VolunteerProfileFactory.create().user for _ in range(30)]
    for _ in range(5):
        f.NeedFactory.create(created_by=owner, dong=home_dong)
    return people


def test_seed_community_fills_every_part(small_city: list[User], client_for: ClientFor, centre_admin: User,
                                         activist: User) -> None:
    counts = seed_community(rng=random.Random(7), today=timezone.localdate())
    assert counts["resources"] == Resource.objects.count() > 0
    assert counts["blindspot_cases"] == BlindSpotCase.objects.count() > 0
    assert set(BlindSpotCase.objects.values_list("recorded_by_id", flat=True)) == {activist.pk}
    assert counts["proposals"] == PolicyProposal.objects.count() == 15
    assert ProposalStateChange.objects.count() >= 15
    assert Roundtable.objects.get().tables.count() == 100
    assert counts["agenda_votes"] > 0
    assert counts["enrolments"] > 0
    assert counts["completions"] > 0
    n_users = User.objects.count()
    assert counts["pledges"] == SharingPledge.objects.count() == min(n_users, 300)
    # Bookings of one resource never overlap.
    for res in Resource.objects.all():
        spans = sorted(res.bookings.values_list("start", "end"))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    client = client_for(centre_admin)
    rt = Roundtable.objects.get()
    for url in [reverse("dashboard:admin"), reverse("dashboard:public"), reverse("community:resource_list"),
                reverse("community:proposal_list"), reverse("community:roundtable_detail", args=[rt.pk]),
                reverse("community:course_list"), reverse("community:pledges"), reverse("community:case_list")]:
        assert client.get(url).status_code == 200, url


def test_reset_lets_the_demo_users_go(small_city: list[User]) -> None:
    seed_community(rng=random.Random(1), today=timezone.localdate())
    community_reset(User.objects.all())
    assert not PolicyProposal.objects.exists()
    assert not BlindSpotCase.objects.exists()
    assert not Resource.objects.exists()
    assert not Roundtable.objects.exists()
    # No community row still protects a user from deletion.
    for model in apps.get_app_config("community").get_models():
        for field in model._meta.get_fields():
            remote: Any = getattr(field, "remote_field", None)
            if (remote is not None and field.many_to_one and field.related_model is User
                    and remote.on_delete is PROTECT):
                rows: Any = model._default_manager.filter(**{f"{field.name}__isnull": False})
                assert not rows.exists(), (model, field)
