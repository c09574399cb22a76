"""Need pages: the list with filters, the detail that hides private data, and posting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itda.accounts.models import Role
from itda.core.access import AuthedRequest, is_centre_admin
from itda.core.audit import access_log
from itda.needs.access import can_view_private, can_write_need, get_need_for_user
from itda.needs.forms import NeedFilterForm, NeedForm, ProxyForm, SlotFormSet
from itda.needs.models import Need
from itda.needs.selectors import need_form_initial, need_list_for_user, need_list_public
from itda.needs.services import NeedError, need_create, need_status_set
from itda.organizations.access import get_organization_for_user
from itda.places.models import District, Dong

PAGE_SIZE = 20


@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        dong_id = int(d["dong"]) if (d.get("dong") or "").isdigit() else None
        filters = {
            "q": d.get("q") or "", "field_id": d["field"].pk if d.get("field") else None,
            "district_code": d.get("district") or "", "dong_id": dong_id, "day": d.get("day"),
        }
    page = Paginator(need_list_public(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page": page, "districts": District.objects.order_by("code"),
        "dongs": Dong.objects.filter(district__code=filters.get("district_code")).order_by("name")
        if filters.get("district_code") else Dong.objects.none(),
        "selected_dong": filters.get("dong_id"),
    }
    template = "needs/list.html#results" if request.htmx else "needs/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def dong_options(request: HttpRequest) -> HttpResponse:
    """htmx: the dong select for a chosen district."""
    code = request.GET.get("district", "")
    dongs = Dong.objects.filter(district__code=code).order_by("name") if code else Dong.objects.none()
    return render(request, "needs/list.html#dong_select", {"dongs": dongs, "selected_dong": None})


@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from itda.matching.selectors import need_matching_panel, volunteer_slot_state

    need = get_need_for_user(request.user, pk)
    private = None
    if can_view_private(request.user, need):
        private = getattr(need, "private", None)
        if private is not None and need.created_by_id != request.user.pk:
            access_log(request=request, viewer=request.user, subject=need,
                       subject_label=f"요청 #{need.pk} 연락처·주소", reason="요청 상세 확인")
    writer = can_write_need(request.user, need)
    mine = volunteer_slot_state(user=request.user, need=need)
    slots = [{"slot": s, "mine": mine.get(s.pk)} for s in need.slots.all()]
    return render(request, "needs/detail.html", {
        "need": need, "slots": slots, "private": private, "can_write": writer,
        "proxy": need.proxy_for if private is not None else None,
        "panel": need_matching_panel(need=need) if writer else None,
        "is_volunteer": request.user.is_authenticated and request.user.has_role(Role.VOLUNTEER),
        "now": timezone.now(),
    })


def _post_need(request: AuthedRequest, *, mode: str, organization: Any = None) -> HttpResponse:
    extra = {"resident": 1, "proxy": 1, "org": 3}[mode]
    form = (NeedForm(request.POST) if request.method == "POST"
            else NeedForm(initial=need_form_initial(user=request.user, mode=mode, organization=organization)))
    slots = SlotFormSet(request.POST if request.method == "POST" else None, prefix="slots")
    slots.extra = extra
    proxy_form = ProxyForm(request.POST if request.method == "POST" else None) if mode == "proxy" else None
    if request.method == "POST":
        valid = all([form.is_valid(), slots.is_valid(), proxy_form is None or proxy_form.is_valid()])
        if (valid and mode == "proxy" and not is_centre_admin(request.user)
                and form.cleaned_data["dong"].pk not in request.user.managed_dong_ids()):
            form.add_error("dong", _("담당하시는 동의 요청만 대리 등록할 수 있습니다."))
            valid = False
        if valid:
            specs = [f.spec() for f in slots.forms if f.has_changed() and f.cleaned_data]
            try:
                need, created = need_create(
                    actor=request.user,
                    organization=organization,
                    proxy=proxy_form.spec() if proxy_form is not None else None,
                    private=form.private_spec(
                        proxy_form.cleaned_data["sensitive_note"] if proxy_form is not None else ""
                    ),
                    slots=specs,
                    **form.service_kwargs(),
                )
            except NeedError as exc:
                form.add_error(None, str(exc))
            else:
                if created:
                    messages.success(request, _("요청을 올렸습니다. 맞는 봉사자를 찾아 연결해 드릴게요."))
                else:
                    messages.info(request, _("이미 올린 요청입니다. 같은 요청을 두 번 만들지 않았습니다."))
                return redirect("needs:detail", pk=need.pk)
        messages.error(request, _("입력한 내용을 확인해 주세요. 잘못된 칸에 안내가 표시되어 있습니다."))
    return render(request, "needs/create.html", {
        "form": form, "slots": slots, "proxy_form": proxy_form, "mode": mode,
        "organization": organization,
    })


@login_required
@require_http_methods(["GET", "POST"])
def need_create_resident(request: AuthedRequest) -> HttpResponse:
    return _post_need(request, mode="resident")


@login_required
@require_http_methods(["GET", "POST"])
def need_create_proxy(request: AuthedRequest) -> HttpResponse:
    if not (request.user.has_role(Role.CAMP_MANAGER) or request.user.has_role(Role.ACTIVIST)
            or is_centre_admin(request.user)):
        raise PermissionDenied(_("대리 등록은 동 자원봉사캠프 관리자와 안녕마을 활동가만 할 수 있습니다."))
    return _post_need(request, mode="proxy")


@login_required
@require_http_methods(["GET", "POST"])
def need_create_org(request: AuthedRequest, org_pk: int) -> HttpResponse:
    org = get_organization_for_user(request.user, org_pk, write=True)
    if not org.is_verified:
        messages.warning(request, _("센터의 기관 인증을 받은 뒤 일자리를 등록할 수 있습니다."))
        return redirect("organizations:detail", pk=org.pk)
    return _post_need(request, mode="org", organization=org)


@login_required
@require_POST
def need_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    need = get_need_for_user(request.user, pk, write=True)
    try:
        need_status_set(actor=request.user, need=need, status=Need.Status.CANCELLED,
                        reason=request.POST.get("reason", "")[:200])
    except NeedError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("요청을 취소했습니다."))
    return redirect("needs:detail", pk=need.pk)


@login_required
@require_GET
def my_needs(request: AuthedRequest) -> HttpResponse:
    page = Paginator(need_list_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/mine.html", {"page": page})
