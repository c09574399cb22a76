"""The admin: its log-in locks like the site's, and opening personal data there is logged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import User
from itda.core.models import AccessLog
from itda.needs.models import Need, ProxyRequester
from tests import factories as f

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def superuser() -> User:
    return f.UserFactory.create(is_staff=True, is_superuser=True, display_name="최고관리")


def _admin_login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code


def test_it_locks_the_admin_log_in_too(superuser: User) -> None:
    client = Client()
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES):
        assert _admin_login(client, superuser.username, "wrong") == 200
    superuser.refresh_from_db()
    assert superuser.is_locked()
    response = client.post(reverse("admin:login"), {"username": superuser.username, "password": f.PASSWORD})
    assert response.status_code == 200
    assert "로그인 실패가 반복되어 계정이 잠시 잠겼습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_lets_staff_into_the_admin(superuser: User) -> None:
    client = Client()
    assert _admin_login(client, superuser.username, f.PASSWORD) == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_logs_opening_a_need_with_its_private_contact(client_for: ClientFor, superuser: User,
                                                         need: Need) -> None:
    response = client_for(superuser).get(reverse("admin:needs_need_change", args=[need.pk]))
    assert response.status_code == 200
    assert f.PRIVATE_ADDRESS in response.content.decode()
    log = AccessLog.objects.get()
    assert log.viewer == superuser
    assert log.subject_type == "needs.need"
    assert log.subject_id == str(need.pk)
    assert log.reason == "관리 화면 열람"


def test_it_logs_opening_a_proxy_requester(client_for: ClientFor, superuser: User, activist: User) -> None:
    proxy = ProxyRequester.objects.create(name="박순자", dong=f.dong(), consent_method="in_person",
                                          consent_at=timezone.now(), consent_text_version="v1",
                                          registered_by=activist)
    client_for(superuser).get(reverse("admin:needs_proxyrequester_change", args=[proxy.pk]))
    assert AccessLog.objects.get().subject_type == "needs.proxyrequester"


def test_it_does_not_log_a_missing_object(client_for: ClientFor, superuser: User) -> None:
    client_for(superuser).get(reverse("admin:needs_need_change", args=[99999]))
    assert not AccessLog.objects.exists()


def test_it_keeps_the_logs_read_only_in_the_admin(client_for: ClientFor, superuser: User, need: Need) -> None:
    client = client_for(superuser)
    client.get(reverse("needs:detail", args=[need.pk]))
    log = AccessLog.objects.get()
    assert client.get(reverse("admin:core_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:core_accesslog_delete", args=[log.pk])).status_code == 403
    assert client.get(reverse("admin:core_accesslog_add")).status_code == 403


def test_it_does_not_count_the_right_password_of_a_non_staff_person(volunteer: User) -> None:
    client = Client()
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES + 1):
        response = client.post(reverse("admin:login"), {"username": volunteer.username, "password": f.PASSWORD})
        assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.failed_logins == 0
    assert not volunteer.is_locked()
    assert client.post(reverse("accounts:login"),
                       {"username": volunteer.username, "password": f.PASSWORD}).status_code == 302
