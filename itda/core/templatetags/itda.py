"""Template filters shared by every page: masked names, Korean dates and durations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from itda.volunteers.models import WEEKDAYS

register = template.Library()


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
    return _("%(month)s월 %(day)s일 (%(weekday)s) %(time)s") % {
        "month": local.month, "day": local.day, "weekday": WEEKDAYS[local.weekday()],
        "time": f"{local:%H:%M}",
    }


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
        return _("%(hours)s시간 %(minutes)s분") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)s시간") % {"hours": hours}
    return _("%(minutes)s분") % {"minutes": rest}


@register.simple_tag(takes_context=True)
def query_replace(context: Any, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
