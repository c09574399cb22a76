"""Dong volunteer camp pages: the list of camps and the page a camp manager works from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from itda.core.access import AuthedRequest, is_centre_admin, manages_dong
from itda.core.audit import access_log_many
from itda.needs.selectors import need_list_for_dong
from itda.places.models import Dong
from itda.places.selectors import camp_list, dong_figures, dong_volunteers


@require_GET
def camps(request: HttpRequest) -> HttpResponse:
    return render(request, "places/camp_list.html", {"camps": camp_list()})


@require_GET
def dong_page(request: HttpRequest, code: str) -> HttpResponse:
    dong = Dong.objects.select_related("district").filter(code=code).first()
    if dong is None:
        raise Http404(_("동을 찾을 수 없습니다."))
    camp = getattr(dong, "camp", None) if hasattr(dong, "camp") else None
    manager = manages_dong(request.user, dong.pk) or is_centre_admin(request.user)
    needs = need_list_for_dong(dong_id=dong.pk)
    if not manager:
        needs = needs.filter(status__in=["open", "filled"])
    volunteers = dong_volunteers(dong=dong) if manager else []
    if volunteers:
        access_log_many(request=request, viewer=request.user, subjects=volunteers,
                        reason="동 캠프 봉사자 목록")
    return render(request, "places/dong.html", {
        "dong": dong, "camp": camp, "is_manager": manager, "needs": needs[:40],
        "figures": dong_figures(dong=dong), "volunteers": volunteers,
    })


@login_required
@require_GET
def my_camp(request: AuthedRequest) -> HttpResponse:
    dong_ids = request.user.managed_dong_ids()
    if not dong_ids:
        return redirect("places:camps")
    dong = Dong.objects.filter(pk__in=dong_ids).order_by("code").first()
    assert dong is not None
    return redirect("places:dong", code=dong.code)
