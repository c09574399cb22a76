"""People, the roles they hold (one person may hold several) and their consent records."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("봉사자")
    REQUESTER = "requester", _("도움 요청자")
    ORG_STAFF = "org_staff", _("수요처 담당자")
    CAMP_MANAGER = "camp_manager", _("동 자원봉사캠프 관리자")
    ACTIVIST = "activist", _("안녕마을 활동가")
    TEAM_LEADER = "team_leader", _("봉사단 대표")
    CENTRE_ADMIN = "centre_admin", _("자원봉사센터 관리자")


class User(AbstractUser):
    """A person. Only the name is required beyond the log-in; everything else is optional."""

    display_name = models.CharField(_("이름"), max_length=50)
    phone = models.CharField(_("휴대전화"), max_length=20, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("연속 로그인 실패"), default=0)
    locked_until = models.DateTimeField(_("잠금 해제 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        codes = set(self.roles.values_list("role", flat=True))
        if self.is_superuser:
            codes.add(Role.CENTRE_ADMIN)
        return frozenset(codes)

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @property
    def is_centre_admin(self) -> bool:
        return self.has_role(Role.CENTRE_ADMIN)

    def managed_dong_ids(self) -> set[int]:
        """Dongs where this person is camp manager or 안녕마을 activist."""
        return set(
            self.roles.filter(
                role__in=[Role.CAMP_MANAGER, Role.ACTIVIST], dong__isnull=False
            ).values_list("dong_id", flat=True)
        )

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class UserRole(models.Model):
    """One role of one person, scoped to a dong (camp manager, activist) where it applies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices)
    dong = models.ForeignKey(
        "places.Dong", verbose_name=_("담당 동"), null=True, blank=True, on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField(_("부여일시"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("역할")
        verbose_name_plural = _("역할")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "dong"], name="uniq_user_role_dong"
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(dong__isnull=True),
                name="uniq_user_role_nodong",
            ),
        ]

    def __str__(self) -> str:
        scope = f" ({self.dong})" if self.dong_id else ""
        return f"{self.user} · {self.get_role_display()}{scope}"


class ConsentPurpose(models.TextChoices):
    TERMS = "terms", _("이용약관")
    PERSONAL_REQUIRED = "personal_required", _("개인정보 수집·이용 (필수)")
    PERSONAL_OPTIONAL = "personal_optional", _("선택 정보 수집·이용 (연락처, 소개)")
    SENSITIVE = "sensitive", _("민감정보 (건강·장애) 처리")
    PROVIDE_1365 = "provide_1365", _("1365 자원봉사포털 제3자 제공")
    MARKETING = "notifications", _("활동 소식 알림 수신")


REQUIRED_PURPOSES = frozenset({ConsentPurpose.TERMS, ConsentPurpose.PERSONAL_REQUIRED})


class Consent(models.Model):
    """One answer of one person to one consent purpose, with the notice's text version.

    A new row is written on every change, so the history of grants and withdrawals stays.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("동의 항목"), max_length=32, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("동의 여부"))
    text_version = models.CharField(_("안내문 버전"), max_length=32)
    at = models.DateTimeField(_("일시"), default=timezone.now)

    class Meta:
        verbose_name = _("동의 기록")
        verbose_name_plural = _("동의 기록")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        state = _("동의") if self.granted else _("거부/철회")
        return f"{self.user} · {self.get_purpose_display()} · {state}"


def current_consents(user: User) -> dict[str, bool]:
    """The latest answer per purpose."""
    latest: dict[str, bool] = {}
    for purpose, granted in user.consents.order_by("at", "id").values_list("purpose", "granted"):
        latest[purpose] = granted
    return latest


CONSENT_VERSION = getattr(settings, "ITDA_CONSENT_VERSION", "v1")
