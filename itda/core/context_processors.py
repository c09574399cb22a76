"""Template context: the roles of the person looking at the page, for navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_roles": frozenset(), "unread_count": 0}
    from itda.notifications.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"my_roles": user.role_codes, "unread_count": unread}
