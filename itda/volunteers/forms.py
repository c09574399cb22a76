"""The volunteer profile form: talents, interests, qualifications, availability grid, area."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from itda.core.forms import NoRRNFormMixin
from itda.places.forms import DongChoiceField, upper_fields
from itda.places.models import ServiceField
from itda.volunteers.models import TIME_BLOCKS, WEEKDAYS, AgeGroup, Qualification

AVAIL_CHOICES = [
    (f"{wd}-{key}", format_lazy("{} {}", WEEKDAYS[wd], label))
    for wd in range(7)
    for key, label, _, _ in TIME_BLOCKS
]
_BLOCKS = {key: (start, end) for key, _, start, end in TIME_BLOCKS}


def availability_from_choices(values: list[str]) -> list[tuple[int, time, time]]:
    windows = []
    for value in values:
        wd, key = value.split("-", 1)
        start, end = _BLOCKS[key]
        windows.append((int(wd), start, end))
    return windows


def choices_from_availability(windows: list[tuple[int, time, time]]) -> list[str]:
    out = []
    for wd, start, end in windows:
        for key, (bs, be) in _BLOCKS.items():
            if start <= bs and be <= end:
                out.append(f"{wd}-{key}")
    return out


class VolunteerProfileForm(NoRRNFormMixin, forms.Form):
    home_dong = DongChoiceField(
        label=gettext_lazy("주로 활동할 동"),
        help_text=gettext_lazy("집 주소는 받지 않습니다. 동 단위로 가까운 봉사를 찾습니다."))
    age_group = forms.ChoiceField(label=gettext_lazy("연령대"), choices=AgeGroup.choices, widget=forms.RadioSelect)
    talents = forms.CharField(
        label=gettext_lazy("잘하는 일·경험"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("쉼표로 나눠 적어 주세요. 예: 반찬 만들기, 전등 교체, 스마트폰 사용법 알려드리기"),
    )
    interest_fields = forms.ModelMultipleChoiceField(
        label=gettext_lazy("관심 분야"), queryset=ServiceField.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    qualifications = forms.MultipleChoiceField(
        label=gettext_lazy("가진 자격"), choices=Qualification.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=gettext_lazy("활동 가능한 시간"), choices=AVAIL_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_distance_km = forms.IntegerField(
        label=gettext_lazy("이동 가능 거리 (km)"), min_value=1, max_value=50, initial=5,
        error_messages={"min_value": gettext_lazy("1km 이상으로 적어 주세요."),
                        "max_value": gettext_lazy("50km 이하로 적어 주세요."),
                        "invalid": gettext_lazy("숫자로 적어 주세요.")},
    )
    max_hours_per_week = forms.IntegerField(
        label=gettext_lazy("일주일에 봉사할 수 있는 시간"), min_value=1, max_value=40, initial=4,
        error_messages={"min_value": gettext_lazy("1시간 이상으로 적어 주세요."),
                        "max_value": gettext_lazy("40시간 이하로 적어 주세요."),
                        "invalid": gettext_lazy("숫자로 적어 주세요.")},
    )
    intro = forms.CharField(label=gettext_lazy("자기소개 (선택)"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=gettext_lazy("새 봉사 제안 받기"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interest_fields"].queryset = upper_fields()  # type: ignore[attr-defined]

    def grid(self) -> list[dict[str, Any]]:
        """Rows for the availability grid: one per weekday, a checkbox per time block."""
        chosen = set(self["availability"].value() or [])
        return [
            {
                "day": WEEKDAYS[wd],
                "cells": [
                    {"value": f"{wd}-{key}",
                     "label": gettext("%(weekday)s요일 %(block)s") % {"weekday": WEEKDAYS[wd], "block": label},
                     "checked": f"{wd}-{key}" in chosen}
                    for key, label, _, _ in TIME_BLOCKS
                ],
            }
            for wd in range(7)
        ]

    def block_labels(self) -> list[str]:
        return [str(label) for _, label, _, _ in TIME_BLOCKS]
