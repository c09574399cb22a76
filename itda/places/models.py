"""Gwangju geography (real MOIS codes), dong volunteer camps and the 1365 service fields."""

from __future__ import annotations

import math

from django.db import models
from django.utils.translation import gettext_lazy as _

from itda.core.models import TimeStampedModel


class District(models.Model):
    """A 구 (autonomous district), keyed by its official 10-digit MOIS code."""

    code = models.CharField(_("행정기관코드"), max_length=10, unique=True)
    sgg_code = models.CharField(_("시군구 코드"), max_length=5, unique=True)
    code_1365 = models.CharField(_("1365 구군 코드"), max_length=7, blank=True)
    name = models.CharField(_("구 이름"), max_length=20)
    population = models.PositiveIntegerField(_("주민등록 인구"), default=0)
    households = models.PositiveIntegerField(_("세대 수"), default=0)
    population_as_of = models.CharField(_("인구 기준월"), max_length=7, blank=True)
    area_km2 = models.FloatField(_("면적(km²)"), default=0)
    lat = models.FloatField(_("위도"))
    lon = models.FloatField(_("경도"))

    class Meta:
        verbose_name = _("구")
        verbose_name_plural = _("구")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Dong(models.Model):
    """A 행정동 with its official 10-digit code, centroid, area and population estimate."""

    code = models.CharField(_("행정동 코드"), max_length=10, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="dongs")
    name = models.CharField(_("동 이름"), max_length=20)
    lat = models.FloatField(_("중심 위도"))
    lon = models.FloatField(_("중심 경도"))
    area_km2 = models.FloatField(_("면적(km²)"))
    electors_2022 = models.PositiveIntegerField(_("선거인수(2022)"), default=0)
    population = models.PositiveIntegerField(
        _("추정 인구"), default=0,
        help_text=_("구의 주민등록 인구를 동별 선거인수 비율로 나눈 추정치"),
    )

    class Meta:
        verbose_name = _("행정동")
        verbose_name_plural = _("행정동")
        ordering = ["district__code", "name"]

    def __str__(self) -> str:
        return f"{self.district.name} {self.name}"

    def distance_km(self, lat: float, lon: float) -> float:
        return haversine_km(self.lat, self.lon, lat, lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


class DongCamp(TimeStampedModel):
    """동 자원봉사캠프: a neighbourhood volunteering hub, one per dong at most."""

    dong = models.OneToOneField(Dong, on_delete=models.PROTECT, related_name="camp")
    name = models.CharField(_("캠프 이름"), max_length=60)
    place = models.CharField(_("운영 장소"), max_length=120, blank=True)
    opened_on = models.DateField(_("개소일"))
    is_active = models.BooleanField(_("운영 중"), default=True)

    class Meta:
        verbose_name = _("동 자원봉사캠프")
        verbose_name_plural = _("동 자원봉사캠프")
        ordering = ["dong__district__code", "dong__name"]

    def __str__(self) -> str:
        return self.name


class ServiceField(models.Model):
    """A 1365 service field (봉사분야): upper fields (0100) and their sub-fields (0104)."""

    code = models.CharField(_("분야 코드"), max_length=4, unique=True)
    name = models.CharField(_("분야 이름"), max_length=40)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_current = models.BooleanField(_("현행 상위 분야"), default=True)

    class Meta:
        verbose_name = _("봉사 분야")
        verbose_name_plural = _("봉사 분야")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def upper(self) -> ServiceField:
        return self.parent if self.parent_id and self.parent else self
