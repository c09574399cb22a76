"""Activities pages for every persona: anonymous, the need's requester side (poster, camp
manager, centre admin), the booked volunteer, another volunteer, staff of an organisation that
is not the need's, and another organisation. Outsiders get 404 (hiding the row) or 403 for the
centre's pages; downloads are logged with their reason."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from itda.accounts.models import User
from itda.activities import services
from itda.activities.models import (
    ActivitySession,
    Certificate,
    InsuranceClaim,
    RecognitionPreference,
)
from itda.activities.tokens import token_make
from itda.core.models import AccessLog
from itda.matching.models import Booking
from itda.needs.models import Need, Slot
from tests.helpers import persona
from tests.test_activities_support import book, booked_slot, local_at, profile_of, use_tmp_media

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]
DAY = date(2026, 12, 10)
PERSONAS = ["anonymous", "owner", "volunteer", "other_volunteer", "org_user", "other_org_user",
            "camp_manager", "centre_admin"]
REQUESTER_SIDE = {"owner", "camp_manager", "centre_admin"}


@pytest.fixture(autouse=True)
def afternoon(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Every request happens on the activity day at 13:00, after the 10:00-12:00 slot."""
    use_tmp_media(settings, tmp_path)
    with time_machine.travel(local_at(DAY, 13), tick=False):
        yield


@pytest.fixture
def slot_booking(need: Need, volunteer: User) -> tuple[Slot, Booking]:
    return booked_slot(need, volunteer, local_at(DAY, 10))


@pytest.fixture
def session(slot_booking: tuple[Slot, Booking], volunteer: User) -> ActivitySession:
    slot, _ = slot_booking
    services.attendance_scan(user=volunteer, token=token_make(slot_id=slot.pk, purpose="in"),
                             at=local_at(DAY, 10))
    return services.attendance_scan(user=volunteer, token=token_make(slot_id=slot.pk, purpose="out"),
                                    at=local_at(DAY, 12))


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


# ---------------------------------------------------------------- GET pages

@pytest.mark.parametrize("who", PERSONAS)
def test_my_activities_is_for_volunteers(request: pytest.FixtureRequest, client_for: ClientFor,
                                         session: ActivitySession, who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("activities:me"))
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif who in ("volunteer", "other_volunteer"):
        assert response.status_code == 200
        html = response.content.decode()
        assert "인정된 봉사 시간" in html
        assert (session.slot.need.title in html) is (who == "volunteer")
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("volunteers:profile_edit")


@pytest.mark.parametrize("view", ["activities:slot", "activities:slot_qr"])
@pytest.mark.parametrize("who", PERSONAS)
def test_attendance_pages_are_for_the_requester_side(
        request: pytest.FixtureRequest, client_for: ClientFor, slot_booking: tuple[Slot, Booking],
        who: str, view: str) -> None:
    slot, _ = slot_booking
    args = [slot.pk, "in"] if view == "activities:slot_qr" else [slot.pk]
    response = client_for(persona(request, who)).get(reverse(view, args=args))
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif who in REQUESTER_SIDE:
        assert response.status_code == 200
        html = response.content.decode()
        assert "이봉사" in html
        if view == "activities:slot_qr":
            assert "<svg" in html
            assert 'http-equiv="refresh"' in html
            assert "/activities/scan/" in html
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("view", ["activities:session", "activities:claim"])
@pytest.mark.parametrize("who", PERSONAS)
def test_a_session_is_seen_by_its_volunteer_and_the_requester_side(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, who: str,
        view: str) -> None:
    response = client_for(persona(request, who)).get(reverse(view, args=[session.pk]))
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif who in REQUESTER_SIDE or who == "volunteer":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_the_review_list_shows_only_sessions_one_answers_for(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, who: str) -> None:
    response = client_for(persona(request, who)).get(reverse("activities:review"))
    if who == "anonymous":
        assert _is_login_redirect(response)
        return
    assert response.status_code == 200
    assert (session in list(response.context["sessions"])) is (who in REQUESTER_SIDE)


@pytest.mark.parametrize("view", ["activities:insurance", "activities:exchange"])
@pytest.mark.parametrize("who", PERSONAS)
def test_centre_pages_are_for_the_centre(request: pytest.FixtureRequest, client_for: ClientFor,
                                         session: ActivitySession, who: str, view: str) -> None:
    response = client_for(persona(request, who)).get(reverse(view), {"start": "2026-12-01", "end": "2026-12-31"})
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif who == "centre_admin":
        assert response.status_code == 200
        if view == "activities:insurance":
            assert "광주광역시 동구자원봉사센터" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", PERSONAS)
