"""Template filters shared by every page: masked names, Korean dates and durations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()

_WEEKDAYS = "월화수목금토일"


@register.filter
def mask_name(value: Any) -> str:
    """김민수 → 김○○: names of other people in public lists."""
    text = str(value or "")
    if len(text) <= 1:
        return text
    return text[0] + "○" * (len(text) - 1)


@register.filter
def kdate(value: datetime | None) -> str:
    """12월 8일 (화) 10:00"""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.month}월 {local.day}일 ({_WEEKDAYS[local.weekday()]}) {local:%H:%M}"


@register.filter
def ktime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M}"


@register.filter
def minutes_label(minutes: int | None) -> str:
    m = int(minutes or 0)
    hours, rest = divmod(m, 60)
    if hours and rest:
        return f"{hours}시간 {rest}분"
    if hours:
        return f"{hours}시간"
    return f"{rest}분"


@register.simple_tag(takes_context=True)
def query_replace(context: Any, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
