"""Template tags other apps use to show community records, e.g. education on a profile."""

from __future__ import annotations

from typing import Any

from django import template

from itda.community.selectors import completions_for_user

register = template.Library()


@register.inclusion_tag("community/_education_on_profile.html")
def education_on_profile(user: Any) -> dict[str, Any]:
    """{% load community %}{% education_on_profile profile.user %}: completed courses (one query)."""
    return {"completions": list(completions_for_user(user))}
