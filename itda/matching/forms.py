"""Small forms of matching: a decline with its reason, feedback after an activity."""

from __future__ import annotations

from django import forms

from itda.matching.models import Booking, DeclineReason


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label="거절하시는 이유", choices=DeclineReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "거절하시는 이유를 골라 주세요."})
    note = forms.CharField(label="남기실 말씀 (선택)", required=False, max_length=200)


class FeedbackForm(forms.Form):
    status = forms.ChoiceField(label="활동 결과", choices=[(Booking.Status.COMPLETED, "참여했어요"),
                                                       (Booking.Status.NO_SHOW, "오지 않았어요")])
    rating = forms.TypedChoiceField(label="봉사자 평가 (선택)", required=False, coerce=int, empty_value=None,
                                    choices=[("", "평가 안 함")] + [(str(i), f"{i}점") for i in range(5, 0, -1)])
