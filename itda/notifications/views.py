"""The in-app inbox."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from itda.core.access import AuthedRequest
from itda.notifications.models import Notification
from itda.notifications.services import notification_mark_read


@login_required
@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(user=request.user).order_by("-created_at", "-id"), 30).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    notification_mark_read(user=request.user)
    return redirect("notifications:inbox")
