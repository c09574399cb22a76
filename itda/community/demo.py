"""Demo data for the community app: shared resources, 안녕마을 cases, policy proposals, a
roundtable with votes, education and ~300 sharing pledges, on the people already in the DB.

Called by the demo-city command after people, organisations, camps and needs exist:
`seed_community(rng=random.Random(seed), today=date)`. Randomness comes only from `rng`.
`community_reset(users)` removes what seeding made for those users (run before deleting them:
several community rows protect their author).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from itda.accounts.models import CONSENT_VERSION, Role, User, UserRole
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
)
from itda.core.audit import audit_record
from itda.needs.models import Need
from itda.organizations.models import Organization
from itda.places.models import Dong, DongCamp, ServiceField

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
SENIOR_NAMES = ["영자", "순자", "정자", "옥순", "말순", "복순", "춘자", "순덕", "영수", "춘식", "판석", "만수",
                "길수", "봉순", "금순", "덕수"]
ROADS = ["중앙로", "무등로", "금남로", "서석로", "백서로", "운암로", "첨단과기로", "하남대로", "양림로", "월드컵4강로"]

ORG_SPACES = [("{org} 강당", 80, "평일 저녁, 토요일"), ("{org} 프로그램실", 20, "평일 오후"),
              ("{org} 조리실", 12, "주말 오전")]
CAMP_EQUIPMENT = [("접이식 천막 3동", 3, "연중"), ("김장용 대형 고무통·도마 세트", 10, "11~12월 우선"),
                  ("이동식 음향 장비", 1, "주말"), ("전동 드릴·공구 세트", 2, "평일"), ("휠체어 2대", 2, "상시")]
RESIDENT_VEHICLES = [("12인승 승합차", 11, "토요일 오전"), ("1톤 트럭", 2, "일요일"), ("경승용차", 3, "평일 오후")]

CASE_SITUATIONS = {
    "isolation": ["혼자 지내시며 이웃과 왕래가 거의 없으십니다. 말벗이 필요해 보입니다.",
                  "가족과 연락이 끊긴 지 오래되셨고 외출을 거의 하지 않으십니다."],
    "food": ["하루 한 끼만 드시는 날이 많습니다. 밑반찬 지원이 있으면 좋겠습니다.",
             "조리가 어려워 라면으로 끼니를 해결하십니다."],
    "housing": ["겨울인데 창문 틈으로 바람이 많이 들어옵니다. 문풍지 작업이 필요합니다.",
                "화장실 전등과 보일러 배관이 낡아 수리가 필요합니다."],
    "health": ["무릎이 불편하셔서 병원에 혼자 가기 어려우십니다. 동행이 필요합니다.",
               "약을 제때 챙겨 드시지 못하십니다. 정기적인 안부 확인이 필요합니다."],
    "money": ["공과금이 몇 달 밀려 있습니다. 긴급 지원 제도 안내가 필요합니다."],
    "other": ["휴대전화 사용을 어려워하셔서 행정 안내 문자를 못 받으십니다."],
}
CASE_NEEDS = {
    "isolation": ("0300", "어르신 말벗 방문", "일주일에 한 번 찾아가 이야기를 나눠 주실 분을 찾습니다."),
    "food": ("0100", "어르신 댁 밑반찬 전달", "일주일에 한 번 밑반찬을 전해 주실 분을 찾습니다."),
    "housing": ("0200", "겨울나기 문풍지 작업", "창문 문풍지와 방풍 비닐 작업을 도와주실 분을 찾습니다."),
    "health": ("0500", "병원 동행", "가까운 병원까지 함께 걸어가 주실 분을 찾습니다."),
}
VISIT_NOTES = ["안부를 여쭙고 식사 여부를 확인했습니다.", "주민센터 복지 담당자와 함께 방문했습니다.",
               "도시락 배달 서비스를 안내해 드렸습니다.", "기초생활 수급 신청 서류를 같이 확인했습니다.",
               "보일러 상태를 살폈고 수리 요청을 하기로 했습니다."]
NEXT_STEPS = ["다음 주 재방문", "주민센터 맞춤형 복지팀 연계", "밑반찬 봉사 연결", "가족 연락처 확인", ""]

PROPOSALS = [
    ("동 자원봉사캠프 저녁·주말 운영", "직장인도 참여할 수 있도록 캠프를 평일 저녁과 주말에도 열어 주세요."),
    ("청소년 온라인 봉사 인정 확대", "코로나 이후 늘어난 온라인 봉사 활동도 시간으로 인정해 주면 좋겠습니다."),
    ("퇴직자 전문봉사단 활동비 지원", "교통비와 재료비 정도는 실비로 지원해야 오래 활동할 수 있습니다."),
    ("봉사자 상해보험 안내 강화", "활동 전에 보험이 적용되는지 문자로 알려 주세요."),
    ("농번기 일손돕기 셔틀버스", "광산구 농가까지 가는 대중교통이 불편합니다. 봉사자 셔틀을 운영해 주세요."),
    ("안녕마을 활동가 교육 정례화", "민감한 이야기를 듣는 활동가에게 상담 교육과 마음 돌봄이 필요합니다."),
    ("1% 나눔 기부처 공개", "모인 나눔이 어디에 쓰였는지 매달 공개해 주세요."),
    ("장애인 봉사자 참여 길 넓히기", "휠체어 이용자도 참여할 수 있는 봉사 활동을 따로 표시해 주세요."),
    ("봉사 마일리지로 공공시설 할인", "봉사 시간을 모으면 체육시설이나 문화시설을 할인해 주세요."),
    ("학교 방과후 멘토링 연계", "대학생 봉사자와 초등학교 방과후 교실을 연결해 주세요."),
    ("동네 공구 도서관", "집수리 봉사에 쓰는 공구를 동마다 빌려 쓸 수 있게 해 주세요."),
    ("외국인 주민 통역 봉사단", "고려인 마을과 이주노동자를 돕는 통역 봉사단을 만들어 주세요."),
    ("재난 대비 봉사자 명단", "폭우나 폭설 때 바로 연락할 수 있는 동별 봉사자 명단이 필요합니다."),
    ("봉사 후기 나눔 게시판", "다른 봉사자의 후기를 보면 처음 시작하는 사람도 용기를 낼 수 있습니다."),
    ("어르신 스마트폰 교실 확대", "경로당마다 스마트폰 교실을 열고 청년 봉사자를 연결해 주세요."),
]
COMMENTS = ["적극 찬성합니다.", "저희 동에도 꼭 필요합니다.", "예산은 어떻게 마련하나요?", "좋은 생각이에요!",
            "작년에 비슷한 제안이 있었는데 진행이 궁금합니다.", "봉사자 입장에서 정말 도움이 되겠습니다.",
            "구체적인 운영 방법도 같이 논의하면 좋겠습니다."]
REVIEW_REASONS = {
    "under_review": "자원봉사정책위원회 검토 안건으로 올렸습니다.",
    "accepted": "2027년 자원봉사 시행계획에 담기로 했습니다.",
    "reflected_in_policy": "광주광역시 자원봉사 활성화 시행계획에 반영되었습니다.",
    "rejected": "비슷한 사업이 이미 운영 중이어서 기존 사업을 보완하기로 했습니다.",
}
COURSES = [
    ("자원봉사 기본교육", "volunteer", "1701", 120, "자원봉사의 의미와 기본 자세, 안전과 개인정보 보호를 배웁니다."),
    ("재난 현장 자원봉사 전문교육", "volunteer", "1702", 240, "재난 현장에서 안전하게 돕는 방법을 배웁니다."),
    ("동 자원봉사캠프 관리자 과정", "manager", "1702", 360, "캠프 운영, 대리 등록과 동의 받기, 기록 관리 실무."),
    ("봉사단 리더 교육", "leader", "1700", 180, "봉사단 운영, 갈등 조정, 안전 관리와 보험 안내."),
]
PLEDGE_MESSAGES = ["작은 나눔이 큰 힘이 되길 바랍니다.", "이웃과 함께 살아가는 광주를 위해!", "매달 꾸준히 나누겠습니다.",
                   "", "", "", "아이들에게 나눔을 보여 주고 싶어요.", "받은 만큼 돌려드립니다."]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _admin() -> User | None:
    role = UserRole.objects.filter(role=Role.CENTRE_ADMIN).select_related("user").first()
    return role.user if role else User.objects.filter(is_superuser=True).first()


def seed_community(*, rng: random.Random, today: date) -> dict[str, int]:
    """Fill the community tables with realistic Korean demo rows; returns counts per kind."""
    admin = _admin()
    users = list(User.objects.filter(is_active=True).order_by("id").values_list("id", flat=True))
    if admin is None or not users:
        return {}
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts.update(_resources(rng, today, admin, users))
        counts.update(_cases(rng, today))
        counts.update(_proposals(rng, today, admin, users))
        counts.update(_roundtable(rng, today, admin, users))
        counts.update(_education(rng, today, admin, users))
        counts.update(_pledges(rng, today, users))
        audit_record(actor=admin, action="demo_community_seed", target=admin, data=counts)
    return counts


def _resources(rng: random.Random, today: date, admin: User, users: list[int]) -> dict[str, int]:
    rows: list[Resource] = []
    orgs = list(Organization.objects.filter(verification=Organization.Verification.VERIFIED)
                .select_related("dong").order_by("id")[:40])
    for org in orgs:
        name, cap, notes = rng.choice(ORG_SPACES)
        member = org.memberships.order_by("id").values_list("user_id", flat=True).first() or admin.pk
        rows.append(Resource(kind="space", name=name.format(org=org.name), owner_kind="organization",
                             organization=org, dong=org.dong, description=f"{org.name}에서 봉사활동에 빌려 드리는 공간입니다.",
                             capacity=cap, availability_notes=notes, created_by_id=member))
    for camp in DongCamp.objects.filter(is_active=True).select_related("dong").order_by("id")[:40]:
        name, cap, notes = rng.choice(CAMP_EQUIPMENT)
        rows.append(Resource(kind="equipment", name=f"{camp.dong.name} {name}", owner_kind="camp", camp=camp,
                             dong=camp.dong, description=f"{camp.name}에서 관리하는 장비입니다.", capacity=cap,
                             availability_notes=notes, created_by=admin))
    dongs = list(Dong.objects.order_by("id"))
    for uid in rng.sample(users, min(15, len(users))):
        name, cap, notes = rng.choice(RESIDENT_VEHICLES)
        rows.append(Resource(kind="vehicle", name=name, owner_kind="resident", owner_user_id=uid,
                             dong=rng.choice(dongs), description="봉사활동 이동에 쓰도록 빌려 드립니다. 운전은 제가 합니다.",
                             capacity=cap, availability_notes=notes, created_by_id=uid))
    resources = Resource.objects.bulk_create(rows)
    bookings: list[ResourceBooking] = []
    for res in resources:
        day = today + timedelta(days=rng.randint(1, 5))
        for _ in range(rng.randint(0, 3)):  # consecutive days never overlap
            hour = rng.choice([9, 10, 13, 14])
            bookings.append(ResourceBooking(resource=res, start=_aware(day, hour), end=_aware(day, hour + 2),
                                            booked_by_id=rng.choice(users), purpose=rng.choice(
                                                ["김장 나눔 행사", "어르신 생신 잔치", "봉사자 교육", "집수리 자재 운반", "반찬 나눔"])))
            day += timedelta(days=rng.randint(1, 4))
    ResourceBooking.objects.bulk_create(bookings)
    open_needs = list(Need.objects.open().order_by("id").values_list("id", "created_by_id")[:400])
    reqs = [NeedResourceRequest(need_id=nid, kind=rng.choice(["space", "equipment", "vehicle"]),
                                note=rng.choice(["20명이 모일 방", "천막 2동", "어르신 이동용 차량", ""]), created_by_id=uid)
            for nid, uid in rng.sample(open_needs, min(25, len(open_needs)))]
    NeedResourceRequest.objects.bulk_create(reqs)
    return {"resources": len(resources), "resource_bookings": len(bookings), "need_resource_requests": len(reqs)}


def _resident_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(SENIOR_NAMES)


def _cases(rng: random.Random, today: date) -> dict[str, int]:
    roles = list(UserRole.objects.filter(role=Role.ACTIVIST, dong__isnull=False).select_related("dong")
                 .order_by("id")[:40])
    cases: list[BlindSpotCase] = []
    for role in roles:
        dong = role.dong
        assert dong is not None
        for _ in range(rng.randint(1, 3)):
            category = rng.choice(list(CASE_SITUATIONS))
            cases.append(BlindSpotCase(
                dong=dong, recorded_by_id=role.user_id, category=category,
                resident_name=_resident_name(rng),
                resident_contact=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}" if rng.random() < 0.6 else "",
                resident_address=f"광주광역시 {dong.name} {rng.choice(ROADS)} {rng.randint(1, 300)}-{rng.randint(1, 30)}",
                situation=rng.choice(CASE_SITUATIONS[category]),
                consent_method=rng.choice(["in_person", "in_person", "phone", "guardian"]),
                consent_at=_aware(today - timedelta(days=rng.randint(5, 200)), rng.randint(9, 17)),
                consent_text_version=CONSENT_VERSION, sensitive_consent=category == "health" or rng.random() < 0.3,
                status=rng.choice(["watching", "watching", "closed"]),
            ))
    cases = BlindSpotCase.objects.bulk_create(cases)
    visits = [BlindSpotVisit(case=c, visited_on=today - timedelta(days=rng.randint(0, 120)),
                             note=rng.choice(VISIT_NOTES), next_step=rng.choice(NEXT_STEPS),
                             recorded_by_id=c.recorded_by_id)
              for c in cases for _ in range(rng.randint(0, 3))]
    BlindSpotVisit.objects.bulk_create(visits)
    linked = _link_cases(rng, today, [c for c in cases if c.status == "watching" and c.category in CASE_NEEDS][:6])
    return {"blindspot_cases": len(cases), "blindspot_visits": len(visits), "blindspot_linked": linked}


def _link_cases(rng: random.Random, today: date, cases: list[BlindSpotCase]) -> int:
    """A few cases go through the real service, so their needs and proxy rows are genuine."""
    from itda.community.services import CommunityError, blindspot_case_to_need
    from itda.needs.services import NeedError, SlotSpec

    fields = dict(ServiceField.objects.filter(code__in=[v[0] for v in CASE_NEEDS.values()]).values_list("code", "pk"))
    n = 0
    for case in cases:
        code, title, desc = CASE_NEEDS[case.category]
        if code not in fields:
            continue
        day = today + timedelta(days=rng.randint(2, 14))
        try:
            blindspot_case_to_need(actor=case.recorded_by, case=case, field=ServiceField.objects.get(pk=fields[code]),
                                   title=title, description=desc, place_label=f"{case.dong.name} 주민센터 근처",
                                   slot=SlotSpec(start=_aware(day, 10), end=_aware(day, 12), headcount=1))
            n += 1
        except (CommunityError, NeedError):
            continue
    return n


def _proposals(rng: random.Random, today: date, admin: User, users: list[int]) -> dict[str, int]:
    uppers = list(ServiceField.objects.filter(parent__isnull=True, is_current=True).order_by("code"))
    proposals = PolicyProposal.objects.bulk_create([
        PolicyProposal(title=t, body=b, author_id=rng.choice(users), field=rng.choice(uppers) if uppers else None)
        for t, b in PROPOSALS])
    history: list[ProposalStateChange] = []
    flows = [["submitted"], ["submitted", "under_review"], ["submitted", "under_review", "accepted"],
             ["submitted", "under_review", "accepted", "reflected_in_policy"], ["submitted", "rejected"]]
    for p in proposals:
        flow = rng.choice(flows)
        prev = ""
        for step in flow:
            history.append(ProposalStateChange(
                proposal=p, from_status=prev, to_status=step,
                changed_by_id=p.author_id if step == "submitted" else admin.pk,
                reason="시민 제안 접수" if step == "submitted" else REVIEW_REASONS[step]))
            prev = step
        p.status = flow[-1]
    PolicyProposal.objects.bulk_update(proposals, ["status"])
    ProposalStateChange.objects.bulk_create(history)
    comments = [ProposalComment(proposal=p, author_id=rng.choice(users), body=rng.choice(COMMENTS))
                for p in proposals for _ in range(rng.randint(0, 5))]
    ProposalComment.objects.bulk_create(comments)
    supports = [ProposalSupport(proposal=p, user_id=u) for p in proposals
                for u in rng.sample(users, min(len(users), rng.randint(3, 60)))]
    ProposalSupport.objects.bulk_create(supports, ignore_conflicts=True)
    return {"proposals": len(proposals), "proposal_history": len(history), "proposal_comments": len(comments),
            "proposal_supports": len(supports)}


def _roundtable(rng: random.Random, today: date, admin: User, users: list[int]) -> dict[str, int]:
    from itda.community.services import agenda_seed_from_data

    rt = Roundtable.objects.create(
        title="2026 광주 자원봉사 시민 1000인 원탁토론",
        description="자원봉사 선도도시 광주의 다음 걸음을 시민이 함께 정합니다. 10명씩 100개 테이블에서 토론하고 안건마다 바로 투표합니다.",
        starts_at=_aware(today + timedelta(days=3), 14), place="김대중컨벤션센터 컨벤션홀", capacity=1000,
        created_by=admin)
    tables = RoundtableTable.objects.bulk_create(
        RoundtableTable(roundtable=rt, number=i + 1, seats=10,
                        facilitator_id=rng.choice(users) if rng.random() < 0.8 else None) for i in range(100))
    chosen = rng.sample(users, min(len(users), 320))
    participants = RoundtableParticipant.objects.bulk_create(
        RoundtableParticipant(roundtable=rt, user_id=u, table=tables[i % len(tables)]) for i, u in enumerate(chosen))
    agenda_seed_from_data(actor=admin, roundtable=rt, per_kind=2)
    items = list(rt.agenda.order_by("order"))
    for i, item in enumerate(items):
        item.voting = "closed" if i < 2 else ("open" if i == 2 else "pending")
    AgendaItem.objects.bulk_update(items, ["voting"])
    votes = [AgendaVote(item=item, participant=p, choice=rng.choices(["agree", "disagree", "abstain"], [6, 2, 1])[0])
             for item in items[:3] for p in participants if rng.random() < 0.75]
    AgendaVote.objects.bulk_create(votes)
    return {"roundtables": 1, "roundtable_participants": len(participants), "agenda_items": len(items),
            "agenda_votes": len(votes)}


def _education(rng: random.Random, today: date, admin: User, users: list[int]) -> dict[str, int]:
    fields = {f.code: f for f in ServiceField.objects.filter(code__in=["1700", "1701", "1702"])}
    courses = Course.objects.bulk_create(
        Course(title=t, audience=a, field=fields[code], description=d, minutes=m, created_by=admin)
        for t, a, code, m, d in COURSES if code in fields)
    sessions: list[CourseSession] = []
    for c in courses:
        for offset in (-60, -20, 10, 30):
            day = today + timedelta(days=offset + rng.randint(0, 5))
            hours = max(1, c.minutes // 60)
            sessions.append(CourseSession(course=c, starts_at=_aware(day, 10), ends_at=_aware(day, 10 + hours),
                                          place=rng.choice(["광주광역시자원봉사센터 교육장", "빛고을시민문화관 세미나실",
                                                            "광산구자원봉사센터 강의실"]),
                                          capacity=rng.choice([20, 30, 40])))
    sessions = CourseSession.objects.bulk_create(sessions)
    enrolments: list[Enrolment] = []
    now = timezone.now()
    for s in sessions:
        past = s.starts_at < now
        for u in rng.sample(users, min(len(users), s.capacity - rng.randint(0, 8))):
            attended = past and rng.random() < 0.9
            enrolments.append(Enrolment(session=s, user_id=u, attended=attended,
                                        completed_at=s.ends_at if attended and rng.random() < 0.95 else None,
                                        recorded_by=admin if past else None))
    Enrolment.objects.bulk_create(enrolments)
    return {"courses": len(courses), "course_sessions": len(sessions), "enrolments": len(enrolments),
            "completions": sum(1 for e in enrolments if e.completed_at)}


def _pledges(rng: random.Random, today: date, users: list[int]) -> dict[str, int]:
    rows = []
    for uid in rng.sample(users, min(len(users), 300)):
        start = today - timedelta(days=rng.randint(0, 330))
        if rng.random() < 0.55:
            rows.append(SharingPledge(user_id=uid, kind="percent", percent=Decimal(rng.choice(["1.0", "1.0", "1.0", "2.0", "0.5"])),
                                      starts_on=start, message=rng.choice(PLEDGE_MESSAGES)))
        else:
            rows.append(SharingPledge(user_id=uid, kind="amount", monthly_amount=rng.choice([5000, 10000, 10000, 20000, 30000]),
                                      starts_on=start, ends_on=start + timedelta(days=365) if rng.random() < 0.3 else None,
                                      message=rng.choice(PLEDGE_MESSAGES)))
    pledges = SharingPledge.objects.bulk_create(rows)
    # created_at follows the pledge's start, so the dashboard's monthly trend has a shape.
    for p in pledges:
        p.created_at = _aware(p.starts_on, 12)
    SharingPledge.objects.bulk_update(pledges, ["created_at"], batch_size=500)
    return {"pledges": len(pledges)}


def community_reset(users: QuerySet[Any]) -> dict[str, int]:
    """Delete community rows made by or for these users (before the users themselves go)."""
    ids = users.values("pk")
    out: dict[str, int] = {}
    steps: list[tuple[str, QuerySet[Any]]] = [
        ("resource_bookings", ResourceBooking.objects.filter(Q(booked_by_id__in=ids) | Q(resource__created_by_id__in=ids))),
        ("need_resource_requests", NeedResourceRequest.objects.filter(created_by_id__in=ids)),
        ("resources", Resource.objects.filter(Q(created_by_id__in=ids) | Q(owner_user_id__in=ids))),
        ("blindspot_visits", BlindSpotVisit.objects.filter(Q(recorded_by_id__in=ids) | Q(case__recorded_by_id__in=ids))),
        ("blindspot_cases", BlindSpotCase.objects.filter(recorded_by_id__in=ids)),
        ("proposal_comments", ProposalComment.objects.filter(author_id__in=ids)),
        ("proposals", PolicyProposal.objects.filter(author_id__in=ids)),
        ("roundtables", Roundtable.objects.filter(created_by_id__in=ids)),
        ("courses", Course.objects.filter(created_by_id__in=ids)),
    ]
    with transaction.atomic():
        for label, qs in steps:
            out[label], _ = qs.delete()
    return out
