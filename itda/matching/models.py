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

from itda.core.models import TimeStampedModel


class MatchRun(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", "새 요청"
        PROFILE = "profile", "프로필 변경"
        GLOBAL = "global", "전체 배정"
        REFILL = "refill", "빈자리 채우기"

    class Status(models.TextChoices):
        RUNNING = "running", "실행 중"
        DONE = "done", "완료"
        FAILED = "failed", "실패"

    kind = models.CharField("종류", max_length=10, choices=Kind.choices)
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("시작", auto_now_add=True)
    finished_at = models.DateTimeField("종료", null=True, blank=True)
    need = models.ForeignKey("needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    n_volunteers = models.PositiveIntegerField("대상 봉사자", default=0)
    n_slots = models.PositiveIntegerField("대상 활동 시간", default=0)
    n_proposals = models.PositiveIntegerField("만든 제안", default=0)
    figures = models.JSONField("엔진 수치", default=dict, blank=True)
    error = models.TextField("오류", blank=True)

    class Meta:
        verbose_name = "매칭 실행"
        verbose_name_plural = "매칭 실행"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class DeclineReason(models.TextChoices):
    TIME = "time", "시간이 맞지 않아요"
    DISTANCE = "distance", "거리가 멀어요"
    KIND = "kind", "제가 할 수 있는 일이 아니에요"
    BUSY = "busy", "요즘 바빠요"
    OTHER = "other", "기타"


class Proposal(TimeStampedModel):
    class Source(models.TextChoices):
        ENGINE = "engine", "자동 추천"
        INVITE = "invite", "담당자 초대"
        APPLY = "apply", "직접 신청"

    class Status(models.TextChoices):
        PENDING = "pending", "응답 대기"
        ACCEPTED = "accepted", "봉사자 수락 (확정 대기)"
        CONFIRMED = "confirmed", "확정"
        DECLINED = "declined", "거절"
        REJECTED = "rejected", "요청 측 거절"
        EXPIRED = "expired", "기한 만료"
        CANCELLED = "cancelled", "취소"
        WAITLISTED = "waitlisted", "대기자"

    ACTIVE = (Status.PENDING, Status.ACCEPTED, Status.CONFIRMED, Status.WAITLISTED)

    slot = models.ForeignKey("needs.Slot", on_delete=models.CASCADE, related_name="proposals")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.CASCADE, related_name="proposals"
    )
    team = models.ForeignKey(
        "volunteers.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")
    source = models.CharField("경로", max_length=8, choices=Source.choices, default=Source.ENGINE)
    status = models.CharField("상태", max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    score = models.FloatField("추천 점수", default=0.0)
    rank = models.PositiveIntegerField("추천 순위", default=0)
    reason = models.CharField("추천 이유", max_length=300, blank=True)
    expires_at = models.DateTimeField("응답 기한", null=True, blank=True, db_index=True)
    volunteer_accepted_at = models.DateTimeField("봉사자 수락", null=True, blank=True)
    requester_accepted_at = models.DateTimeField("요청 측 수락", null=True, blank=True)
    requester_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField("응답일시", null=True, blank=True)
    decline_reason = models.CharField("거절 사유", max_length=10, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField("거절 메모", max_length=200, blank=True)

    class Meta:
        verbose_name = "매칭 제안"
        verbose_name_plural = "매칭 제안"
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
        HELD = "held", "확정 대기"
        CONFIRMED = "confirmed", "확정"
        CANCELLED = "cancelled", "취소"
        COMPLETED = "completed", "활동 완료"
        NO_SHOW = "no_show", "불참"

    ACTIVE = (Status.HELD, Status.CONFIRMED)

    slot = models.ForeignKey("needs.Slot", on_delete=models.PROTECT, related_name="bookings")
    volunteer = models.ForeignKey(
        "volunteers.VolunteerProfile", on_delete=models.PROTECT, related_name="bookings"
    )
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="booking")
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.HELD,
                              db_index=True)
    # Seat number 1..headcount: two active bookings can never share a seat (a database
    # constraint), so even a race that slipped past the slot lock could not overbook.
    seat = models.PositiveSmallIntegerField("자리 번호")
    confirmed_at = models.DateTimeField("확정일시", null=True, blank=True)
    cancelled_at = models.DateTimeField("취소일시", null=True, blank=True)
    volunteer_rating = models.PositiveSmallIntegerField("봉사자 평가", null=True, blank=True)
    requester_rating = models.PositiveSmallIntegerField("요청 측 평가", null=True, blank=True)

    class Meta:
        verbose_name = "예약"
        verbose_name_plural = "예약"
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
