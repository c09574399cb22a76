"""Signed, expiring check-in tokens for a slot's QR code (the slot id and in/out, nothing personal)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.utils.translation import gettext

SALT = "itda.activities.checkin"
# A token is good for 10 minutes; the QR page shows a new one every 3, so a photo of an old
# code sent to a friend at home stops working soon after the activity.
MAX_AGE = timedelta(minutes=10)
REFRESH_SECONDS = 180
PURPOSES = ("in", "out")


class TokenError(ValueError):
    """The scanned code is broken or too old, with a Korean message for the volunteer."""


@dataclass(frozen=True)
class CheckinToken:
    slot_id: int
    purpose: str


def token_make(*, slot_id: int, purpose: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return signing.TimestampSigner(salt=SALT).sign_object({"s": slot_id, "p": purpose})


def token_read(token: str) -> CheckinToken:
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise TokenError(gettext("QR 코드의 유효 시간이 지났습니다. 담당자 화면의 새 QR 코드를 다시 찍어 주세요.")) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise TokenError(gettext("올바른 체크인 QR 코드가 아닙니다. 담당자에게 문의해 주세요.")) from exc
    if not isinstance(data, dict) or data.get("p") not in PURPOSES or not isinstance(data.get("s"), int):
        raise TokenError(gettext("올바른 체크인 QR 코드가 아닙니다. 담당자에게 문의해 주세요."))
    return CheckinToken(slot_id=data["s"], purpose=data["p"])