def test_public_pages_answer_everyone(request: pytest.FixtureRequest, client_for: ClientFor,
                                      session: ActivitySession, volunteer: User, owner: User, who: str) -> None:
    services.hours_approve(actor=owner, session_id=session.pk)
    services.recognition_set(user=volunteer, opt_in=True)
    cert = services.certificate_request(user=volunteer, start=DAY, end=DAY, base_url="http://testserver")
    c = client_for(persona(request, who))
    board = c.get(reverse("activities:leaderboard"), {"dong": profile_of(volunteer).home_dong_id})
    assert board.status_code == 200
    html = board.content.decode()
    assert "이○○" in html
    assert "이봉사" not in html
    verify = c.get(reverse("activities:verify", args=[cert.verify_code]))
    assert verify.status_code == 200
    assert cert.number in verify.content.decode()
    assert c.get(reverse("activities:verify", args=["no-such-code"])).status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_a_certificate_is_downloaded_by_its_holder_and_the_centre_and_logged(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, volunteer: User,
        owner: User, who: str) -> None:
    services.hours_approve(actor=owner, session_id=session.pk)
    cert = services.certificate_request(user=volunteer, start=DAY, end=DAY, base_url="http://testserver")
    user = persona(request, who)
    response = client_for(user).get(reverse("activities:certificate_download", args=[cert.pk]))
    logs = AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD, subject_id=str(volunteer.pk))
    if who == "anonymous":
        assert _is_login_redirect(response)
    elif who in ("volunteer", "centre_admin"):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
        log = logs.get()
        assert log.viewer == user
        assert log.subject_type == "accounts.user"
        return
    else:
        assert response.status_code == 404
    assert not logs.exists()


# ---------------------------------------------------------------- QR check-in by the volunteer

@pytest.mark.parametrize("who", PERSONAS)
def test_scanning_checks_in_only_the_booked_volunteer(
        request: pytest.FixtureRequest, client_for: ClientFor, need: Need, volunteer: User, who: str) -> None:
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 12, 30))
    url = reverse("activities:scan", args=[token_make(slot_id=slot.pk, purpose="in")])
    c = client_for(persona(request, who))
    page = c.get(url)
    if who == "anonymous":
        assert _is_login_redirect(page)
        return
    assert page.status_code == 200
    assert "지금 입실합니다" in page.content.decode()
    c.post(url)
    assert ActivitySession.objects.filter(slot=slot).exists() is (who == "volunteer")


def test_a_broken_code_says_so(client_for: ClientFor, volunteer: User) -> None:
    response = client_for(volunteer).get(reverse("activities:scan", args=["not-a-token"]))
    assert response.status_code == 400
    assert "올바른 체크인 QR 코드가 아닙니다" in response.content.decode()


# ---------------------------------------------------------------- the requester side's POSTs

@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_approves_corrects_and_rejects(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, who: str) -> None:
    c = client_for(persona(request, who))
    approve = c.post(reverse("activities:session_approve", args=[session.pk]))
    session.refresh_from_db()
    if who == "anonymous":
        assert _is_login_redirect(approve)
    elif who in REQUESTER_SIDE:
        assert session.status == ActivitySession.Status.APPROVED
        c.post(reverse("activities:session_correct", args=[session.pk]), {"minutes": "100", "reason": "조기 퇴실"})
        session.refresh_from_db()
        assert session.minutes == 100
        c.post(reverse("activities:session_reject", args=[session.pk]), {"reason": "중복 기록"})
        session.refresh_from_db()
        assert session.status == ActivitySession.Status.REJECTED
        return
    else:
        assert approve.status_code == 404
        assert c.post(reverse("activities:session_correct", args=[session.pk]),
                      {"minutes": "1", "reason": "x"}).status_code == 404
        assert c.post(reverse("activities:session_reject", args=[session.pk]), {"reason": "x"}).status_code == 404
    assert session.status == ActivitySession.Status.PENDING


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_requester_side_confirms_by_hand_and_marks_no_shows(
        request: pytest.FixtureRequest, client_for: ClientFor, need: Need, volunteer: User,
        other_volunteer: User, who: str) -> None:
    slot, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    absent = book(slot, profile_of(other_volunteer))
    c = client_for(persona(request, who))
    r1 = c.post(reverse("activities:booking_confirm", args=[booking.pk]), {"start": "10:00", "end": "11:30"})
    r2 = c.post(reverse("activities:booking_no_show", args=[absent.pk]))
    booking.refresh_from_db()
    absent.refresh_from_db()
    if who in REQUESTER_SIDE:
        assert ActivitySession.objects.get(booking=booking).minutes == 90
        assert (booking.status, absent.status) == (Booking.Status.COMPLETED, Booking.Status.NO_SHOW)
        return
    if who == "anonymous":
        assert _is_login_redirect(r1)
        assert _is_login_redirect(r2)
    else:
        assert r1.status_code == r2.status_code == 404
    assert not ActivitySession.objects.exists()
    assert (booking.status, absent.status) == (Booking.Status.CONFIRMED, Booking.Status.CONFIRMED)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_volunteer_disputes_and_anyone_involved_reports_an_injury(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, who: str) -> None:
    c = client_for(persona(request, who))
    c.post(reverse("activities:session_dispute", args=[session.pk]), {"reason": "30분이 빠졌어요"})
    session.refresh_from_db()
    assert session.disputed is (who == "volunteer")
    c.post(reverse("activities:claim", args=[session.pk]), {
        "occurred_at": "2026-12-10T11:00", "place": "복지관 계단", "injury": "발목", "description": "미끄러짐"})
    assert InsuranceClaim.objects.exists() is (who == "volunteer" or who in REQUESTER_SIDE)


