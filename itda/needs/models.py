"""Help requests (needs), their time slots, the private contact kept apart, and proxy requesters.

A 사회공헌 일자리 (social contribution job) is simply an organisation's need. The exact address
and phone live in `NeedPrivate`, never on the public row, and are shown only to people
who may see them (and every such view is logged).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from itda.core.models import TimeStampedModel
from itda.volunteers.models import AgeGroup


class ProxyRequester(TimeStampedModel):
    """A resident without an account, registered by a camp manager or 안녕마을 activist."""

    class ConsentMethod(models.TextChoices):
        IN_PERSON = "in_person", _("방문 대면 설명 후 서명")
        PHONE = "phone", _("전화 설명 후 구두 동의(녹취)")
        GUARDIAN = "guardian", _("보호자 동의")

    name = models.CharField(_("이름"), max_length=50)
    phone = models.CharField(_("연락처"), max_length=20, blank=True)
    dong = models.ForeignKey("places.Dong", verbose_name=_("거주 동"), on_delete=models.PROTECT)
    consent_method = models.CharField(_("동의 방법"), max_length=16, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("동의 일시"))
    consent_text_version = models.CharField(_("안내문 버전"), max_length=32)
    sensitive_consent = models.BooleanField(_("민감정보 처리 동의"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("대리 등록자"), on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("대리 등록 요청자")
        verbose_name_plural = _("대리 등록 요청자")

    def __str__(self) -> str:
        return f"{self.name[0]}○○ ({self.dong})" if self.name else str(self.pk)


class Urgency(models.IntegerChoices):
    NORMAL = 0, _("보통")
    SOON = 1, _("빠른 도움 필요")
    URGENT = 2, _("긴급")


class NeedQuerySet(models.QuerySet["Need"]):
    def public(self) -> NeedQuerySet:
        return self.filter(status__in=[Need.Status.OPEN, Need.Status.FILLED])

    def open(self) -> NeedQuerySet:
        return self.filter(status=Need.Status.OPEN)


class Need(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("임시 저장")
        OPEN = "open", _("모집 중")
        FILLED = "filled", _("모집 완료")
        DONE = "done", _("활동 완료")
        CANCELLED = "cancelled", _("취소됨")

    class RequesterKind(models.TextChoices):
        INDIVIDUAL = "individual", _("주민")
        ORGANIZATION = "organization", _("기관")

    requester_kind = models.CharField(_("요청 주체"), max_length=12, choices=RequesterKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("기관"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("등록자"), on_delete=models.PROTECT,
        related_name="needs_created",
    )
    proxy_for = models.ForeignKey(
        ProxyRequester, verbose_name=_("대리 등록 대상"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs",
    )
    field = models.ForeignKey(
        "places.ServiceField", verbose_name=_("봉사 분야"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("제목"), max_length=100)
    description = models.TextField(_("도움이 필요한 내용"))
    dong = models.ForeignKey(
        "places.Dong", verbose_name=_("활동 동"), on_delete=models.PROTECT, related_name="needs"
    )
    # Public location: the dong centroid (or a point the organisation chose to publish).
    lat = models.FloatField(_("위도"))
    lon = models.FloatField(_("경도"))
    place_label = models.CharField(
        _("장소 안내(공개)"), max_length=100, blank=True, help_text=_("예: ○○경로당, 주민센터 앞")
    )
    required_qualifications = models.JSONField(_("필요 자격"), default=list, blank=True)
    eligible_age_groups = models.JSONField(
        _("참여 가능 연령대"), default=list,
        help_text=_("비어 있으면 모든 연령대가 참여할 수 있습니다."),
    )
    urgency = models.PositiveSmallIntegerField(
        _("긴급도"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    submission_key = models.UUIDField(_("제출 키"), null=True, blank=True, unique=True, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("도움 요청")
        verbose_name_plural = _("도움 요청")
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
        return [str(labels[a]) for a in self.eligible_age_groups if a in labels]

    def qualification_labels(self) -> list[str]:
        from itda.volunteers.models import Qualification

        labels = dict(Qualification.choices)
        return [labels.get(q, q) for q in self.required_qualifications]


class NeedPrivate(models.Model):
    """The exact address and contact of a need: stored apart, never shown publicly."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="private")
    address = models.CharField(_("상세 주소"), max_length=200)
    contact_name = models.CharField(_("연락 받을 분"), max_length=50)
    contact_phone = models.CharField(_("연락처"), max_length=20)
    sensitive_note = models.TextField(
        _("건강·장애 관련 참고 사항"), blank=True,
        help_text=_("민감정보입니다. 별도 동의를 받은 경우에만 적어 주세요."),
    )

    class Meta:
        verbose_name = _("요청 비공개 정보")
        verbose_name_plural = _("요청 비공개 정보")

    def __str__(self) -> str:
        return _("%(need)s 비공개 정보") % {"need": self.need}


class Slot(models.Model):
    """One time slot of a need with its headcount."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("시작"))
    end = models.DateTimeField(_("종료"))
    headcount = models.PositiveSmallIntegerField(_("모집 인원"), default=1)

    class Meta:
        verbose_name = _("활동 시간")
        verbose_name_plural = _("활동 시간")
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
