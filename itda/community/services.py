"""State changes of the community app: camps, blind-spot cases, resources and their bookings,
policy proposals, roundtables and votes, education, and sharing pledges.

Every service is atomic, keyword-only and writes one audit row per change.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itda.accounts.models import CONSENT_VERSION, User
from itda.community.access import can_view_case, is_camp_manager_of, recorder_dong_ids
from itda.community.models import (
    AgendaItem,
    AgendaVote,
    BlindSpotCase,
    BlindSpotVisit,
    Course,
    CourseSession,
    Enrolment,
    NeedResourceRequest,
    PolicyProposal,
    ProposalComment,
    ProposalStateChange,
    ProposalSupport,
    Resource,
    ResourceBooking,
    Roundtable,
    RoundtableParticipant,
    RoundtableTable,
    SharingPledge,
    VoteChoice,
)
from itda.core.access import is_centre_admin
from itda.core.audit import audit_record
from itda.needs.models import Need
from itda.needs.services import PrivateSpec, ProxySpec, SlotSpec, need_create
from itda.organizations.models import Organization
from itda.places.models import Dong, DongCamp, ServiceField


class CommunityError(ValueError):
    """A refused change, with a Korean message to show next to the form."""


def _require_centre(actor: User) -> None:
    if not is_centre_admin(actor):
        raise CommunityError(_("자원봉사센터 관리자만 할 수 있습니다."))


# --- camps ---------------------------------------------------------------------------------------


def camp_open(*, actor: User, dong: Dong, name: str, place: str, opened_on: date) -> DongCamp:
    """Open a dong volunteer camp; a dong has at most one."""
    _require_centre(actor)
    if DongCamp.objects.filter(dong=dong).exists():
        raise CommunityError(_("%(dong)s에는 이미 자원봉사캠프가 있습니다. 한 동에 캠프는 하나만 열 수 있습니다.") % {"dong": dong.name})
    try:
        with transaction.atomic():
            camp = DongCamp.objects.create(dong=dong, name=name.strip(), place=place.strip(),
                                           opened_on=opened_on, is_active=True)
            audit_record(actor=actor, action="camp_open", target=camp,
                         data={"dong": dong.code, "opened_on": opened_on.isoformat()})
    except IntegrityError as exc:
        raise CommunityError(_("%(dong)s에는 이미 자원봉사캠프가 있습니다. 한 동에 캠프는 하나만 열 수 있습니다.") % {"dong": dong.name}) from exc
    return camp


# --- 안녕마을 blind spots --------------------------------------------------------------------------


def blindspot_case_record(
    *, actor: User, dong: Dong, category: str, resident_name: str, resident_contact: str,
    resident_address: str, situation: str, consent_method: str, sensitive_consent: bool,
    submission_key: uuid.UUID | None = None,
) -> BlindSpotCase:
    """Record a resident found in need, with the consent they gave (method, time, text version).

    A repeated submit of the same form (same key, same recorder) returns the first case."""
    if submission_key is not None:
        existing = BlindSpotCase.objects.filter(submission_key=submission_key, recorded_by=actor).first()
        if existing is not None:
            return existing
    if not (is_centre_admin(actor) or dong.pk in recorder_dong_ids(actor)):
        raise CommunityError(_("담당하시는 동의 주민만 기록할 수 있습니다."))
    if category == BlindSpotCase.Category.HEALTH and not sensitive_consent:
        raise CommunityError(_("건강·돌봄 사례는 민감정보 처리에 대한 별도 동의를 받아야 기록할 수 있습니다."))
    with transaction.atomic():
        case = BlindSpotCase.objects.create(
            dong=dong, recorded_by=actor, category=category, resident_name=resident_name.strip(),
            resident_contact=resident_contact.strip(), resident_address=resident_address.strip(),
            situation=situation.strip(), consent_method=consent_method, consent_at=timezone.now(),
            consent_text_version=CONSENT_VERSION, sensitive_consent=sensitive_consent,
            submission_key=submission_key,
        )
        audit_record(actor=actor, action="blindspot_case_record", target=case,
                     data={"dong": dong.code, "category": category, "sensitive": sensitive_consent})
    return case


def blindspot_visit_add(*, actor: User, case: BlindSpotCase, visited_on: date, note: str,
                        next_step: str = "") -> BlindSpotVisit:
    if not can_view_case(actor, case):
        raise CommunityError(_("이 사례에 방문 기록을 남길 권한이 없습니다."))
    if visited_on > timezone.localdate():
        raise CommunityError(_("방문일은 오늘이나 지난 날짜여야 합니다."))
    with transaction.atomic():
        visit = BlindSpotVisit.objects.create(case=case, visited_on=visited_on, note=note.strip(),
                                              next_step=next_step.strip(), recorded_by=actor)
        audit_record(actor=actor, action="blindspot_visit_add", target=case,
                     data={"visit": visit.pk, "visited_on": visited_on.isoformat()})
    return visit


def blindspot_case_close(*, actor: User, case: BlindSpotCase, reason: str) -> BlindSpotCase:
    if not can_view_case(actor, case):
        raise CommunityError(_("이 사례를 종결할 권한이 없습니다."))
    with transaction.atomic():
        locked = BlindSpotCase.objects.select_for_update().get(pk=case.pk)
        old = locked.status
        locked.status = BlindSpotCase.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="blindspot_case_close", target=locked,
                     data={"from": old, "reason": reason[:200]})
    return locked


def blindspot_case_to_need(
    *, actor: User, case: BlindSpotCase, field: ServiceField, title: str, description: str,
    slot: SlotSpec, place_label: str = "", urgency: int = 0,
) -> Need:
    """Turn a case into a need for matching without exposing the person.

    The public title and description are the activist's neutral words; the resident's name,
    contact and address travel only into the need's private row and its proxy requester,
    with the consent recorded on the case.
    """
    if not can_view_case(actor, case):
        raise CommunityError(_("이 사례를 요청으로 바꿀 권한이 없습니다."))
    with transaction.atomic():
        locked = BlindSpotCase.objects.select_for_update().select_related("dong").get(pk=case.pk)
        if locked.need_id is not None:
            raise CommunityError(_("이 사례는 이미 도움 요청으로 연계되었습니다."))
        if locked.status == BlindSpotCase.Status.CLOSED:
            raise CommunityError(_("종결된 사례는 요청으로 바꿀 수 없습니다."))
        for text in (title, description, place_label):
            if locked.resident_name and locked.resident_name in text:
                raise CommunityError(_("공개되는 제목·내용·장소에 주민의 이름을 적지 마세요."))
            if locked.resident_address and locked.resident_address in text:
                raise CommunityError(_("공개되는 제목·내용·장소에 주소를 적지 마세요."))
            digits = "".join(ch for ch in locked.resident_contact if ch.isdigit())
            if digits and digits in "".join(ch for ch in text if ch.isdigit()):
                raise CommunityError(_("공개되는 제목·내용·장소에 연락처를 적지 마세요."))
        need, _created = need_create(
            actor=actor, field=field, title=title, description=description, dong=locked.dong,
            slots=[slot], place_label=place_label, urgency=urgency,
            private=PrivateSpec(address=locked.resident_address, contact_name=locked.resident_name,
                                contact_phone=locked.resident_contact or actor.phone or ""),
            proxy=ProxySpec(name=locked.resident_name, phone=locked.resident_contact,
                            consent_method=locked.consent_method,
                            sensitive_consent=locked.sensitive_consent),
        )
        locked.need = need
        locked.status = BlindSpotCase.Status.LINKED
        locked.save(update_fields=["need", "status", "updated_at"])
        audit_record(actor=actor, action="blindspot_case_to_need", target=locked, data={"need": need.pk})
    return need


CASE_RETENTION_DAYS = 365
DESTROYED = "(파기됨)"


def blindspot_cases_purge(*, actor: User | None, now: datetime | None = None,
                          retention_days: int = CASE_RETENTION_DAYS) -> int:
    """Destroy the personal data of cases closed more than `retention_days` ago (PIPA Art. 21).

    The row stays with its dong, category and dates so the counts stay true; the name, contact,
    address, situation and visit notes are overwritten, and each destruction is audited."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days)
    n = 0
    with transaction.atomic():
        due = list(BlindSpotCase.objects.select_for_update().filter(
            status=BlindSpotCase.Status.CLOSED, updated_at__lt=cutoff).exclude(resident_name=DESTROYED))
        for case in due:
            BlindSpotCase.objects.filter(pk=case.pk).update(
                resident_name=DESTROYED, resident_contact="", resident_address=DESTROYED, situation=DESTROYED)
            BlindSpotVisit.objects.filter(case=case).update(note=DESTROYED, next_step="")
            audit_record(actor=actor, action="blindspot_case_purge", target=case,
                         data={"closed_before": cutoff.isoformat()})
            n += 1
    return n


