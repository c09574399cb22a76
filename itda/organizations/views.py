"""Organisation pages: registration, detail, the staff's own list and the centre's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itda.core.access import AuthedRequest, require_centre_admin
from itda.needs.selectors import need_list_for_organization
from itda.organizations.access import (
    get_organization_for_user,
    is_org_staff,
    organizations_for_staff,
)
from itda.organizations.forms import OrganizationForm, VerifyForm
from itda.organizations.models import Organization
from itda.organizations.selectors import organizations_pending_review
from itda.organizations.services import (
    VerificationError,
    organization_register,
    organization_verify,
)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthedRequest) -> HttpResponse:
    form = OrganizationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        org = organization_register(user=request.user, **form.cleaned_data)
        messages.success(request, _("기관을 등록했습니다. 자원봉사센터가 확인한 뒤 인증해 드립니다."))
        return redirect("organizations:detail", pk=org.pk)
    if request.method == "POST":
        messages.error(request, _("입력한 내용을 확인해 주세요."))
    return render(request, "organizations/create.html", {"form": form})


@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organization_for_user(request.user, pk)
    staff = is_org_staff(request.user, org)
    return render(request, "organizations/detail.html", {
        "org": org, "is_staff": staff, "needs": need_list_for_organization(org=org, include_private=staff)[:30],
    })


@login_required
@require_GET
def my_organizations(request: AuthedRequest) -> HttpResponse:
    return render(request, "organizations/mine.html", {"orgs": organizations_for_staff(request.user)})


@login_required
@require_GET
def review_queue(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    state = request.GET.get("state", Organization.Verification.PENDING)
    return render(request, "organizations/review.html", {
        "orgs": organizations_pending_review(state=state), "state": state,
        "states": Organization.Verification.choices,
    })


@login_required
@require_POST
def organization_verify_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require_centre_admin(request.user)
    org = get_organization_for_user(request.user, pk, write=True)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            organization_verify(actor=request.user, organization=org,
                                approve=form.cleaned_data["decision"] == "approve",
                                note=form.cleaned_data["note"])
        except VerificationError as exc:
            messages.error(request, f"{org.name}: {exc}")
        else:
            messages.success(request, _("%(name)s을(를) 처리했습니다.") % {"name": org.name})
    else:
        messages.error(request, _("요청이 올바르지 않습니다. 다시 시도해 주세요."))
    return redirect("organizations:review")
