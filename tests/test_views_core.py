"""The home page and the health check, for every persona."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from itda.accounts.models import User
from itda.needs.models import Need
from itda.organizations.models import Organization
from tests import factories as f
from tests.conftest import QueryCounter

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]

PERSONAS = ["anonymous", "owner", "volunteer", "org_user", "camp_manager", "activist", "centre_admin"]


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_the_home_page_to_everyone(request: pytest.FixtureRequest, client_for: ClientFor,
                                            need: Need, who: str) -> None:
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert need.title in html
    assert f.PRIVATE_ADDRESS not in html
    assert ("봉사자로 시작하기" in html) is (user is None)
    assert ("기관 인증" in html) is (who == "centre_admin")


def test_it_counts_the_headline_figures(client_for: ClientFor, owner: User, camp_manager: User,
                                        volunteer: User) -> None:
    f.NeedFactory.create(created_by=owner)  # one slot of 2
    f.NeedFactory.create(created_by=owner)
    f.NeedFactory.create(created_by=owner, status="draft")
    f.OrganizationFactory.create()
    f.OrganizationFactory.create(verification=Organization.Verification.PENDING)
    figures = client_for(None).get(reverse("core:home")).context["figures"]
    assert figures == {"volunteers": 1, "open_needs": 2, "open_seats": 4, "organizations": 1, "camps": 1}


def test_it_shows_the_six_newest_needs(client_for: ClientFor, owner: User) -> None:
    for i in range(8):
        f.NeedFactory.create(created_by=owner, title=f"요청 {i}")
    assert len(client_for(None).get(reverse("core:home")).context["needs"]) == 6


def test_it_pins_the_home_query_count(client_for: ClientFor, owner: User, count_queries: QueryCounter) -> None:
    org = f.OrganizationFactory.create()

    def add(n: int) -> None:
        for i in range(n):
            f.NeedFactory.create(created_by=owner, title=f"요청 {i}",
                                 **({"organization": org, "requester_kind": "organization"} if i % 2 else {}))

    client = client_for(owner)
    add(2)
    few = count_queries(client, reverse("core:home"))
    add(28)
    assert count_queries(client, reverse("core:home")) == few
    assert few <= 11  # 5 headline figures, needs + slots, session, user, roles, nav badge


def test_it_answers_the_health_check(client_for: ClientFor) -> None:
    response = client_for(None).get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_refuses_posts_to_the_home_page(client_for: ClientFor) -> None:
    assert client_for(None).post(reverse("core:home")).status_code == 405


def test_it_marks_responses_as_varying_by_htmx(client_for: ClientFor) -> None:
    assert "HX-Request" in client_for(None).get(reverse("core:home"))["Vary"]


def test_favicon_ico_points_at_the_svg_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
