"""Small forms of matching: a decline with its reason, feedback after an activity."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itda.matching.models import Booking, DeclineReason


def _score_label(n: int) -> str:
    return gettext("%(n)s점") % {"n": n}


_points = lazy(_score_label, str)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("거절하시는 이유"), choices=DeclineReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("거절하시는 이유를 골라 주세요.")})
    note = forms.CharField(label=_("남기실 말씀 (선택)"), required=False, max_length=200)


class FeedbackForm(forms.Form):
    status = forms.ChoiceField(label=_("활동 결과"), choices=[(Booking.Status.COMPLETED, _("참여했어요")),
                                                          (Booking.Status.NO_SHOW, _("오지 않았어요"))])
    rating = forms.TypedChoiceField(label=_("봉사자 평가 (선택)"), required=False, coerce=int, empty_value=None,
                                    choices=[("", _("평가 안 함"))] + [(str(i), _points(i)) for i in range(5, 0, -1)])
