"""The audit trail and the personal-data access log are append-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from itda.accounts.models import User
from itda.core.audit import access_log, audit_record
from itda.core.models import AccessLog, AppendOnlyError, AuditLog
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    return f.UserFactory.create(display_name="감사대상")


def test_it_records_an_audit_row(person: User) -> None:
    row = audit_record(actor=person, action="test_action", target=person, data={"a": 1})
    row.refresh_from_db()
    assert row.actor == person
    assert row.target_type == "accounts.user"
    assert row.target_id == str(person.pk)
    assert row.data == {"a": 1}


def test_it_records_anonymous_actors_as_null(person: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    row = audit_record(actor=AnonymousUser(), action="x", target=person)
    assert row.actor is None


def test_it_refuses_to_change_an_audit_row(person: User) -> None:
    row = audit_record(actor=person, action="test_action", target=person)
    row.action = "edited"
    with pytest.raises(AppendOnlyError):
        row.save()
    assert AuditLog.objects.get(pk=row.pk).action == "test_action"


def test_it_refuses_to_delete_an_audit_row(person: User) -> None:
    row = audit_record(actor=person, action="test_action", target=person)
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=row.pk).delete()
    assert AuditLog.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("changes", [{"action": "edited"}, {"actor": None, "action": "edited"}, {"data": {}}])
def test_it_refuses_bulk_updates_of_log_rows(person: User, changes: dict[str, object]) -> None:
    audit_record(actor=person, action="test_action", target=person)
    access_log(request=None, viewer=person, subject=person)
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.update(**changes)
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.update(reason="바꿈")
    assert AuditLog.objects.get().action == "test_action"


def test_it_logs_access_with_ip_path_and_subject(person: User) -> None:
    viewer = f.UserFactory.create()
    request = RequestFactory().get("/needs/1/?x=1", REMOTE_ADDR="10.1.2.3")
    row = access_log(request=request, viewer=viewer, subject=person, subject_label="가" * 200,
                     reason="확인")
    assert row.viewer == viewer
    assert row.ip == "10.1.2.3"
    assert row.path == "/needs/1/?x=1"
    assert row.action == AccessLog.Action.VIEW
    assert row.subject_type == "accounts.user"
    assert row.subject_id == str(person.pk)
    assert len(row.subject_label) == 120


def test_it_refuses_to_change_or_delete_an_access_row(person: User) -> None:
    row = access_log(request=None, viewer=person, subject=person)
    row.reason = "바꿈"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


def test_it_keeps_log_rows_when_the_person_is_deleted(person: User) -> None:
    audit_record(actor=person, action="test_action", target=person)
    access_log(request=None, viewer=person, subject=person)
    person.delete()
    assert AuditLog.objects.get().actor is None
    assert AccessLog.objects.get().viewer is None


def test_it_takes_the_client_address_behind_trusted_proxies(settings: Any, rf: Any) -> None:
    from itda.core.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.ITDA_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.ITDA_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # the spoofable left part is ignored


def test_it_logs_out_after_the_idle_timeout(client: Any, settings: Any) -> None:
    import time_machine

    user = f.UserFactory.create()
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False):
        client.force_login(user)
        assert client.get("/accounts/me/").status_code == 200
    with time_machine.travel("2026-12-01 10:50 +0900", tick=False):
        assert client.get("/accounts/me/").status_code == 200  # still active, renewed
    with time_machine.travel("2026-12-01 12:00 +0900", tick=False):
        response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
