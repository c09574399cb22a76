"""Need services: atomic creation with private contact and slots, proxies, consent, lifecycle."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from itda.accounts.models import CONSENT_VERSION, ConsentPurpose, Role, User
from itda.accounts.services import consent_set
from itda.core.models import AuditLog
from itda.core.validators import RRN_MESSAGE
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot
from itda.needs.services import (
    NeedError,
    PrivateSpec,
    ProxySpec,
    SlotSpec,
    need_create,
    need_status_set,
)
from itda.organizations.models import Organization
from tests import factories as f

pytestmark = pytest.mark.django_db


def _slot(days: int = 3, hours: int = 2, headcount: int = 2) -> SlotSpec:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    return SlotSpec(start=start, end=start + timedelta(hours=hours), headcount=headcount)


PRIVATE = PrivateSpec(address="광주광역시 동구 비밀로 1", contact_name="박순자", contact_phone="010-1111-2222")


def _create(actor: User, **kwargs: Any) -> tuple[Need, bool]:
    data: dict[str, Any] = {
        "actor": actor, "field": f.field("0200"), "title": " 전등 교체 ", "description": "부엌 전등",
        "dong": f.dong(), "slots": [_slot()], "private": PRIVATE,
    }
    data.update(kwargs)
    return need_create(**data)


def _counts() -> tuple[int, int, int, int]:
    return (Need.objects.count(), NeedPrivate.objects.count(), Slot.objects.count(),
            ProxyRequester.objects.count())


def test_it_creates_need_private_and_slots(owner: User) -> None:
    need, created = _create(owner, slots=[_slot(3), _slot(4, headcount=5)], urgency=2,
                            required_qualifications=["driver_license", "driver_license"],
                            eligible_age_groups=["adult", "senior"])
    assert created
    assert need.status == Need.Status.OPEN
    assert need.title == "전등 교체"
    assert need.requester_kind == Need.RequesterKind.INDIVIDUAL
    assert need.required_qualifications == ["driver_license"]
    assert (need.lat, need.lon) == (need.dong.lat, need.dong.lon)
    assert need.private.address == "광주광역시 동구 비밀로 1"
    assert need.private.contact_phone == "010-1111-2222"
    assert [s.headcount for s in need.slots.all()] == [2, 5]
    assert AuditLog.objects.get(action="need_create").target_id == str(need.pk)


def test_it_makes_a_draft_when_not_published(owner: User) -> None:
    need, _ = _create(owner, publish=False)
    assert need.status == Need.Status.DRAFT


def test_it_grants_the_requester_role_to_a_resident(volunteer: User) -> None:
    assert not volunteer.has_role(Role.REQUESTER)
    _create(volunteer)
    assert volunteer.has_role(Role.REQUESTER)


@pytest.mark.parametrize(
    ("slots", "message"),
    [
        ([], "하나 이상"),
        ([_slot(), SlotSpec(start=_slot().start, end=_slot().start, headcount=1)], "늦어야"),
        ([_slot(), _slot(headcount=0)], "1명 이상"),
    ],
)
def test_it_saves_nothing_when_a_slot_is_invalid(owner: User, slots: list[SlotSpec], message: str) -> None:
    with pytest.raises(NeedError, match=message):
        _create(owner, slots=slots)
    assert _counts() == (0, 0, 0, 0)
    assert not AuditLog.objects.exists()


def test_it_rolls_back_everything_when_a_write_fails(camp_manager: User) -> None:
    proxy = ProxySpec(name="박순자", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON)
    with mock.patch.object(Slot.objects, "bulk_create", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        _create(camp_manager, proxy=proxy)
    assert _counts() == (0, 0, 0, 0)


def test_it_records_how_a_proxy_consented(camp_manager: User) -> None:
    before = timezone.now()
    proxy = ProxySpec(name="박순자", phone="010-2222-3333", consent_method=ProxyRequester.ConsentMethod.PHONE)
    need, _ = _create(camp_manager, proxy=proxy)
    row = need.proxy_for
    assert row is not None
    assert row.consent_method == ProxyRequester.ConsentMethod.PHONE
    assert row.consent_text_version == CONSENT_VERSION
    assert before <= row.consent_at <= timezone.now()
    assert row.registered_by == camp_manager
    assert row.dong == need.dong
    assert row.sensitive_consent is False
    assert str(row).startswith("박○○")
    assert not camp_manager.has_role(Role.REQUESTER)  # a helper does not become a requester


def test_it_refuses_a_sensitive_note_without_the_proxy_consent(camp_manager: User) -> None:
    proxy = ProxySpec(name="박순자", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON)
    private = PrivateSpec(address="주소", contact_name="박순자", contact_phone="010-1111-2222",
                          sensitive_note="휠체어 사용")
    with pytest.raises(NeedError, match="민감정보"):
        _create(camp_manager, proxy=proxy, private=private)
    assert _counts() == (0, 0, 0, 0)
    proxy_ok = ProxySpec(name="박순자", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON,
                         sensitive_consent=True)
    need, _ = _create(camp_manager, proxy=proxy_ok, private=private)
    assert need.private.sensitive_note == "휠체어 사용"
    assert need.proxy_for is not None
    assert need.proxy_for.sensitive_consent


def test_it_refuses_a_residents_sensitive_note_without_their_consent(owner: User) -> None:
    private = PrivateSpec(address="주소", contact_name="정요청", contact_phone="010-1111-2222",
                          sensitive_note="당뇨가 있어요")
    with pytest.raises(NeedError, match="민감정보"):
        _create(owner, private=private)
    assert _counts() == (0, 0, 0, 0)
    consent_set(user=owner, purpose=ConsentPurpose.SENSITIVE, granted=True)
    need, _ = _create(owner, private=private)
    assert need.private.sensitive_note == "당뇨가 있어요"


def test_it_returns_the_first_need_for_a_repeated_submission(owner: User) -> None:
    key = uuid.uuid4()
    first, created = _create(owner, submission_key=key)
    for _ in range(3):
        again, created_again = _create(owner, submission_key=key)
        assert again.pk == first.pk
        assert not created_again
    assert created
    assert _counts()[:3] == (1, 1, 1)


def test_it_does_not_hand_someone_elses_submission_to_another_person(owner: User, volunteer: User) -> None:
    key = uuid.uuid4()
    _create(owner, submission_key=key)
    with pytest.raises(NeedError):
        _create(volunteer, submission_key=key)
    assert Need.objects.count() == 1


def test_it_creates_an_organisation_job(org_user: User, organization: Organization) -> None:
    need, _ = _create(org_user, organization=organization, slots=[_slot(3), _slot(3, hours=4)])
    assert need.requester_kind == Need.RequesterKind.ORGANIZATION
    assert need.is_social_job
    assert need.organization == organization
    assert need.slots.count() == 2


def test_it_refuses_jobs_of_unverified_organisations(org_user: User, organization: Organization) -> None:
    organization.verification = Organization.Verification.PENDING
    organization.save()
    with pytest.raises(NeedError, match="인증"):
        _create(org_user, organization=organization)
    assert _counts() == (0, 0, 0, 0)


def test_it_refuses_proxy_organisation_jobs(org_user: User, organization: Organization) -> None:
    proxy = ProxySpec(name="박순자", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON)
    with pytest.raises(NeedError, match="대리 등록"):
        _create(org_user, organization=organization, proxy=proxy)
    assert _counts() == (0, 0, 0, 0)


# --- lifecycle ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "path",
    [
        ["open", "filled", "done"],
        ["open", "done"],
        ["open", "filled", "open", "filled"],
        ["open", "cancelled"],
        ["open", "filled", "cancelled"],
        ["cancelled"],
    ],
)
def test_it_moves_a_need_along_its_lifecycle(owner: User, path: list[str]) -> None:
    need, _ = _create(owner, publish=False)
    for status in path:
        need = need_status_set(actor=owner, need=need, status=status, reason="테스트")
        need.refresh_from_db()
        assert need.status == status
    logs = AuditLog.objects.filter(action="need_status_set", target_id=str(need.pk)).order_by("id")
    assert [log.data["to"] for log in logs] == path
    assert logs.first() is not None
    assert logs.first().data["from"] == "draft"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "filled"),
        ("draft", "done"),
        ("cancelled", "open"),
        ("cancelled", "draft"),
        ("done", "open"),
        ("done", "cancelled"),
        ("open", "draft"),
    ],
)
def test_it_refuses_invalid_transitions_in_korean(owner: User, start: str, target: str) -> None:
    need = f.NeedFactory.create(created_by=owner, status=start)
    with pytest.raises(NeedError) as exc:
        need_status_set(actor=owner, need=need, status=target)
    assert "상태에서는" in str(exc.value)
    assert "바꿀 수 없습니다" in str(exc.value)
    need.refresh_from_db()
    assert need.status == start
    assert not AuditLog.objects.filter(action="need_status_set").exists()


def test_it_treats_setting_the_same_status_as_a_no_op(owner: User) -> None:
    need = f.NeedFactory.create(created_by=owner, status="cancelled")
    assert need_status_set(actor=owner, need=need, status="cancelled").status == "cancelled"
    assert not AuditLog.objects.filter(action="need_status_set").exists()


def test_it_refuses_an_unknown_status(owner: User) -> None:
    need = f.NeedFactory.create(created_by=owner)
    with pytest.raises(NeedError, match="알 수 없는 상태"):
        need_status_set(actor=owner, need=need, status="bogus")


def test_it_refuses_an_rrn_in_the_cancel_reason(owner: User) -> None:
    need = f.NeedFactory.create(created_by=owner)
    with pytest.raises(NeedError) as exc:
        need_status_set(actor=owner, need=need, status="cancelled", reason="본인 900101-2345678 요청")
    assert str(exc.value) == RRN_MESSAGE
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert not AuditLog.objects.filter(action="need_status_set").exists()


def test_it_returns_the_winner_when_two_submits_race(camp_manager: User) -> None:
    key = uuid.uuid4()
    proxy = ProxySpec(name="박순자", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON)
    winner, _ = _create(camp_manager, proxy=proxy, submission_key=key)
    # The loser passed the early check before the winner committed, then hits the unique key.
    with mock.patch("itda.needs.services._submitted", side_effect=[None, winner]):
        loser, created = _create(camp_manager, proxy=proxy, submission_key=key)
    assert loser.pk == winner.pk
    assert not created
    assert _counts() == (1, 1, 1, 1)  # the loser's proxy row was rolled back
