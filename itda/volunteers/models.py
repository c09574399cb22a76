"""Volunteer profiles (talents, interests, qualifications, availability, area) and teams."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from itda.core.models import TimeStampedModel


class AgeGroup(models.TextChoices):
    YOUTH = "youth", "청소년 (19세 미만)"
    ADULT = "adult", "성인 (19~64세)"
    SENIOR = "senior", "어르신 (65세 이상)"


class Qualification(models.TextChoices):
    DRIVER_LICENSE = "driver_license", "운전면허"
    COOK_CERT = "cook_cert", "조리사"
    ELECTRICIAN = "electrician", "전기기능사"
    TEACHER = "teacher", "교원"
    NURSE = "nurse", "간호사"
    CARE_WORKER = "care_worker", "요양보호사"
    INTERPRETER = "interpreter", "통역"
    FIRST_AID = "first_aid", "응급처치"
    HAIRDRESSER = "hairdresser", "미용사"


WEEKDAYS = ["월", "화", "수", "목", "금", "토", "일"]


class VolunteerProfile(TimeStampedModel):
    """What a volunteer offers. Only the home dong and age group are required."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    age_group = models.CharField("연령대", max_length=8, choices=AgeGroup.choices)
    home_dong = models.ForeignKey(
        "places.Dong", verbose_name="활동 지역(동)", on_delete=models.PROTECT,
        related_name="volunteers",
    )
    # Coordinates are the dong centroid unless the volunteer gives a finer point; never an address.
    lat = models.FloatField("위도")
    lon = models.FloatField("경도")
    max_distance_km = models.PositiveSmallIntegerField(
        "이동 가능 거리(km)", default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        "주당 활동 가능 시간", default=4, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    talents = models.TextField("재능·경험", blank=True, help_text="예: 반찬 만들기, 전기 수리, 스마트폰 사용법 안내")
    talent_tags = models.JSONField("재능 태그", default=list, blank=True)
    intro = models.TextField("자기소개", blank=True)
    interest_fields = models.ManyToManyField(
        "places.ServiceField", verbose_name="관심 분야", blank=True, related_name="+"
    )
    qualifications = models.JSONField("자격", default=list, blank=True)
    completed_count = models.PositiveIntegerField("완료한 활동", default=0)
    declined_count = models.PositiveIntegerField("거절한 제안", default=0)
    no_show_count = models.PositiveIntegerField("불참", default=0)
    is_active = models.BooleanField("제안 받기", default=True)

    class Meta:
        verbose_name = "봉사자 프로필"
        verbose_name_plural = "봉사자 프로필"

    def __str__(self) -> str:
        return f"{self.user} ({self.home_dong})"

    def qualification_labels(self) -> list[str]:
        labels = dict(Qualification.choices)
        return [labels.get(code, code) for code in self.qualifications]


class AvailabilityWindow(models.Model):
    """A weekly window in which the volunteer can help (Asia/Seoul wall-clock time)."""

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(
        "요일", choices=[(i, d) for i, d in enumerate(WEEKDAYS)]
    )
    start = models.TimeField("시작")
    end = models.TimeField("종료")

    class Meta:
        verbose_name = "활동 가능 시간"
        verbose_name_plural = "활동 가능 시간"
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="availability_end_after_start"),
            models.UniqueConstraint(fields=["profile", "weekday", "start"], name="uniq_availability"),
        ]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start:%H:%M}~{self.end:%H:%M}"


# The availability grid offers these blocks; windows are stored as plain times so a
# finer-grained editor can come later without a migration.
TIME_BLOCKS: list[tuple[str, str, time, time]] = [
    ("morning", "오전 (9~12시)", time(9, 0), time(12, 0)),
    ("afternoon", "오후 (13~18시)", time(13, 0), time(18, 0)),
    ("evening", "저녁 (18~21시)", time(18, 0), time(21, 0)),
]


class Team(TimeStampedModel):
    """A volunteer team that can be matched as a unit."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "전문자원봉사단"
        RETIREE = "retiree", "퇴직자 자원봉사단"
        FAMILY = "family", "가족봉사단"
        YOUTH = "youth", "청소년봉사단"
        CORPORATE = "corporate", "기업봉사단"
        OTHER = "other", "기타 봉사단"

    name = models.CharField("봉사단 이름", max_length=80)
    kind = models.CharField("종류", max_length=16, choices=Kind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="대표", on_delete=models.PROTECT,
        related_name="led_teams",
    )
    dong = models.ForeignKey(
        "places.Dong", verbose_name="주 활동 동", null=True, blank=True, on_delete=models.PROTECT
    )
    specialty = models.CharField("전문 분야", max_length=120, blank=True)
    description = models.TextField("소개", blank=True)
    fields = models.ManyToManyField("places.ServiceField", verbose_name="활동 분야", blank=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams"
    )

    class Meta:
        verbose_name = "봉사단"
        verbose_name_plural = "봉사단"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    joined_at = models.DateTimeField("가입일시", auto_now_add=True)

    class Meta:
        verbose_name = "봉사단원"
        verbose_name_plural = "봉사단원"
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member")]

    def __str__(self) -> str:
        return f"{self.team} · {self.user}"
