"""Template context: the roles of the person looking at the page, for navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_roles": frozenset()}
    return {"my_roles": user.role_codes}
