"""Dong and camp pages: everyone sees the dong's public needs; only its helpers see its volunteers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from itda.accounts.models import Role, User
from itda.core.models import AccessLog
from itda.needs.models import Need
from itda.places.models import Dong
from tests import factories as f
from tests.conftest import QueryCounter
from tests.helpers import PERSONAS, persona

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]

DONG_HELPERS = {"camp_manager", "activist", "centre_admin"}


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_the_dong_volunteers_only_to_its_helpers(
    request: pytest.FixtureRequest, client_for: ClientFor, home_dong: Dong, camp_manager: User, who: str
) -> None:
    volunteers = [f.VolunteerProfileFactory.create(user__display_name=n, home_dong=home_dong)
                  for n in ("가봉사", "나봉사")]
    user = persona(request, who)
    response = client_for(user).get(reverse("places:dong", args=[home_dong.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "충장동 자원봉사캠프" in html
    helper = who in DONG_HELPERS
    assert response.context["is_manager"] is helper
    assert ("가봉사" in html) is helper
    assert ("주민 대신 도움 요청 등록" in html) is helper
    logs = AccessLog.objects.filter(subject_type="volunteers.volunteerprofile")
    if helper:
        # the `volunteer` fixture also lives in this dong
        assert {log.subject_id for log in logs} >= {str(v.pk) for v in volunteers}
        assert {log.viewer for log in logs} == {user}
        assert {log.reason for log in logs} == {"동 캠프 봉사자 목록"}
        assert all(log.ip == "127.0.0.1" for log in logs)
    else:
        assert not logs.exists()


def test_it_logs_each_volunteer_once_per_view(client_for: ClientFor, home_dong: Dong, camp_manager: User) -> None:
    profiles = [f.VolunteerProfileFactory.create(home_dong=home_dong) for _ in range(3)]
    client_for(camp_manager).get(reverse("places:dong", args=[home_dong.code]))
    assert sorted(AccessLog.objects.values_list("subject_id", flat=True)) == sorted(str(p.pk) for p in profiles)


@pytest.mark.parametrize("who", PERSONAS)
def test_it_shows_drafts_of_the_dong_only_to_its_helpers(
    request: pytest.FixtureRequest, client_for: ClientFor, home_dong: Dong, owner: User, camp_manager: User,
    who: str,
) -> None:
    f.NeedFactory.create(created_by=owner, dong=home_dong, title="모집 중인 요청")
    f.NeedFactory.create(created_by=owner, dong=home_dong, title="임시 저장 요청", status="draft")
    html = client_for(persona(request, who)).get(reverse("places:dong", args=[home_dong.code])).content.decode()
    assert "모집 중인 요청" in html
    assert ("임시 저장 요청" in html) is (who in DONG_HELPERS)
    assert f.PRIVATE_ADDRESS not in html


def test_it_counts_the_dong_figures(client_for: ClientFor, home_dong: Dong, owner: User, activist: User) -> None:
    f.NeedFactory.create(created_by=owner, dong=home_dong)
    f.NeedFactory.create(created_by=owner, dong=home_dong, status="filled")
    f.NeedFactory.create(created_by=owner, dong=home_dong, status="done")
    f.VolunteerProfileFactory.create(home_dong=home_dong)
    figures = client_for(None).get(reverse("places:dong", args=[home_dong.code])).context["figures"]
    assert figures["open"] == 1
    assert figures["filled"] == 1
    assert figures["done"] == 1
    assert figures["volunteers"] == 1
    assert figures["registration_rate"] == pytest.approx(100 / home_dong.population)


def test_it_answers_404_for_an_unknown_dong(client_for: ClientFor) -> None:
    assert client_for(None).get(reverse("places:dong", args=["1234567890"])).status_code == 404


def test_it_shows_a_dong_without_a_camp(client_for: ClientFor, other_dong: Dong) -> None:
    html = client_for(None).get(reverse("places:dong", args=[other_dong.code])).content.decode()
    assert "이 동에는 아직 자원봉사캠프가 없습니다." in html


def test_it_pins_the_dong_page_query_count(client_for: ClientFor, home_dong: Dong, camp_manager: User,
                                           owner: User, count_queries: QueryCounter) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            f.VolunteerProfileFactory.create(home_dong=home_dong)
            f.NeedFactory.create(created_by=owner, dong=home_dong)

    client = client_for(camp_manager)
    url = reverse("places:dong", args=[home_dong.code])
    add(2)
    few = count_queries(client, url)
    add(20)
    assert count_queries(client, url) == few
    assert few <= 14


def test_it_lists_the_camps(client_for: ClientFor, camp_manager: User, owner: User, home_dong: Dong) -> None:
    f.NeedFactory.create(created_by=owner, dong=home_dong)
    f.NeedFactory.create(created_by=owner, dong=home_dong, status="draft")
    response = client_for(None).get(reverse("places:camps"))
    assert response.status_code == 200
    assert "충장동 자원봉사캠프" in response.content.decode()
    assert [c.n_open for c in response.context["camps"]] == [1]


@pytest.mark.parametrize(
    ("who", "target"),
    [("camp_manager", "2911052500"), ("activist", "2911052500"), ("other_camp_manager", "2920062600")],
)
def test_it_sends_helpers_to_their_dong(request: pytest.FixtureRequest, client_for: ClientFor, who: str,
                                        target: str) -> None:
    response = client_for(persona(request, who)).get(reverse("places:my_camp"))
    assert response.status_code == 302
    assert response["Location"] == reverse("places:dong", args=[target])


@pytest.mark.parametrize("who", ["volunteer", "centre_admin"])
def test_it_sends_others_to_the_camp_list(request: pytest.FixtureRequest, client_for: ClientFor, who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("places:my_camp"))
    assert response.status_code == 302
    assert response["Location"] == reverse("places:camps")


def test_it_needs_log_in_for_my_camp(client_for: ClientFor) -> None:
    response = client_for(None).get(reverse("places:my_camp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_does_not_count_a_role_without_a_dong(client_for: ClientFor) -> None:
    user = f.UserFactory.create(roles=[Role.ACTIVIST])
    assert user.managed_dong_ids() == set()
    response = client_for(user).get(reverse("places:dong", args=["2911052500"]))
    assert response.context["is_manager"] is False
    assert Need.objects.count() == 0
