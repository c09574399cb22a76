"""factory_boy factories for the web app's tests."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import factory
from django.utils import timezone

from itda.accounts.models import Role, User, UserRole
from itda.needs.models import Need, NeedPrivate, Slot
from itda.organizations.models import Organization, OrganizationMember
from itda.places.models import Dong, DongCamp, ServiceField
from itda.volunteers.models import AvailabilityWindow, VolunteerProfile

PASSWORD = "itda-test-pw-2026"


def dong(code: str = "2911052500") -> Dong:
    """A real dong loaded by the data migration (default 동구 충장동)."""
    return Dong.objects.select_related("district").get(code=code)


def field(code: str = "0100") -> ServiceField:
    return ServiceField.objects.get(code=code)


def _grant_roles(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
    """roles=[Role.VOLUNTEER, (Role.CAMP_MANAGER, dong)]: unscoped or dong-scoped roles."""
    if create and extracted:
        for role in extracted:
            if isinstance(role, tuple):
                UserRole.objects.create(user=user, role=role[0], dong=role[1])
            else:
                UserRole.objects.create(user=user, role=role)
    if create:
        user.save()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"김이웃{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    roles = factory.PostGeneration(_grant_roles)


class VolunteerProfileFactory(factory.django.DjangoModelFactory[VolunteerProfile]):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(UserFactory, roles=[Role.VOLUNTEER])
    age_group = "adult"
    home_dong = factory.LazyFunction(dong)
    lat = factory.LazyAttribute(lambda o: o.home_dong.lat)
    lon = factory.LazyAttribute(lambda o: o.home_dong.lon)
    talents = "반찬 만들기, 전등 교체"
    talent_tags = factory.LazyFunction(lambda: ["반찬 만들기", "전등 교체"])


class AvailabilityFactory(factory.django.DjangoModelFactory[AvailabilityWindow]):
    class Meta:
        model = AvailabilityWindow

    profile = factory.SubFactory(VolunteerProfileFactory)
    weekday = 5
    start = time(9)
    end = time(12)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"햇살복지관{n}")
    org_type = "welfare_facility"
    dong = factory.LazyFunction(dong)
    address = "광주광역시 동구 충장로 1"
    phone = "062-123-4567"
    description = "어르신 급식과 돌봄을 하는 복지관입니다."
    verification = Organization.Verification.VERIFIED


def org_staff(org: Organization, **kwargs: Any) -> User:
    user = UserFactory.create(roles=[Role.ORG_STAFF], **kwargs)
    OrganizationMember.objects.create(organization=org, user=user, is_manager=True)
    return user


PRIVATE_ADDRESS = "광주광역시 동구 비밀로 12, 3층"
PRIVATE_NAME = "박순자"
PRIVATE_PHONE = "010-9876-5432"


def _add_private(need: Need, create: bool, extracted: Any, **kwargs: Any) -> None:
    """with_private=False leaves the need without its private contact row."""
    if create and extracted is not False:
        NeedPrivate.objects.create(need=need, address=PRIVATE_ADDRESS, contact_name=PRIVATE_NAME,
                                   contact_phone=PRIVATE_PHONE)


def _add_slot(need: Need, create: bool, extracted: Any, **kwargs: Any) -> None:
    """One two-hour slot three days ahead for two people; with_slot=False for none."""
    if create and extracted is not False:
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
        Slot.objects.create(need=need, start=start, end=start + timedelta(hours=2), headcount=2)


class NeedFactory(factory.django.DjangoModelFactory[Need]):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    requester_kind = Need.RequesterKind.INDIVIDUAL
    created_by = factory.SubFactory(UserFactory, roles=[Role.REQUESTER])
    field = factory.LazyFunction(lambda: field("0200"))
    title = "부엌 전등이 나갔어요"
    description = "혼자 사는데 부엌 전등을 갈 수가 없어요."
    dong = factory.LazyFunction(dong)
    lat = factory.LazyAttribute(lambda o: o.dong.lat)
    lon = factory.LazyAttribute(lambda o: o.dong.lon)
    status = Need.Status.OPEN

    with_private = factory.PostGeneration(_add_private)
    with_slot = factory.PostGeneration(_add_slot)


def camp(dong_obj: Dong) -> DongCamp:
    return DongCamp.objects.create(dong=dong_obj, name=f"{dong_obj.name} 자원봉사캠프",
                                   opened_on=timezone.localdate())


def need_form_data(*, slots: list[dict[str, str]] | None = None, **overrides: str) -> dict[str, Any]:
    """What the need form posts: a resident's request with one slot three days ahead."""
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    rows = slots if slots is not None else [{"day": day, "start": "10:00", "end": "12:00", "headcount": "2"}]
    data: dict[str, Any] = {
        "field": str(field("0200").pk),
        "title": "부엌 전등이 나갔어요",
        "description": "혼자 살아서 높은 곳 전등을 못 갈아요.",
        "dong": str(dong().pk),
        "place_label": "",
        "urgency": "0",
        "address": "광주광역시 동구 충장로 99, 2층",
        "contact_name": "정요청",
        "contact_phone": "01055556666",
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"slots-{i}-{key}"] = value
    data.update(overrides)
    return data


def proxy_form_data(**overrides: Any) -> dict[str, Any]:
    """The extra fields of a proxy registration: the resident and how they consented."""
    data: dict[str, Any] = {
        "proxy_name": "박순자", "proxy_phone": "062-222-3333", "consent_method": "in_person",
        "consent_confirmed": "on",
    }
    data.update(overrides)
    return data
