"""State changes of needs: creation (by a resident, an organisation or by proxy), status."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itda.accounts.models import CONSENT_VERSION, ConsentPurpose, Role, User, current_consents
from itda.accounts.services import role_grant
from itda.core.audit import audit_record
from itda.core.validators import RRN_MESSAGE, contains_rrn
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot
from itda.organizations.models import Organization
from itda.places.models import Dong, ServiceField


@dataclass(frozen=True)
class SlotSpec:
    start: datetime
    end: datetime
    headcount: int


@dataclass(frozen=True)
class PrivateSpec:
    address: str
    contact_name: str
    contact_phone: str
    sensitive_note: str = ""


@dataclass(frozen=True)
class ProxySpec:
    name: str
    phone: str
    consent_method: str
    sensitive_consent: bool = False


class NeedError(ValueError):
    pass


def _check_slots(slots: Sequence[SlotSpec]) -> None:
    if not slots:
        raise NeedError(_("활동 시간을 하나 이상 입력해 주세요."))
    for s in slots:
        if s.end <= s.start:
            raise NeedError(_("종료 시각은 시작 시각보다 늦어야 합니다."))
        if s.headcount < 1:
            raise NeedError(_("모집 인원은 1명 이상이어야 합니다."))


def need_create(
    *,
    actor: User,
    field: ServiceField,
    title: str,
    description: str,
    dong: Dong,
    slots: Sequence[SlotSpec],
    private: PrivateSpec,
    organization: Organization | None = None,
    proxy: ProxySpec | None = None,
    place_label: str = "",
    required_qualifications: Sequence[str] = (),
    eligible_age_groups: Sequence[str] = (),
    urgency: int = 0,
    publish: bool = True,
    submission_key: uuid.UUID | None = None,
) -> tuple[Need, bool]:
    """Create a need with its slots and private contact; returns (need, created).

    A repeated submission with the same key returns the first need instead of a copy.
    """
    if submission_key is not None:
        existing = _submitted(submission_key, actor)
        if existing is not None:
            return existing, False
    _check_slots(slots)
    if organization is not None and proxy is not None:
        raise NeedError(_("기관 요청은 대리 등록할 수 없습니다."))
    if organization is not None and not organization.is_verified:
        raise NeedError(_("센터의 기관 인증을 받은 뒤 일자리를 등록할 수 있습니다."))
    if private.sensitive_note.strip() and not _sensitive_consented(actor, proxy):
        raise NeedError(_("건강·장애 정보는 민감정보 처리 동의를 받은 경우에만 적을 수 있습니다."))
    try:
        with transaction.atomic():
            proxy_row = None
            if proxy is not None:
                proxy_row = ProxyRequester.objects.create(
                    name=proxy.name, phone=proxy.phone, dong=dong,
                    consent_method=proxy.consent_method, consent_at=timezone.now(),
                    consent_text_version=CONSENT_VERSION,
                    sensitive_consent=proxy.sensitive_consent, registered_by=actor,
                )
            need = Need.objects.create(
                requester_kind=(
                    Need.RequesterKind.ORGANIZATION if organization else Need.RequesterKind.INDIVIDUAL
                ),
                organization=organization,
                created_by=actor,
                proxy_for=proxy_row,
                field=field,
                title=title.strip(),
                description=description.strip(),
                dong=dong,
                lat=dong.lat,
                lon=dong.lon,
                place_label=place_label.strip(),
                required_qualifications=sorted(set(required_qualifications)),
                eligible_age_groups=sorted(set(eligible_age_groups)),
                urgency=urgency,
                status=Need.Status.OPEN if publish else Need.Status.DRAFT,
                submission_key=submission_key,
            )
            NeedPrivate.objects.create(
                need=need, address=private.address.strip(),
                contact_name=private.contact_name.strip(),
                contact_phone=private.contact_phone.strip(),
                sensitive_note=private.sensitive_note.strip(),
            )
            Slot.objects.bulk_create(
                Slot(need=need, start=s.start, end=s.end, headcount=s.headcount) for s in slots
            )
            if organization is None and proxy is None and not actor.has_role(Role.REQUESTER):
                role_grant(actor=actor, user=actor, role=Role.REQUESTER)
            if need.status == Need.Status.OPEN:
                _enqueue_matching(need.pk)
            audit_record(
                actor=actor, action="need_create", target=need,
                data={"proxy": proxy_row is not None, "organization": getattr(organization, "pk", None),
                      "slots": len(slots)},
            )
    except IntegrityError:
        # Two identical submits raced: the other one won; return its need.
        if submission_key is not None:
            existing = _submitted(submission_key, actor)
            if existing is not None:
                return existing, False
        raise
    return need, True


def _submitted(submission_key: uuid.UUID, actor: User) -> Need | None:
    """The need an earlier submit of this form made; a key is only good for its own author."""
    existing = Need.objects.filter(submission_key=submission_key).first()
    if existing is not None and existing.created_by_id != actor.pk:
        raise NeedError(_("이미 사용된 양식입니다. 페이지를 새로 고친 뒤 다시 입력해 주세요."))
    return existing


def _sensitive_consented(actor: User, proxy: ProxySpec | None) -> bool:
    """Health or disability notes (PIPA Art. 23) need the data subject's separate consent:
    the proxied resident's, recorded by the helper, or the requester's own."""
    if proxy is not None:
        return proxy.sensitive_consent
    return bool(current_consents(actor).get(ConsentPurpose.SENSITIVE, False))


def _enqueue_matching(need_id: int) -> None:
    """Proposals for a new need are made in the background, after the need is committed."""
    from itda.matching.tasks import match_need_task

    transaction.on_commit(lambda: match_need_task.enqueue(need_id))


_ALLOWED = {
    Need.Status.DRAFT: {Need.Status.OPEN, Need.Status.CANCELLED},
    Need.Status.OPEN: {Need.Status.FILLED, Need.Status.DONE, Need.Status.CANCELLED},
    Need.Status.FILLED: {Need.Status.OPEN, Need.Status.DONE, Need.Status.CANCELLED},
    Need.Status.DONE: set(),
    Need.Status.CANCELLED: set(),
}


@transaction.atomic
def need_status_set(*, actor: User, need: Need, status: str, reason: str = "") -> Need:
    """Move a need along its lifecycle: draft → open → filled → done / cancelled."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if status not in Need.Status.values:
        raise NeedError(_("알 수 없는 상태입니다."))
    if contains_rrn(reason):
        raise NeedError(_(RRN_MESSAGE))
    if status == locked.status:
        return locked
    if status not in _ALLOWED[Need.Status(locked.status)]:
        raise NeedError(
            _("'%(current)s' 상태에서는 '%(new)s'(으)로 바꿀 수 없습니다.")
            % {"current": locked.get_status_display(), "new": Need.Status(status).label}
        )
    old = locked.status
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    if old == Need.Status.DRAFT and status == Need.Status.OPEN:
        _enqueue_matching(locked.pk)
    audit_record(actor=actor, action="need_status_set", target=locked,
                 data={"from": old, "to": status, "reason": reason})
    return locked
