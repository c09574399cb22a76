"""Sign-up, log-in and the person's own page (roles and consents)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from itda.accounts.forms import CONSENT_TEXTS, ConsentForm, LoginForm, SignupForm
from itda.accounts.models import ConsentPurpose, Role, current_consents
from itda.accounts.services import consent_set, user_signup
from itda.core.access import AuthedRequest

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:me")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_signup(
            username=data["username"], password=data["password1"],
            display_name=data["display_name"], email=data["email"], phone=data["phone"],
            roles=data["roles"], consents=form.consents(),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("%(name)s님, 잇다에 오신 것을 환영합니다.") % {"name": user.display_name})
        if Role.VOLUNTEER in data["roles"]:
            messages.info(request, _("재능과 가능한 시간을 적어 주시면 맞는 봉사를 제안해 드립니다."))
            return redirect("volunteers:profile_edit")
        return redirect("needs:create")
    return render(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


# What withdrawing a consent destroys (see accounts.services._erase_withdrawn).
ERASED_ON_WITHDRAWAL: dict[str, StrPromise] = {
    ConsentPurpose.PERSONAL_OPTIONAL: gettext_lazy("선택 정보 동의를 철회하여 적어 두신 이메일과 휴대전화를 지웠습니다."),
    ConsentPurpose.SENSITIVE: gettext_lazy("민감정보 동의를 철회하여 직접 올린 요청의 건강·장애 참고 사항을 지웠습니다."),
}


@login_required
@require_http_methods(["GET", "POST"])
def me(request: AuthedRequest) -> HttpResponse:
    user = request.user
    latest = current_consents(user)
    initial = {f"consent_{p}": latest.get(p, False) for p in ConsentPurpose.values}
    form = ConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = 0
        for name, value in form.cleaned_data.items():
            purpose = name.removeprefix("consent_")
            if latest.get(purpose, False) != value:
                consent_set(user=user, purpose=purpose, granted=value)
                changed += 1
                if not value and purpose in ERASED_ON_WITHDRAWAL:
                    messages.info(request, ERASED_ON_WITHDRAWAL[purpose])
        messages.success(request, _("동의 내용을 저장했습니다.") if changed else _("바뀐 내용이 없습니다."))
        return redirect("accounts:me")
    roles = user.roles.select_related("dong__district").order_by("role")
    history = user.consents.order_by("-at", "-id")[:20]
    return render(request, "accounts/me.html", {
        "form": form, "roles": roles, "consent_history": history,
        "required_texts": [_(CONSENT_TEXTS[ConsentPurpose.TERMS]), _(CONSENT_TEXTS[ConsentPurpose.PERSONAL_REQUIRED])],
    })


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html")
