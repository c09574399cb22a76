"""The home page: what itda is, where to start for each role, and the newest open needs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from itda.core.selectors import home_figures
from itda.needs.selectors import need_list_public


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {
        "figures": home_figures(), "needs": need_list_public()[:6],
    })


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
