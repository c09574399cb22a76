"""Demand organisations (farms, firms, social economy, welfare facilities) and their staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itda.core.models import TimeStampedModel


class OrgType(models.TextChoices):
    FARM = "farm", _("농가")
    SME = "sme", _("중소기업")
    SOCIAL_ECONOMY = "social_economy", _("사회적경제조직")
    PUBLIC_INTEREST = "public_interest", _("공익단체")
    SOCIAL_ENTERPRISE = "social_enterprise", _("사회적기업")
    VILLAGE_ENTERPRISE = "village_enterprise", _("마을기업")
    COOPERATIVE = "cooperative", _("협동조합")
    WELFARE_FACILITY = "welfare_facility", _("사회복지시설")


class Organization(TimeStampedModel):
    class Verification(models.TextChoices):
        PENDING = "pending", _("검토 중")
        VERIFIED = "verified", _("인증됨")
        REJECTED = "rejected", _("반려됨")

    name = models.CharField(_("기관 이름"), max_length=100)
    org_type = models.CharField(_("기관 유형"), max_length=24, choices=OrgType.choices)
    business_number = models.CharField(
        _("사업자등록번호"), max_length=12, blank=True,
        help_text=_("법인·단체의 번호입니다. 개인의 주민등록번호는 입력하지 마세요."),
    )
    dong = models.ForeignKey("places.Dong", verbose_name=_("소재지(동)"), on_delete=models.PROTECT)
    address = models.CharField(_("주소"), max_length=200)
    phone = models.CharField(_("대표 전화"), max_length=20)
    description = models.TextField(_("기관 소개"))
    verification = models.CharField(
        _("인증 상태"), max_length=10, choices=Verification.choices, default=Verification.PENDING,
        db_index=True,
    )
    verification_note = models.CharField(_("검토 의견"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("검토자"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    staff: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganizationMember", related_name="organizations"
    )

    class Meta:
        verbose_name = _("수요처")
        verbose_name_plural = _("수요처")
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
    is_manager = models.BooleanField(_("기관 관리자"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("수요처 담당자")
        verbose_name_plural = _("수요처 담당자")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="uniq_org_member")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.user}"