# --- resources -----------------------------------------------------------------------------------


def resource_create(
    *, actor: User, kind: str, name: str, owner_kind: str, dong: Dong, description: str,
    capacity: int = 1, availability_notes: str = "", organization: Organization | None = None,
    camp: DongCamp | None = None,
) -> Resource:
    owner_user = None
    if owner_kind == Resource.OwnerKind.ORGANIZATION:
        if organization is None or not (is_centre_admin(actor)
                                        or actor.organizations.filter(pk=organization.pk).exists()):
            raise CommunityError(_("소속된 기관의 자원만 등록할 수 있습니다."))
        camp = None
    elif owner_kind == Resource.OwnerKind.CAMP:
        if camp is None or not (is_centre_admin(actor) or is_camp_manager_of(actor, camp.dong_id)):
            raise CommunityError(_("담당하시는 동 캠프의 자원만 등록할 수 있습니다."))
        organization, dong = None, camp.dong
    else:
        organization, camp, owner_user = None, None, actor
    with transaction.atomic():
        resource = Resource.objects.create(
            kind=kind, name=name.strip(), owner_kind=owner_kind, organization=organization, camp=camp,
            owner_user=owner_user, dong=dong, description=description.strip(), capacity=capacity,
            availability_notes=availability_notes.strip(), created_by=actor,
        )
        audit_record(actor=actor, action="resource_create", target=resource,
                     data={"kind": kind, "owner_kind": owner_kind})
    return resource


