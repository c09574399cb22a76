"""End to end in headless Chromium: the camp manager shows the check-in QR, the volunteer opens
its URL and checks in, later checks out the same way, the manager approves the hours, and the
volunteer downloads the Korean certificate PDF that carries them."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from itda.accounts.models import Role
from itda.activities.models import ActivitySession, Certificate
from itda.needs.models import Slot
from tests import factories as f
from tests.test_activities_support import book

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def qr_url(page: Any, base: str, slot: Slot, purpose: str) -> str:
    page.goto(f"{base}/activities/slots/{slot.pk}/qr/{purpose}/")
    assert page.locator("svg").count() >= 1
    url = page.get_attribute("#qr-url", "href")
    assert url
    assert "/activities/scan/" in url
    return str(url)


def test_from_check_in_to_certificate(live_server: Any, page: Any, browser: Any, settings: Any,
                                      tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    base = live_server.url
    dong = f.dong("2917059000")  # 북구 용봉동
    f.camp(dong)
    f.UserFactory(username="campmgr", display_name="윤캠프", roles=[(Role.CAMP_MANAGER, dong)])
    profile = f.VolunteerProfileFactory.create(user__username="vol", user__display_name="김새봉", home_dong=dong)
    need = f.NeedFactory.create(dong=dong, with_slot=False, title="경로당 점심 배식 돕기", place_label="용봉경로당")
    now = timezone.now().replace(second=0, microsecond=0)
    slot = Slot.objects.create(need=need, start=now - timedelta(minutes=100), end=now + timedelta(minutes=20),
                               headcount=2)
    book(slot, profile)

    # 1. The camp manager shows the check-in QR; the volunteer opens its URL on a phone.
    log_in(page, base, "campmgr")
    check_in = qr_url(page, base, slot, "in")
    phone = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}).new_page()
    log_in(phone, base, "vol")
    phone.goto(check_in)
    phone.click("#scan-submit")
    phone.wait_for_selector("text=입실했습니다")
    session = ActivitySession.objects.get()
    assert session.status == ActivitySession.Status.OPEN
    # The volunteer arrived 90 minutes ago (the test cannot wait that long).
    ActivitySession.objects.filter(pk=session.pk).update(check_in_at=timezone.now() - timedelta(minutes=90))

    # 2. ...and checks out the same way.
    check_out = qr_url(page, base, slot, "out")
    phone.goto(check_out)
    phone.click("#scan-submit")
    phone.wait_for_selector("text=퇴실했습니다")
    session.refresh_from_db()
    assert session.status == ActivitySession.Status.PENDING
    assert 89 <= session.minutes <= 91

    # 3. The camp manager approves the hours on the attendance page.
    page.goto(f"{base}/activities/slots/{slot.pk}/")
    page.click("form[action*='/approve/'] button")
    page.wait_for_selector("text=활동 시간을 승인했습니다")
    session.refresh_from_db()
    assert session.status == ActivitySession.Status.APPROVED

    # 4. The volunteer issues the certificate and downloads the PDF.
    phone.goto(f"{base}/activities/me/")
    assert phone.inner_text("#total-hours").startswith("1시간")
    phone.click("form[action$='/me/certificates/'] button[type=submit]")
    phone.wait_for_selector("text=확인서를 발급했습니다")
    with phone.expect_download() as info:
        phone.click("text=PDF 내려받기")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    cert = Certificate.objects.get()
    assert "봉사활동 확인서" in text
    assert "김새봉" in text
    assert cert.number in text
    assert cert.total_minutes == session.minutes
    phone.context.close()
