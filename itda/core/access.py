"""Shared pieces of the access helpers: role checks that every app's access module uses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from itda.accounts.models import Role, User


class AuthedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: User


def is_authenticated(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_centre_admin(user: Any) -> bool:
    return is_authenticated(user) and user.is_centre_admin


def manages_dong(user: Any, dong_id: int | None) -> bool:
    """Camp manager or 안녕마을 activist of that dong."""
    return is_authenticated(user) and dong_id is not None and dong_id in user.managed_dong_ids()


def require_role(user: Any, *roles: str) -> None:
    if not is_authenticated(user) or not (set(roles) & set(user.role_codes)):
        raise PermissionDenied(_("이 페이지를 볼 권한이 없습니다."))


def require_centre_admin(user: Any) -> None:
    require_role(user, Role.CENTRE_ADMIN)


def next_url(request: HttpRequest, default: str) -> str:
    """The `next` a form posted, if it is a page of this site ("//evil.example", "/\\evil.example"
    and absolute URLs are not); `default` otherwise."""
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and url_has_allowed_host_and_scheme(
            nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nxt
    return default
