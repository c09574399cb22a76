"""Shared base models and the append-only audit and personal-data access logs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a log row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk writes would skip `AppendOnlyModel.save`/`delete`, so the queryset refuses them too.

    The one update allowed is clearing the person (`actor`/`viewer` to NULL), which is how
    Django applies `on_delete=SET_NULL` when a person's account is deleted.
    """

    PERSON_FIELDS = frozenset({"actor", "viewer"})

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def update(self, **kwargs: Any) -> int:
        if not kwargs or set(kwargs) - self.PERSON_FIELDS or any(v is not None for v in kwargs.values()):
            raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")
        return super().update(**kwargs)


class AppendOnlyModel(models.Model):
    """A row that may be written once and never changed (audit trails must not be edited)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


class AuditLog(AppendOnlyModel):
    """Who changed what: every service that changes state writes one row."""

    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("수행자"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("작업"), max_length=64, db_index=True)
    target_type = models.CharField(_("대상 종류"), max_length=64)
    target_id = models.CharField(_("대상 ID"), max_length=64, db_index=True)
    data = models.JSONField(_("내용"), default=dict, blank=True)

    class Meta:
        verbose_name = _("변경 기록")
        verbose_name_plural = _("변경 기록")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class AccessLog(AppendOnlyModel):
    """접속기록: every view, change, download or print of someone's personal data."""

    class Action(models.TextChoices):
        VIEW = "view", _("열람")
        CHANGE = "change", _("변경")
        ENTER = "enter", _("입력")
        DELETE = "delete", _("삭제")
        PRINT = "print", _("출력")
        DOWNLOAD = "download", _("다운로드")

    at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("처리자"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    ip = models.GenericIPAddressField(_("접속 IP"), null=True, blank=True)
    action = models.CharField(_("처리 유형"), max_length=16, choices=Action.choices)
    subject_type = models.CharField(_("정보주체 종류"), max_length=64)
    subject_id = models.CharField(_("정보주체 ID"), max_length=64, db_index=True)
    subject_label = models.CharField(_("정보주체"), max_length=120, blank=True)
    reason = models.CharField(_("사유"), max_length=200, blank=True)
    path = models.CharField(_("경로"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("개인정보 접속기록")
        verbose_name_plural = _("개인정보 접속기록")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject_label}"
