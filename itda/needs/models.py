"""Help requests (needs), their time slots, the private contact kept apart, and proxy requesters.

A 사회공헌 일자리 (social contribution job) is simply an organisation's need. The exact address
and phone live in `NeedPrivate`, never on the public row, and are shown only to people
who may see them (and every such view is logged).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from itda.core.models import TimeStampedModel
from itda.volunteers.models import AgeGroup


class ProxyRequester(TimeStampedModel):
    """A resident without an account, registered by a camp manager or 안녕마을 activist."""

    class ConsentMethod(models.TextChoices):
        IN_PERSON = "in_person", "방문 대면 설명 후 서명"
        PHONE = "phone", "전화 설명 후 구두 동의(녹취)"
        GUARDIAN = "guardian", "보호자 동의"

    name = models.CharField("이름", max_length=50)
    phone = models.CharField("연락처", max_length=20, blank=True)
    dong = models.ForeignKey("places.Dong", verbose_name="거주 동", on_delete=models.PROTECT)
    consent_method = models.CharField("동의 방법", max_length=16, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField("동의 일시")
    consent_text_version = models.CharField("안내문 버전", max_length=32)
    sensitive_consent = models.BooleanField("민감정보 처리 동의", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="대리 등록자", on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "대리 등록 요청자"
        verbose_name_plural = "대리 등록 요청자"

    def __str__(self) -> str:
        return f"{self.name[0]}○○ ({self.dong})" if self.name else str(self.pk)


class Urgency(models.IntegerChoices):
    NORMAL = 0, "보통"
    SOON = 1, "빠른 도움 필요"
    URGENT = 2, "긴급"


class NeedQuerySet(models.QuerySet["Need"]):
    def public(self) -> NeedQuerySet:
        return self.filter(status__in=[Need.Status.OPEN, Need.Status.FILLED])

    def open(self) -> NeedQuerySet:
        return self.filter(status=Need.Status.OPEN)


class Need(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "임시 저장"
        OPEN = "open", "모집 중"
        FILLED = "filled", "모집 완료"
        DONE = "done", "활동 완료"
        CANCELLED = "cancelled", "취소됨"

    class RequesterKind(models.TextChoices):
        INDIVIDUAL = "individual", "주민"
        ORGANIZATION = "organization", "기관"

    requester_kind = models.CharField("요청 주체", max_length=12, choices=RequesterKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="기관", null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="등록자", on_delete=models.PROTECT,
        related_name="needs_created",
    )
    proxy_for = models.ForeignKey(
        ProxyRequester, verbose_name="대리 등록 대상", null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs",
    )
    field = models.ForeignKey(
        "places.ServiceField", verbose_name="봉사 분야", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("제목", max_length=100)
    description = models.TextField("도움이 필요한 내용")
    dong = models.ForeignKey(
        "places.Dong", verbose_name="활동 동", on_delete=models.PROTECT, related_name="needs"
    )
    # Public location: the dong centroid (or a point the organisation chose to publish).
    lat = models.FloatField("위도")
    lon = models.FloatField("경도")
    place_label = models.CharField(
        "장소 안내(공개)", max_length=100, blank=True, help_text="예: ○○경로당, 주민센터 앞"
    )
    required_qualifications = models.JSONField("필요 자격", default=list, blank=True)
    eligible_age_groups = models.JSONField(
        "참여 가능 연령대", default=list,
        help_text="비어 있으면 모든 연령대가 참여할 수 있습니다.",
    )
    urgency = models.PositiveSmallIntegerField(
        "긴급도", choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        "상태", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    submission_key = models.UUIDField("제출 키", null=True, blank=True, unique=True, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "도움 요청"
        verbose_name_plural = "도움 요청"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "dong"]), models.Index(fields=["status", "field"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester_kind="individual", organization__isnull=True)
                | Q(requester_kind="organization", organization__isnull=False),
                name="need_requester_kind_matches_org",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_social_job(self) -> bool:
        return self.requester_kind == self.RequesterKind.ORGANIZATION

    def age_group_labels(self) -> list[str]:
        labels = dict(AgeGroup.choices)
        return [labels[a] for a in self.eligible_age_groups if a in labels]

    def qualification_labels(self) -> list[str]:
        from itda.volunteers.models import Qualification

        labels = dict(Qualification.choices)
        return [labels.get(q, q) for q in self.required_qualifications]


class NeedPrivate(models.Model):
    """The exact address and contact of a need: stored apart, never shown publicly."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="private")
    address = models.CharField("상세 주소", max_length=200)
    contact_name = models.CharField("연락 받을 분", max_length=50)
    contact_phone = models.CharField("연락처", max_length=20)
    sensitive_note = models.TextField(
        "건강·장애 관련 참고 사항", blank=True,
        help_text="민감정보입니다. 별도 동의를 받은 경우에만 적어 주세요.",
    )

    class Meta:
        verbose_name = "요청 비공개 정보"
        verbose_name_plural = "요청 비공개 정보"

    def __str__(self) -> str:
        return f"{self.need} 비공개 정보"


class Slot(models.Model):
    """One time slot of a need with its headcount."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField("시작")
    end = models.DateTimeField("종료")
    headcount = models.PositiveSmallIntegerField("모집 인원", default=1)

    class Meta:
        verbose_name = "활동 시간"
        verbose_name_plural = "활동 시간"
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_end_after_start"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="slot_headcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.need} {self.start:%m/%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)
