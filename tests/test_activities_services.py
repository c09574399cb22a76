"""Activities services: QR check-in and check-out, attendance by hand and no-shows, hours
(caps, 90-day rule, approval, disputes and corrections with history), certificates (Korean PDF,
public verification, background rendering), insurance roster and claims, recognition and the
1365 export that only carries consenting volunteers."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from itda.accounts.models import Consent, ConsentPurpose, User
from itda.activities import exports, selectors, services
from itda.activities.models import ActivitySession, Certificate, HoursCorrection, InsuranceClaim
from itda.activities.tokens import SALT, TokenError, token_make
from itda.matching.models import Booking
from itda.needs.models import Need
from itda.notifications.models import Notification
from itda.volunteers.models import VolunteerProfile
from tests.test_activities_support import (
    add_slot,
    book,
    booked_slot,
    local_at,
    profile_of,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 10)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    use_tmp_media(settings, tmp_path)


def scan(user: User, slot_id: int, purpose: str, at: Any) -> ActivitySession:
    return services.attendance_scan(user=user, token=token_make(slot_id=slot_id, purpose=purpose), at=at)


def attended(need: Need, user: User, *, day: date = DAY, hour: int = 10, hours: float = 2,
             stay: tuple[int, int] | None = None) -> ActivitySession:
    """A session checked in at the start and out at the end (or `stay` minutes after/before)."""
    slot, _ = booked_slot(need, user, local_at(day, hour), hours=hours)
    arrive, leave = stay or (0, int(hours * 60))
    scan(user, slot.pk, "in", slot.start + timedelta(minutes=arrive))
    return scan(user, slot.pk, "out", slot.start + timedelta(minutes=leave))


# ---------------------------------------------------------------- QR check-in

def test_it_checks_in_and_out_and_credits_the_minutes_between(need: Need, volunteer: User) -> None:
    slot, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    s = scan(volunteer, slot.pk, "in", local_at(DAY, 10, 5))
    assert s.status == ActivitySession.Status.OPEN
    assert s.minutes == 0
    s = scan(volunteer, slot.pk, "out", local_at(DAY, 11, 35))
    assert s.status == ActivitySession.Status.PENDING
    assert s.minutes == 90
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    assert profile_of(volunteer).completed_count == 1
    kinds = list(s.history.values_list("kind", flat=True))
    assert kinds == [HoursCorrection.Kind.CHECK_IN, HoursCorrection.Kind.CHECK_OUT]


def test_a_second_scan_changes_nothing(need: Need, volunteer: User) -> None:
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 10))
    first = scan(volunteer, slot.pk, "in", local_at(DAY, 10))
    again = scan(volunteer, slot.pk, "in", local_at(DAY, 10, 30))
    assert again.check_in_at == first.check_in_at
    scan(volunteer, slot.pk, "out", local_at(DAY, 11))
    out = scan(volunteer, slot.pk, "out", local_at(DAY, 11, 50))
    assert out.minutes == 60
    assert out.history.count() == 2


def test_minutes_never_exceed_the_slot(need: Need, volunteer: User) -> None:
    s = attended(need, volunteer, stay=(-50, 200))  # early and late: 250 minutes on a 2-hour slot
    assert s.minutes == 120


def test_only_a_confirmed_volunteer_of_the_slot_checks_in(need: Need, volunteer: User,
                                                          other_volunteer: User) -> None:
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 10))
    with pytest.raises(services.ActivityError, match="확정된"):
        scan(other_volunteer, slot.pk, "in", local_at(DAY, 10))
    held = book(add_slot(need, local_at(DAY, 14)), profile_of(other_volunteer), status=Booking.Status.HELD)
    with pytest.raises(services.ActivityError):
        scan(other_volunteer, held.slot_id, "in", local_at(DAY, 14))


def test_check_in_has_a_window(need: Need, volunteer: User) -> None:
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 10))
    with pytest.raises(services.ActivityError, match="1시간 전"):
        scan(volunteer, slot.pk, "in", local_at(DAY, 8, 30))
    with pytest.raises(services.ActivityError, match="끝나"):
        scan(volunteer, slot.pk, "in", local_at(DAY, 12, 1))
    with pytest.raises(services.ActivityError, match="입실 기록"):
        scan(volunteer, slot.pk, "out", local_at(DAY, 11))


def test_tokens_are_signed_and_expire(need: Need, volunteer: User) -> None:
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 10))
    forged = signing.TimestampSigner(salt="another-salt").sign_object({"s": slot.pk, "p": "in"})
    with pytest.raises(TokenError, match="올바른"):
        services.attendance_scan(user=volunteer, token=forged, at=local_at(DAY, 10))
    with time_machine.travel(timezone.now() - timedelta(minutes=11), tick=False):
        old = token_make(slot_id=slot.pk, purpose="in")
    with pytest.raises(TokenError, match="유효 시간"):
        services.attendance_scan(user=volunteer, token=old, at=local_at(DAY, 10))
    tampered = token_make(slot_id=slot.pk, purpose="in").replace('"in"', '"out"')
    assert signing.TimestampSigner(salt=SALT)  # same salt, still refuses a changed payload
    with pytest.raises(TokenError):
        services.attendance_scan(user=volunteer, token=tampered + "x", at=local_at(DAY, 10))


# ---------------------------------------------------------------- by hand, no-shows

def test_the_requester_side_confirms_attendance_by_hand(need: Need, volunteer: User, owner: User,
                                                        camp_manager: User) -> None:
    _slot, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    s = services.attendance_confirm(actor=camp_manager, booking_id=booking.pk, start=local_at(DAY, 10),
                                    end=local_at(DAY, 11, 40), at=local_at(DAY, 12))
    assert s.status == ActivitySession.Status.APPROVED
    assert s.minutes == 100
    assert s.method == ActivitySession.Method.MANUAL
    assert s.approved_by == camp_manager
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED


def test_attendance_by_hand_cannot_reach_into_the_future(need: Need, volunteer: User, owner: User) -> None:
    _slot, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    with pytest.raises(services.ActivityError, match="지금보다"):
        services.attendance_confirm(actor=owner, booking_id=booking.pk, start=local_at(DAY, 10),
                                    end=local_at(DAY, 12), at=local_at(DAY, 11))
    with pytest.raises(services.ActivityError, match="활동일"):
        services.attendance_confirm(actor=owner, booking_id=booking.pk, start=local_at(DAY - timedelta(days=1), 10),
                                    end=local_at(DAY - timedelta(days=1), 12), at=local_at(DAY, 13))


def test_outsiders_cannot_confirm_or_mark_no_shows(need: Need, volunteer: User, other_org_user: User,
                                                   other_volunteer: User) -> None:
    _, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    for outsider in (other_org_user, other_volunteer, volunteer):
        with pytest.raises(services.ActivityError):
            services.attendance_confirm(actor=outsider, booking_id=booking.pk, start=local_at(DAY, 10),
                                        end=local_at(DAY, 11), at=local_at(DAY, 12))
        with pytest.raises(services.ActivityError):
            services.attendance_no_show(actor=outsider, booking_id=booking.pk, at=local_at(DAY, 12))


def test_a_no_show_is_recorded_after_the_start_only(need: Need, volunteer: User, owner: User) -> None:
    _, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    with pytest.raises(services.ActivityError, match="시작된 뒤"):
        services.attendance_no_show(actor=owner, booking_id=booking.pk, at=local_at(DAY, 9))
    services.attendance_no_show(actor=owner, booking_id=booking.pk, at=local_at(DAY, 13))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    assert profile_of(volunteer).no_show_count == 1
    # Came after all (marked by mistake): confirming by hand turns it into completed.
    services.attendance_confirm(actor=owner, booking_id=booking.pk, start=local_at(DAY, 10),
                                end=local_at(DAY, 12), at=local_at(DAY, 13))
    p = profile_of(volunteer)
    assert (p.no_show_count, p.completed_count) == (0, 1)


def test_no_show_is_refused_when_the_volunteer_checked_in(need: Need, volunteer: User, owner: User) -> None:
    slot, booking = booked_slot(need, volunteer, local_at(DAY, 10))
    scan(volunteer, slot.pk, "in", local_at(DAY, 10))
    with pytest.raises(services.ActivityError, match="출석 기록"):
        services.attendance_no_show(actor=owner, booking_id=booking.pk, at=local_at(DAY, 13))


# ---------------------------------------------------------------- hours

def test_approval_makes_the_minutes_certified(need: Need, volunteer: User, owner: User) -> None:
    s = attended(need, volunteer)
    profile = profile_of(volunteer)
    assert selectors.certified_minutes(volunteer=profile) == 0
    services.hours_approve(actor=owner, session_id=s.pk, at=local_at(DAY, 15))
    assert selectors.certified_minutes(volunteer=profile) == 120
    with pytest.raises(services.ActivityError):
        services.hours_approve(actor=owner, session_id=s.pk, at=local_at(DAY, 15))


def test_the_volunteer_cannot_approve_their_own_hours(need: Need, volunteer: User) -> None:
    s = attended(need, volunteer)
    with pytest.raises(services.ActivityError, match="담당자"):
        services.hours_approve(actor=volunteer, session_id=s.pk, at=local_at(DAY, 15))


def test_the_daily_maximum_is_eight_hours(need: Need, volunteer: User, owner: User) -> None:
    a = attended(need, volunteer, hour=7, hours=5)
    b = attended(need, volunteer, hour=12, hours=5)
    assert (a.minutes, b.minutes) == (300, 180)
    with pytest.raises(services.ActivityError, match="하루 최대 8시간"):
        services.hours_correct(actor=owner, session_id=b.pk, minutes=200, reason="실제로 더 했음",
                               at=local_at(DAY, 20))
    # Rejecting the morning frees the day's hours for the afternoon.
    services.hours_reject(actor=owner, session_id=a.pk, reason="다른 활동과 겹침")
    services.hours_correct(actor=owner, session_id=b.pk, minutes=300, reason="오후 전체 인정",
                           at=local_at(DAY, 20))
    assert selectors.certified_minutes(volunteer=profile_of(volunteer)) == 300


def test_a_correction_cannot_exceed_the_slot(need: Need, volunteer: User, owner: User) -> None:
    s = attended(need, volunteer)
    with pytest.raises(services.ActivityError, match="120분"):
        services.hours_correct(actor=owner, session_id=s.pk, minutes=121, reason="x", at=local_at(DAY, 15))


def test_dispute_and_correction_keep_history(need: Need, volunteer: User, owner: User,
                                            django_capture_on_commit_callbacks: Any) -> None:
    s = attended(need, volunteer, stay=(30, 120))
    services.hours_approve(actor=owner, session_id=s.pk, at=local_at(DAY, 15))
    with django_capture_on_commit_callbacks(execute=True):
        services.hours_dispute(user=volunteer, session_id=s.pk, reason="10시 정각에 왔는데 30분이 빠졌어요")
    s.refresh_from_db()
    assert s.disputed
    assert Notification.objects.filter(user=owner, title__contains="이의 제기").exists()
    services.hours_correct(actor=owner, session_id=s.pk, minutes=120, reason="도착 시각 확인",
                           at=local_at(DAY, 16))
    s.refresh_from_db()
    assert (s.minutes, s.status, s.disputed) == (120, ActivitySession.Status.APPROVED, False)
    rows = list(s.history.values_list("kind", "minutes_before", "minutes_after"))
    assert rows[-3:] == [("approve", 90, 90), ("dispute", 90, 90), ("correct", 90, 120)]
    with pytest.raises(Exception, match="append-only"):
        s.history.first().delete()  # type: ignore[union-attr]


def test_only_the_volunteer_disputes(need: Need, volunteer: User, other_volunteer: User) -> None:
    s = attended(need, volunteer)
    with pytest.raises(services.ActivityError, match="본인"):
        services.hours_dispute(user=other_volunteer, session_id=s.pk, reason="?")


def test_after_ninety_days_only_the_centre_enters_hours_with_a_reason(
        need: Need, volunteer: User, owner: User, centre_admin: User) -> None:
    s = attended(need, volunteer)
    on_time = local_at(DAY + timedelta(days=90), 18)
    late = local_at(DAY + timedelta(days=91), 9)
    with pytest.raises(services.ActivityError, match="90일"):
        services.hours_approve(actor=owner, session_id=s.pk, at=late)
    with pytest.raises(services.ActivityError, match="사유"):
        services.hours_approve(actor=centre_admin, session_id=s.pk, at=late)
    services.hours_approve(actor=centre_admin, session_id=s.pk, override_reason="기관 폐업으로 늦은 증빙 제출",
                           at=late)
    h = s.history.get(kind=HoursCorrection.Kind.APPROVE)
    assert h.late_override
    assert "폐업" in h.reason
    s2 = attended(need, volunteer, hour=15)
    services.hours_approve(actor=owner, session_id=s2.pk, at=on_time)


# ---------------------------------------------------------------- certificates

def _approved(need: Need, user: User, owner: User, days: int, *, start: date = DAY) -> None:
    for i in range(days):
        s = attended(need, user, day=start + timedelta(days=i))
        services.hours_approve(actor=owner, session_id=s.pk, at=local_at(start + timedelta(days=i), 20))


def _pdf_text(cert: Certificate) -> str:
    with cert.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_certificate_pdf_is_korean_and_verifies(need: Need, volunteer: User, owner: User,
                                                    client: Any) -> None:
    _approved(need, volunteer, owner, 3)
    cert = services.certificate_request(user=volunteer, start=DAY, end=DAY + timedelta(days=30),
                                        base_url="http://testserver")
    assert cert.status == Certificate.Status.READY
    assert cert.total_minutes == 360 == selectors.certified_minutes(volunteer=profile_of(volunteer))
    text = _pdf_text(cert)
    assert "봉사활동 확인서" in text
    assert "이봉사" in text
    assert "2026년 12월 10일" in text
    assert "2027년 1월 9일" in text
    assert "6시간" in text
    assert cert.number in text
    code_url = reverse("activities:verify", args=[cert.verify_code])
    assert code_url in text.replace("\n", "")
    page = client.get(code_url).content.decode()
    assert "유효한 확인서" in page
    assert cert.number in page
    assert "6시간" in page
    assert "이○○" in page
    assert "이봉사" not in page


def test_a_certificate_needs_approved_hours(volunteer: User) -> None:
    with pytest.raises(services.ActivityError, match="승인된 활동이 없습니다"):
        services.certificate_request(user=volunteer, start=DAY, end=DAY, base_url="http://testserver")


def test_long_certificates_are_made_in_the_background(
        need: Need, volunteer: User, owner: User, monkeypatch: pytest.MonkeyPatch,
        django_capture_on_commit_callbacks: Any) -> None:
    monkeypatch.setattr(services, "CERTIFICATE_SYNC_MAX_SESSIONS", 2)
    _approved(need, volunteer, owner, 3)
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.certificate_request(user=volunteer, start=DAY, end=DAY + timedelta(days=5),
                                            base_url="http://testserver")
    assert cert.status == Certificate.Status.PENDING  # the row as returned, before the task ran
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.READY
    assert cert.session_count == 3
    note = Notification.objects.get(user=volunteer, title__contains="확인서")
    assert note.url == reverse("activities:certificate_download", args=[cert.pk])


# ---------------------------------------------------------------- insurance

def test_the_roster_lists_confirmed_participants_with_place_times_and_centre(
        need: Need, volunteer: User, other_volunteer: User) -> None:
    need.place_label = "=HYPERLINK(\"http://evil\")"
    need.save()
    slot, _ = booked_slot(need, volunteer, local_at(DAY, 10))
    book(slot, profile_of(other_volunteer), status=Booking.Status.CANCELLED)
    rows = selectors.insurance_roster(start=DAY, end=DAY)
    assert len(rows) == 1
    r = rows[0]
    assert (r["date"], r["start"], r["end"], r["dong"]) == ("2026-12-10", "10:00", "12:00", "충장동")
    assert r["centre"] == "광주광역시 동구자원봉사센터"
    header = [label for _, label in selectors.ROSTER_COLUMNS]
    values = [[row[k] for k, _ in selectors.ROSTER_COLUMNS] for row in rows]
    csv_text = exports.csv_bytes(header, values).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(exports.xlsx_bytes(header, values))).active
    place = ws.cell(row=2, column=6)
    assert place.value == "'=HYPERLINK(\"http://evil\")"
    assert place.data_type == "s"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_escaped(value: str) -> None:
    assert exports.escape_cell(value) == "'" + value
    assert exports.escape_cell("김봉사") == "김봉사"
    assert exports.escape_cell(-3) == -3


def test_a_claim_needs_an_attended_session(need: Need, volunteer: User, other_volunteer: User) -> None:
    s = attended(need, volunteer)
    claim = services.insurance_claim_report(actor=volunteer, session_id=s.pk, occurred_at=local_at(DAY, 11),
                                            place="복지관 계단", description="계단에서 미끄러짐",
                                            injury="왼쪽 발목 염좌")
    assert claim.status == InsuranceClaim.Status.REPORTED
    with pytest.raises(services.ActivityError):
        services.insurance_claim_report(actor=other_volunteer, session_id=s.pk, occurred_at=local_at(DAY, 11),
                                        place="x", description="x", injury="x")
    with pytest.raises(services.ActivityError, match="주민등록번호"):
        services.insurance_claim_report(actor=volunteer, session_id=s.pk, occurred_at=local_at(DAY, 11),
                                        place="x", description="900101-1234567", injury="x")


# ---------------------------------------------------------------- recognition

def test_mileage_badges_and_opt_in_leaderboards(need: Need, volunteer: User, other_volunteer: User,
                                                owner: User) -> None:
    _approved(need, volunteer, owner, 2)
    s = attended(need, other_volunteer, day=DAY + timedelta(days=3))
    services.hours_approve(actor=owner, session_id=s.pk, at=local_at(DAY + timedelta(days=3), 20))
    assert selectors.mileage_points(240) == 40
    assert [b.earned for b in selectors.badges(50 * 60)] == [True, False, False, False, False]
    assert selectors.leaderboard_dongs() == []
    services.recognition_set(user=volunteer, opt_in=True)
    people = selectors.leaderboard_people(dong_id=profile_of(volunteer).home_dong_id)
    assert people == [{"name": "이봉사", "minutes": 240}]
    assert selectors.leaderboard_dongs()[0]["minutes"] == 240
    services.recognition_set(user=volunteer, opt_in=False)
    assert selectors.leaderboard_people(dong_id=profile_of(volunteer).home_dong_id) == []


# ---------------------------------------------------------------- 1365 export

def test_the_1365_export_carries_only_consenting_volunteers(need: Need, volunteer: User,
                                                            other_volunteer: User, owner: User) -> None:
    for user, day in ((volunteer, DAY), (other_volunteer, DAY + timedelta(days=1))):
        s = attended(need, user, day=day)
        services.hours_approve(actor=owner, session_id=s.pk, at=local_at(day, 20))
    Consent.objects.create(user=volunteer, purpose=ConsentPurpose.PROVIDE_1365, granted=True, text_version="t")
    Consent.objects.create(user=other_volunteer, purpose=ConsentPurpose.PROVIDE_1365, granted=True,
                           text_version="t", at=timezone.now() - timedelta(days=2))
    Consent.objects.create(user=other_volunteer, purpose=ConsentPurpose.PROVIDE_1365, granted=False,
                           text_version="t")  # withdrawn since
    data = selectors.export_1365(start=DAY, end=DAY + timedelta(days=5))
    assert [r["vltrNm"] for r in data["hours"]] == ["이봉사"]
    assert data["left_out"] == 1
    row = data["hours"][0]
    assert (row["actDe"], row["actTime"], row["sidoCd"], row["gugunCd"]) == ("20261210", 120, "6290000", "3590000")
    prog = data["programs"][0]
    assert prog["progrmSj"] == need.title
    assert prog["srvcClCode"] == "주거환경"
    assert len(prog["actWkdy"]) == 7


def test_no_denormalised_total_exists() -> None:
    """The certified total is a sum; neither the profile nor the app stores one that could drift."""
    names = {fld.name for fld in VolunteerProfile._meta.get_fields()}
    assert not {n for n in names if "total" in n or "minute" in n or "certified" in n}
