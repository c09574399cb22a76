"""End to end in headless Chromium: a resident posts a need through the web form, the engine
proposes it to a volunteer whose profile fits, the volunteer accepts on the proposals page,
the resident confirms on the need page, and only then do both sides see each other."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from itda.accounts.models import Role
from itda.core.models import AccessLog
from itda.matching import adapter
from itda.matching.models import Booking, MatchRun, Proposal
from itda.needs.models import Need
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = "광주광역시 동구 충장로 99, 2층"
PHONE = "010-5555-6666"
TITLE = "부엌 전등이 나갔어요, 전등 교체 도와주세요"


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=로그아웃")


def log_out(page: Any) -> None:
    page.click("header button:has-text('로그아웃')")
    page.wait_for_selector("header >> text=로그인")


@pytest.fixture
def fresh_engine(settings: Any, tmp_path: Any) -> Any:
    settings.ITDA_MATCH_MODEL_PATH = str(tmp_path / "match_model.json")
    adapter.indexes.clear()
    yield
    adapter.indexes.clear()


@pytest.mark.usefixtures("fresh_engine")
def test_a_need_posted_on_the_web_is_matched_accepted_and_confirmed(live_server: Any, page: Any) -> None:
    base = live_server.url
    dong = f.dong("2911052500")  # 동구 충장동
    day = timezone.localdate() + timedelta(days=3)
    start = timezone.make_aware(datetime.combine(day, time(10)))

    resident = f.UserFactory.create(username="resident", display_name="정요청", roles=[Role.REQUESTER])
    volunteer = f.VolunteerProfileFactory.create(
        user__username="bongsa", user__display_name="이봉사", home_dong=dong,
        talents="전등 교체, 형광등 수리", talent_tags=["전등 교체", "형광등 수리"],
        intro="전기 일을 하다 은퇴했습니다. 높은 곳 전등도 갈아 드려요.",
    )
    f.AvailabilityFactory.create(profile=volunteer, weekday=timezone.localtime(start).weekday(),
                                 start=time(9), end=time(13))
    # Someone far away and busy that morning: never proposed.
    far = f.VolunteerProfileFactory.create(user__display_name="서멀리", home_dong=f.dong("2920062600"),
                                           max_distance_km=1)
    f.AvailabilityFactory.create(profile=far, weekday=(timezone.localtime(start).weekday() + 1) % 7,
                                 start=time(9), end=time(13))

    # 1. The resident posts the need through the web form.
    log_in(page, base, "resident")
    page.goto(f"{base}/needs/new/")
    page.select_option("#id_field", label="주거환경")
    page.fill("#id_title", TITLE)
    page.fill("#id_description", "혼자 사는데 부엌 천장 전등이 나갔어요. 높아서 제가 갈 수가 없어요.")
    page.fill("#id_slots-0-day", day.isoformat())
    page.fill("#id_slots-0-start", "10:00")
    page.fill("#id_slots-0-end", "11:30")
    page.fill("#id_slots-0-headcount", "1")
    page.select_option("#id_dong", str(dong.pk))
    page.fill("#id_address", ADDRESS)
    page.fill("#id_contact_name", "정요청")
    page.fill("#id_contact_phone", PHONE)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=요청을 올렸습니다")
    need = Need.objects.get(title=TITLE)
    assert need.created_by == resident

    # 2. The engine ran when the request committed: a proposal with a Korean reason.
    run = MatchRun.objects.get(need=need)
    assert run.status == MatchRun.Status.DONE
    proposal = Proposal.objects.get(slot__need=need)
    assert proposal.volunteer == volunteer
    assert proposal.reason
    assert not Proposal.objects.filter(volunteer=far).exists()
    log_out(page)

    # 3. The volunteer sees it on the proposals page with its reason, and accepts.
    log_in(page, base, "bongsa")
    page.goto(f"{base}/matching/proposals/")
    card = page.locator("article.card", has_text=TITLE)
    assert card.is_visible()
    assert proposal.reason in card.inner_text()
    assert "추천 이유" in card.inner_text()
    page.screenshot(path="/tmp/e2e_matching_proposals.png", full_page=True)
    card.locator("button:has-text('수락하기')").click()
    page.wait_for_selector("text=요청하신 분이 확정하면 알려 드릴게요")
    booking = Booking.objects.get(proposal=proposal)
    assert booking.status == Booking.Status.HELD
    # Not confirmed yet: the address and phone stay hidden from the volunteer.
    page.goto(f"{base}/needs/{need.pk}/")
    assert ADDRESS not in page.content()
    assert PHONE not in page.content()
    assert "봉사자 수락 (확정 대기)" in page.content()
    log_out(page)

    # 4. The resident sees who accepted and confirms on the need page.
    log_in(page, base, "resident")
    page.goto(f"{base}/needs/{need.pk}/")
    panel = page.locator("section[aria-labelledby=match-h]")
    assert "이봉사" in panel.inner_text()
    panel.locator("button:has-text('확정')").first.click()
    page.wait_for_selector("text=확정했습니다")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    panel = page.locator("section[aria-labelledby=match-h]")
    assert "이봉사" in panel.inner_text()  # the resident sees who is coming
    assert "확정" in panel.inner_text()
    assert panel.locator("button:has-text('확정')").count() == 0
    page.screenshot(path="/tmp/e2e_matching_resident.png", full_page=True)
    log_out(page)

    # 5. The volunteer now sees the resident's address and phone, and the view is logged.
    log_in(page, base, "bongsa")
    page.goto(f"{base}/matching/proposals/")
    assert "확정되었습니다. 장소와 연락처는 요청 상세에서 볼 수 있습니다." in page.content()
    page.click(f"text={TITLE}")
    page.wait_for_url(f"**/needs/{need.pk}/")
    private = page.locator("section.private")
    assert ADDRESS in private.inner_text()
    assert PHONE in private.inner_text()
    assert AccessLog.objects.filter(viewer=volunteer.user, subject_type="needs.need",
                                    subject_id=str(need.pk)).count() == 1
    page.screenshot(path="/tmp/e2e_matching.png", full_page=True)
