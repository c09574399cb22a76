"""State changes of accounts: sign-up, consent, roles, log-in failures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from itda.accounts.models import (
    CONSENT_VERSION,
    REQUIRED_PURPOSES,
    Consent,
    ConsentPurpose,
    Role,
    User,
    UserRole,
)
from itda.core.audit import audit_record

# Roles a person may take on by signing up; the others are granted by the centre.
SELF_SERVICE_ROLES = frozenset({Role.VOLUNTEER, Role.REQUESTER})


class ConsentMissingError(ValueError):
    pass


@transaction.atomic
def user_signup(
    *,
    username: str,
    password: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    roles: list[str],
    consents: Mapping[str, bool],
) -> User:
    """Create a person with the roles they chose and one consent row per purpose."""
    missing = [p for p in REQUIRED_PURPOSES if not consents.get(p)]
    if missing:
        raise ConsentMissingError(gettext("필수 동의 항목에 동의해야 가입할 수 있습니다."))
    bad = set(roles) - SELF_SERVICE_ROLES
    if bad:
        raise ValueError(f"Roles {sorted(bad)} are granted by the centre, not at sign-up.")
    user = User(username=username, display_name=display_name, email=email, phone=phone)
    user.set_password(password)
    user.save()
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(user=user, purpose=p, granted=bool(consents.get(p, False)),
                text_version=CONSENT_VERSION, at=now)
        for p in ConsentPurpose.values
    )
    for role in roles:
        UserRole.objects.create(user=user, role=role)
    audit_record(actor=user, action="user_signup", target=user,
                 data={"roles": sorted(roles), "consents": {k: bool(v) for k, v in consents.items()}})
    return user


@transaction.atomic
def consent_set(*, user: User, purpose: str, granted: bool) -> Consent:
    """Grant or withdraw one purpose; required purposes can only be withdrawn by leaving."""
    if purpose in REQUIRED_PURPOSES and not granted:
        raise ConsentMissingError(gettext("필수 동의는 철회할 수 없습니다. 탈퇴를 원하시면 센터에 문의해 주세요."))
    consent = Consent.objects.create(
        user=user, purpose=purpose, granted=granted, text_version=CONSENT_VERSION
    )
    erased = [] if granted else _erase_withdrawn(user, purpose)
    audit_record(actor=user, action="consent_set", target=user,
                 data={"purpose": purpose, "granted": granted, "erased": erased})
    return consent


def _erase_withdrawn(user: User, purpose: str) -> list[str]:
    """Data collected only under a consent is destroyed when the consent is withdrawn
    (PIPA Arts. 21, 37): the optional contact details, the person's own health notes."""
    erased: list[str] = []
    if purpose == ConsentPurpose.PERSONAL_OPTIONAL and (user.email or user.phone):
        user.email, user.phone = "", ""
        user.save(update_fields=["email", "phone"])
        erased += ["email", "phone"]
    if purpose == ConsentPurpose.SENSITIVE:
        from itda.needs.models import NeedPrivate

        # Notes recorded for a proxied resident rest on that resident's consent, not this one.
        notes = NeedPrivate.objects.filter(need__created_by=user, need__proxy_for__isnull=True).exclude(
            sensitive_note="")
        if notes.update(sensitive_note=""):
            erased.append("sensitive_note")
    return erased


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str, dong: Any = None) -> UserRole:
    """Grant a role (scoped to a dong for camp managers and activists); logged for 3+ years."""
    if role in (Role.CAMP_MANAGER, Role.ACTIVIST) and dong is None:
        raise ValueError(gettext("캠프 관리자와 안녕마을 활동가는 담당 동이 있어야 합니다."))
    user_role, created = UserRole.objects.get_or_create(
        user=user, role=role, dong=dong, defaults={"granted_by": actor}
    )
    if created:
        audit_record(actor=actor, action="role_grant", target=user,
                     data={"role": role, "dong": getattr(dong, "code", None)})
    user.__dict__.pop("role_codes", None)
    return user_role


@transaction.atomic
def role_revoke(*, actor: User | None, user: User, role: str, dong: Any = None) -> int:
    deleted, _ = UserRole.objects.filter(user=user, role=role, dong=dong).delete()
    if deleted:
        audit_record(actor=actor, action="role_revoke", target=user,
                     data={"role": role, "dong": getattr(dong, "code", None)})
    user.__dict__.pop("role_codes", None)
    return deleted


def login_failure_record(*, user: User) -> None:
    """Count a failed log-in; lock the account after too many in a row."""
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        fresh.failed_logins += 1
        if fresh.failed_logins >= settings.ITDA_LOGIN_MAX_FAILURES:
            fresh.locked_until = timezone.now() + timedelta(minutes=settings.ITDA_LOGIN_LOCK_MINUTES)
            fresh.failed_logins = 0
            audit_record(actor=None, action="user_locked", target=fresh)
        fresh.save(update_fields=["failed_logins", "locked_until"])


def login_success_record(*, user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
