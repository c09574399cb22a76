"""The Gwangju geography loaded by the data migration: real codes, names and populations."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from itda.places.models import District, Dong, ServiceField
from itda.places.reference import UPPER_FIELDS

pytestmark = pytest.mark.django_db


def test_it_loads_96_dongs_in_5_districts() -> None:
    assert Dong.objects.count() == 96
    assert District.objects.count() == 5


@pytest.mark.parametrize(
    ("code", "name", "sgg", "code_1365"),
    [
        ("2911000000", "동구", "29110", "3590000"),
        ("2914000000", "서구", "29140", "3600000"),
        ("2915500000", "남구", "29155", "3610000"),
        ("2917000000", "북구", "29170", "3620000"),
        ("2920000000", "광산구", "29200", "3630000"),
    ],
)
def test_it_uses_the_real_district_codes(code: str, name: str, sgg: str, code_1365: str) -> None:
    district = District.objects.get(code=code)
    assert district.name == name
    assert district.sgg_code == sgg
    assert district.code_1365 == code_1365
    assert district.population > 50_000


def test_it_gives_every_dong_a_code_inside_its_district() -> None:
    for dong in Dong.objects.select_related("district"):
        assert dong.code.startswith(dong.district.sgg_code), dong.code
        assert len(dong.code) == 10
        assert 35.0 < dong.lat < 35.3
        assert 126.6 < dong.lon < 127.1


def test_it_shares_each_district_population_exactly_among_its_dongs() -> None:
    for district in District.objects.annotate(dong_sum=Sum("dongs__population")):
        assert district.dong_sum == district.population, district.name


def test_it_knows_named_dongs() -> None:
    assert str(Dong.objects.get(code="2911052500")) == "동구 충장동"
    assert str(Dong.objects.get(code="2920062600")) == "광산구 첨단2동"


def test_it_loads_the_1365_upper_fields_with_the_middle_dot() -> None:
    uppers = ServiceField.objects.filter(parent__isnull=True)
    assert uppers.count() == len(UPPER_FIELDS) == 16
    assert ServiceField.objects.get(code="0300").name == "상담ㆍ멘토링"
    assert ServiceField.objects.get(code="0104").upper.code == "0100"


def test_it_measures_distance_between_dongs() -> None:
    a = Dong.objects.get(code="2911052500")
    b = Dong.objects.get(code="2920062600")
    assert a.distance_km(a.lat, a.lon) == pytest.approx(0.0)
    assert 5 < a.distance_km(b.lat, b.lon) < 25
