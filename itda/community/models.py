"""Community: welfare blind spots, shared resources, policy proposals and roundtables,
education, and 1% sharing pledges.

Blind-spot cases hold the most sensitive data in itda (a resident's name, address and
situation); they are stored here, apart from every public row, and read only through
`itda.community.access.get_case_for_user`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from itda.core.models import AppendOnlyModel, TimeStampedModel

# --- 안녕마을: welfare blind spots ------------------------------------------------------------


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("방문 대면 설명 후 서명")
    PHONE = "phone", _("전화 설명 후 구두 동의(녹취)")
    GUARDIAN = "guardian", _("보호자 동의")


class BlindSpotCase(TimeStampedModel):
    """A resident an 안녕마을 activist found in need. Visible to the recorder, the dong's camp
    manager and the centre only; every view is written to the access log."""

    class Category(models.TextChoices):
        ISOLATION = "isolation", _("고립·단절")
        FOOD = "food", _("끼니·식생활")
        HOUSING = "housing", _("주거 환경")
        HEALTH = "health", _("건강·돌봄")
        MONEY = "money", _("생계·경제")
        OTHER = "other", _("기타")

    class Status(models.TextChoices):
        WATCHING = "watching", _("살피는 중")
        LINKED = "linked", _("도움 연계됨")
        CLOSED = "closed", _("종결")

    dong = models.ForeignKey("places.Dong", verbose_name=_("거주 동"), on_delete=models.PROTECT,
                             related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("기록한 활동가"),
                                    on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("어려움 종류"), max_length=12, choices=Category.choices)
    resident_name = models.CharField(_("주민 성함"), max_length=50)
    resident_contact = models.CharField(_("연락처"), max_length=20, blank=True)
    resident_address = models.CharField(_("주소"), max_length=200)
    situation = models.TextField(_("상황"))
    consent_method = models.CharField(_("동의 방법"), max_length=16, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("동의 일시"))
    consent_text_version = models.CharField(_("안내문 버전"), max_length=32)
    sensitive_consent = models.BooleanField(_("민감정보 처리 동의"), default=False)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices,
                              default=Status.WATCHING, db_index=True)
    need = models.OneToOneField("needs.Need", verbose_name=_("연계된 도움 요청"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="blind_spot_case")
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("복지 사각지대 사례")
        verbose_name_plural = _("복지 사각지대 사례")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Never the resident's name: this string ends up in logs and admin lists.
        return f"사례 #{self.pk}"

    @property
    def masked_name(self) -> str:
        name = self.resident_name or ""
        return name[:1] + "○" * max(len(name) - 1, 0)


class BlindSpotVisit(models.Model):
    case = models.ForeignKey(BlindSpotCase, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("방문일"))
    note = models.TextField(_("살펴본 내용"))
    next_step = models.CharField(_("다음 할 일"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("사례 방문 기록")
        verbose_name_plural = _("사례 방문 기록")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.visited_on}"


# --- 지역사회 자원: spaces, equipment, vehicles ------------------------------------------------


class ResourceKind(models.TextChoices):
    SPACE = "space", _("공간")
    EQUIPMENT = "equipment", _("장비")
    VEHICLE = "vehicle", _("차량")


class Resource(TimeStampedModel):
    class OwnerKind(models.TextChoices):
        ORGANIZATION = "organization", _("기관")
        CAMP = "camp", _("동 자원봉사캠프")
        RESIDENT = "resident", _("주민")

    kind = models.CharField(_("종류"), max_length=10, choices=ResourceKind.choices, db_index=True)
    name = models.CharField(_("이름"), max_length=80)
    owner_kind = models.CharField(_("소유"), max_length=12, choices=OwnerKind.choices)
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    camp = models.ForeignKey("places.DongCamp", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    dong = models.ForeignKey("places.Dong", verbose_name=_("위치(동)"), on_delete=models.PROTECT,
                             related_name="+")
    description = models.TextField(_("설명"))
    capacity = models.PositiveIntegerField(_("수용 인원·적재량"), default=1,
                                           help_text=_("공간은 인원, 차량은 좌석 수, 장비는 수량"))
    availability_notes = models.CharField(_("빌릴 수 있는 때"), max_length=200, blank=True)
    is_active = models.BooleanField(_("빌려줄 수 있음"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("지역사회 자원")
        verbose_name_plural = _("지역사회 자원")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind="organization", organization__isnull=False, camp__isnull=True,
                             owner_user__isnull=True)
                           | Q(owner_kind="camp", camp__isnull=False, organization__isnull=True,
                               owner_user__isnull=True)
                           | Q(owner_kind="resident", owner_user__isnull=False,
                               organization__isnull=True, camp__isnull=True)),
                name="resource_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceBooking(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("예약됨")
        CANCELLED = "cancelled", _("취소")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookings")
    start = models.DateTimeField(_("시작"))
    end = models.DateTimeField(_("종료"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    need = models.ForeignKey("needs.Need", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    purpose = models.CharField(_("쓰임"), max_length=200)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices,
                              default=Status.CONFIRMED, db_index=True)

    class Meta:
        verbose_name = _("자원 예약")
        verbose_name_plural = _("자원 예약")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["resource", "status", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="resource_booking_end_after_start"),
            # The overlap check runs under a lock on the resource row; this catches the one
            # race a lock cannot on a database that ignores SELECT ... FOR UPDATE.
            models.UniqueConstraint(fields=["resource", "start"], condition=Q(status="confirmed"),
                                    name="uniq_active_resource_booking_start"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"


class NeedResourceRequest(TimeStampedModel):
    """A need asking for a space, equipment or a vehicle as well as for people."""

    class Status(models.TextChoices):
        OPEN = "open", _("찾는 중")
        FULFILLED = "fulfilled", _("마련됨")
        CANCELLED = "cancelled", _("취소")

    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE, related_name="resource_requests")
    kind = models.CharField(_("필요한 자원"), max_length=10, choices=ResourceKind.choices)
    note = models.CharField(_("자세히"), max_length=200, blank=True)
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="requests")
    booking = models.ForeignKey(ResourceBooking, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("요청의 자원 필요")
        verbose_name_plural = _("요청의 자원 필요")
        ordering = ["need", "id"]

    def __str__(self) -> str:
        return f"{self.need} · {self.get_kind_display()}"


# --- 정책 제안과 원탁토론 ------------------------------------------------------------------------


class PolicyProposal(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("접수")
        UNDER_REVIEW = "under_review", _("검토 중")
        ACCEPTED = "accepted", _("채택")
        REFLECTED = "reflected_in_policy", _("정책 반영")
        REJECTED = "rejected", _("불채택")

    title = models.CharField(_("제목"), max_length=120)
    body = models.TextField(_("제안 내용"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("places.ServiceField", verbose_name=_("관련 분야"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("상태"), max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    roundtable = models.ForeignKey("Roundtable", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="proposals")
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("정책 제안")
        verbose_name_plural = _("정책 제안")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ProposalStateChange(AppendOnlyModel):
    """The accountable public record: who moved a proposal, when, and why."""

    proposal = models.ForeignKey(PolicyProposal, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=PolicyProposal.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PolicyProposal.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reason = models.TextField(_("사유"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("제안 처리 기록")
        verbose_name_plural = _("제안 처리 기록")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class ProposalComment(TimeStampedModel):
    proposal = models.ForeignKey(PolicyProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("의견"))

    class Meta:
        verbose_name = _("제안 의견")
        verbose_name_plural = _("제안 의견")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.author_id}"


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(PolicyProposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("제안 공감")
        verbose_name_plural = _("제안 공감")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="uniq_proposal_support")]

    def __str__(self) -> str:
        return f"{self.proposal_id} ♥ {self.user_id}"


class Roundtable(TimeStampedModel):
    """A citizens' roundtable (원탁토론): up to 1,000 people at tables of about ten."""

    MAX_CAPACITY = 1000

    title = models.CharField(_("제목"), max_length=120)
    description = models.TextField(_("소개"), blank=True)
    starts_at = models.DateTimeField(_("일시"))
    place = models.CharField(_("장소"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("정원"), default=200, validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)])
    registration_open = models.BooleanField(_("참가 신청 받는 중"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("원탁토론")
        verbose_name_plural = _("원탁토론")
        ordering = ["-starts_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(capacity__lte=1000), name="roundtable_capacity_max")]

    def __str__(self) -> str:
        return self.title


class RoundtableTable(models.Model):
    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("테이블 번호"))
    seats = models.PositiveSmallIntegerField(_("좌석"), default=10)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("진행자"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("토론 테이블")
        verbose_name_plural = _("토론 테이블")
        ordering = ["roundtable", "number"]
        constraints = [models.UniqueConstraint(fields=["roundtable", "number"], name="uniq_roundtable_table")]

    def __str__(self) -> str:
        return f"{self.number}번 테이블"


class RoundtableParticipant(models.Model):
    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(RoundtableTable, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="participants")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("원탁토론 참가자")
        verbose_name_plural = _("원탁토론 참가자")
        constraints = [models.UniqueConstraint(fields=["roundtable", "user"], name="uniq_roundtable_participant")]

    def __str__(self) -> str:
        return f"{self.roundtable_id} · {self.user_id}"


class AgendaItem(TimeStampedModel):
    class Source(models.TextChoices):
        MANUAL = "manual", _("직접 등록")
        DATA = "data", _("데이터 기반")
        PROPOSAL = "proposal", _("시민 제안")

    class Voting(models.TextChoices):
        PENDING = "pending", _("투표 전")
        OPEN = "open", _("투표 중")
        CLOSED = "closed", _("투표 마감")

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("안건"), max_length=160)
    description = models.TextField(_("설명"), blank=True)
    source = models.CharField(_("출처"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    basis = models.JSONField(_("근거 수치"), default=dict, blank=True)
    voting = models.CharField(_("투표"), max_length=8, choices=Voting.choices, default=Voting.PENDING)

    class Meta:
        verbose_name = _("토론 안건")
        verbose_name_plural = _("토론 안건")
        ordering = ["roundtable", "order", "id"]

    def __str__(self) -> str:
        return self.title


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("찬성")
    DISAGREE = "disagree", _("반대")
    ABSTAIN = "abstain", _("보류")


class AgendaVote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(RoundtableParticipant, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("선택"), max_length=8, choices=VoteChoice.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("안건 투표")
        verbose_name_plural = _("안건 투표")
        constraints = [models.UniqueConstraint(fields=["item", "participant"], name="uniq_agenda_vote")]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.choice}"


# --- 교육 ---------------------------------------------------------------------------------------


class Course(TimeStampedModel):
    class Audience(models.TextChoices):
        VOLUNTEER = "volunteer", _("봉사자")
        MANAGER = "manager", _("관리자(캠프·수요처)")
        LEADER = "leader", _("봉사단 리더")

    title = models.CharField(_("과정 이름"), max_length=120)
    audience = models.CharField(_("대상"), max_length=10, choices=Audience.choices)
    field = models.ForeignKey("places.ServiceField", verbose_name=_("교육 분야 (1365 코드)"),
                              on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("소개"))
    minutes = models.PositiveIntegerField(_("교육 시간(분)"), default=120)
    is_active = models.BooleanField(_("운영 중"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("교육 과정")
        verbose_name_plural = _("교육 과정")
        ordering = ["audience", "title"]

    def __str__(self) -> str:
        return self.title


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    place = models.CharField(_("장소"), max_length=120)
    capacity = models.PositiveIntegerField(_("정원"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("교육 일정")
        verbose_name_plural = _("교육 일정")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_end_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"


class Enrolment(TimeStampedModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("신청")
        CANCELLED = "cancelled", _("취소")

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    attended = models.BooleanField(_("출석"), default=False)
    completed_at = models.DateTimeField(_("수료일시"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("교육 신청")
        verbose_name_plural = _("교육 신청")
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="uniq_enrolment")]

    def __str__(self) -> str:
        return f"{self.session} · {self.user_id}"


# --- 1% 나눔운동 --------------------------------------------------------------------------------


class SharingPledge(TimeStampedModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("소득의 일정 비율")
        AMOUNT = "amount", _("매달 정한 금액")

    class Status(models.TextChoices):
        ACTIVE = "active", _("약정 중")
        WITHDRAWN = "withdrawn", _("철회")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("약정 방식"), max_length=8, choices=Kind.choices)
    percent = models.DecimalField(_("비율(%)"), max_digits=4, decimal_places=1, null=True, blank=True)
    monthly_amount = models.PositiveIntegerField(_("월 금액(원)"), null=True, blank=True)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"), null=True, blank=True)
    message = models.CharField(_("나눔 한마디"), max_length=200, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)

    class Meta:
        verbose_name = _("1% 나눔 약정")
        verbose_name_plural = _("1% 나눔 약정")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="percent", percent__isnull=False, percent__gt=0, monthly_amount__isnull=True)
                           | Q(kind="amount", monthly_amount__isnull=False, monthly_amount__gt=0,
                               percent__isnull=True)),
                name="pledge_kind_matches_value",
            ),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="pledge_end_after_start"),
            models.UniqueConstraint(fields=["user"], condition=Q(status="active"),
                                    name="uniq_active_pledge_per_user"),
        ]

    def __str__(self) -> str:
        return f"약정 #{self.pk}"

    @property
    def amount_label(self) -> str:
        if self.kind == self.Kind.PERCENT:
            return _("소득의 %(p)s%%") % {"p": self.percent}
        return _("매달 %(n)s원") % {"n": f"{self.monthly_amount or 0:,}"}
