"""Demand organisations (farms, firms, social economy, welfare facilities) and their staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from itda.core.models import TimeStampedModel


class OrgType(models.TextChoices):
    FARM = "farm", "농가"
    SME = "sme", "중소기업"
    SOCIAL_ECONOMY = "social_economy", "사회적경제조직"
    PUBLIC_INTEREST = "public_interest", "공익단체"
    SOCIAL_ENTERPRISE = "social_enterprise", "사회적기업"
    VILLAGE_ENTERPRISE = "village_enterprise", "마을기업"
    COOPERATIVE = "cooperative", "협동조합"
    WELFARE_FACILITY = "welfare_facility", "사회복지시설"


class Organization(TimeStampedModel):
    class Verification(models.TextChoices):
        PENDING = "pending", "검토 중"
        VERIFIED = "verified", "인증됨"
        REJECTED = "rejected", "반려됨"

    name = models.CharField("기관 이름", max_length=100)
    org_type = models.CharField("기관 유형", max_length=24, choices=OrgType.choices)
    business_number = models.CharField(
        "사업자등록번호", max_length=12, blank=True,
        help_text="법인·단체의 번호입니다. 개인의 주민등록번호는 입력하지 마세요.",
    )
    dong = models.ForeignKey("places.Dong", verbose_name="소재지(동)", on_delete=models.PROTECT)
    address = models.CharField("주소", max_length=200)
    phone = models.CharField("대표 전화", max_length=20)
    description = models.TextField("기관 소개")
    verification = models.CharField(
        "인증 상태", max_length=10, choices=Verification.choices, default=Verification.PENDING,
        db_index=True,
    )
    verification_note = models.CharField("검토 의견", max_length=300, blank=True)
    verified_at = models.DateTimeField("검토일시", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="검토자", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    staff: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganizationMember", related_name="organizations"
    )

    class Meta:
        verbose_name = "수요처"
        verbose_name_plural = "수요처"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED

    @property
    def is_social_job_provider(self) -> bool:
        """Every verified organisation can post 사회공헌 일자리."""
        return self.is_verified


class OrganizationMember(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    is_manager = models.BooleanField("기관 관리자", default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "수요처 담당자"
        verbose_name_plural = "수요처 담당자"
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="uniq_org_member")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.user}"