OVERLAP_MESSAGE = gettext_lazy("그 시간에는 이미 예약이 있습니다. 다른 시간을 골라 주세요.")


def resource_book(
    *, actor: User, resource: Resource, start: datetime, end: datetime, purpose: str,
    need: Need | None = None, request: NeedResourceRequest | None = None,
) -> ResourceBooking:
    """Book a resource for a time range; two confirmed bookings of one resource never overlap.

    The resource row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
    writers with BEGIN IMMEDIATE), then the overlap is checked; a partial unique constraint on
    (resource, start) backs it in the database.
    """
    if end <= start:
        raise CommunityError(_("끝나는 시각은 시작 시각보다 늦어야 합니다."))
    if start < timezone.now():
        raise CommunityError(_("지난 시각은 예약할 수 없습니다."))
    try:
        with transaction.atomic():
            locked = Resource.objects.select_for_update().get(pk=resource.pk)
            if not locked.is_active:
                raise CommunityError(_("지금은 빌려줄 수 없는 자원입니다."))
            clash = ResourceBooking.objects.filter(
                resource=locked, status=ResourceBooking.Status.CONFIRMED, start__lt=end, end__gt=start,
            ).exists()
            if clash:
                raise CommunityError(OVERLAP_MESSAGE)
            booking = ResourceBooking.objects.create(
                resource=locked, start=start, end=end, booked_by=actor, need=need, purpose=purpose.strip(),
            )
            if request is not None:
                NeedResourceRequest.objects.filter(pk=request.pk).update(
                    resource=locked, booking=booking, status=NeedResourceRequest.Status.FULFILLED,
                    updated_at=timezone.now(),
                )
            audit_record(actor=actor, action="resource_book", target=booking,
                         data={"resource": locked.pk, "start": start.isoformat(), "end": end.isoformat(),
                               "need": getattr(need, "pk", None)})
    except IntegrityError as exc:
        raise CommunityError(OVERLAP_MESSAGE) from exc
    return booking


