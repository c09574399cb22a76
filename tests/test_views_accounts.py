"""Sign-up, log-in with lock-out, password reset and the person's own page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import Consent, ConsentPurpose, Role, User, current_consents
from itda.core.models import AuditLog
from itda.core.validators import RRN_MESSAGE
from tests import factories as f

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]

REQUIRED_ONLY = {
    "username": "minimum_kim",
    "display_name": "김최소",
    "password1": "gwangju-itda-77",
    "password2": "gwangju-itda-77",
    "roles": ["volunteer"],
    "consent_terms": "on",
    "consent_personal_required": "on",
}


def _signup(client: Client, **overrides: Any) -> Any:
    data = {**REQUIRED_ONLY, **overrides}
    return client.post(reverse("accounts:signup"), {k: v for k, v in data.items() if v is not None})


# --- sign-up ------------------------------------------------------------------------------------

def test_it_signs_up_with_required_fields_only() -> None:
    client = Client()
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:profile_edit")
    user = User.objects.get(username="minimum_kim")
    assert user.email == ""
    assert user.phone == ""
    assert user.role_codes == frozenset({Role.VOLUNTEER})
    consents = current_consents(user)
    assert consents == {p: p in (ConsentPurpose.TERMS, ConsentPurpose.PERSONAL_REQUIRED)
                        for p in ConsentPurpose.values}
    assert Consent.objects.filter(user=user).count() == len(ConsentPurpose.values)
    assert client.get(reverse("accounts:me")).status_code == 200  # logged in


def test_it_sends_requesters_to_the_need_form() -> None:
    response = _signup(Client(), roles=["requester"])
    assert response["Location"] == reverse("needs:create")


def test_it_stores_optional_contact_with_consent() -> None:
    _signup(Client(), email="kim@example.kr", phone="01012345678", consent_personal_optional="on",
            consent_provide_1365="on")
    user = User.objects.get(username="minimum_kim")
    assert user.email == "kim@example.kr"
    assert user.phone == "010-1234-5678"
    assert current_consents(user)[ConsentPurpose.PROVIDE_1365] is True


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent_terms": None}, "consent_terms", "이용약관에 동의해야 가입할 수 있습니다."),
        ({"consent_personal_required": None}, "consent_personal_required",
         "필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다."),
        ({"roles": None}, "roles", "봉사자와 도움 요청자 중 하나 이상을 골라 주세요."),
        ({"roles": ["centre_admin"]}, "roles", None),
        ({"username": "김"}, "username", "아이디는 영문, 숫자, _ . - 만 써서 4~30자로 만들어 주세요."),
        ({"password2": "different-pw-99"}, "password2", "두 비밀번호가 같지 않습니다."),
        ({"password1": "12345678", "password2": "12345678"}, "password1", None),
        ({"phone": "12"}, "phone", "전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678"),
        ({"email": "kim@example.kr"}, "consent_personal_optional", "선택 정보 수집에 동의해 주세요"),
        ({"display_name": "김 900101-1234567"}, "display_name", RRN_MESSAGE),
        ({"display_name": "김 9001011234567"}, "display_name", RRN_MESSAGE),
    ],
)
def test_it_explains_sign_up_errors_and_saves_nothing(overrides: dict[str, Any], field: str,
                                                       message: str | None) -> None:
    response = _signup(Client(), **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors
    if message is not None:
        assert any(message in e for e in errors)
        assert message in response.content.decode()
    if "display_name" not in overrides:
        assert 'value="김최소"' in response.content.decode()
    assert not User.objects.exists()
    assert not Consent.objects.exists()


def test_it_refuses_a_taken_username_whatever_the_case() -> None:
    f.UserFactory.create(username="Minimum_Kim")
    response = _signup(Client())
    assert "이미 사용 중인 아이디입니다" in response.context["form"].errors["username"][0]
    assert User.objects.count() == 1


def test_it_sends_logged_in_people_from_sign_up_to_their_page(client_for: ClientFor, volunteer: User) -> None:
    response = client_for(volunteer).get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:me")


# --- log-in and lock-out ------------------------------------------------------------------------

def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_logs_in(volunteer: User) -> None:
    client = Client()
    response = _login(client, volunteer.username, f.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("accounts:me")).status_code == 200


def test_it_explains_a_wrong_password_in_korean(volunteer: User) -> None:
    response = _login(Client(), volunteer.username, "wrong")
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 맞지 않습니다" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.failed_logins == 1


def test_it_locks_the_account_after_repeated_failures(volunteer: User) -> None:
    client = Client()
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES):
        _login(client, volunteer.username, "wrong")
    volunteer.refresh_from_db()
    assert volunteer.is_locked()
    assert AuditLog.objects.filter(action="user_locked", target_id=str(volunteer.pk)).count() == 1
    response = _login(client, volunteer.username, f.PASSWORD)  # even the right password
    assert response.status_code == 200
    html = response.content.decode()
    assert "로그인 실패가 반복되어 계정이 잠시 잠겼습니다" in html
    assert f"{settings.ITDA_LOGIN_LOCK_MINUTES}분 뒤에 다시 시도해 주세요" in html
    assert "_auth_user_id" not in client.session


def test_it_locks_whatever_the_case_of_the_username(volunteer: User) -> None:
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES):
        _login(Client(), volunteer.username.upper(), "wrong")
    volunteer.refresh_from_db()
    assert volunteer.is_locked()


def test_it_unlocks_after_the_lock_time(volunteer: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(settings.ITDA_LOGIN_MAX_FAILURES):
            _login(Client(), volunteer.username, "wrong")
        traveller.shift(timedelta(minutes=settings.ITDA_LOGIN_LOCK_MINUTES - 1))
        assert _login(Client(), volunteer.username, f.PASSWORD).status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert _login(Client(), volunteer.username, f.PASSWORD).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.locked_until is None
    assert volunteer.failed_logins == 0


def test_it_resets_the_failure_count_on_success(volunteer: User) -> None:
    client = Client()
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES - 1):
        _login(client, volunteer.username, "wrong")
    assert _login(client, volunteer.username, f.PASSWORD).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.failed_logins == 0
    client.post(reverse("accounts:logout"))
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES - 1):
        _login(client, volunteer.username, "wrong")
    volunteer.refresh_from_db()
    assert not volunteer.is_locked()


def test_it_does_not_count_failures_for_unknown_people() -> None:
    response = _login(Client(), "nobody_here", "wrong")
    assert response.status_code == 200
    assert "아이디 또는 비밀번호가 맞지 않습니다" in response.content.decode()


def test_it_logs_out_by_post(client_for: ClientFor, volunteer: User) -> None:
    client = client_for(volunteer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 302


# --- password reset -----------------------------------------------------------------------------

def test_it_resets_a_password_by_korean_email(volunteer: User) -> None:
    volunteer.email = "lee@example.kr"
    volunteer.save()
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "lee@example.kr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[잇다] 비밀번호 재설정 안내"
    assert message.to == ["lee@example.kr"]
    assert "이봉사님, 안녕하세요." in message.body
    match = re.search(r"https?://testserver(/accounts/reset/[^\s]+/)", str(message.body))
    assert match is not None
    link = match.group(1)
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session
    form_url = response["Location"]
    assert "새 비밀번호 정하기" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "new-gwangju-pw-88", "new_password2": "new-gwangju-pw-88"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    volunteer.refresh_from_db()
    assert volunteer.check_password("new-gwangju-pw-88")
    assert "링크가 만료되었거나" in client.get(link, follow=True).content.decode()


def test_it_sends_no_email_to_unknown_addresses() -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.kr"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- my page and consents -----------------------------------------------------------------------

def test_it_shows_my_roles_and_consents(client_for: ClientFor, camp_manager: User) -> None:
    html = client_for(camp_manager).get(reverse("accounts:me")).content.decode()
    assert "동 자원봉사캠프 관리자" in html
    assert "충장동" in html


def test_it_requires_log_in_for_my_page(client_for: ClientFor) -> None:
    response = client_for(None).get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_changes_consents_and_keeps_history() -> None:
    client = Client()
    _signup(client)
    user = User.objects.get(username="minimum_kim")
    response = client.post(reverse("accounts:me"), {"consent_provide_1365": "on"})
    assert response.status_code == 302
    assert current_consents(user)[ConsentPurpose.PROVIDE_1365] is True
    client.post(reverse("accounts:me"), {})
    assert current_consents(user)[ConsentPurpose.PROVIDE_1365] is False
    assert current_consents(user)[ConsentPurpose.TERMS] is True  # required consents stay
    rows = Consent.objects.filter(user=user, purpose=ConsentPurpose.PROVIDE_1365).order_by("at", "id")
    assert [r.granted for r in rows] == [False, True, False]
    follow = client.post(reverse("accounts:me"), {}, follow=True)
    assert "바뀐 내용이 없습니다." in follow.content.decode()


def test_it_explains_an_empty_sign_up() -> None:
    response = Client().post(reverse("accounts:signup"), {})
    assert response.status_code == 200
    assert "이용약관에 동의해야 가입할 수 있습니다." in response.content.decode()
    assert not User.objects.exists()


def test_it_says_what_withdrawing_erased() -> None:
    client = Client()
    _signup(client, email="kim@example.kr", consent_personal_optional="on")
    response = client.post(reverse("accounts:me"), {}, follow=True)
    assert "이메일과 휴대전화를 지웠습니다" in response.content.decode()
    assert User.objects.get(username="minimum_kim").email == ""


def test_it_shows_each_consent_separately_on_sign_up() -> None:
    from itda.accounts.forms import CONSENT_TEXTS

    html = Client().get(reverse("accounts:signup")).content.decode()
    for text in CONSENT_TEXTS.values():
        assert text in html
    assert "이메일 (선택)" in html
    assert "휴대전화 (선택)" in html
    assert "주민등록번호는 받지 않습니다" in html
    assert 'name="rrn"' not in html


@pytest.mark.parametrize("who", ["owner", "volunteer", "org_user", "camp_manager", "activist", "centre_admin"])
def test_it_shows_only_my_own_page(request: pytest.FixtureRequest, client_for: ClientFor, who: str) -> None:
    user: User = request.getfixturevalue(who)
    other = f.UserFactory.create(display_name="남의이름")
    response = client_for(user).get(reverse("accounts:me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.display_name in html
    assert other.display_name not in html
