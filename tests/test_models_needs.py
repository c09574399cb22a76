"""Row-level behaviour of needs and slots, and the database constraints that back the forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import User
from itda.needs.models import Need, Slot

pytestmark = pytest.mark.django_db


def test_it_labels_qualifications_and_age_groups(need: Need) -> None:
    need.required_qualifications = ["driver_license", "unknown_code"]
    need.eligible_age_groups = ["senior", "martian"]
    assert need.qualification_labels() == ["운전면허", "unknown_code"]
    assert need.age_group_labels() == ["어르신 (65세 이상)"]
    assert not need.is_social_job


def test_it_measures_a_slot_in_minutes(need: Need) -> None:
    slot = need.slots.get()
    assert slot.duration_minutes == 120


def test_it_shows_labels_on_the_detail_page(need: Need) -> None:
    Need.objects.filter(pk=need.pk).update(required_qualifications=["driver_license"],
                                           eligible_age_groups=["adult"])
    html = Client().get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "운전면허" in html
    assert "성인 (19~64세)" in html
    assert "2시간" in html


def test_the_database_refuses_a_slot_ending_before_it_starts(need: Need) -> None:
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(need=need, start=start, end=start - timedelta(minutes=1), headcount=1)


def test_the_database_refuses_an_empty_slot(need: Need) -> None:
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(need=need, start=start, end=start + timedelta(hours=1), headcount=0)


def test_the_database_ties_the_requester_kind_to_the_organisation(owner: User, need: Need) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=need.pk).update(requester_kind=Need.RequesterKind.ORGANIZATION)