def resource_booking_cancel(*, actor: User, booking: ResourceBooking) -> ResourceBooking:
    with transaction.atomic():
        locked = ResourceBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status == ResourceBooking.Status.CANCELLED:
            return locked
        locked.status = ResourceBooking.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        NeedResourceRequest.objects.filter(booking=locked).update(
            booking=None, status=NeedResourceRequest.Status.OPEN, updated_at=timezone.now())
        audit_record(actor=actor, action="resource_booking_cancel", target=locked)
    return locked


def need_resource_request_add(*, actor: User, need: Need, kind: str, note: str = "") -> NeedResourceRequest:
    with transaction.atomic():
        req = NeedResourceRequest.objects.create(need=need, kind=kind, note=note.strip(), created_by=actor)
        audit_record(actor=actor, action="need_resource_request_add", target=req,
                     data={"need": need.pk, "kind": kind})
    return req


# --- policy proposals ------------------------------------------------------------------------------

PROPOSAL_FLOW: dict[str, set[str]] = {
    PolicyProposal.Status.SUBMITTED: {PolicyProposal.Status.UNDER_REVIEW, PolicyProposal.Status.REJECTED},
    PolicyProposal.Status.UNDER_REVIEW: {PolicyProposal.Status.ACCEPTED, PolicyProposal.Status.REJECTED},
    PolicyProposal.Status.ACCEPTED: {PolicyProposal.Status.REFLECTED, PolicyProposal.Status.REJECTED},
    PolicyProposal.Status.REFLECTED: set(),
    PolicyProposal.Status.REJECTED: set(),
}


def proposal_submit(
    *, actor: User, title: str, body: str, field: ServiceField | None = None,
    submission_key: uuid.UUID | None = None, roundtable: Roundtable | None = None,
) -> tuple[PolicyProposal, bool]:
    """A citizen's policy proposal; a repeated submit with the same key returns the first."""
    if submission_key is not None:
        existing = PolicyProposal.objects.filter(submission_key=submission_key, author=actor).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            proposal = PolicyProposal.objects.create(
                title=title.strip(), body=body.strip(), author=actor, field=field,
                submission_key=submission_key, roundtable=roundtable,
            )
            ProposalStateChange.objects.create(
                proposal=proposal, from_status="", to_status=PolicyProposal.Status.SUBMITTED,
                changed_by=actor, reason="시민 제안 접수",
            )
            audit_record(actor=actor, action="proposal_submit", target=proposal)
    except IntegrityError:
        existing = PolicyProposal.objects.filter(submission_key=submission_key, author=actor).first()
        if submission_key is not None and existing is not None:
            return existing, False
        raise
    return proposal, True


def proposal_support(*, actor: User, proposal: PolicyProposal) -> bool:
    """One support per person: a second click (or a double submit) changes nothing."""
    try:
        with transaction.atomic():
            _support, created = ProposalSupport.objects.get_or_create(proposal=proposal, user=actor)
            if created:
                audit_record(actor=actor, action="proposal_support", target=proposal)
    except IntegrityError:
        return False
    return created


def proposal_comment_add(*, actor: User, proposal: PolicyProposal, body: str) -> ProposalComment:
    with transaction.atomic():
        comment = ProposalComment.objects.create(proposal=proposal, author=actor, body=body.strip())
        audit_record(actor=actor, action="proposal_comment_add", target=proposal, data={"comment": comment.pk})
    return comment


