"""In-app notifications; the same rows feed e-mail digests and urgent text messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("새 봉사 제안")
        ACCEPTED = "accepted", _("봉사자 수락")
        CONFIRMED = "confirmed", _("봉사 확정")
        DECLINED = "declined", _("제안 거절")
        CANCELLED = "cancelled", pgettext_lazy("notification kind", "취소")
        FULL = "full", _("모집 마감")
        REMINDER = "reminder", _("내일 봉사 알림")
        ESCALATION = "escalation", _("인원 부족 알림")
        WAITLIST = "waitlist", _("대기자 자리 알림")
        SYSTEM = "system", pgettext_lazy("notification kind", "안내")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("종류"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("제목"), max_length=120)
    body = models.TextField(_("내용"), blank=True)
    url = models.CharField(_("링크"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("읽은 시각"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("메일 발송"), null=True, blank=True)
    texted_at = models.DateTimeField(_("문자 발송"), null=True, blank=True)
    # The same event never notifies a person twice (reminders, escalations, re-runs).
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001 (NULL = no dedupe; unique allows many NULLs)

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="uniq_notification_dedupe"),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.title}"
