"""Activity records: attendance and hours per booking, their correction history, certificates,
insurance claims, leaderboard opt-ins and the link between 1365 programmes and needs.

A volunteer's certified hours are never stored as a total: they are the sum of the minutes
of their approved sessions (`selectors.certified_minutes`), so the two cannot drift apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itda.core.models import AppendOnlyModel, TimeStampedModel

DAILY_MAX_MINUTES = 8 * 60
ENTRY_DEADLINE_DAYS = 90
POINTS_PER_HOUR = 10
MILESTONE_HOURS = (50, 100, 300, 500, 1000)


class ActivitySession(TimeStampedModel):
    """One volunteer's attendance and credited minutes for one booking (one seat of a slot)."""

    class Status(models.TextChoices):
        OPEN = "open", _("활동 중 (퇴실 전)")
        PENDING = "pending", _("승인 대기")
        APPROVED = "approved", _("승인됨")
        REJECTED = "rejected", _("인정 안 됨")

    class Method(models.TextChoices):
        QR = "qr", _("QR 체크인")
        MANUAL = "manual", _("담당자 직접 확인")

    booking = models.OneToOneField(
        "matching.Booking", on_delete=models.PROTECT, related_name="activity_session"
    )
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.PROTECT, related_name="activity_sessions"
    )
    slot = models.ForeignKey("needs.Slot", on_delete=models.PROTECT, related_name="activity_sessions")
    # The local (Asia/Seoul) day of the activity: the daily cap and the 90-day rule count by it.
    activity_date = models.DateField(_("활동일"), db_index=True)
    check_in_at = models.DateTimeField(_("입실"), null=True, blank=True)
    check_out_at = models.DateTimeField(_("퇴실"), null=True, blank=True)
    method = models.CharField(_("확인 방법"), max_length=8, choices=Method.choices, default=Method.QR)
    minutes = models.PositiveIntegerField(_("인정 시간(분)"), default=0)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("승인자"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    disputed = models.BooleanField(_("이의 제기 중"), default=False)

    class Meta:
        verbose_name = _("활동 기록")
        verbose_name_plural = _("활동 기록")
        ordering = ["-activity_date", "-id"]
        indexes = [models.Index(fields=["volunteer", "activity_date"]),
                   models.Index(fields=["volunteer", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__lte=DAILY_MAX_MINUTES),
                                   name="session_minutes_within_daily_max"),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s · %(date)s · %(minutes)s분") % {
            "user": self.volunteer.user, "date": self.activity_date, "minutes": self.minutes}

    @property
    def counts(self) -> bool:
        """Whether the minutes count towards the volunteer's daily cap (anything not rejected)."""
        return self.status != self.Status.REJECTED


class HoursCorrection(AppendOnlyModel):
    """History of a session's hours: every entry, approval, dispute and correction, never edited."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("입실")
        CHECK_OUT = "check_out", _("퇴실")
        MANUAL = "manual", _("담당자 직접 확인")
        APPROVE = "approve", _("승인")
        REJECT = "reject", _("불인정")
        CORRECT = "correct", _("정정")
        DISPUTE = "dispute", _("이의 제기")

    session = models.ForeignKey(ActivitySession, on_delete=models.PROTECT, related_name="history")
    at = models.DateTimeField(_("일시"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("처리자"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    minutes_before = models.PositiveIntegerField(_("이전 시간(분)"))
    minutes_after = models.PositiveIntegerField(_("이후 시간(분)"))
    status_before = models.CharField(_("이전 상태"), max_length=10)
    status_after = models.CharField(_("이후 상태"), max_length=10)
    reason = models.CharField(_("사유"), max_length=300, blank=True)
    # A centre admin entered hours past the 90-day limit; the reason says why.
    late_override = models.BooleanField(_("기한 경과 승인"), default=False)

    class Meta:
        verbose_name = _("활동 시간 이력")
        verbose_name_plural = _("활동 시간 이력")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.session_id} {self.get_kind_display()} {self.minutes_before}→{self.minutes_after}"


def _certificate_path(instance: Certificate, filename: str) -> str:
    return f"certificates/{instance.issued_at:%Y}/{filename}"


class Certificate(models.Model):
    """봉사활동 확인서: a snapshot of approved hours over a period, verifiable by its code."""

    class Status(models.TextChoices):
        PENDING = "pending", _("만드는 중")
        READY = "ready", _("발급됨")
        FAILED = "failed", _("실패")
        REVOKED = "revoked", _("취소됨")

    number = models.CharField(_("발급번호"), max_length=20, unique=True)
    verify_code = models.CharField(_("확인 코드"), max_length=32, unique=True)
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.PROTECT, related_name="certificates"
    )
    period_start = models.DateField(_("기간 시작"))
    period_end = models.DateField(_("기간 끝"))
    total_minutes = models.PositiveIntegerField(_("총 인정 시간(분)"))
    session_count = models.PositiveIntegerField(_("활동 횟수"))
    holder_masked = models.CharField(_("성명(가림)"), max_length=60)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField("PDF", upload_to=_certificate_path, blank=True)
    issued_at = models.DateTimeField(_("발급일시"), auto_now_add=True)
    error = models.CharField(_("오류"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("봉사활동 확인서")
        verbose_name_plural = _("봉사활동 확인서")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.READY


class InsuranceClaim(TimeStampedModel):
    """An injury during an activity, reported to start a volunteer insurance claim."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("접수")
        SUBMITTED = "submitted", _("보험사 제출")
        CLOSED = "closed", _("종결")

    session = models.ForeignKey(ActivitySession, on_delete=models.PROTECT, related_name="claims")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("신고자"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("사고 일시"))
    place = models.CharField(_("사고 장소"), max_length=200)
    description = models.TextField(_("사고 경위"))
    injury = models.CharField(_("다친 곳·정도"), max_length=200)
    treatment = models.CharField(_("치료 기관 (선택)"), max_length=120, blank=True)
    status = models.CharField(_("처리 상태"), max_length=10, choices=Status.choices,
                              default=Status.REPORTED)

    class Meta:
        verbose_name = _("상해보험 사고 접수")
        verbose_name_plural = _("상해보험 사고 접수")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("사고 #%(pk)s · %(session)s") % {"pk": self.pk, "session": self.session}


class RecognitionPreference(models.Model):
    """Whether a volunteer appears on the public leaderboards (off unless they say so)."""

    volunteer = models.OneToOneField(
        "volunteers.VolunteerProfile", on_delete=models.CASCADE, related_name="recognition"
    )
    leaderboard_opt_in = models.BooleanField(_("순위표에 표시"), default=False)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("순위표 공개 설정")
        verbose_name_plural = _("순위표 공개 설정")

    def __str__(self) -> str:
        shown = gettext("공개") if self.leaderboard_opt_in else gettext("비공개")
        return f"{self.volunteer} · {shown}"


class ImportedProgram(models.Model):
    """A 1365 programme imported as a need; re-importing the same number updates that need."""

    registration_no = models.CharField(_("1365 프로그램 등록번호"), max_length=20, unique=True)
    need = models.OneToOneField("needs.Need", on_delete=models.PROTECT, related_name="imported_1365")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    source_url = models.URLField(_("1365 상세 주소"), max_length=300, blank=True)
    raw = models.JSONField(_("원본 항목"), default=dict)
    first_imported_at = models.DateTimeField(_("처음 가져온 일시"), auto_now_add=True)
    last_imported_at = models.DateTimeField(_("마지막으로 가져온 일시"), auto_now=True)

    class Meta:
        verbose_name = _("1365 가져온 프로그램")
        verbose_name_plural = _("1365 가져온 프로그램")
        ordering = ["-last_imported_at", "-id"]

    def __str__(self) -> str:
        return f"1365 #{self.registration_no}"


class ImportReport(models.Model):
    """What one 1365 import did: counts and, per record, what happened or why not."""

    at = models.DateTimeField(_("일시"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField(_("파일"), max_length=200)
    dry_run = models.BooleanField(_("미리 보기"), default=False)
    created = models.PositiveIntegerField(_("새로 만듦"), default=0)
    updated = models.PositiveIntegerField(_("갱신"), default=0)
    skipped = models.PositiveIntegerField(_("가져오지 않음"), default=0)
    rows = models.JSONField(_("항목별 결과"), default=list)

    class Meta:
        verbose_name = _("1365 가져오기 결과")
        verbose_name_plural = _("1365 가져오기 결과")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} {self.at:%Y-%m-%d %H:%M}"
