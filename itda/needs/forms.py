"""Forms to post a need: as a resident, as an organisation (with shifts) and by proxy."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itda.core.forms import NoRRNFormMixin
from itda.core.validators import (
    PHONE_IN_PUBLIC_MESSAGE,
    contains_mobile_phone,
    normalize_phone,
    validate_phone,
)
from itda.needs.models import ProxyRequester, Urgency
from itda.needs.services import PrivateSpec, ProxySpec, SlotSpec
from itda.places.forms import DongChoiceField, upper_fields
from itda.places.models import ServiceField
from itda.volunteers.models import AgeGroup, Qualification

MAX_SLOT_HOURS = 12


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class SlotForm(forms.Form):
    """One time slot: date, start and end time, headcount."""

    day = forms.DateField(label=_("날짜"), widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": _("날짜를 골라 주세요."), "invalid": _("날짜 형식이 올바르지 않습니다.")})
    start = forms.TimeField(label=_("시작 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                            error_messages={"required": _("시작 시각을 적어 주세요."), "invalid": _("시각은 14:00처럼 적어 주세요.")})
    end = forms.TimeField(label=_("끝나는 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                          error_messages={"required": _("끝나는 시각을 적어 주세요."), "invalid": _("시각은 16:00처럼 적어 주세요.")})
    headcount = forms.IntegerField(label=_("필요한 인원"), min_value=1, max_value=200, initial=1,
                                   error_messages={"min_value": _("1명 이상이어야 합니다."),
                                                   "max_value": _("한 번에 200명까지 모집할 수 있습니다."),
                                                   "required": _("필요한 인원을 적어 주세요."),
                                                   "invalid": _("숫자로 적어 주세요.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and day < timezone.localdate():
            self.add_error("day", _("지난 날짜는 고를 수 없습니다."))
        if day and day > timezone.localdate() + timedelta(days=366):
            self.add_error("day", _("1년 안의 날짜를 골라 주세요."))
        if start and end:
            if end <= start:
                self.add_error("end", _("끝나는 시각은 시작 시각보다 늦어야 합니다."))
            elif (datetime.combine(date.min, end) - datetime.combine(date.min, start)) > timedelta(hours=MAX_SLOT_HOURS):
                self.add_error("end", _("한 번의 활동은 %(hours)s시간을 넘을 수 없습니다.") % {"hours": MAX_SLOT_HOURS})
        if day and start and not self.errors and _aware(day, start) < timezone.now():
            self.add_error("start", _("이미 지난 시각입니다."))
        return cleaned

    def spec(self) -> SlotSpec:
        d = self.cleaned_data
        return SlotSpec(start=_aware(d["day"], d["start"]), end=_aware(d["day"], d["end"]),
                        headcount=d["headcount"])


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed()]
        if not filled:
            raise forms.ValidationError(_("활동 시간을 하나 이상 입력해 주세요."))


SlotFormSet = forms.formset_factory(SlotForm, formset=BaseSlotFormSet, extra=3, max_num=20,
                                    validate_max=True)


class NeedForm(NoRRNFormMixin, forms.Form):
    """What help is needed, where (dong), and the private contact kept apart."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    field = forms.ModelChoiceField(label=_("어떤 도움인가요?"), queryset=ServiceField.objects.none(), required=False,
                                   empty_label=_("잘 모르겠어요 (적어 주신 내용을 보고 정합니다)"),
                                   error_messages={"invalid_choice": _("목록에서 분야를 골라 주세요.")})
    title = forms.CharField(label=_("제목"), max_length=100,
                            help_text=_("한 줄로 적어 주세요. 예: 부엌 전등이 나갔어요"),
                            error_messages={"required": _("제목을 적어 주세요.")})
    description = forms.CharField(label=_("자세한 내용"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("어떤 도움이 필요한지 편하게 적어 주세요. 주소와 전화번호는 아래 칸에 따로 적습니다."),
                                  error_messages={"required": _("어떤 도움이 필요한지 적어 주세요.")})
    dong = DongChoiceField(label=_("도움이 필요한 동"))
    place_label = forms.CharField(label=_("공개할 장소 안내 (선택)"), required=False, max_length=100,
                                  help_text=_("예: ○○경로당, ○○아파트 앞. 정확한 주소는 적지 마세요."))
    urgency = forms.TypedChoiceField(label=_("얼마나 급한가요?"), choices=Urgency.choices, coerce=int,
                                     initial=Urgency.NORMAL, widget=forms.RadioSelect)
    required_qualifications = forms.MultipleChoiceField(label=_("꼭 필요한 자격 (선택)"), choices=Qualification.choices,
                                                        required=False, widget=forms.CheckboxSelectMultiple)
    eligible_age_groups = forms.MultipleChoiceField(
        label=_("참여할 수 있는 연령대"), choices=AgeGroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("고르지 않으면 누구나 참여할 수 있습니다."))
    address = forms.CharField(label=_("정확한 주소"), max_length=200,
                              help_text=_("봉사자와 연결이 확정된 뒤에만 그 봉사자에게 보입니다."),
                              error_messages={"required": _("봉사자가 찾아갈 주소를 적어 주세요.")})
    contact_name = forms.CharField(label=_("연락 받을 분"), max_length=50,
                                   error_messages={"required": _("연락 받을 분의 이름을 적어 주세요.")})
    contact_phone = forms.CharField(label=_("연락처"), max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                                    help_text=_("연결이 확정된 봉사자에게만 보입니다."),
                                    error_messages={"required": _("연락처를 적어 주세요.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = upper_fields()  # type: ignore[attr-defined]
        if not self.is_bound and not self.initial.get("submission_key"):
            self.initial["submission_key"] = uuid.uuid4()

    PUBLIC_FIELDS = ("title", "description", "place_label")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        # The public text must not carry the phone the private fields keep until a match.
        for name in self.PUBLIC_FIELDS:
            if contains_mobile_phone(cleaned.get(name) or "") and name not in self.errors:
                self.add_error(name, _(PHONE_IN_PUBLIC_MESSAGE))
        if not cleaned.get("field") and "field" not in self.errors and cleaned.get("title") and cleaned.get("description"):
            cleaned["field"] = self._field_from_text(cleaned["title"], cleaned["description"])
            if cleaned["field"] is None:
                self.add_error("field", _("도움 분야를 골라 주세요."))
        return cleaned

    @staticmethod
    def _field_from_text(title: str, description: str) -> ServiceField | None:
        """The upper field the matching engine reads in the text; 기타 when it is not offered."""
        from itda.matching.adapter import suggest_field_code

        fields = upper_fields()
        return fields.filter(code=suggest_field_code(title, description)).first() or fields.filter(code="1500").first()

    def clean_contact_phone(self) -> str:
        phone: str = self.cleaned_data["contact_phone"].strip()
        validate_phone(phone)
        return normalize_phone(phone)

    def private_spec(self, sensitive_note: str = "") -> PrivateSpec:
        d = self.cleaned_data
        return PrivateSpec(address=d["address"], contact_name=d["contact_name"],
                           contact_phone=d["contact_phone"], sensitive_note=sensitive_note)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "field": d["field"], "title": d["title"], "description": d["description"],
            "dong": d["dong"], "place_label": d["place_label"], "urgency": d["urgency"],
            "required_qualifications": d["required_qualifications"],
            "eligible_age_groups": d["eligible_age_groups"],
            "submission_key": d.get("submission_key"),
        }


class ProxyForm(NoRRNFormMixin, forms.Form):
    """The resident a camp manager or activist registers for; consent is recorded with it."""

    proxy_name = forms.CharField(label=_("요청하시는 분 성함"), max_length=50,
                                 error_messages={"required": _("도움을 받으실 분의 성함을 적어 주세요.")})
    proxy_phone = forms.CharField(label=_("요청하시는 분 연락처 (선택)"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "tel"}))
    consent_method = forms.ChoiceField(label=_("동의 받은 방법"), choices=ProxyRequester.ConsentMethod.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": _("동의를 받은 방법을 골라 주세요.")})
    consent_confirmed = forms.BooleanField(
        label=_("요청하시는 분께 개인정보 수집·이용 목적, 항목, 보유 기간과 거부할 권리를 설명하고 동의를 받았습니다."),
        error_messages={"required": _("대리 등록은 본인의 동의를 받은 뒤에만 할 수 있습니다.")})
    sensitive_consent = forms.BooleanField(
        label=_("건강·장애 정보 처리에 대해 별도로 동의를 받았습니다. (민감정보, 선택)"), required=False)
    sensitive_note = forms.CharField(
        label=_("건강·장애 관련 참고 사항 (선택)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("봉사에 꼭 필요한 내용만 적어 주세요. 별도 동의가 있어야 저장됩니다."))

    def clean_proxy_phone(self) -> str:
        phone: str = self.cleaned_data.get("proxy_phone", "").strip()
        if phone:
            validate_phone(phone)
            phone = normalize_phone(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sensitive_note") and not cleaned.get("sensitive_consent"):
            self.add_error("sensitive_note", _("민감정보를 적으려면 별도 동의를 받았다는 칸에 표시해 주세요."))
        return cleaned

    def spec(self) -> ProxySpec:
        d = self.cleaned_data
        return ProxySpec(name=d["proxy_name"], phone=d["proxy_phone"],
                         consent_method=d["consent_method"], sensitive_consent=d["sensitive_consent"])


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=50)
    field = forms.ModelChoiceField(label=_("분야"), queryset=ServiceField.objects.none(), required=False,
                                   empty_label=_("전체 분야"))
    district = forms.CharField(label=_("구"), required=False)
    dong = forms.CharField(label=_("동"), required=False)
    day = forms.DateField(label=_("날짜"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = upper_fields()  # type: ignore[attr-defined]
