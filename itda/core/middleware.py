"""Middleware: idle log-out, and responses that differ for htmx requests say so to caches."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class HtmxVaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class IdleTimeoutMiddleware:
    """Log out a signed-in person after ITDA_IDLE_TIMEOUT seconds without a request.

    The last-seen time is written at most once a minute, so ordinary page views do not
    rewrite the session row on every request.
    """

    KEY = "itda_last_seen"
    WRITE_EVERY = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if isinstance(last, int) and now - last > settings.ITDA_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("오랫동안 사용하지 않아 안전을 위해 로그아웃했습니다. 다시 로그인해 주세요."))
            elif not isinstance(last, int) or now - last >= self.WRITE_EVERY:
                request.session[self.KEY] = now
        return self.get_response(request)
