"""Forms of the community pages. Every free-text field refuses resident registration numbers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itda.community.models import (
    AgendaItem,
    BlindSpotCase,
    ConsentMethod,
    Course,
    PolicyProposal,
    Resource,
    ResourceKind,
    SharingPledge,
    VoteChoice,
)
from itda.core.forms import NoRRNFormMixin
from itda.core.validators import normalize_phone, validate_phone
from itda.needs.models import Urgency
from itda.places.forms import upper_fields
from itda.places.models import Dong, DongCamp, ServiceField

REQUIRED = _("이 칸을 채워 주세요.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _date(label: Any, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, error_messages={
        "required": _("날짜를 골라 주세요."), "invalid": _("날짜는 2026-12-01처럼 적어 주세요.")}, **kw)


def _time(label: Any) -> forms.TimeField:
    return forms.TimeField(label=label, widget=TIME_WIDGET, error_messages={
        "required": _("시각을 적어 주세요."), "invalid": _("시각은 14:00처럼 적어 주세요.")})


class DongModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.district.name} {obj.name}"


DONG_LABEL = _("동")


def _dong_field(queryset: Any, label: Any = DONG_LABEL) -> DongModelChoiceField:
    return DongModelChoiceField(label=label, queryset=queryset, empty_label=_("동을 선택하세요"),
                                error_messages={"required": _("동을 골라 주세요."),
                                                "invalid_choice": _("목록에서 동을 골라 주세요.")})


class TimeRangeMixin:
    """day + start + end fields cleaned into aware datetimes (start_at, end_at)."""

    def clean_range(self, cleaned: dict[str, Any], *, future: bool = True) -> None:
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("끝나는 시각은 시작 시각보다 늦어야 합니다."))  # type: ignore[attr-defined]
                return
            cleaned["start_at"], cleaned["end_at"] = _aware(day, start), _aware(day, end)
            if future and cleaned["start_at"] < timezone.now():
                self.add_error("start", _("이미 지난 시각입니다."))  # type: ignore[attr-defined]


# --- camps -----------------------------------------------------------------------------------------


class CampOpenForm(NoRRNFormMixin, forms.Form):
    dong = _dong_field(Dong.objects.none(), _("캠프를 열 동"))
    name = forms.CharField(label=_("캠프 이름"), max_length=60, help_text=_("예: 충장동 자원봉사캠프"),
                           error_messages={"required": _("캠프 이름을 적어 주세요.")})
    place = forms.CharField(label=_("운영 장소"), max_length=120, help_text=_("예: 충장동 행정복지센터 2층"),
                            error_messages={"required": _("캠프를 운영할 장소를 적어 주세요.")})
    opened_on = _date(_("개소일"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every dong stays selectable so a second camp gets the service's clear refusal.
        self.fields["dong"].queryset = Dong.objects.select_related("district").order_by(  # type: ignore[attr-defined]
            "district__code", "name")
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())


# --- blind spots ------------------------------------------------------------------------------------


class CaseForm(NoRRNFormMixin, forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    dong = _dong_field(Dong.objects.none(), _("주민이 사는 동"))
    category = forms.ChoiceField(label=_("어려움 종류"), choices=BlindSpotCase.Category.choices,
                                 error_messages={"required": _("어려움 종류를 골라 주세요.")})
    resident_name = forms.CharField(label=_("주민 성함"), max_length=50,
                                    error_messages={"required": _("주민의 성함을 적어 주세요.")})
    resident_contact = forms.CharField(label=_("연락처 (선택)"), max_length=20, required=False,
                                       widget=forms.TextInput(attrs={"inputmode": "tel"}))
    resident_address = forms.CharField(label=_("주소"), max_length=200,
                                       error_messages={"required": _("방문할 주소를 적어 주세요.")})
    situation = forms.CharField(label=_("상황"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("도움을 연결하는 데 필요한 내용만 적어 주세요."),
                                error_messages={"required": _("살펴본 상황을 적어 주세요.")})
    consent_method = forms.ChoiceField(label=_("동의 받은 방법"), choices=ConsentMethod.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": _("동의를 받은 방법을 골라 주세요.")})
    consent_confirmed = forms.BooleanField(
        label=_("주민께 수집 목적, 항목, 보유 기간과 거부할 권리를 설명하고 개인정보 수집·이용 동의를 받았습니다."),
        error_messages={"required": _("주민의 동의를 받은 뒤에만 기록할 수 있습니다.")})
    sensitive_consent = forms.BooleanField(
        label=_("건강·장애 등 민감정보 처리에 대해 별도로 동의를 받았습니다."), required=False)

    def __init__(self, *args: Any, dong_ids: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Dong.objects.select_related("district").order_by("district__code", "name")
        if dong_ids is not None:
            qs = qs.filter(pk__in=dong_ids)
        self.fields["dong"].queryset = qs  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_resident_contact(self) -> str:
        phone: str = self.cleaned_data.get("resident_contact", "").strip()
        if phone:
            validate_phone(phone)
            phone = normalize_phone(phone)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("category") == BlindSpotCase.Category.HEALTH and not cleaned.get("sensitive_consent"):
            self.add_error("sensitive_consent", _("건강·돌봄 사례는 민감정보 처리에 대한 별도 동의가 필요합니다."))
        return cleaned


class VisitForm(NoRRNFormMixin, forms.Form):
    visited_on = _date(_("방문일"))
    note = forms.CharField(label=_("살펴본 내용"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("살펴본 내용을 적어 주세요.")})
    next_step = forms.CharField(label=_("다음 할 일 (선택)"), max_length=200, required=False)

    def clean_visited_on(self) -> date:
        day: date = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("방문일은 오늘이나 지난 날짜여야 합니다."))
        return day


class CaseToNeedForm(NoRRNFormMixin, TimeRangeMixin, forms.Form):
    field = forms.ModelChoiceField(label=_("도움 분야"), queryset=ServiceField.objects.none(),
                                   empty_label=_("분야를 고르세요"),
                                   error_messages={"required": _("도움 분야를 골라 주세요.")})
    title = forms.CharField(label=_("공개 제목"), max_length=100,
                            help_text=_("누구인지 알 수 없게 적어 주세요. 예: 어르신 댁 전등 교체"),
                            error_messages={"required": _("제목을 적어 주세요.")})
    description = forms.CharField(label=_("공개 내용"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("이름, 주소, 병명처럼 사람을 알아볼 수 있는 내용은 적지 마세요."),
                                  error_messages={"required": _("어떤 도움이 필요한지 적어 주세요.")})
    place_label = forms.CharField(label=_("공개할 장소 안내 (선택)"), max_length=100, required=False,
                                  help_text=_("예: ○○경로당 근처. 정확한 주소는 적지 마세요."))
    urgency = forms.TypedChoiceField(label=_("얼마나 급한가요?"), choices=Urgency.choices, coerce=int,
                                     initial=Urgency.NORMAL, widget=forms.RadioSelect)
    day = _date(_("날짜"))
    start = _time(_("시작 시각"))
    end = _time(_("끝나는 시각"))
    headcount = forms.IntegerField(label=_("필요한 인원"), min_value=1, max_value=20, initial=1,
                                   error_messages={"required": _("인원을 적어 주세요."), "invalid": _("숫자로 적어 주세요."),
                                                   "min_value": _("1명 이상이어야 합니다."),
                                                   "max_value": _("20명까지 적을 수 있습니다.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = upper_fields()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_range(cleaned)
        return cleaned


# --- resources -----------------------------------------------------------------------------------------


class ResourceForm(NoRRNFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("종류"), choices=ResourceKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("종류를 골라 주세요.")})
    name = forms.CharField(label=_("이름"), max_length=80, help_text=_("예: 주민센터 3층 회의실, 12인승 승합차"),
                           error_messages={"required": _("이름을 적어 주세요.")})
    owner_kind = forms.ChoiceField(label=_("누구의 자원인가요?"), choices=Resource.OwnerKind.choices,
                                   widget=forms.RadioSelect, error_messages={"required": _("소유를 골라 주세요.")})
    organization = forms.ModelChoiceField(label=_("기관"), queryset=DongCamp.objects.none(), required=False,
                                          empty_label=_("기관을 고르세요"))
    camp = forms.ModelChoiceField(label=_("동 캠프"), queryset=DongCamp.objects.none(), required=False,
                                  empty_label=_("캠프를 고르세요"))
    dong = _dong_field(Dong.objects.none(), _("자원이 있는 동"))
    description = forms.CharField(label=_("설명"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": _("어떤 자원인지 적어 주세요.")})
    capacity = forms.IntegerField(label=_("수용 인원·좌석·수량"), min_value=1, max_value=10000, initial=1,
                                  error_messages={"required": _("숫자를 적어 주세요."), "invalid": _("숫자로 적어 주세요."),
                                                  "min_value": _("1 이상이어야 합니다.")})
    availability_notes = forms.CharField(label=_("빌릴 수 있는 때 (선택)"), max_length=200, required=False,
                                         help_text=_("예: 평일 저녁, 토요일 오전"))

    def __init__(self, *args: Any, user: Any = None, centre: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from itda.organizations.models import Organization

        orgs = Organization.objects.all() if centre else Organization.objects.filter(memberships__user=user)
        camps = DongCamp.objects.select_related("dong")
        if not centre:
            camps = camps.filter(dong_id__in=[r.dong_id for r in user.roles.all() if r.role == "camp_manager"])
        self.fields["organization"].queryset = orgs.order_by("name")  # type: ignore[attr-defined]
        self.fields["camp"].queryset = camps  # type: ignore[attr-defined]
        self.fields["dong"].queryset = Dong.objects.select_related("district").order_by(  # type: ignore[attr-defined]
            "district__code", "name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("owner_kind")
        if kind == Resource.OwnerKind.ORGANIZATION and not cleaned.get("organization"):
            self.add_error("organization", _("기관의 자원이면 기관을 골라 주세요."))
        if kind == Resource.OwnerKind.CAMP and not cleaned.get("camp"):
            self.add_error("camp", _("캠프의 자원이면 캠프를 골라 주세요."))
        return cleaned


class BookingForm(NoRRNFormMixin, TimeRangeMixin, forms.Form):
    day = _date(_("날짜"))
    start = _time(_("시작 시각"))
    end = _time(_("끝나는 시각"))
    purpose = forms.CharField(label=_("어디에 쓰나요?"), max_length=200,
                              error_messages={"required": _("쓰임을 적어 주세요.")})
    need = forms.IntegerField(widget=forms.HiddenInput, required=False)
    request = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_range(cleaned)
        day = cleaned.get("day")
        if day and day > timezone.localdate() + timedelta(days=366):
            self.add_error("day", _("1년 안의 날짜를 골라 주세요."))
        return cleaned


class NeedResourceRequestForm(NoRRNFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("필요한 자원"), choices=ResourceKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("필요한 자원의 종류를 골라 주세요.")})
    note = forms.CharField(label=_("자세히 (선택)"), max_length=200, required=False,
                           help_text=_("예: 20명이 모일 방, 1톤 트럭"))


# --- proposals and roundtables -------------------------------------------------------------------------------


class ProposalForm(NoRRNFormMixin, forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("제목"), max_length=120, error_messages={"required": _("제목을 적어 주세요.")})
    body = forms.CharField(label=_("제안 내용"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("무엇이 문제인지, 어떻게 바뀌면 좋을지 적어 주세요."),
                           error_messages={"required": _("제안 내용을 적어 주세요.")})
    field = forms.ModelChoiceField(label=_("관련 분야 (선택)"), queryset=ServiceField.objects.none(),
                                   required=False, empty_label=_("분야 없음"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = upper_fields()  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class CommentForm(NoRRNFormMixin, forms.Form):
    body = forms.CharField(label=_("의견"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("의견을 적어 주세요.")})


class ProposalStatusForm(NoRRNFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("바꿀 상태"), choices=PolicyProposal.Status.choices,
                               error_messages={"required": _("상태를 골라 주세요.")})
    reason = forms.CharField(label=_("사유 (공개)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("처리 사유를 적어 주세요. 사유는 공개됩니다.")})


class RoundtableForm(NoRRNFormMixin, forms.Form):
    title = forms.CharField(label=_("제목"), max_length=120, error_messages={"required": _("제목을 적어 주세요.")})
    description = forms.CharField(label=_("소개 (선택)"), max_length=3000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    day = _date(_("날짜"))
    start = _time(_("시작 시각"))
    place = forms.CharField(label=_("장소"), max_length=120, error_messages={"required": _("장소를 적어 주세요.")})
    capacity = forms.IntegerField(label=_("정원"), min_value=1, max_value=1000, initial=200,
                                  error_messages={"required": _("정원을 적어 주세요."), "invalid": _("숫자로 적어 주세요."),
                                                  "min_value": _("1명 이상이어야 합니다."),
                                                  "max_value": _("원탁토론은 1,000명까지 열 수 있습니다.")})
    seats_per_table = forms.IntegerField(label=_("테이블당 좌석"), min_value=2, max_value=20, initial=10,
                                         error_messages={"min_value": _("2명 이상이어야 합니다."),
                                                         "max_value": _("20명까지 정할 수 있습니다.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("day") and cleaned.get("start"):
            cleaned["starts_at"] = _aware(cleaned["day"], cleaned["start"])
        return cleaned


class AgendaItemForm(NoRRNFormMixin, forms.Form):
    title = forms.CharField(label=_("안건"), max_length=160, error_messages={"required": _("안건을 적어 주세요.")})
    description = forms.CharField(label=_("설명 (선택)"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("내 선택"), choices=VoteChoice.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("찬성, 반대, 보류 중 하나를 골라 주세요.")})


class VotingStateForm(forms.Form):
    voting = forms.ChoiceField(choices=AgendaItem.Voting.choices)


# --- education ------------------------------------------------------------------------------------------------

EDUCATION_CODES = ("1700", "1701", "1702")


class CourseForm(NoRRNFormMixin, forms.Form):
    title = forms.CharField(label=_("과정 이름"), max_length=120, error_messages={"required": _("과정 이름을 적어 주세요.")})
    audience = forms.ChoiceField(label=_("대상"), choices=Course.Audience.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("대상을 골라 주세요.")})
    field = forms.ModelChoiceField(label=_("교육 분야 (1365 코드)"), queryset=ServiceField.objects.none(),
                                   empty_label=_("분야를 고르세요"), error_messages={"required": _("교육 분야를 골라 주세요.")})
    description = forms.CharField(label=_("소개"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": _("과정 소개를 적어 주세요.")})
    minutes = forms.IntegerField(label=_("교육 시간(분)"), min_value=10, max_value=2400, initial=120,
                                 error_messages={"min_value": _("10분 이상이어야 합니다."), "invalid": _("숫자로 적어 주세요.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = ServiceField.objects.filter(  # type: ignore[attr-defined]
            code__in=EDUCATION_CODES).order_by("code")


class SessionForm(NoRRNFormMixin, TimeRangeMixin, forms.Form):
    day = _date(_("날짜"))
    start = _time(_("시작 시각"))
    end = _time(_("끝나는 시각"))
    place = forms.CharField(label=_("장소"), max_length=120, error_messages={"required": _("장소를 적어 주세요.")})
    capacity = forms.IntegerField(label=_("정원"), min_value=1, max_value=1000, initial=30,
                                  error_messages={"min_value": _("1명 이상이어야 합니다."), "invalid": _("숫자로 적어 주세요.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_range(cleaned)
        return cleaned


# --- pledges --------------------------------------------------------------------------------------------------


class PledgeForm(NoRRNFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("약정 방식"), choices=SharingPledge.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("약정 방식을 골라 주세요.")})
    percent = forms.DecimalField(label=_("소득의 몇 %를 나누시겠어요?"), required=False, min_value=Decimal("0.1"),
                                 max_value=Decimal("100"), decimal_places=1, initial=Decimal("1.0"),
                                 error_messages={"invalid": _("숫자로 적어 주세요. 예: 1"),
                                                 "min_value": _("0.1% 이상으로 적어 주세요."),
                                                 "max_value": _("100% 이하로 적어 주세요."),
                                                 "max_decimal_places": _("소수점 아래 한 자리까지 적을 수 있습니다.")})
    monthly_amount = forms.IntegerField(label=_("매달 나눌 금액(원)"), required=False, min_value=1000,
                                        max_value=100_000_000,
                                        error_messages={"invalid": _("숫자로 적어 주세요. 예: 10000"),
                                                        "min_value": _("1,000원 이상으로 적어 주세요.")})
    starts_on = _date(_("시작일"))
    ends_on = _date(_("종료일 (선택)"), required=False)
    message = forms.CharField(label=_("나눔 한마디 (선택)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == SharingPledge.Kind.PERCENT and not cleaned.get("percent"):
            self.add_error("percent", _("비율로 약정하시면 몇 %인지 적어 주세요."))
        if kind == SharingPledge.Kind.AMOUNT and not cleaned.get("monthly_amount"):
            self.add_error("monthly_amount", _("금액으로 약정하시면 매달 금액을 적어 주세요."))
        s, e = cleaned.get("starts_on"), cleaned.get("ends_on")
        if s and e and e < s:
            self.add_error("ends_on", _("종료일은 시작일보다 뒤여야 합니다."))
        return cleaned