def proposal_status_set(*, actor: User, proposal: PolicyProposal, status: str, reason: str) -> PolicyProposal:
    """Move a proposal along submitted → under review → accepted → reflected (or rejected),
    writing the public record of who, when and why."""
    _require_centre(actor)
    if not reason.strip():
        raise CommunityError(_("처리 사유를 적어 주세요. 사유는 제안 페이지에 공개됩니다."))
    with transaction.atomic():
        locked = PolicyProposal.objects.select_for_update().get(pk=proposal.pk)
        if status not in PROPOSAL_FLOW.get(locked.status, set()):
            raise CommunityError(
                _("'%(current)s' 상태에서는 '%(new)s'(으)로 바꿀 수 없습니다.") % {
                    "current": locked.get_status_display(), "new": PolicyProposal.Status(status).label}
                if status in PolicyProposal.Status.values else _("알 수 없는 상태입니다."))
        old = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        ProposalStateChange.objects.create(proposal=locked, from_status=old, to_status=status,
                                           changed_by=actor, reason=reason.strip())
        audit_record(actor=actor, action="proposal_status_set", target=locked,
                     data={"from": old, "to": status, "reason": reason.strip()[:200]})
    return locked


# --- roundtables -----------------------------------------------------------------------------------


def roundtable_create(
    *, actor: User, title: str, starts_at: datetime, place: str, capacity: int, description: str = "",
    seats_per_table: int = 10,
) -> Roundtable:
    """A roundtable with enough numbered tables for its capacity."""
    _require_centre(actor)
    if not 1 <= capacity <= Roundtable.MAX_CAPACITY:
        raise CommunityError(_("정원은 1명에서 1,000명 사이로 정해 주세요."))
    if seats_per_table < 2:
        raise CommunityError(_("테이블마다 2명 이상 앉을 수 있어야 합니다."))
    with transaction.atomic():
        rt = Roundtable.objects.create(title=title.strip(), description=description.strip(),
                                       starts_at=starts_at, place=place.strip(), capacity=capacity,
                                       created_by=actor)
        n_tables = -(-capacity // seats_per_table)
        RoundtableTable.objects.bulk_create(
            RoundtableTable(roundtable=rt, number=i + 1, seats=seats_per_table) for i in range(n_tables))
        audit_record(actor=actor, action="roundtable_create", target=rt,
                     data={"capacity": capacity, "tables": n_tables})
    return rt


def roundtable_register(*, actor: User, roundtable: Roundtable) -> tuple[RoundtableParticipant, bool]:
    """Register for a roundtable and sit at the emptiest table; capacity holds under a lock."""
    existing = RoundtableParticipant.objects.filter(roundtable=roundtable, user=actor).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            locked = Roundtable.objects.select_for_update().get(pk=roundtable.pk)
            if not locked.registration_open:
                raise CommunityError(_("참가 신청이 마감되었습니다."))
            if RoundtableParticipant.objects.filter(roundtable=locked).count() >= locked.capacity:
                raise CommunityError(_("정원이 다 찼습니다."))
            table = (RoundtableTable.objects.filter(roundtable=locked)
                     .annotate(n=Count("participants")).order_by("n", "number").first())
            if table is not None and table.n >= table.seats:
                table = None
            participant = RoundtableParticipant.objects.create(roundtable=locked, user=actor, table=table)
            audit_record(actor=actor, action="roundtable_register", target=locked,
                         data={"table": getattr(table, "number", None)})
    except IntegrityError:
        return RoundtableParticipant.objects.get(roundtable=roundtable, user=actor), False
    return participant, True


def agenda_item_add(*, actor: User, roundtable: Roundtable, title: str, description: str = "",
                    source: str = AgendaItem.Source.MANUAL, basis: dict[str, object] | None = None) -> AgendaItem:
    _require_centre(actor)
    with transaction.atomic():
        order = roundtable.agenda.count() + 1
        item = AgendaItem.objects.create(roundtable=roundtable, order=order, title=title.strip(),
                                         description=description.strip(), source=source, basis=basis or {})
        audit_record(actor=actor, action="agenda_item_add", target=item, data={"source": source})
    return item


def agenda_seed_from_data(*, actor: User, roundtable: Roundtable, per_kind: int = 2) -> list[AgendaItem]:
    """Add agenda items drawn from the city's figures: the dongs with most unfilled needs, the
    most under-served dongs by registration rate and the fields with most open needs.
    Items already on the agenda (same title) are not added twice."""
    from itda.dashboard.selectors import agenda_candidates

    _require_centre(actor)
    existing = set(roundtable.agenda.values_list("title", flat=True))
    added: list[AgendaItem] = []
    with transaction.atomic():
        for cand in agenda_candidates(per_kind=per_kind):
            if cand["title"] in existing:
                continue
            added.append(agenda_item_add(actor=actor, roundtable=roundtable, title=cand["title"],
                                         description=cand["description"], source=AgendaItem.Source.DATA,
                                         basis=cand["basis"]))
            existing.add(cand["title"])
    return added


def agenda_voting_set(*, actor: User, item: AgendaItem, voting: str) -> AgendaItem:
    _require_centre(actor)
    if voting not in AgendaItem.Voting.values:
        raise CommunityError(_("알 수 없는 투표 상태입니다."))
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        old = locked.voting
        locked.voting = voting
        locked.save(update_fields=["voting", "updated_at"])
        audit_record(actor=actor, action="agenda_voting_set", target=locked, data={"from": old, "to": voting})
    return locked


def agenda_vote(*, actor: User, item: AgendaItem, choice: str) -> tuple[AgendaVote, bool]:
    """One vote per participant per item; a second vote is refused, not counted again."""
    if choice not in VoteChoice.values:
        raise CommunityError(_("찬성, 반대, 보류 중 하나를 골라 주세요."))
    participant = RoundtableParticipant.objects.filter(roundtable_id=item.roundtable_id, user=actor).first()
    if participant is None:
        raise CommunityError(_("참가 신청한 분만 투표할 수 있습니다."))
    if item.voting != AgendaItem.Voting.OPEN:
        raise CommunityError(_("지금은 이 안건에 투표할 수 없습니다."))
    existing = AgendaVote.objects.filter(item=item, participant=participant).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            vote = AgendaVote.objects.create(item=item, participant=participant, choice=choice)
            audit_record(actor=actor, action="agenda_vote", target=item, data={"choice": choice})
    except IntegrityError:
        return AgendaVote.objects.get(item=item, participant=participant), False
    return vote, True


# --- education -------------------------------------------------------------------------------------


def course_create(*, actor: User, title: str, audience: str, field: ServiceField, description: str,
                  minutes: int) -> Course:
    _require_centre(actor)
    with transaction.atomic():
        course = Course.objects.create(title=title.strip(), audience=audience, field=field,
                                       description=description.strip(), minutes=minutes, created_by=actor)
        audit_record(actor=actor, action="course_create", target=course)
    return course


def course_session_add(*, actor: User, course: Course, starts_at: datetime, ends_at: datetime, place: str,
                       capacity: int) -> CourseSession:
    _require_centre(actor)
    if ends_at <= starts_at:
        raise CommunityError(_("끝나는 시각은 시작 시각보다 늦어야 합니다."))
    if capacity < 1:
        raise CommunityError(_("정원은 1명 이상이어야 합니다."))
    with transaction.atomic():
        session = CourseSession.objects.create(course=course, starts_at=starts_at, ends_at=ends_at,
                                               place=place.strip(), capacity=capacity)
        audit_record(actor=actor, action="course_session_add", target=session)
    return session


def enrolment_create(*, actor: User, session: CourseSession) -> tuple[Enrolment, bool]:
    """Enrol in a session; the capacity holds under a lock on the session row and a double
    submit leaves one row."""
    if session.starts_at <= timezone.now():
        raise CommunityError(_("이미 시작한 교육은 신청할 수 없습니다."))
    try:
        with transaction.atomic():
            locked = CourseSession.objects.select_for_update().get(pk=session.pk)
            row = Enrolment.objects.filter(session=locked, user=actor).first()
            if row is not None and row.status == Enrolment.Status.ENROLLED:
                return row, False
            taken = Enrolment.objects.filter(session=locked, status=Enrolment.Status.ENROLLED).count()
            if taken >= locked.capacity:
                raise CommunityError(_("정원이 다 찼습니다. 다른 일정을 골라 주세요."))
            if row is None:
                row = Enrolment.objects.create(session=locked, user=actor)
            else:
                row.status = Enrolment.Status.ENROLLED
                row.save(update_fields=["status", "updated_at"])
            audit_record(actor=actor, action="enrolment_create", target=row, data={"session": locked.pk})
    except IntegrityError:
        return Enrolment.objects.get(session=session, user=actor), False
    return row, True


def enrolment_cancel(*, actor: User, enrolment: Enrolment) -> Enrolment:
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.completed_at is not None:
            raise CommunityError(_("수료한 교육은 취소할 수 없습니다."))
        locked.status = Enrolment.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="enrolment_cancel", target=locked)
    return locked


