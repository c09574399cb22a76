"""Validators shared by every form: above all, no resident registration numbers anywhere."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# 주민등록번호: six birth digits, optional hyphen, a sex/century digit 1-8 and six more digits.
# Spaces or dots between the parts are caught too, since people type them.
_RRN = re.compile(r"(?<!\d)(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*[-–.]?\s*[1-8]\d{6}(?!\d)")

# The messages below are Korean msgids: translate them where they are shown, `_(RRN_MESSAGE)`.
RRN_MESSAGE = gettext_noop(
    "주민등록번호는 입력할 수 없습니다. 개인정보 보호를 위해 주민등록번호를 지우고 다시 입력해 주세요."
)


def contains_rrn(text: str) -> bool:
    # NFKC folds full-width digits and hyphens (９００１０１－…), which Korean keyboards type.
    return bool(_RRN.search(unicodedata.normalize("NFKC", text or "")))


def validate_no_rrn(value: str) -> None:
    if isinstance(value, str) and contains_rrn(value):
        raise ValidationError(_(RRN_MESSAGE), code="rrn")


# A mobile number (010-1234-5678, 010 1234 5678, 01012345678) inside free text.
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)01[016789][\s.-]?\d{3,4}[\s.-]?\d{4}(?!\d)")

PHONE_IN_PUBLIC_MESSAGE = gettext_noop(
    "이 칸은 누구나 볼 수 있어 휴대전화 번호를 적을 수 없습니다. 번호는 아래 '연락처' 칸에 적어 주세요."
)


def contains_mobile_phone(text: str) -> bool:
    return bool(_MOBILE_IN_TEXT.search(unicodedata.normalize("NFKC", text or "")))


_PHONE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")


def validate_phone(value: str) -> None:
    if not _PHONE.match((value or "").replace(" ", "")):
        raise ValidationError(
            _("전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678"), code="phone"
        )


def normalize_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9:
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    return value
