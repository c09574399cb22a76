"""Sending notifications: the in-app row always, a text for urgent ones, e-mail as a digest."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from itda.accounts.models import ConsentPurpose, User, current_consents
from itda.notifications.gateways import get_gateway
from itda.notifications.models import Notification

logger = logging.getLogger(__name__)

URGENT = {Notification.Kind.CONFIRMED, Notification.Kind.REMINDER, Notification.Kind.ESCALATION,
          Notification.Kind.CANCELLED}


def notification_send(
    *, user: User, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str | None = None,
) -> Notification | None:
    """Create the in-app notification (once per dedupe key); text urgent ones right away."""
    # Titles quote a need's title and a person's name: keep them within the column
    # (PostgreSQL refuses a longer value, and the state change that notifies is committed).
    limit = Notification._meta.get_field("title").max_length or 120
    if len(title) > limit:
        title = title[: limit - 1] + "…"
    try:
        with transaction.atomic():
            note = Notification.objects.create(user=user, kind=kind, title=title, body=body, url=url,
                                               dedupe_key=dedupe_key)
    except IntegrityError:
        return None
    if kind in URGENT and user.phone and current_consents(user).get(ConsentPurpose.PERSONAL_OPTIONAL):
        try:
            get_gateway().send(phone=user.phone, text=gettext("[잇다] %(title)s") % {"title": title})
        except Exception:  # a carrier outage must not undo or fail the change that notified
            logger.exception("text message to user %s failed", user.pk)
        else:
            Notification.objects.filter(pk=note.pk).update(texted_at=timezone.now())
    return note


def notification_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def digest_send(*, now: datetime | None = None) -> int:
    """One e-mail per person with everything unread and not yet e-mailed (instead of a flood)."""
    now = now or timezone.now()
    since = now - timedelta(days=7)
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since)
        .filter(user__is_active=True).exclude(user__email="")
        .select_related("user").order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    users: dict[int, User] = {}
    for note in pending:
        by_user[note.user_id].append(note)
        users[note.user_id] = note.user
    sent = 0
    for user_id, notes in by_user.items():
        user = users[user_id]
        if not current_consents(user).get(ConsentPurpose.PERSONAL_OPTIONAL):
            continue
        lines = [f"- {n.title}" + (f": {n.body}" if n.body else "") for n in notes]
        send_mail(
            subject=gettext("[잇다] 새 소식 %(count)s건") % {"count": len(notes)},
            message=gettext("%(name)s님, 잇다의 새 소식입니다.") % {"name": user.display_name}
            + "\n\n" + "\n".join(lines)
            + "\n\n" + gettext("자세한 내용은 잇다의 알림함에서 확인해 주세요."),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
        sent += 1
    return sent
