"""Sign-up, log-in and consent forms, all in plain Korean."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from itda.accounts.models import ConsentPurpose, Role, User
from itda.core.forms import NoRRNFormMixin
from itda.core.validators import normalize_phone, validate_phone

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# The notices as shown at consent (Korean msgids; translate where shown: `_(CONSENT_TEXTS[p])`).
CONSENT_TEXTS: dict[str, str] = {
    ConsentPurpose.TERMS: gettext_noop("잇다 이용약관에 동의합니다."),
    ConsentPurpose.PERSONAL_REQUIRED: gettext_noop(
        "[필수] 수집 항목: 아이디, 이름, 비밀번호 / 목적: 회원 식별, 봉사 연결 / "
        "보유 기간: 탈퇴 후 지체 없이 파기(봉사 실적은 관련 법에 따라 별도 보관). "
        "동의를 거부할 수 있으나 거부하면 가입할 수 없습니다."
    ),
    ConsentPurpose.PERSONAL_OPTIONAL: gettext_noop(
        "[선택] 수집 항목: 이메일, 휴대전화 / 목적: 연락, 알림 / 보유 기간: 탈퇴 시까지. "
        "동의하지 않아도 서비스를 이용할 수 있습니다."
    ),
    ConsentPurpose.SENSITIVE: gettext_noop(
        "[선택·민감정보] 건강·장애 관련 정보를 봉사 연결에 필요한 범위에서만 처리합니다. "
        "동의하지 않아도 서비스를 이용할 수 있습니다."
    ),
    ConsentPurpose.PROVIDE_1365: gettext_noop(
        "[선택·제3자 제공] 제공받는 자: 1365 자원봉사포털(행정안전부) / 항목: 이름, 봉사 실적 / "
        "목적: 봉사시간 인증 / 보유 기간: 제공받는 기관의 보유 기간. 동의하지 않아도 이용할 수 있으나 "
        "1365에 실적이 자동 등록되지 않습니다."
    ),
    ConsentPurpose.MARKETING: gettext_noop("[선택] 새 봉사 제안과 활동 소식을 알림으로 받습니다."),
}


class SignupForm(NoRRNFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("아이디"), max_length=30, regex=r"^[a-zA-Z0-9_.-]{4,30}$",
        help_text=_("영문, 숫자, 밑줄(_), 점(.), 하이픈(-)으로 4~30자"),
        error_messages={"invalid": _("아이디는 영문, 숫자, _ . - 만 써서 4~30자로 만들어 주세요.")},
    )
    display_name = forms.CharField(label=_("이름"), max_length=50, help_text=_("활동할 때 보이는 이름입니다."))
    password1 = forms.CharField(label=_("비밀번호"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text=_("8자 이상, 숫자만으로는 만들 수 없습니다."))
    password2 = forms.CharField(label=_("비밀번호 확인"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    email = forms.EmailField(label=_("이메일 (선택)"), required=False,
                             help_text=_("비밀번호를 잊었을 때 필요합니다."))
    phone = forms.CharField(label=_("휴대전화 (선택)"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    roles = forms.MultipleChoiceField(
        label=_("무엇을 하시겠어요?"),
        choices=[(Role.VOLUNTEER, _("봉사하고 싶어요 (봉사자)")), (Role.REQUESTER, _("도움이 필요해요 (도움 요청자)"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("봉사자와 도움 요청자 중 하나 이상을 골라 주세요.")},
    )
    consent_terms = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.TERMS]),
                                       error_messages={"required": _("이용약관에 동의해야 가입할 수 있습니다.")})
    consent_personal_required = forms.BooleanField(
        label=_(CONSENT_TEXTS[ConsentPurpose.PERSONAL_REQUIRED]),
        error_messages={"required": _("필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다.")})
    consent_personal_optional = forms.BooleanField(
        label=_(CONSENT_TEXTS[ConsentPurpose.PERSONAL_OPTIONAL]), required=False)
    consent_sensitive = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.SENSITIVE]), required=False)
    consent_provide_1365 = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.PROVIDE_1365]), required=False)
    consent_notifications = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.MARKETING]), required=False)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("이미 사용 중인 아이디입니다. 다른 아이디를 정해 주세요."))
        return username

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone", "").strip()
        if phone:
            validate_phone(phone)
            phone = normalize_phone(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("두 비밀번호가 같지 않습니다."))
        if p1:
            probe = User(username=cleaned.get("username", ""), display_name=cleaned.get("display_name", ""),
                         email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        if (cleaned.get("email") or cleaned.get("phone")) and not cleaned.get("consent_personal_optional"):
            self.add_error("consent_personal_optional",
                           _("이메일이나 휴대전화를 적으셨다면 선택 정보 수집에 동의해 주세요. 동의하지 않으려면 두 칸을 비워 주세요."))
        return cleaned

    def consents(self) -> dict[str, bool]:
        return {p: bool(self.cleaned_data.get(f"consent_{p}")) for p in ConsentPurpose.values}


class LockoutMixin:
    """Refuses a locked account and counts failures; shared by the site's and the admin's log-in
    (PIPC safety-measures standard Art. 5: lock after repeated failures, on every way in)."""

    error_messages: dict[str, str | StrPromise]

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        from itda.accounts.services import login_failure_record, login_success_record

        username = self.cleaned_data.get("username") or ""  # type: ignore[attr-defined]
        known = User.objects.filter(username__iexact=username).first() if username else None
        if known is not None and known.is_locked():
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked",
                params={"minutes": settings.ITDA_LOGIN_LOCK_MINUTES},
            )
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            # Only a wrong password counts; the right one refused (e.g. a volunteer at the
            # admin's door) is not an attack on the account.
            if known is not None and self.get_user() is None:  # type: ignore[attr-defined]
                login_failure_record(user=known)
            raise
        user = self.get_user()  # type: ignore[attr-defined]
        if user is not None:
            login_success_record(user=user)
        return cleaned


LOCKED_MESSAGE = _("로그인 실패가 반복되어 계정이 잠시 잠겼습니다. %(minutes)s분 뒤에 다시 시도해 주세요.")


class LoginForm(LockoutMixin, AuthenticationForm):
    error_messages: dict[str, str | StrPromise] = {
        "invalid_login": _("아이디 또는 비밀번호가 맞지 않습니다. 다시 확인해 주세요."),
        "inactive": _("사용이 중지된 계정입니다. 센터에 문의해 주세요."),
        "locked": LOCKED_MESSAGE,
    }


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "locked": LOCKED_MESSAGE}


class ConsentForm(forms.Form):
    consent_personal_optional = forms.BooleanField(
        label=_(CONSENT_TEXTS[ConsentPurpose.PERSONAL_OPTIONAL]), required=False)
    consent_sensitive = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.SENSITIVE]), required=False)
    consent_provide_1365 = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.PROVIDE_1365]), required=False)
    consent_notifications = forms.BooleanField(label=_(CONSENT_TEXTS[ConsentPurpose.MARKETING]), required=False)
