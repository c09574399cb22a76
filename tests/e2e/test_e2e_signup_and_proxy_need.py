"""End to end in headless Chromium: a volunteer signs up and fills the profile; a camp manager
posts a need for an offline resident; the need is in the public list, its private data is not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from itda.accounts.models import Role
from itda.needs.models import Need
from itda.volunteers.models import VolunteerProfile
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_runs_the_first_day_of_a_volunteer_and_a_camp_manager(live_server: Any, page: Any) -> None:
    base = live_server.url
    dong = f.dong("2917059000")  # 북구 용봉동
    f.camp(dong)
    f.UserFactory(username="campmgr", display_name="윤캠프", roles=[(Role.CAMP_MANAGER, dong)])

    # 1. A volunteer signs up with the required items only.
    page.goto(f"{base}/accounts/signup/")
    assert "회원가입" in page.title()
    page.fill("#id_username", "newvolunteer")
    page.fill("#id_display_name", "김새봉")
    page.fill("#id_password1", "Gwangju-2026-pw")
    page.fill("#id_password2", "Gwangju-2026-pw")
    page.check("input[name=roles][value=volunteer]")
    page.check("#id_consent_terms")
    page.check("#id_consent_personal_required")
    page.click("main button[type=submit]")
    page.wait_for_url("**/volunteers/profile/")
    assert "환영합니다" in page.content()

    # 2. ...and fills the profile: dong, age group, talents, interests, availability grid.
    page.select_option("#id_home_dong", str(dong.pk))
    page.check("input[name=age_group][value=adult]")
    page.fill("#id_talents", "반찬 만들기, 전등 교체")
    page.get_by_label("생활편의").check()
    page.get_by_label("토요일 오전 (9~12시)").check()
    page.get_by_label("일요일 오후 (13~18시)").check()
    page.fill("#id_max_distance_km", "7")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=봉사자 프로필을 저장했습니다")
    profile = VolunteerProfile.objects.get(user__username="newvolunteer")
    assert profile.home_dong_id == dong.pk
    assert profile.talent_tags == ["반찬 만들기", "전등 교체"]
    assert sorted((w.weekday, w.start.hour) for w in profile.availability.all()) == [(5, 9), (6, 13)]
    page.click("text=로그아웃")

    # 3. The camp manager logs in and registers a need for a resident without an account.
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "campmgr")
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{base}/needs/new/proxy/")
    page.fill("#id_proxy_name", "박순자")
    page.check("input[name=consent_method][value=in_person]")
    page.check("#id_consent_confirmed")
    page.select_option("#id_field", label="주거환경")
    page.fill("#id_title", "혼자 사시는 어르신 댁 형광등 교체")
    page.fill("#id_description", "부엌과 화장실 형광등이 나가 밤에 불편하십니다. 사다리가 필요합니다.")
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    page.fill("#id_slots-0-day", day)
    page.fill("#id_slots-0-start", "10:00")
    page.fill("#id_slots-0-end", "11:30")
    page.fill("#id_slots-0-headcount", "1")
    page.select_option("#id_dong", str(dong.pk))
    page.fill("#id_place_label", "경로당 근처")
    page.fill("#id_address", "광주광역시 북구 비공개로 7, 2층")
    page.fill("#id_contact_name", "박순자")
    page.fill("#id_contact_phone", "010-2222-3333")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=요청을 올렸습니다")
    need = Need.objects.get(title="혼자 사시는 어르신 댁 형광등 교체")
    assert need.proxy_for is not None
    assert need.proxy_for.consent_method == "in_person"
    assert "비공개로 7" in page.content()  # the manager of the dong sees the private part
    page.click("text=로그아웃")

    # 4. Anyone finds the need in the list by its district filter, without the private data.
    page.goto(f"{base}/needs/")
    page.select_option("#id_district", dong.district.code)
    page.wait_for_selector(f"#id_dong option[value='{dong.pk}']", state="attached")
    page.select_option("#id_dong", str(dong.pk))
    page.wait_for_selector("text=혼자 사시는 어르신 댁 형광등 교체")
    page.click("text=혼자 사시는 어르신 댁 형광등 교체")
    page.wait_for_url(f"**/needs/{need.pk}/")
    html = page.content()
    assert "형광등이 나가" in html
    assert "비공개로 7" not in html
    assert "010-2222-3333" not in html
