"""The shared validators: no resident registration numbers in free text, Korean phone numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from itda.core.validators import (
    RRN_MESSAGE,
    contains_mobile_phone,
    contains_rrn,
    normalize_phone,
    validate_no_rrn,
    validate_phone,
)


@pytest.mark.parametrize(
    "text",
    [
        "900101-1234567",
        "9001011234567",
        "900101 - 2234567",
        "900101 1234567",
        "900101.1234567",
        "주민번호는 850315-2345678 입니다",
        "생년월일과번호031231-4123456",
        "990229–1234567",  # en dash
        "000101-3123456",  # born in 2000
        "750505-5123456",  # foreign resident number has the same shape
        "９００１０１-１２３４５６７",  # full-width digits
        "900101－1234567",  # full-width hyphen
    ],
)
def test_it_finds_resident_registration_numbers(text: str) -> None:
    assert contains_rrn(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "부엌 전등이 나갔어요",
        "010-1234-5678",
        "01012345678",
        "062-123-4567",
        "2026-12-08",
        "20261208",
        "2026.12.08 10:00~12:00",
        "19900101-1234567",  # eight birth digits: not the RRN shape
        "901301-1234567",  # month 13
        "900132-1234567",  # day 32
        "900101-9234567",  # 9 is not a sex/century digit
        "900101-123456",  # too short
        "900101-12345678",  # too long
        "123-45-67890",  # business registration number
        "계좌 110-234-567890",
        "900101-1******",  # already masked
    ],
)
def test_it_leaves_dates_phones_and_other_numbers_alone(text: str) -> None:
    assert not contains_rrn(text)


def test_it_refuses_rrn_with_the_korean_message() -> None:
    with pytest.raises(ValidationError) as exc:
        validate_no_rrn("900101-1234567")
    assert exc.value.messages == [RRN_MESSAGE]
    assert exc.value.code == "rrn"
    validate_no_rrn("전등 교체")  # no error


@pytest.mark.parametrize("phone", ["010-1234-5678", "01012345678", "062-123-4567", "02-123-4567",
                                   "0621234567", "010 1234 5678"])
def test_it_accepts_korean_phone_numbers(phone: str) -> None:
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["", "1234", "abc", "010-12-5678", "10-1234-5678",
                                   "010-1234-56789", "9001011234567"])
def test_it_refuses_malformed_phone_numbers(phone: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_phone(phone)
    assert "전화번호 형식이 올바르지 않습니다" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("0621234567", "062-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("021234567", "02-123-4567"),
        ("062-123-4567", "062-123-4567"),
    ],
)
def test_it_normalizes_phone_numbers(raw: str, normal: str) -> None:
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize("text", ["연락 주세요 010-1234-5678", "01012345678", "010 1234 5678", "011-123-4567",
                                  "010.1234.5678", "０１０－１２３４－５６７８"])
def test_it_finds_mobile_numbers_in_text(text: str) -> None:
    assert contains_mobile_phone(text)


@pytest.mark.parametrize("text", ["062-123-4567", "2026-12-08 10:00", "9001011234567", "1010-1234-5678",
                                  "버스 1001번", "사과 100상자"])
def test_it_leaves_other_numbers_in_text(text: str) -> None:
    assert not contains_mobile_phone(text)
