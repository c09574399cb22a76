"""Account services: sign-up with consent rows, consent history, role grants, log-in failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from itda.accounts.models import (
    CONSENT_VERSION,
    Consent,
    ConsentPurpose,
    Role,
    User,
    UserRole,
    current_consents,
)
from itda.accounts.services import (
    ConsentMissingError,
    consent_set,
    login_failure_record,
    login_success_record,
    role_grant,
    role_revoke,
    user_signup,
)
from itda.core.models import AuditLog
from itda.needs.models import NeedPrivate, ProxyRequester
from tests import factories as f

pytestmark = pytest.mark.django_db

REQUIRED: dict[str, bool] = {ConsentPurpose.TERMS: True, ConsentPurpose.PERSONAL_REQUIRED: True}


def _signup(**kwargs: object) -> User:
    data: dict[str, Any] = {"username": "newbie", "password": "itda-pw-1234!", "display_name": "김새내",
                  "roles": [Role.VOLUNTEER], "consents": REQUIRED}
    data.update(kwargs)
    return user_signup(**data)


def test_it_writes_one_consent_row_per_purpose() -> None:
    user = _signup(consents={**REQUIRED, ConsentPurpose.PROVIDE_1365: True})
    rows = Consent.objects.filter(user=user)
    assert sorted(rows.values_list("purpose", flat=True)) == sorted(ConsentPurpose.values)
    assert {r.text_version for r in rows} == {CONSENT_VERSION} == {settings.ITDA_CONSENT_VERSION}
    granted = {r.purpose for r in rows if r.granted}
    assert granted == {ConsentPurpose.TERMS, ConsentPurpose.PERSONAL_REQUIRED, ConsentPurpose.PROVIDE_1365}
    assert user.check_password("itda-pw-1234!")
    assert user.role_codes == frozenset({Role.VOLUNTEER})
    audit = AuditLog.objects.get(action="user_signup")
    assert audit.target_id == str(user.pk)


@pytest.mark.parametrize("missing", [ConsentPurpose.TERMS, ConsentPurpose.PERSONAL_REQUIRED])
def test_it_refuses_sign_up_without_required_consent(missing: str) -> None:
    consents: dict[str, bool] = {**REQUIRED, missing: False}
    with pytest.raises(ConsentMissingError, match="필수 동의"):
        _signup(consents=consents)
    assert not User.objects.filter(username="newbie").exists()
    assert Consent.objects.count() == 0


def test_it_refuses_roles_the_centre_grants() -> None:
    with pytest.raises(ValueError, match="granted by the centre"):
        _signup(roles=[Role.CENTRE_ADMIN])
    assert not User.objects.filter(username="newbie").exists()


def test_it_keeps_the_consent_history() -> None:
    user = _signup()
    consent_set(user=user, purpose=ConsentPurpose.SENSITIVE, granted=True)
    consent_set(user=user, purpose=ConsentPurpose.SENSITIVE, granted=False)
    history = list(
        Consent.objects.filter(user=user, purpose=ConsentPurpose.SENSITIVE)
        .order_by("at", "id").values_list("granted", flat=True)
    )
    assert history == [False, True, False]
    assert current_consents(user)[ConsentPurpose.SENSITIVE] is False
    assert AuditLog.objects.filter(action="consent_set", target_id=str(user.pk)).count() == 2


def test_it_refuses_to_withdraw_a_required_consent() -> None:
    user = _signup()
    with pytest.raises(ConsentMissingError, match="철회할 수 없습니다"):
        consent_set(user=user, purpose=ConsentPurpose.TERMS, granted=False)
    assert current_consents(user)[ConsentPurpose.TERMS] is True


def test_it_grants_a_role_once_and_audits_it() -> None:
    admin = f.UserFactory.create(roles=[Role.CENTRE_ADMIN])
    user = f.UserFactory.create()
    dong = f.dong()
    first = role_grant(actor=admin, user=user, role=Role.CAMP_MANAGER, dong=dong)
    again = role_grant(actor=admin, user=user, role=Role.CAMP_MANAGER, dong=dong)
    assert first.pk == again.pk
    assert UserRole.objects.filter(user=user).count() == 1
    logs = AuditLog.objects.filter(action="role_grant", target_id=str(user.pk))
    assert logs.count() == 1
    assert logs.get().actor == admin
    assert logs.get().data == {"role": Role.CAMP_MANAGER, "dong": dong.code}
    assert user.managed_dong_ids() == {dong.pk}
    assert user.has_role(Role.CAMP_MANAGER)


def test_it_grants_an_unscoped_role_once() -> None:
    user = f.UserFactory.create()
    role_grant(actor=None, user=user, role=Role.VOLUNTEER)
    role_grant(actor=None, user=user, role=Role.VOLUNTEER)
    assert UserRole.objects.filter(user=user, role=Role.VOLUNTEER).count() == 1
    assert AuditLog.objects.filter(action="role_grant").count() == 1


def test_it_needs_a_dong_for_camp_managers_and_activists() -> None:
    user = f.UserFactory.create()
    for role in (Role.CAMP_MANAGER, Role.ACTIVIST):
        with pytest.raises(ValueError, match="담당 동"):
            role_grant(actor=None, user=user, role=role)
    assert not UserRole.objects.filter(user=user).exists()


def test_it_revokes_a_role_and_audits_it() -> None:
    user = f.UserFactory.create(roles=[Role.VOLUNTEER])
    assert user.has_role(Role.VOLUNTEER)
    assert role_revoke(actor=None, user=user, role=Role.VOLUNTEER) == 1
    assert not user.has_role(Role.VOLUNTEER)
    assert AuditLog.objects.filter(action="role_revoke").count() == 1
    assert role_revoke(actor=None, user=user, role=Role.VOLUNTEER) == 0
    assert AuditLog.objects.filter(action="role_revoke").count() == 1


def test_it_locks_after_too_many_failures_and_success_resets() -> None:
    user = f.UserFactory.create()
    for _ in range(settings.ITDA_LOGIN_MAX_FAILURES - 1):
        login_failure_record(user=user)
    user.refresh_from_db()
    assert user.failed_logins == settings.ITDA_LOGIN_MAX_FAILURES - 1
    assert not user.is_locked()
    login_failure_record(user=user)
    user.refresh_from_db()
    assert user.is_locked()
    assert user.locked_until is not None
    assert user.locked_until > timezone.now() + timedelta(minutes=settings.ITDA_LOGIN_LOCK_MINUTES - 1)
    assert AuditLog.objects.filter(action="user_locked", target_id=str(user.pk)).count() == 1
    login_success_record(user=user)
    user.refresh_from_db()
    assert user.failed_logins == 0
    assert user.locked_until is None


def test_it_counts_superusers_as_centre_admins() -> None:
    user = f.UserFactory.create(is_superuser=True)
    assert user.is_centre_admin


def test_it_erases_optional_contact_when_its_consent_is_withdrawn() -> None:
    user = _signup(email="kim@example.kr", phone="010-1234-5678",
                   consents={**REQUIRED, ConsentPurpose.PERSONAL_OPTIONAL: True})
    consent_set(user=user, purpose=ConsentPurpose.PERSONAL_OPTIONAL, granted=False)
    user.refresh_from_db()
    assert user.email == ""
    assert user.phone == ""
    log = AuditLog.objects.filter(action="consent_set").latest("id")
    assert log.data["erased"] == ["email", "phone"]


def test_it_erases_own_health_notes_when_sensitive_consent_is_withdrawn(camp_manager: User) -> None:
    user = _signup(roles=[Role.REQUESTER], consents={**REQUIRED, ConsentPurpose.SENSITIVE: True})
    own = f.NeedFactory.create(created_by=user)
    NeedPrivate.objects.filter(need=own).update(sensitive_note="당뇨")
    proxy = ProxyRequester.objects.create(name="박순자", dong=f.dong(), consent_method="in_person",
                                          consent_at=timezone.now(), consent_text_version="v1",
                                          sensitive_consent=True, registered_by=user)
    proxied = f.NeedFactory.create(created_by=user, proxy_for=proxy)
    NeedPrivate.objects.filter(need=proxied).update(sensitive_note="휠체어")
    consent_set(user=user, purpose=ConsentPurpose.SENSITIVE, granted=False)
    assert NeedPrivate.objects.get(need=own).sensitive_note == ""
    assert NeedPrivate.objects.get(need=proxied).sensitive_note == "휠체어"  # the resident's own consent


def test_it_keeps_data_when_a_consent_is_granted() -> None:
    user = _signup(email="kim@example.kr", consents={**REQUIRED, ConsentPurpose.PERSONAL_OPTIONAL: True})
    consent_set(user=user, purpose=ConsentPurpose.PERSONAL_OPTIONAL, granted=True)
    user.refresh_from_db()
    assert user.email == "kim@example.kr"
