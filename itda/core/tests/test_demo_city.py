"""`manage.py demo_city`: a small city has the promised shape, reads cleanly and is reproducible."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from itda.accounts.models import Consent, Role, User, UserRole
from itda.core.demo.generator import DEMO_PASSWORD, SHOWCASE_USERNAMES, DemoCity, DemoOptions
from itda.core.demo.needs import TEMPLATES
from itda.core.validators import contains_rrn
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot
from itda.organizations.models import Organization
from itda.places.models import Dong, DongCamp, haversine_km
from itda.volunteers.models import AgeGroup, Qualification, Team, VolunteerProfile

SMALL = {"volunteers": 120, "needs": 40, "organizations": 12}
FROZEN = "2026-03-02 10:00 +0900"  # a Monday


def city_needs():
    """Needs demo_city wrote itself: not the few 안녕마을 cases the community seeding links to
    needs, nor the finished programmes the activities seeding adds for past sessions."""
    return Need.objects.filter(blind_spot_case__isnull=True).exclude(
        status=Need.Status.DONE, slots__activity_sessions__isnull=False).distinct()


def build(**options: object) -> str:
    out = StringIO()
    call_command("demo_city", stdout=out, stderr=StringIO(), **{**SMALL, **options})
    return out.getvalue()


def fingerprint() -> str:
    """Everything a visitor reads, in creation order, but no primary keys."""
    h = hashlib.sha256()
    row: tuple[object, ...]
    for row in User.objects.order_by("id").values_list("username", "display_name", "phone"):
        h.update(repr(row).encode())
    for row in Need.objects.order_by("id").values_list("title", "description", "dong__name", "status"):
        h.update(repr(row).encode())
    for row in Slot.objects.order_by("need_id", "start").values_list("start", "end", "headcount"):
        h.update(repr(row).encode())
    for model, fields in ((Organization, ("name", "verification")), (Team, ("name", "kind")),
                          (DongCamp, ("name", "opened_on"))):
        for row in model.objects.order_by("id").values_list(*fields):
            h.update(repr(row).encode())
    return h.hexdigest()


@pytest.fixture
def city(db):
    with time_machine.travel(FROZEN, tick=False):
        output = build()
    return output


@pytest.mark.django_db
def test_it_creates_the_requested_numbers(city):
    assert VolunteerProfile.objects.count() == SMALL["volunteers"]
    assert city_needs().count() == SMALL["needs"]
    assert Organization.objects.count() == SMALL["organizations"]
    assert DongCamp.objects.count() == 48
    assert Team.objects.count() == SMALL["volunteers"] // 10
    assert "itda-demo-2026" in city
    assert "leader" in city


@pytest.mark.django_db
def test_every_demo_login_exists_with_its_role(city):
    expected = {
        "admin": Role.CENTRE_ADMIN, "volunteer": Role.VOLUNTEER, "resident": Role.REQUESTER,
        "org": Role.ORG_STAFF, "farm": Role.ORG_STAFF, "camp": Role.CAMP_MANAGER,
        "activist": Role.ACTIVIST, "leader": Role.TEAM_LEADER,
    }
    assert set(expected) == set(SHOWCASE_USERNAMES)
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert user.has_role(role), username
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser

    volunteer = VolunteerProfile.objects.get(user__username="volunteer")
    assert (volunteer.home_dong.district.name, volunteer.home_dong.name) == ("광산구", "첨단2동")
    assert volunteer.availability.exists()
    assert volunteer.interest_fields.exists()
    assert Need.objects.filter(created_by__username="resident").count() == 2

    welfare = Organization.objects.get(memberships__user__username="org")
    farm = Organization.objects.get(memberships__user__username="farm")
    assert (welfare.org_type, farm.org_type) == ("welfare_facility", "farm")
    assert welfare.is_verified
    assert farm.is_verified
    assert Slot.objects.filter(need__organization=welfare).count() >= 4

    camp = User.objects.get(username="camp")
    activist = User.objects.get(username="activist")
    (camp_dong,) = camp.managed_dong_ids()
    assert DongCamp.objects.filter(dong_id=camp_dong).exists()
    assert activist.managed_dong_ids() == {camp_dong}
    proxy_need = city_needs().get(created_by=activist)
    assert proxy_need.proxy_for is not None
    assert proxy_need.proxy_for.sensitive_consent

    team = Team.objects.get(leader__username="leader")
    assert team.kind == Team.Kind.RETIREE
    assert team.memberships.count() >= 3


@pytest.mark.django_db
def test_showcase_rows_went_through_the_services(city):
    from itda.core.models import AuditLog

    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"user_signup", "role_grant", "volunteer_profile_create", "organization_register",
            "organization_verify", "team_create", "need_create", "demo_city_generate"} <= actions


@pytest.mark.django_db
def test_every_need_has_slots_private_contact_and_sane_times(city):
    today = date(2026, 3, 2)  # FROZEN
    assert not Need.objects.annotate(n=Count("slots")).filter(n=0).exists()
    assert NeedPrivate.objects.count() == Need.objects.count()
    tz = timezone.get_current_timezone()
    for need in Need.objects.prefetch_related("slots"):
        for slot in need.slots.all():
            start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
            assert start.hour >= 7
            assert end.hour <= 22
            assert start.date() == end.date()
            assert 1 <= slot.headcount <= 10
            if need.status == Need.Status.DONE:
                assert start.date() < today
            else:
                # today: the activities seeding books one slot starting soon, for a live QR check-in
                assert today <= start.date() <= today + timedelta(weeks=6), (need.title, start)
    for private in NeedPrivate.objects.filter(need__in=city_needs()):
        assert private.address.startswith("광주광역시 ")
        assert private.contact_phone.startswith(("010-0", "062-"))
    # Sensitive notes only where the person (or the proxied resident) consented.
    for need in Need.objects.exclude(private__sensitive_note="").select_related("proxy_for"):
        if need.proxy_for is not None:
            assert need.proxy_for.sensitive_consent
        else:
            assert Consent.objects.filter(user=need.created_by, purpose="sensitive", granted=True).exists()


@pytest.mark.django_db
def test_needs_cover_every_field_the_generator_knows(city):
    used = {t.field for t in TEMPLATES}
    covered = {n.field.upper.code for n in Need.objects.select_related("field__parent")}
    assert covered == used
    kinds = set(Need.objects.values_list("requester_kind", flat=True))
    assert kinds == {"individual", "organization"}
    assert ProxyRequester.objects.exists()
    assert Need.objects.filter(organization__org_type="farm").exists()
    # Forty needs land in many different dongs, not a few favourites.
    assert Need.objects.values("dong").distinct().count() >= 25


@pytest.mark.django_db
def test_a_city_sized_run_puts_a_need_in_every_dong():
    with time_machine.travel(FROZEN, tick=False):
        build(volunteers=60, needs=200)
    assert Need.objects.values("dong").distinct().count() == Dong.objects.count() == 96


@pytest.mark.django_db
def test_volunteers_look_like_people(city):
    qualifications = set(Qualification.values)
    ages = set()
    for profile in VolunteerProfile.objects.select_related("home_dong").prefetch_related("availability"):
        ages.add(profile.age_group)
        assert set(profile.qualifications) <= qualifications
        assert 1 <= profile.max_distance_km <= 15
        assert 1 <= profile.max_hours_per_week <= 10
        assert haversine_km(profile.lat, profile.lon, profile.home_dong.lat, profile.home_dong.lon) <= 0.85
        windows = list(profile.availability.all())
        assert windows
        if profile.age_group == AgeGroup.YOUTH:
            assert "driver_license" not in profile.qualifications
            assert all(w.weekday >= 5 or w.start.hour >= 16 for w in windows)
        if profile.age_group == AgeGroup.SENIOR and profile.user.username.startswith("demo_"):
            assert all(w.weekday < 5 and w.end.hour <= 17 for w in windows)
    assert ages == set(AgeGroup.values)


@pytest.mark.django_db
def test_organisations_include_a_review_queue(city):
    states = set(Organization.objects.values_list("verification", flat=True))
    assert states == {"verified", "pending", "rejected"}
    assert set(Organization.objects.values_list("org_type", flat=True)) >= {
        "farm", "sme", "social_economy", "public_interest", "social_enterprise",
        "village_enterprise", "cooperative", "welfare_facility"}
    assert not Need.objects.filter(organization__verification__in=["pending", "rejected"]).exists()


@pytest.mark.django_db
def test_camps_are_one_per_dong_and_named_after_it(city):
    assert DongCamp.objects.values("dong").distinct().count() == DongCamp.objects.count()
    for camp in DongCamp.objects.select_related("dong"):
        assert camp.name.endswith(f"{camp.dong.name} 자원봉사캠프")
    managers = UserRole.objects.filter(role=Role.CAMP_MANAGER)
    camp_dongs = set(DongCamp.objects.values_list("dong_id", flat=True))
    assert managers.count() > 1
    assert set(managers.values_list("dong_id", flat=True)) <= camp_dongs


@pytest.mark.django_db
def test_no_text_contains_a_resident_registration_number(city):
    texts: list[str] = []
    texts += [v for row in User.objects.values_list("display_name", "phone", "email") for v in row]
    texts += [v for row in VolunteerProfile.objects.values_list("talents", "intro") for v in row]
    texts += [v for row in Need.objects.values_list("title", "description", "place_label") for v in row]
    texts += [v for row in NeedPrivate.objects.values_list("address", "contact_name", "contact_phone",
                                                           "sensitive_note") for v in row]
    texts += [v for row in Organization.objects.values_list("name", "address", "phone", "description",
                                                            "business_number") for v in row]
    texts += [v for row in Team.objects.values_list("name", "description") for v in row]
    texts += [v for row in ProxyRequester.objects.values_list("name", "phone") for v in row]
    texts += [v for row in DongCamp.objects.values_list("name", "place") for v in row]
    assert len(texts) > 1000
    assert [t for t in texts if contains_rrn(t)] == []
    # Placeholders and particles were all filled in.
    assert not [t for t in texts if "{" in t or "/를" in t or "/가" in t]


@pytest.mark.django_db
def test_the_same_seed_on_the_same_day_builds_the_same_city(city):
    first = fingerprint()
    with time_machine.travel(FROZEN, tick=False):
        output = build(reset=True)
    assert "데모 도시를 만들었습니다" in output
    assert fingerprint() == first
    with time_machine.travel(FROZEN, tick=False):
        build(reset=True, seed=7)
    assert fingerprint() != first


@pytest.mark.django_db
def test_a_second_run_without_reset_changes_nothing(city):
    before = (User.objects.count(), Need.objects.count())
    output = build()
    assert "이미 있습니다" in output
    assert (User.objects.count(), Need.objects.count()) == before


@pytest.mark.django_db
def test_reset_keeps_people_who_are_not_demo_data(city):
    outsider = User.objects.create_user(username="real-person", password="x" * 12, display_name="실제 주민")
    with time_machine.travel(FROZEN, tick=False):
        build(reset=True)
    assert User.objects.filter(pk=outsider.pk).exists()
    assert DongCamp.objects.count() == 48


@pytest.mark.django_db
def test_the_generator_refuses_to_build_twice(city):
    from itda.core.demo.generator import DemoExistsError

    with pytest.raises(DemoExistsError):
        DemoCity(DemoOptions(volunteers=10, needs=10, organizations=3), progress=lambda _m: None).build()


@pytest.mark.django_db
def test_reset_deletes_rows_that_protect_demo_rows_first(city):
    from itda.core.demo.generator import _delete

    # An organisation without activity history (history rows are append-only by design).
    org = Organization.objects.filter(needs__isnull=False).exclude(needs__status=Need.Status.DONE).first()
    assert org is not None
    need_ids = list(org.needs.values_list("pk", flat=True))
    _delete(Organization.objects.filter(pk=org.pk))  # Need.organization is PROTECT
    assert not Organization.objects.filter(pk=org.pk).exists()
    assert not Need.objects.filter(pk__in=need_ids).exists()


@pytest.mark.django_db
def test_rows_carry_a_history_for_the_dashboard(city):
    frozen = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    profiles = VolunteerProfile.objects.filter(user__username__startswith="demo_")
    assert all(p.created_at == p.user.date_joined for p in profiles.select_related("user"))
    assert profiles.filter(created_at__lt=frozen - timedelta(days=365)).exists()
    for need in city_needs().exclude(created_by__username__in=SHOWCASE_USERNAMES).prefetch_related("slots"):
        first = min(s.start for s in need.slots.all())
        assert need.created_at < min(first, frozen)
    for org in Organization.objects.exclude(verified_at=None):
        assert org.verified_at is not None
        assert org.created_at <= org.verified_at
    assert Team.objects.filter(created_at__lt=frozen - timedelta(days=30)).count() >= Team.objects.count() - 1
