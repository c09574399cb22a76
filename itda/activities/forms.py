"""Forms of activities: every free text refuses resident registration numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itda.activities.models import InsuranceClaim
from itda.core.validators import validate_no_rrn

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("시작일"), widget=DATE)
    end = forms.DateField(label=_("종료일"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("종료일이 시작일보다 빠릅니다."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366 * 5:
            raise forms.ValidationError(_("기간은 5년 이내로 골라 주세요."))
        return data


def this_year() -> dict[str, date]:
    today = timezone.localdate()
    return {"start": today.replace(month=1, day=1), "end": today}


class RecognitionForm(forms.Form):
    opt_in = forms.BooleanField(label=_("우리 동·봉사단 순위표에 제 이름(가림 처리)을 올립니다"), required=False)


class ManualAttendanceForm(forms.Form):
    start = forms.TimeField(label=_("온 시각"), widget=TIME)
    end = forms.TimeField(label=_("간 시각"), widget=TIME)
    override_reason = forms.CharField(label=_("기한 경과 사유 (센터, 90일이 지난 경우)"), required=False,
                                      max_length=200, validators=[validate_no_rrn])


class ApproveForm(forms.Form):
    override_reason = forms.CharField(label=_("기한 경과 사유 (센터, 90일이 지난 경우)"), required=False,
                                      max_length=200, validators=[validate_no_rrn])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("사유"), max_length=300, validators=[validate_no_rrn])


class CorrectForm(forms.Form):
    minutes = forms.IntegerField(label=_("인정 시간(분)"), min_value=0, max_value=480)
    reason = forms.CharField(label=_("정정 사유"), max_length=200, validators=[validate_no_rrn])
    override_reason = forms.CharField(label=_("기한 경과 사유 (센터, 90일이 지난 경우)"), required=False,
                                      max_length=200, validators=[validate_no_rrn])


class ClaimForm(forms.ModelForm):
    class Meta:
        model = InsuranceClaim
        fields = ["occurred_at", "place", "injury", "description", "treatment"]
        widgets = {"occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occurred = self.fields["occurred_at"]
        assert isinstance(occurred, forms.DateTimeField)
        occurred.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        for name in ("place", "injury", "description", "treatment"):
            self.fields[name].validators.append(validate_no_rrn)


FORMATS = [("csv", "CSV"), ("xlsx", _("엑셀 (XLSX)"))]


class RosterExportForm(PeriodForm):
    fmt = forms.ChoiceField(label=_("파일 형식"), choices=FORMATS, widget=forms.RadioSelect, initial="xlsx")
    reason = forms.CharField(label=_("내려받는 사유 (필수, 기록됩니다)"), min_length=2, max_length=200,
                             validators=[validate_no_rrn])


class Export1365Form(PeriodForm):
    kind = forms.ChoiceField(label=_("내용"), choices=[("hours", _("승인된 활동 시간")), ("programs", _("프로그램"))],
                             widget=forms.RadioSelect, initial="hours")
    reason = forms.CharField(label=_("내려받는 사유 (필수, 기록됩니다)"), min_length=2, max_length=200,
                             validators=[validate_no_rrn])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("1365 프로그램 파일 (XML, CSV, JSON)"))
    dry_run = forms.BooleanField(label=_("미리 보기만 (저장하지 않음)"), required=False, initial=True)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("10MB 이하의 파일을 올려 주세요."))
        return f