def enrolment_record(*, actor: User, enrolment: Enrolment, attended: bool, completed: bool) -> Enrolment:
    """Attendance and completion, recorded by the centre after the session."""
    _require_centre(actor)
    if completed and not attended:
        raise CommunityError(_("출석하지 않은 분은 수료 처리할 수 없습니다."))
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status != Enrolment.Status.ENROLLED:
            raise CommunityError(_("신청을 취소한 분입니다."))
        locked.attended = attended
        if completed and locked.completed_at is None:
            locked.completed_at = timezone.now()
        elif not completed:
            locked.completed_at = None
        locked.recorded_by = actor
        locked.save(update_fields=["attended", "completed_at", "recorded_by", "updated_at"])
        audit_record(actor=actor, action="enrolment_record", target=locked,
                     data={"attended": attended, "completed": completed})
    return locked


# --- 1% sharing pledges ------------------------------------------------------------------------------


def pledge_create(
    *, actor: User, kind: str, starts_on: date, percent: Decimal | None = None,
    monthly_amount: int | None = None, ends_on: date | None = None, message: str = "",
) -> SharingPledge:
    if kind == SharingPledge.Kind.PERCENT:
        if percent is None or percent <= 0 or percent > 100:
            raise CommunityError(_("비율은 0보다 크고 100 이하로 적어 주세요."))
        monthly_amount = None
    elif kind == SharingPledge.Kind.AMOUNT:
        if not monthly_amount or monthly_amount <= 0:
            raise CommunityError(_("매달 나눌 금액을 원 단위로 적어 주세요."))
        percent = None
    else:
        raise CommunityError(_("약정 방식을 골라 주세요."))
    if ends_on is not None and ends_on < starts_on:
        raise CommunityError(_("종료일은 시작일보다 뒤여야 합니다."))
    try:
        with transaction.atomic():
            if SharingPledge.objects.filter(user=actor, status=SharingPledge.Status.ACTIVE).exists():
                raise CommunityError(_("이미 약정하신 나눔이 있습니다. 바꾸시려면 먼저 철회해 주세요."))
            pledge = SharingPledge.objects.create(user=actor, kind=kind, percent=percent,
                                                  monthly_amount=monthly_amount, starts_on=starts_on,
                                                  ends_on=ends_on, message=message.strip())
            audit_record(actor=actor, action="pledge_create", target=pledge, data={"kind": kind})
    except IntegrityError as exc:
        raise CommunityError(_("이미 약정하신 나눔이 있습니다. 바꾸시려면 먼저 철회해 주세요.")) from exc
    return pledge


def pledge_withdraw(*, actor: User, pledge: SharingPledge) -> SharingPledge:
    if pledge.user_id != actor.pk:
        raise CommunityError(_("본인의 약정만 철회할 수 있습니다."))
    with transaction.atomic():
        locked = SharingPledge.objects.select_for_update().get(pk=pledge.pk)
        locked.status = SharingPledge.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="pledge_withdraw", target=locked)
    return locked
