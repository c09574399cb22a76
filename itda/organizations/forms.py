"""Organisation registration and the centre's verification form."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from itda.core.forms import NoRRNFormMixin
from itda.core.validators import normalize_phone, validate_no_rrn, validate_phone
from itda.organizations.models import OrgType
from itda.places.forms import DongChoiceField


class OrganizationForm(NoRRNFormMixin, forms.Form):
    name = forms.CharField(label=_("기관 이름"), max_length=100, error_messages={"required": _("기관 이름을 적어 주세요.")})
    org_type = forms.ChoiceField(label=_("기관 유형"), choices=[("", _("유형을 고르세요")), *OrgType.choices],
                                 error_messages={"required": _("기관 유형을 골라 주세요.")})
    business_number = forms.CharField(
        label=_("사업자등록번호 (선택)"), max_length=20, required=False,
        help_text=_("000-00-00000 형식. 개인의 주민등록번호는 적지 마세요."))
    dong = DongChoiceField(label=_("소재지 동"))
    address = forms.CharField(label=_("주소"), max_length=200, error_messages={"required": _("기관 주소를 적어 주세요.")})
    phone = forms.CharField(label=_("대표 전화"), max_length=20, error_messages={"required": _("대표 전화를 적어 주세요.")})
    description = forms.CharField(label=_("기관 소개"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                                  help_text=_("어떤 일을 하는 곳인지, 봉사자가 어떤 도움을 주면 좋은지 적어 주세요."),
                                  error_messages={"required": _("기관 소개를 적어 주세요.")})

    def clean_business_number(self) -> str:
        value: str = self.cleaned_data.get("business_number", "").strip()
        # A sole trader may type their RRN here: say so rather than "10 digits".
        validate_no_rrn(value)
        if value:
            digits = re.sub(r"\D", "", value)
            if len(digits) != 10:
                raise forms.ValidationError(_("사업자등록번호는 숫자 10자리입니다. 예: 123-45-67890"))
            value = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
        return value

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        validate_phone(phone)
        return normalize_phone(phone)


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("인증")), ("reject", _("반려"))], widget=forms.HiddenInput)
    note = forms.CharField(label=_("검토 의견"), required=False, max_length=300)
