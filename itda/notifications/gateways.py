"""Text-message gateways (SMS / KakaoTalk 알림톡) behind one interface.

The default backend only logs; a real one (a carrier's or Kakao's API) is configured with
ITDA_SMS_GATEWAY and must never be called in tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("itda.sms")


class TextGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class LoggingGateway:
    """Writes the message to the log instead of sending it."""

    def send(self, *, phone: str, text: str) -> None:
        masked = phone[:-4] + "****" if len(phone) > 4 else "****"
        logger.info("SMS to %s: %s", masked, text)


@dataclass
class MemoryGateway:
    """Keeps messages in a list (tests)."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, *, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


_gateway: TextGateway | None = None


def get_gateway() -> TextGateway:
    global _gateway
    if _gateway is None:
        path = getattr(settings, "ITDA_SMS_GATEWAY", "itda.notifications.gateways.LoggingGateway")
        _gateway = import_string(path)()
    return _gateway


def set_gateway(gateway: TextGateway | None) -> None:
    global _gateway
    _gateway = gateway
