"""Proposals between volunteers and slots, the bookings that hold seats, and match runs.

A proposal needs both sides: the volunteer's acceptance and the requester side's
(organisation staff, camp manager or the resident). An engine proposal starts with
neither, an invitation starts with the requester side's, a direct application with the
volunteer's. When the volunteer accepts, a booking holds one seat of the slot (so a slot
is never promised beyond its headcount); when both sides have accepted it is confirmed,
and only then may the volunteer see the resident's address and phone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itda.core.models import TimeStampedModel


class MatchRun(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("새 요청")
        PROFILE = "profile", _("프로필 변경")
        GLOBAL = "global", _("전체 배정")
        REFILL = "refill", _("빈자리 채우기")

    class Status(models.TextChoices):
        RUNNING = "running", _("실행 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("시작"), auto_now_add=True)
    finished_at = models.DateTimeField(_("종료"), null=True, blank=True)
    need = models.ForeignKey("needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    n_volunteers = models.PositiveIntegerField(_("대상 봉사자"), default=0)
    n_slots = models.PositiveIntegerField(_("대상 활동 시간"), default=0)
    n_proposals = models.PositiveIntegerField(_("만든 제안"), default=0)
    figures = models.JSONField(_("엔진 수치"), default=dict, blank=True)
    error = models.TextField(_("오류"), blank=True)

    class Meta:
        verbose_name = _("매칭 실행")
        verbose_name_plural = _("매칭 실행")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class DeclineReason(models.TextChoices):
    TIME = "time", _("시간이 맞지 않아요")
    DISTANCE = "distance", _("거리가 멀어요")
    KIND = "kind", _("제가 할 수 있는 일이 아니에요")
    BUSY = "busy", _("요즘 바빠요")
    OTHER = "other", _("기타")


class Proposal(TimeStampedModel):
    class Source(models.TextChoices):
        ENGINE = "engine", _("자동 추천")
        INVITE = "invite", _("담당자 초대")
        APPLY = "apply", _("직접 신청")

    class Status(models.TextChoices):
        PENDING = "pending", _("응답 대기")
        ACCEPTED = "accepted", _("봉사자 수락 (확정 대기)")
        CONFIRMED = "confirmed", pgettext_lazy("status", "확정")
        DECLINED = "declined", _("거절")
        REJECTED = "rejected", _("요청 측 거절")
        EXPIRED = "expired", _("기한 만료")
        CANCELLED = "cancelled", pgettext_lazy("status", "취소")
        WAITLISTED = "waitlisted", _("대기자")

    ACTIVE = (Status.PENDING, Status.ACCEPTED, Status.CONFIRMED, Status.WAITLISTED)

    slot = models.ForeignKey("needs.Slot", on_delete=models.CASCADE, related_name="proposals")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.CASCADE, related_name="proposals"
    )
    team = models.ForeignKey(
        "volunteers.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")
    source = models.CharField(pgettext_lazy("proposal source", "경로"), max_length=8, choices=Source.choices, default=Source.ENGINE)
    status = models.CharField(_("상태"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    score = models.FloatField(_("추천 점수"), default=0.0)
    rank = models.PositiveIntegerField(_("추천 순위"), default=0)
    reason = models.CharField(_("추천 이유"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("응답 기한"), null=True, blank=True, db_index=True)
    volunteer_accepted_at = models.DateTimeField(_("봉사자 수락"), null=True, blank=True)
    requester_accepted_at = models.DateTimeField(_("요청 측 수락"), null=True, blank=True)
    requester_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("응답일시"), null=True, blank=True)
    decline_reason = models.CharField(_("거절 사유"), max_length=10, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(_("거절 메모"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("매칭 제안")
        verbose_name_plural = _("매칭 제안")
        ordering = ["slot", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "volunteer"], name="uniq_proposal_slot_volunteer"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"]), models.Index(fields=["slot", "status"])]

    def __str__(self) -> str:
        return f"{self.slot} ← {self.volunteer}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ACCEPTED)


class Booking(TimeStampedModel):
    """One held or confirmed seat of a slot. Active bookings never exceed the headcount."""

    class Status(models.TextChoices):
        HELD = "held", _("확정 대기")
        CONFIRMED = "confirmed", pgettext_lazy("status", "확정")
        CANCELLED = "cancelled", pgettext_lazy("status", "취소")
        COMPLETED = "completed", _("활동 완료")
        NO_SHOW = "no_show", _("불참")

    ACTIVE = (Status.HELD, Status.CONFIRMED)

    slot = models.ForeignKey("needs.Slot", on_delete=models.PROTECT, related_name="bookings")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.PROTECT, related_name="bookings"
    )
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="booking")
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.HELD,
                              db_index=True)
    # Seat number 1..headcount: two active bookings can never share a seat (a database
    # constraint), so even a race that slipped past the slot lock could not overbook.
    seat = models.PositiveSmallIntegerField(_("자리 번호"))
    confirmed_at = models.DateTimeField(_("확정일시"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("취소일시"), null=True, blank=True)
    volunteer_rating = models.PositiveSmallIntegerField(_("봉사자 평가"), null=True, blank=True)
    requester_rating = models.PositiveSmallIntegerField(_("요청 측 평가"), null=True, blank=True)

    class Meta:
        verbose_name = _("예약")
        verbose_name_plural = _("예약")
        ordering = ["slot", "id"]
        constraints = [
            # A volunteer holds at most one active seat per slot.
            models.UniqueConstraint(
                fields=["slot", "volunteer"], condition=Q(status__in=["held", "confirmed"]),
                name="uniq_active_booking_slot_volunteer",
            ),
            models.UniqueConstraint(
                fields=["slot", "seat"], condition=Q(status__in=["held", "confirmed"]),
                name="uniq_active_booking_slot_seat",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="booking_seat_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.volunteer} ({self.get_status_display()})"
