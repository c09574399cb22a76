"""The shared template filters: masked names, Korean dates and durations."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from itda.core.templatetags.itda import kdate, ktime, mask_name, minutes_label

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(("name", "masked"), [("김민수", "김○○"), ("남궁민", "남○○"), ("이", "이"), ("", ""),
                                              (None, "")])
def test_it_masks_names(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


def test_it_writes_korean_dates_in_seoul_time() -> None:
    at = datetime(2026, 12, 8, 1, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Seoul, a Tuesday
    assert kdate(at) == "12월 8일 (화) 10:00"
    assert ktime(at) == "10:00"
    assert kdate(None) == ""
    assert ktime(None) == ""


@pytest.mark.parametrize(("minutes", "label"), [(0, "0분"), (45, "45분"), (60, "1시간"), (150, "2시간 30분"),
                                                (None, "0분")])
def test_it_labels_durations(minutes: int | None, label: str) -> None:
    assert minutes_label(minutes) == label


def test_it_replaces_one_query_parameter() -> None:
    request = RequestFactory().get("/needs/?q=전등&page=2")
    html = Template("{% load itda %}{% query_replace page=3 %}").render(Context({"request": request}))
    assert "page=3" in html
    assert "q=%EC%A0%84%EB%93%B1" in html
    assert "page=2" not in html
