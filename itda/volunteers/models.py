"""Volunteer profiles (talents, interests, qualifications, availability, area) and teams."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itda.core.models import TimeStampedModel

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise


class AgeGroup(models.TextChoices):
    YOUTH = "youth", _("청소년 (19세 미만)")
    ADULT = "adult", _("성인 (19~64세)")
    SENIOR = "senior", _("어르신 (65세 이상)")


class Qualification(models.TextChoices):
    DRIVER_LICENSE = "driver_license", _("운전면허")
    COOK_CERT = "cook_cert", _("조리사")
    ELECTRICIAN = "electrician", _("전기기능사")
    TEACHER = "teacher", _("교원")
    NURSE = "nurse", _("간호사")
    CARE_WORKER = "care_worker", _("요양보호사")
    INTERPRETER = "interpreter", _("통역")
    FIRST_AID = "first_aid", _("응급처치")
    HAIRDRESSER = "hairdresser", _("미용사")


# Short weekday names, Monday = 0 (also the `kdate` template filter's).
WEEKDAYS = [
    pgettext_lazy("weekday", "월"), pgettext_lazy("weekday", "화"), pgettext_lazy("weekday", "수"),
    pgettext_lazy("weekday", "목"), pgettext_lazy("weekday", "금"), pgettext_lazy("weekday", "토"),
    pgettext_lazy("weekday", "일"),
]


class VolunteerProfile(TimeStampedModel):
    """What a volunteer offers. Only the home dong and age group are required."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    age_group = models.CharField(_("연령대"), max_length=8, choices=AgeGroup.choices)
    home_dong = models.ForeignKey(
        "places.Dong", verbose_name=_("활동 지역(동)"), on_delete=models.PROTECT,
        related_name="volunteers",
    )
    # Coordinates are the dong centroid unless the volunteer gives a finer point; never an address.
    lat = models.FloatField(_("위도"))
    lon = models.FloatField(_("경도"))
    max_distance_km = models.PositiveSmallIntegerField(
        _("이동 가능 거리(km)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("주당 활동 가능 시간"), default=4, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    talents = models.TextField(_("재능·경험"), blank=True, help_text=_("예: 반찬 만들기, 전기 수리, 스마트폰 사용법 안내"))
    talent_tags = models.JSONField(_("재능 태그"), default=list, blank=True)
    intro = models.TextField(_("자기소개"), blank=True)
    interest_fields = models.ManyToManyField(
        "places.ServiceField", verbose_name=_("관심 분야"), blank=True, related_name="+"
    )
    qualifications = models.JSONField(_("자격"), default=list, blank=True)
    completed_count = models.PositiveIntegerField(_("완료한 활동"), default=0)
    declined_count = models.PositiveIntegerField(_("거절한 제안"), default=0)
    no_show_count = models.PositiveIntegerField(_("불참"), default=0)
    is_active = models.BooleanField(_("제안 받기"), default=True)

    class Meta:
        verbose_name = _("봉사자 프로필")
        verbose_name_plural = _("봉사자 프로필")

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
        _("요일"), choices=[(i, d) for i, d in enumerate(WEEKDAYS)]
    )
    start = models.TimeField(_("시작"))
    end = models.TimeField(_("종료"))

    class Meta:
        verbose_name = _("활동 가능 시간")
        verbose_name_plural = _("활동 가능 시간")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="availability_end_after_start"),
            models.UniqueConstraint(fields=["profile", "weekday", "start"], name="uniq_availability"),
        ]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start:%H:%M}~{self.end:%H:%M}"


# The availability grid offers these blocks; windows are stored as plain times so a
# finer-grained editor can come later without a migration.
TIME_BLOCKS: list[tuple[str, StrPromise, time, time]] = [
    ("morning", _("오전 (9~12시)"), time(9, 0), time(12, 0)),
    ("afternoon", _("오후 (13~18시)"), time(13, 0), time(18, 0)),
    ("evening", _("저녁 (18~21시)"), time(18, 0), time(21, 0)),
]


class Team(TimeStampedModel):
    """A volunteer team that can be matched as a unit."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("전문자원봉사단")
        RETIREE = "retiree", _("퇴직자 자원봉사단")
        FAMILY = "family", _("가족봉사단")
        YOUTH = "youth", _("청소년봉사단")
        CORPORATE = "corporate", _("기업봉사단")
        OTHER = "other", _("기타 봉사단")

    name = models.CharField(_("봉사단 이름"), max_length=80)
    kind = models.CharField(_("종류"), max_length=16, choices=Kind.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("대표"), on_delete=models.PROTECT,
        related_name="led_teams",
    )
    dong = models.ForeignKey(
        "places.Dong", verbose_name=_("주 활동 동"), null=True, blank=True, on_delete=models.PROTECT
    )
    specialty = models.CharField(_("전문 분야"), max_length=120, blank=True)
    description = models.TextField(_("소개"), blank=True)
    fields = models.ManyToManyField("places.ServiceField", verbose_name=_("활동 분야"), blank=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams"
    )

    class Meta:
        verbose_name = _("봉사단")
        verbose_name_plural = _("봉사단")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(_("가입일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("봉사단원")
        verbose_name_plural = _("봉사단원")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member")]

    def __str__(self) -> str:
        return f"{self.team} · {self.user}"
