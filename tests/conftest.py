"""Personas shared by every view test: anonymous, owner, other volunteer, other organisation,
camp manager (of the need's dong), activist and centre admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itda.accounts.models import Role, User
from itda.needs.models import Need
from itda.organizations.models import Organization
from itda.places.models import Dong
from tests import factories as f


@pytest.fixture
def home_dong(db: None) -> Dong:
    return f.dong("2911052500")  # 동구 충장동


@pytest.fixture
def other_dong(db: None) -> Dong:
    return f.dong("2920062600")  # 광산구 첨단2동


@pytest.fixture
def owner(db: None) -> User:
    return f.UserFactory.create(roles=[Role.REQUESTER], display_name="정요청")


@pytest.fixture
def volunteer(db: None) -> User:
    profile = f.VolunteerProfileFactory.create(user__display_name="이봉사")
    return profile.user


@pytest.fixture
def other_volunteer(db: None) -> User:
    return f.VolunteerProfileFactory.create(user__display_name="최다른").user


@pytest.fixture
def organization(db: None, home_dong: Dong) -> Organization:
    return f.OrganizationFactory.create(dong=home_dong)


@pytest.fixture
def org_user(db: None, organization: Organization) -> User:
    return f.org_staff(organization, display_name="한기관")


@pytest.fixture
def other_org_user(db: None, other_dong: Dong) -> User:
    return f.org_staff(f.OrganizationFactory.create(dong=other_dong, name="다른농장", org_type="farm"),
                       display_name="서다른")


@pytest.fixture
def camp_manager(db: None, home_dong: Dong) -> User:
    f.camp(home_dong)
    return f.UserFactory.create(roles=[(Role.CAMP_MANAGER, home_dong)], display_name="윤캠프")


@pytest.fixture
def other_camp_manager(db: None, other_dong: Dong) -> User:
    return f.UserFactory.create(roles=[(Role.CAMP_MANAGER, other_dong)], display_name="강캠프")


@pytest.fixture
def activist(db: None, home_dong: Dong) -> User:
    return f.UserFactory.create(roles=[(Role.ACTIVIST, home_dong)], display_name="오활동")


@pytest.fixture
def centre_admin(db: None) -> User:
    return f.UserFactory.create(roles=[Role.CENTRE_ADMIN], display_name="센터관리", is_staff=True)


@pytest.fixture
def need(db: None, owner: User, home_dong: Dong) -> Need:
    return f.NeedFactory.create(created_by=owner, dong=home_dong)


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


QueryCounter = Callable[..., int]


@pytest.fixture
def count_queries() -> QueryCounter:
    """Queries one GET runs (after a warming GET); pages pin this and check it does not grow
    with the rows shown, so an N+1 shows up however many queries the site-wide nav adds."""

    def count(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
        client.get(url, params or {})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params or {})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    return count


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush every table, the migrated geography and service fields
    included; put them back before the test's own fixtures need them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from itda.places.models import District, ServiceField
    from itda.places.reference import load_geography, load_service_fields

    if not Dong.objects.exists():
        load_service_fields(ServiceField)
        load_geography(District, Dong)
