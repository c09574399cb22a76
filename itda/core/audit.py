"""Writing the audit trail and the personal-data access log from services and views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from itda.core.models import AccessLog, AuditLog


def _actor(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audit_record(
    *, actor: Any, action: str, target: models.Model, data: dict[str, Any] | None = None
) -> AuditLog:
    """Record one state change; called inside the service's transaction."""
    return AuditLog.objects.create(
        actor=_actor(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (ITDA_TRUSTED_PROXIES), never a client-supplied one."""
    if request is None:
        return None
    proxies = getattr(settings, "ITDA_TRUSTED_PROXIES", 0)
    if proxies:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def access_log_many(
    *, request: HttpRequest | None, viewer: Any, subjects: list[Any], reason: str
) -> int:
    """Log one view per data subject when a page lists several people."""
    rows = [
        AccessLog(
            viewer=_actor(viewer), ip=client_ip(request), action=AccessLog.Action.VIEW,
            subject_type=s._meta.label_lower, subject_id=str(s.pk), subject_label=str(s)[:120],
            reason=reason[:200], path=(request.get_full_path()[:300] if request is not None else ""),
        )
        for s in subjects
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def access_log(
    *,
    request: HttpRequest | None,
    viewer: Any,
    subject: models.Model,
    subject_label: str = "",
    action: str = AccessLog.Action.VIEW,
    reason: str = "",
) -> AccessLog:
    """Log that `viewer` processed the personal data of `subject` (PIPC standard Art. 8)."""
    return AccessLog.objects.create(
        viewer=_actor(viewer),
        ip=client_ip(request),
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=subject_label[:120],
        reason=reason[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
    )
