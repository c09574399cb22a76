"""Notifications: the inbox for every persona, mark-all-read, one digest e-mail per person
(with consent and an address), urgent kinds by text message, and the same event only once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from itda.accounts.models import Consent, ConsentPurpose, User
from itda.accounts.services import consent_set
from itda.notifications.gateways import LoggingGateway, MemoryGateway, get_gateway, set_gateway
from itda.notifications.models import Notification
from itda.notifications.services import (
    URGENT,
    digest_send,
    notification_mark_read,
    notification_send,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
PERSONAS = ["owner", "volunteer", "other_volunteer", "org_user", "other_org_user",
            "camp_manager", "other_camp_manager", "activist", "centre_admin"]


@pytest.fixture
def sms() -> Iterator[MemoryGateway]:
    gateway = MemoryGateway()
    set_gateway(gateway)
    yield gateway
    set_gateway(None)


def reachable(user: User, *, email: str = "", phone: str = "") -> User:
    """A person who agreed to the optional items (contact details) and gave them."""
    consent_set(user=user, purpose=ConsentPurpose.PERSONAL_OPTIONAL, granted=True)
    User.objects.filter(pk=user.pk).update(email=email, phone=phone)
    user.refresh_from_db()
    return user


def send(user: User, title: str, kind: str = Notification.Kind.PROPOSAL, **kwargs: str) -> Notification | None:
    return notification_send(user=user, kind=kind, title=title, **kwargs)


# ---------------------------------------------------------------- the inbox

def test_the_inbox_needs_a_login(client_for: ClientFor) -> None:
    url = reverse("notifications:inbox")
    response = client_for(None).get(url)
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    response = client_for(None).post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", PERSONAS)
def test_each_person_sees_only_their_own_notifications(request: pytest.FixtureRequest, client_for: ClientFor,
                                                       who: str) -> None:
    me: User = request.getfixturevalue(who)
    someone = f.UserFactory.create()
    send(me, "내 알림입니다", url="/needs/")
    send(someone, "남의 알림입니다")
    response = client_for(me).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "내 알림입니다" in body
    assert "남의 알림입니다" not in body
    assert "새 알림" in body


def test_mark_all_read_marks_only_mine(client_for: ClientFor, volunteer: User, owner: User) -> None:
    for i in range(3):
        send(volunteer, f"제안 {i}")
    send(owner, "요청자 알림")
    client = client_for(volunteer)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    page = unescape(client.get(reverse("notifications:inbox")).content.decode())
    assert '<span class="badge warn">3</span>' in page  # unread count in the header
    response = client.post(reverse("notifications:mark_all_read"))
    assert response["Location"] == reverse("notifications:inbox")
    assert not Notification.objects.filter(user=volunteer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 1
    page = unescape(client.get(reverse("notifications:inbox")).content.decode())
    assert '<span class="badge warn">' not in page


def test_mark_read_by_id(volunteer: User, owner: User) -> None:
    a, b = send(volunteer, "하나"), send(volunteer, "둘")
    theirs = send(owner, "셋")
    assert a is not None
    assert b is not None
    assert theirs is not None
    assert notification_mark_read(user=volunteer, ids=[a.pk, theirs.pk]) == 1
    assert Notification.objects.get(pk=a.pk).read_at is not None
    assert Notification.objects.get(pk=b.pk).read_at is None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_inbox_pages_newest_first(client_for: ClientFor, volunteer: User) -> None:
    for i in range(35):
        send(volunteer, f"알림 번호 {i:02d}")
    client = client_for(volunteer)
    first = unescape(client.get(reverse("notifications:inbox")).content.decode())
    assert "알림 번호 34" in first
    assert "알림 번호 04" not in first
    assert "1 / 2" in first
    second = unescape(client.get(reverse("notifications:inbox"), {"page": 2}).content.decode())
    assert "알림 번호 04" in second
    assert "알림 번호 34" not in second


# ---------------------------------------------------------------- dedupe

def test_the_same_event_notifies_a_person_once(volunteer: User, owner: User) -> None:
    assert send(volunteer, "내일 봉사", dedupe_key="remind:booking:1") is not None
    assert send(volunteer, "내일 봉사", dedupe_key="remind:booking:1") is None
    assert send(owner, "내일 봉사", dedupe_key="remind:booking:1") is not None  # another person
    assert send(volunteer, "다른 봉사", dedupe_key="remind:booking:2") is not None
    assert send(volunteer, "키 없음") is not None
    assert send(volunteer, "키 없음") is not None  # without a key nothing is merged
    assert Notification.objects.filter(user=volunteer).count() == 4


def test_a_duplicate_inside_a_transaction_does_not_break_it(volunteer: User) -> None:
    from django.db import transaction

    with transaction.atomic():
        send(volunteer, "하나", dedupe_key="k")
        assert send(volunteer, "하나", dedupe_key="k") is None
        send(volunteer, "둘")  # the transaction is still usable
    assert Notification.objects.filter(user=volunteer).count() == 2


# ---------------------------------------------------------------- text messages

def test_urgent_kinds_go_to_the_text_gateway(sms: MemoryGateway, volunteer: User) -> None:
    reachable(volunteer, phone="010-1111-2222")
    for kind in Notification.Kind.values:
        send(volunteer, f"{kind} 알림", kind=kind)
    texted = {text for _, text in sms.outbox}
    assert texted == {f"[잇다] {kind} 알림" for kind in URGENT}
    assert {phone for phone, _ in sms.outbox} == {"010-1111-2222"}
    assert set(Notification.objects.filter(texted_at__isnull=False).values_list("kind", flat=True)) == set(URGENT)
    assert Notification.Kind.PROPOSAL not in URGENT
    assert Notification.Kind.CONFIRMED in URGENT


def test_no_text_without_a_phone_or_consent(sms: MemoryGateway, volunteer: User, owner: User,
                                            other_volunteer: User) -> None:
    reachable(volunteer, phone="")  # consented, no phone
    User.objects.filter(pk=owner.pk).update(phone="010-3333-4444")  # phone, no consent
    owner.refresh_from_db()
    withdrawn = reachable(other_volunteer, phone="010-5555-6666")
    Consent.objects.create(user=withdrawn, purpose=ConsentPurpose.PERSONAL_OPTIONAL, granted=False,
                           text_version="v1", at=timezone.now() + timedelta(seconds=1))
    for user in (volunteer, owner, withdrawn):
        send(user, "봉사가 확정되었습니다", kind=Notification.Kind.CONFIRMED)
    assert sms.outbox == []
    assert not Notification.objects.filter(texted_at__isnull=False).exists()


def test_a_deduped_notification_is_not_texted_twice(sms: MemoryGateway, volunteer: User) -> None:
    reachable(volunteer, phone="010-1111-2222")
    send(volunteer, "내일 봉사가 있습니다", kind=Notification.Kind.REMINDER, dedupe_key="remind:booking:9")
    send(volunteer, "내일 봉사가 있습니다", kind=Notification.Kind.REMINDER, dedupe_key="remind:booking:9")
    assert len(sms.outbox) == 1


def test_the_default_gateway_only_logs(caplog: pytest.LogCaptureFixture) -> None:
    set_gateway(None)
    try:
        gateway = get_gateway()
        assert isinstance(gateway, LoggingGateway)
        with caplog.at_level("INFO", logger="itda.sms"):
            gateway.send(phone="010-1234-5678", text="[잇다] 시험")
        assert "010-1234-****" in caplog.text
        assert "5678" not in caplog.text
    finally:
        set_gateway(None)


# ---------------------------------------------------------------- the e-mail digest

def test_the_digest_sends_one_mail_per_person_with_consent_and_an_address(
    volunteer: User, owner: User, other_volunteer: User, org_user: User,
) -> None:
    reachable(volunteer, email="bongsa@example.kr")
    reachable(owner, email="")  # consented, no address
    User.objects.filter(pk=other_volunteer.pk).update(email="noconsent@example.kr")  # address, no consent
    reachable(org_user, email="org@example.kr")
    for i in range(3):
        send(volunteer, f"새 봉사 제안 {i}", body="전등 교체")
    read = send(volunteer, "이미 읽은 알림")
    assert read is not None
    notification_mark_read(user=volunteer, ids=[read.pk])
    old = send(volunteer, "오래된 알림")
    assert old is not None
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    send(owner, "요청자 알림")
    send(other_volunteer, "동의 없는 알림")
    send(org_user, "기관 알림")

    assert digest_send() == 2
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"bongsa@example.kr", "org@example.kr"}
    msg = by_to["bongsa@example.kr"]
    assert msg.subject == "[잇다] 새 소식 3건"
    assert "이봉사님" in msg.body
    assert "- 새 봉사 제안 0: 전등 교체" in msg.body
    assert "이미 읽은 알림" not in msg.body
    assert "오래된 알림" not in msg.body
    assert Notification.objects.filter(user=volunteer, emailed_at__isnull=False).count() == 3

    # nothing new: nothing sent again
    assert digest_send() == 0
    assert len(mail.outbox) == 2
    send(volunteer, "또 새 제안")
    assert digest_send() == 1
    assert mail.outbox[-1].subject == "[잇다] 새 소식 1건"


def test_the_digest_looks_back_a_week_from_its_time(volunteer: User) -> None:
    reachable(volunteer, email="bongsa@example.kr")
    send(volunteer, "지난주 알림")
    assert digest_send(now=timezone.now() + timedelta(days=8)) == 0
    assert digest_send(now=timezone.now() + timedelta(days=6)) == 1


def test_the_digest_skips_closed_accounts(volunteer: User) -> None:
    reachable(volunteer, email="bongsa@example.kr")
    send(volunteer, "새 봉사 제안")
    User.objects.filter(pk=volunteer.pk).update(is_active=False)
    assert digest_send() == 0
    assert mail.outbox == []


def test_a_long_title_is_shortened_to_fit(volunteer: User, owner: User,
                                         django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    """Titles quote a need's title (up to 100 characters) and a name (up to 50)."""
    from itda.matching import services
    from itda.matching.models import Proposal

    need = f.NeedFactory.create(created_by=owner, title="가" * 100)
    User.objects.filter(pk=volunteer.pk).update(display_name="나" * 50)
    volunteer.refresh_from_db()
    p = Proposal.objects.create(slot=need.slots.get(), volunteer=volunteer.volunteer_profile,
                                expires_at=timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_accept(user=volunteer, proposal_id=p.pk)
    (note,) = Notification.objects.filter(user=owner, kind=Notification.Kind.ACCEPTED)
    assert len(note.title) == 120
    assert note.title.endswith("…")
    assert note.title.startswith("나" * 50 + "님이 '가")


def test_a_failing_text_gateway_keeps_the_in_app_notification(volunteer: User,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    class Down:
        def send(self, *, phone: str, text: str) -> None:
            raise ConnectionError("carrier down")

    reachable(volunteer, phone="010-1111-2222")
    set_gateway(Down())
    try:
        note = send(volunteer, "봉사가 확정되었습니다", kind=Notification.Kind.CONFIRMED)
    finally:
        set_gateway(None)
    assert note is not None
    assert Notification.objects.get(pk=note.pk).texted_at is None
    assert "text message" in caplog.text