# ---------------------------------------------------------------- the volunteer's POSTs

def test_the_volunteer_issues_a_certificate_and_opts_in(client_for: ClientFor, session: ActivitySession,
                                                        volunteer: User, owner: User) -> None:
    services.hours_approve(actor=owner, session_id=session.pk)
    c = client_for(volunteer)
    c.post(reverse("activities:certificate_create"), {"start": "2026-12-01", "end": "2026-12-31"})
    cert = Certificate.objects.get()
    assert cert.status == Certificate.Status.READY
    assert cert.total_minutes == 120
    c.post(reverse("activities:recognition"), {"opt_in": "on"})
    assert RecognitionPreference.objects.get().leaderboard_opt_in
    c.post(reverse("activities:recognition"), {})
    assert not RecognitionPreference.objects.get().leaderboard_opt_in


def test_a_non_volunteer_cannot_issue_a_certificate(client_for: ClientFor, owner: User) -> None:
    response = client_for(owner).post(reverse("activities:certificate_create"),
                                      {"start": "2026-12-01", "end": "2026-12-31"}, follow=True)
    assert "봉사자 프로필" in response.content.decode()
    assert not Certificate.objects.exists()


# ---------------------------------------------------------------- the centre's downloads

@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", PERSONAS)
def test_the_roster_download_needs_the_centre_and_a_reason(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, volunteer: User,
        who: str, fmt: str) -> None:
    c = client_for(persona(request, who))
    url = reverse("activities:insurance_export")
    data = {"start": "2026-12-01", "end": "2026-12-31", "fmt": fmt}
    response = c.post(url, {**data, "reason": "12월 상해보험 가입 명단 제출"})
    logs = AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD)
    if who != "centre_admin":
        assert _is_login_redirect(response) if who == "anonymous" else response.status_code == 403
        assert not logs.exists()
        return
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        assert "이봉사" in response.content.decode("utf-8-sig")
    else:
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws.cell(row=2, column=2).value == "이봉사"
    log = logs.get()
    assert log.subject_id == str(volunteer.pk)
    assert "상해보험 가입 명단" in log.reason
    # Without a reason nothing is downloaded or logged.
    refused = c.post(url, data)
    assert refused.status_code == 302
    assert logs.count() == 1


@pytest.mark.parametrize("who", PERSONAS)
def test_the_1365_export_and_import_are_for_the_centre(
        request: pytest.FixtureRequest, client_for: ClientFor, session: ActivitySession, owner: User,
        who: str) -> None:
    services.hours_approve(actor=owner, session_id=session.pk)
    c = client_for(persona(request, who))
    export = c.post(reverse("activities:exchange_export"),
                    {"start": "2026-12-01", "end": "2026-12-31", "kind": "programs", "reason": "1365 등록"})
    xml = Path(__file__).resolve().parent / "data" / "1365" / "api_list_response_sample_gwangju.xml"
    with xml.open("rb") as fh:
        imported = c.post(reverse("activities:exchange_import"), {"file": fh, "dry_run": "on"})
    if who == "centre_admin":
        assert export.status_code == 200
        assert export.content.decode("utf-8-sig").splitlines()[0].startswith("progrmRegistNo,progrmSj")
        assert imported.status_code == 302
        assert "report=" in imported["Location"]
        page = c.get(imported["Location"])
        assert "가져오기 결과" in page.content.decode()
        assert len(page.context["report"].rows) == 10
    elif who == "anonymous":
        assert _is_login_redirect(export)
        assert _is_login_redirect(imported)
    else:
        assert export.status_code == imported.status_code == 403


