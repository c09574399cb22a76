"""Community resources: the registry, bookings that never overlap (also under concurrency),
and needs that ask for a resource as well as for people."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from itda.accounts.models import User
from itda.community.models import NeedResourceRequest, Resource, ResourceBooking
from itda.community.services import (
    CommunityError,
    resource_book,
    resource_booking_cancel,
    resource_create,
)
from itda.needs.models import Need
from itda.organizations.models import Organization
from itda.places.models import Dong
from tests import factories as f
from tests.helpers import PERSONAS, persona, retry_when_locked

ClientFor = Callable[[User | None], Client]
def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def resource(org_user: User, organization: Organization) -> Resource:
    return resource_create(actor=org_user, kind="space", name="햇살복지관 강당", owner_kind="organization",
                           organization=organization, dong=organization.dong,
                           description="50명이 모일 수 있는 강당", capacity=50, availability_notes="주말")


@pytest.mark.django_db
def test_bookings_never_overlap(resource: Resource, volunteer: User, other_volunteer: User) -> None:
    first = resource_book(actor=volunteer, resource=resource, start=_at(3, 10), end=_at(3, 12), purpose="김장 나눔")
    for start, end in [(_at(3, 10), _at(3, 12)), (_at(3, 11), _at(3, 13)), (_at(3, 9), _at(3, 10, 30)),
                       (_at(3, 9), _at(3, 13)), (_at(3, 10, 30), _at(3, 11))]:
        with pytest.raises(CommunityError, match="이미 예약"):
            resource_book(actor=other_volunteer, resource=resource, start=start, end=end, purpose="x")
    # Touching ranges are fine: 12:00 is free once the first ends.
    resource_book(actor=other_volunteer, resource=resource, start=_at(3, 12), end=_at(3, 13), purpose="정리")
    resource_book(actor=other_volunteer, resource=resource, start=_at(3, 8), end=_at(3, 10), purpose="준비")
    resource_booking_cancel(actor=volunteer, booking=first)
    resource_book(actor=other_volunteer, resource=resource, start=_at(3, 10), end=_at(3, 12), purpose="다시")
    assert ResourceBooking.objects.filter(status="confirmed").count() == 3


@pytest.mark.django_db
def test_it_refuses_past_inverted_and_inactive_bookings(resource: Resource, volunteer: User) -> None:
    with pytest.raises(CommunityError, match="늦어야"):
        resource_book(actor=volunteer, resource=resource, start=_at(3, 12), end=_at(3, 10), purpose="x")
    with pytest.raises(CommunityError, match="지난"):
        resource_book(actor=volunteer, resource=resource, start=_at(-1, 10), end=_at(-1, 12), purpose="x")
    Resource.objects.filter(pk=resource.pk).update(is_active=False)
    with pytest.raises(CommunityError, match="빌려줄 수 없는"):
        resource_book(actor=volunteer, resource=resource, start=_at(3, 10), end=_at(3, 12), purpose="x")


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_bookings_let_exactly_one_through(resource: Resource) -> None:
    users = [f.UserFactory.create() for _ in range(8)]
    starts = [_at(5, 10, 5 * (i % 4)) for i in range(len(users))]  # all overlap 10:15–11:00
    barrier = threading.Barrier(len(users))
    results: list[str] = []
    lock = threading.Lock()

    def book(user: User, start: datetime) -> None:
        try:
            barrier.wait()
            retry_when_locked(lambda: resource_book(actor=user, resource=resource, start=start,
                                                    end=start + timedelta(hours=1), purpose="동시 예약"))
            outcome = "ok"
        except CommunityError:
            outcome = "refused"
        except Exception as exc:
            outcome = f"error:{type(exc).__name__}:{exc}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=book, args=(u, s)) for u, s in zip(users, starts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["ok"] + ["refused"] * (len(users) - 1), results
    assert ResourceBooking.objects.filter(resource=resource, status="confirmed").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", PERSONAS)
def test_resource_pages_for_every_persona(
    request: pytest.FixtureRequest, client_for: ClientFor, resource: Resource, volunteer: User, who: str
) -> None:
    user = persona(request, who)
    booking = resource_book(actor=volunteer, resource=resource, start=_at(2, 10), end=_at(2, 12),
                            purpose="반찬 나눔 준비")
    client = client_for(user)
    assert client.get(reverse("community:resource_list")).status_code == 200
    response = client.get(reverse("community:resource_detail", args=[resource.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "반찬 나눔 준비" in html
    # The booker's name is shown to the resource's managers only.
    assert (volunteer.display_name in html) is (who in {"org_user", "centre_admin"})
    expected_create = 302 if who == "anonymous" else 200
    assert client.get(reverse("community:resource_create")).status_code == expected_create
    cancel = client.post(reverse("community:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    if who in {"org_user", "centre_admin", "volunteer"}:
        assert cancel.status_code == 302
        assert booking.status == "cancelled"
    else:
        assert cancel.status_code in {302, 404}
        assert booking.status == "confirmed"


@pytest.mark.django_db
def test_it_books_through_the_page_and_keeps_input_on_a_clash(
    client_for: ClientFor, resource: Resource, volunteer: User, other_volunteer: User
) -> None:
    url = reverse("community:resource_detail", args=[resource.pk])
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    data = {"day": day, "start": "10:00", "end": "12:00", "purpose": "어르신 생신 잔치"}
    assert client_for(None).post(url, data).status_code == 302
    assert not ResourceBooking.objects.exists()
    assert client_for(volunteer).post(url, data).status_code == 302
    response = client_for(other_volunteer).post(url, {**data, "start": "11:00", "end": "13:00", "purpose": "합창 연습"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "이미 예약이 있습니다" in html
    assert "합창 연습" in html
    response = client_for(other_volunteer).post(url, {**data, "end": "09:00"})
    assert "끝나는 시각은 시작 시각보다 늦어야 합니다." in response.content.decode()
    assert ResourceBooking.objects.count() == 1


@pytest.mark.django_db
def test_registering_resources_checks_the_owner(
    client_for: ClientFor, volunteer: User, org_user: User, organization: Organization,
    camp_manager: User, home_dong: Dong,
) -> None:
    url = reverse("community:resource_create")
    base = {"kind": "vehicle", "name": "12인승 승합차", "dong": str(home_dong.pk),
            "description": "어르신 병원 동행용", "capacity": "12", "availability_notes": ""}
    response = client_for(volunteer).post(url, {**base, "owner_kind": "organization", "organization": str(organization.pk)})
    assert response.status_code == 200  # not one of their organisations: not a valid choice
    assert not Resource.objects.exists()
    client_for(volunteer).post(url, {**base, "owner_kind": "resident"})
    mine = Resource.objects.get()
    assert mine.owner_user == volunteer
    assert mine.owner_kind == "resident"
    client_for(org_user).post(url, {**base, "owner_kind": "organization", "organization": str(organization.pk)})
    assert Resource.objects.filter(organization=organization).count() == 1
    camp = home_dong.camp
    client_for(camp_manager).post(url, {**base, "owner_kind": "camp", "camp": str(camp.pk)})
    assert Resource.objects.filter(camp=camp).count() == 1


@pytest.mark.django_db
def test_a_need_asks_for_a_resource_and_books_it(
    client_for: ClientFor, need: Need, owner: User, volunteer: User, resource: Resource
) -> None:
    url = reverse("community:need_resources", args=[need.pk])
    assert client_for(None).post(url, {"kind": "space"}).status_code == 302
    assert client_for(volunteer).post(url, {"kind": "space"}).status_code == 403
    assert client_for(owner).post(url, {"kind": "space", "note": "20명이 모일 방"}).status_code == 302
    req = NeedResourceRequest.objects.get()
    page = client_for(None).get(url)
    assert page.status_code == 200
    assert "20명이 모일 방" in page.content.decode()
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    booking_url = reverse("community:resource_detail", args=[resource.pk])
    data = {"day": day, "start": "10:00", "end": "12:00", "purpose": "모임", "request": str(req.pk)}
    assert client_for(volunteer).post(booking_url, data).status_code == 403
    assert client_for(owner).post(booking_url, data).status_code == 302
    req.refresh_from_db()
    assert req.status == "fulfilled"
    assert req.resource == resource
    assert req.booking is not None
    assert req.booking.need == need
    resource_booking_cancel(actor=owner, booking=req.booking)
    req.refresh_from_db()
    assert req.status == "open"
    assert req.booking is None


@pytest.mark.django_db
def test_resource_pages_pin_their_queries(
    client_for: ClientFor, resource: Resource, volunteer: User, org_user: User, organization: Organization,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(12):
        r = resource_create(actor=org_user, kind="equipment", name=f"천막 {i}", owner_kind="organization",
                            organization=organization, dong=organization.dong, description="천막")
        resource_book(actor=volunteer, resource=r, start=_at(2, 10), end=_at(2, 12), purpose="행사")
        resource_book(actor=volunteer, resource=resource, start=_at(3 + i, 10), end=_at(3 + i, 12), purpose="행사")
    client = client_for(org_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("community:resource_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("community:resource_detail", args=[resource.pk])).status_code == 200