def test_the_qr_page_is_not_cached_and_codes_change(client_for: ClientFor, slot_booking: tuple[Slot, Booking],
                                                    owner: User) -> None:
    slot, _ = slot_booking
    c = client_for(owner)
    first = c.get(reverse("activities:slot_qr", args=[slot.pk, "out"]))
    assert first["Cache-Control"] == "no-store"
    with time_machine.travel(local_at(DAY, 13) + timedelta(minutes=3), tick=False):
        second = c.get(reverse("activities:slot_qr", args=[slot.pk, "out"]))
    assert first.context["url"] != second.context["url"]


# ---------------------------------------------------------------- verification after the fact

def test_verification_says_when_a_certificate_was_revoked_or_the_record_changed(
        client_for: ClientFor, session: ActivitySession, volunteer: User, owner: User,
        centre_admin: User) -> None:
    services.hours_approve(actor=owner, session_id=session.pk)
    cert = services.certificate_request(user=volunteer, start=DAY, end=DAY, base_url="http://testserver")
    url = reverse("activities:verify", args=[cert.verify_code])
    anonymous = client_for(None)
    assert "id=\"changed\"" not in anonymous.get(url).content.decode()
    services.hours_correct(actor=owner, session_id=session.pk, minutes=60, reason="조기 퇴실 확인")
    assert "id=\"changed\"" in anonymous.get(url).content.decode()
    with pytest.raises(services.ActivityError):
        services.certificate_revoke(actor=owner, certificate_id=cert.pk, reason="x")
    services.certificate_revoke(actor=centre_admin, certificate_id=cert.pk, reason="잘못 발급")
    html = anonymous.get(url).content.decode()
    assert "유효하지 않은 확인서" in html


def test_viewing_the_roster_logs_each_person_shown(client_for: ClientFor, session: ActivitySession,
                                                   volunteer: User, centre_admin: User) -> None:
    client_for(centre_admin).get(reverse("activities:insurance"), {"start": "2026-12-01", "end": "2026-12-31"})
    log = AccessLog.objects.get(subject_id=str(volunteer.pk))
    assert log.action == AccessLog.Action.VIEW
    assert log.viewer == centre_admin


# ---------------------------------------------------------------- query counts do not grow with rows

def _more_sessions(need: Need, volunteer: User, owner: User, n: int) -> None:
    for i in range(n):
        day = DAY - timedelta(days=i + 1)
        slot, booking = booked_slot(need, volunteer, local_at(day, 10))
        services.attendance_confirm(actor=owner, booking_id=booking.pk, start=slot.start, end=slot.end,
                                    at=local_at(DAY, 13))


@pytest.mark.parametrize(("who", "view"), [
    ("volunteer", "activities:me"), ("owner", "activities:review"), ("centre_admin", "activities:insurance"),
    ("owner", "activities:slot"), ("anonymous", "activities:leaderboard"),
])
def test_list_pages_run_a_fixed_number_of_queries(
        request: pytest.FixtureRequest, client_for: ClientFor, count_queries: Any, need: Need,
        volunteer: User, other_volunteer: User, owner: User, session: ActivitySession, who: str,
        view: str) -> None:
    services.recognition_set(user=volunteer, opt_in=True)
    c = client_for(persona(request, who))
    url = reverse(view, args=[session.slot_id]) if view == "activities:slot" else reverse(view)
    params = {"start": "2026-11-01", "end": "2026-12-31"}
    few = count_queries(c, url, params)
    _more_sessions(need, volunteer, owner, 5)
    book(session.slot, profile_of(other_volunteer))
    assert count_queries(c, url, params) == few


def test_a_session_post_goes_back_only_to_a_page_of_this_site(client_for: ClientFor, owner: User,
                                                              session: ActivitySession) -> None:
    c = client_for(owner)
    url = reverse("activities:session_reject", args=[session.pk])
    back = reverse("activities:review")
    assert c.post(url, {"reason": "", "next": back})["Location"] == back
    for evil in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/"):
        r = c.post(url, {"reason": "", "next": evil})
        assert r["Location"] == reverse("activities:session", args=[session.pk]), evil
