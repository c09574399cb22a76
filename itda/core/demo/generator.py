"""Fill a database with a realistic, reproducible Gwangju: people, organisations, teams, camps, needs.

Everything random comes from one `random.Random(seed)`; the only other input is the
reference date (today, in Asia/Seoul), so the same seed on the same day gives the same
city. A handful of showcase rows (the demo log-ins) go through the real services so their
audit rows exist; the bulk rows are written with `bulk_create` in chunks.
"""

from __future__ import annotations

import math
import random
import re
import sys
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, reset_queries, transaction
from django.db.models import OuterRef, ProtectedError, Q, RestrictedError, Subquery
from django.utils import timezone

from itda.accounts.models import CONSENT_VERSION, Consent, ConsentPurpose, Role, User, UserRole
from itda.accounts.services import role_grant, user_signup
from itda.activities.demo import activities_reset, seed_activities
from itda.community.demo import community_reset, seed_community
from itda.core.audit import audit_record
from itda.core.demo import needs as need_texts
from itda.core.demo import people, texts
from itda.core.demo.needs import NeedTemplate
from itda.core.models import AuditLog
from itda.needs.models import Need, NeedPrivate, ProxyRequester, Slot
from itda.needs.services import PrivateSpec, ProxySpec, SlotSpec, need_create
from itda.organizations.models import Organization, OrganizationMember, OrgType
from itda.organizations.services import organization_register, organization_verify
from itda.places.models import District, Dong, DongCamp, ServiceField
from itda.volunteers.models import (
    AgeGroup,
    AvailabilityWindow,
    Team,
    TeamMembership,
    VolunteerProfile,
)
from itda.volunteers.services import (
    split_tags,
    team_create,
    team_member_add,
    volunteer_profile_save,
)

DEMO_PASSWORD = "itda-demo-2026"
BULK_PREFIX = "demo_"
GENERATE_ACTION = "demo_city_generate"
CAMP_COUNT = 48  # the city's current number of dong camps (roadmap: 95)
ACTIVIST_COUNT = 30
BATCH = 5000

# (role shown, username, what to try) — printed at the end of a run.
SHOWCASE_LOGINS: list[tuple[str, str, str]] = [
    ("자원봉사센터 관리자", "admin", "/admin, 기관 인증 대기 목록 검토, 도시 통계와 목표"),
    ("봉사자", "volunteer", "광산구 첨단2동 프로필, 추천 요청 보기, 제안 수락"),
    ("도움 요청자", "resident", "북구 용봉동 요청 2건 (전등 교체, 밑반찬), 주소ㆍ전화는 매칭 전 비공개"),
    ("수요처 담당자", "org", "인증된 용봉종합사회복지관, 경로식당ㆍ스마트폰 교실 일자리와 시간대"),
    ("농가 담당자", "farm", "인증된 평동 햇살 배 농원, 배 수확ㆍ양파 수확 일손 모집"),
    ("동 캠프 관리자", "camp", "북구 용봉동 자원봉사캠프, 오프라인 주민 대리 등록"),
    ("안녕마을 활동가", "activist", "용봉동 대리 등록 요청 (민감정보 동의 포함)"),
    ("봉사단 대표", "leader", "용봉 은빛 집수리 봉사단 (퇴직자 자원봉사단) 단원 관리"),
]
SHOWCASE_USERNAMES = [u for _, u, _ in SHOWCASE_LOGINS]

AGE_WEIGHTS = {AgeGroup.YOUTH.value: 20, AgeGroup.ADULT.value: 55, AgeGroup.SENIOR.value: 25}

# Weekly rhythms: (weekdays to draw from, how many days, (start, end) hour blocks).
WD = (0, 1, 2, 3, 4)
WE = (5, 6)

# Slot time profiles: (day kind, start hour, end hour); "any" leans to Saturday.
TIME_PROFILES: dict[str, list[tuple[str, int, int]]] = {
    "repair": [("sat", 10, 12), ("wd", 14, 16), ("wd", 10, 12), ("sun", 14, 17)],
    "meal": [("wd", 10, 13), ("wd", 11, 13), ("wd", 10, 12)],
    "escort": [("wd", 9, 12), ("wd", 13, 16)],
    "visit_am": [("wd", 10, 12), ("wd", 9, 11)],
    "visit_pm": [("wd", 14, 16), ("wd", 15, 17), ("wd", 13, 15)],
    "tutor": [("wd", 16, 18), ("wd", 16, 18), ("wd", 17, 19)],
    "farm": [("any", 8, 12), ("we", 8, 12), ("wd", 9, 13)],
    "office": [("wd", 10, 12), ("wd", 13, 17), ("wd", 10, 15)],
    "event": [("we", 9, 13), ("we", 13, 17), ("sat", 10, 16), ("sun", 9, 12)],
    "evening": [("wd", 19, 21), ("wd", 20, 22)],
    "morning": [("wd", 8, 9)],
    "bath": [("wd", 13, 16), ("wd", 10, 12)],
    "edu": [("sat", 10, 12), ("wd", 14, 16), ("wd", 19, 21)],
    "online": [("any", 19, 21), ("we", 14, 17)],
}

QUAL_SENTENCES: dict[str, str] = {
    "driver_license": "운전면허가 있어 차량을 운전할 수 있는 분이 필요합니다.",
    "electrician": "전기 작업이라 전기기능사 자격이 있는 분이 필요합니다.",
    "cook_cert": "조리사 자격이 있는 분을 찾습니다.",
    "nurse": "간호사 면허가 있는 분이 필요합니다.",
    "hairdresser": "미용사 자격이 있는 분을 찾습니다.",
    "interpreter": "통역 경험이 있는 분을 찾습니다.",
    "first_aid": "응급처치 교육을 받은 분이 꼭 있어야 합니다.",
    "teacher": "교사 경력이 있는 분이면 좋겠습니다.",
    "care_worker": "요양보호사 자격이 있는 분을 찾습니다.",
}

_JOSA = re.compile(r"([가-힣])(을/를|이/가|은/는|과/와|으로/로)")
_JOSA_PAIRS = {"을/를": ("을", "를"), "이/가": ("이", "가"), "은/는": ("은", "는"), "과/와": ("과", "와")}


def josa(text: str) -> str:
    """Pick each written-out particle pair by the final consonant of the syllable before it."""

    def pick(m: re.Match[str]) -> str:
        syllable, pair = m.group(1), m.group(2)
        final = (ord(syllable) - 0xAC00) % 28
        if pair == "으로/로":
            return syllable + ("로" if final in (0, 8) else "으로")
        with_final, without = _JOSA_PAIRS[pair]
        return syllable + (with_final if final else without)

    return _JOSA.sub(pick, text)


def short_dong(name: str) -> str:
    """'첨단2동' → '첨단', '용봉동' → '용봉'; one-syllable stems keep the full name ('평동')."""
    stem = re.sub(r"\d*동$", "", name)
    return stem if len(stem) >= 2 else name


T = TypeVar("T")


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 42
    volunteers: int = 2000
    needs: int = 300
    organizations: int = 50
    batch: int = BATCH


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    today: date | None = None


class DemoExistsError(RuntimeError):
    pass


@dataclass
class _Org:
    pk: int
    name: str
    org_type: str
    focus: str
    dong: Dong
    address: str
    phone: str
    staff_id: int
    staff_name: str
    verified: bool

    def can_post(self, template: NeedTemplate) -> bool:
        return self.org_type in template.org_types and (
            self.focus == "general" or not template.focus or self.focus in template.focus
        )


@dataclass
class _Registrar:
    user_id: int
    name: str
    phone: str
    dong: Dong


def demo_exists() -> bool:
    return User.objects.filter(username="admin").exists()


def _delete(qs: Any, depth: int = 0) -> int:
    """Delete a queryset, first removing rows of other apps that protect it (bookings, sessions...).

    Anything hanging off demo rows is demo data too; other apps' FKs are mostly PROTECT, so the
    protected objects named by the error are deleted first, recursively.
    """
    for _ in range(20):
        try:
            return int(qs.delete()[0])
        except (ProtectedError, RestrictedError) as error:
            if depth > 8:
                raise
            objects = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            by_model: dict[type[models.Model], list[Any]] = {}
            for obj in objects:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                _delete(model._default_manager.filter(pk__in=pks), depth + 1)
    return int(qs.delete()[0])


def demo_reset(log: Callable[[str], None] = lambda _m: None) -> dict[str, int]:
    """Delete what earlier runs generated: demo users and everything they created."""
    # Subqueries, not id lists: a city-sized run has more users than SQLite allows parameters.
    users = User.objects.filter(Q(username__in=SHOWCASE_USERNAMES) | Q(username__startswith=BULK_PREFIX))
    user_ids = users.values("pk")
    deleted: dict[str, int] = {}
    camp_ids: list[int] = []
    for row in AuditLog.objects.filter(action=GENERATE_ACTION).values_list("data", flat=True):
        camp_ids.extend(row.get("camp_ids", []))
    with transaction.atomic():
        for label, n in community_reset(users).items():
            deleted[f"community_{label}"] = n
        log("reset: community rows of demo users")
        for label, n in activities_reset(users).items():
            deleted[f"activities_{label}"] = n
        log("reset: activity records of demo users")
        org_ids = list(
            OrganizationMember.objects.filter(user_id__in=user_ids)
            .values_list("organization_id", flat=True).distinct()
        )  # a few dozen
        steps: list[tuple[str, Any]] = [
            ("needs", Need.objects.filter(created_by_id__in=user_ids)),
            ("org_needs", Need.objects.filter(organization_id__in=org_ids)),
            ("proxy_requesters", ProxyRequester.objects.filter(registered_by_id__in=user_ids)),
            ("teams", Team.objects.filter(leader_id__in=user_ids)),
            ("organizations", Organization.objects.filter(pk__in=org_ids)),
            ("camps", DongCamp.objects.filter(pk__in=camp_ids)),
        ]
        for label, qs in steps:
            n = _delete(qs)
            deleted[label] = n
            log(f"reset: {label} {n}")
        deleted["users_and_related"] = _delete(users)
        log(f"reset: users and their rows {deleted['users_and_related']}")
    return deleted


class DemoCity:
    """One run of the generator. Construct, then call `build()`."""

    def __init__(
        self,
        options: DemoOptions,
        *,
        today: date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.options = options
        self.rng = random.Random(options.seed)
        self.today = today or timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.ref = datetime.combine(self.today, time(9, 0), tzinfo=self.tz)
        self.progress = progress or (lambda m: print(m, file=sys.stderr))
        self.summary = DemoSummary(today=self.today)
        self.covered_dongs: set[int] = set()
        self.covered_fields: set[str] = set()
        self._t0 = clock.monotonic()

    # ── small helpers ──────────────────────────────────────────────────────────
    def log(self, message: str) -> None:
        self.progress(f"[{clock.monotonic() - self._t0:6.1f}s] {message}")

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights=weights, k=1)[0]

    def person(self, age_group: str) -> tuple[str, str]:
        """A full name and its sex ("f"/"m"); women are a little more numerous among volunteers."""
        gender = "f" if self.rng.random() < (0.58 if age_group == "senior" else 0.55) else "m"
        name = self.weighted(*self._surnames) + self.rng.choice(people.GIVEN_NAMES[age_group][gender])
        return name, gender

    def person_name(self, age_group: str) -> str:
        return self.person(age_group)[0]

    def mobile(self) -> str:
        # 010-0xxx is never issued to subscribers, so demo numbers reach nobody.
        return f"010-0{self.rng.randint(100, 999)}-{self.rng.randint(0, 9999):04d}"

    def landline(self) -> str:
        """An organisation's office number."""
        return f"062-{self.rng.randint(200, 999)}-{self.rng.randint(0, 9999):04d}"

    def home_landline(self) -> str:
        # Exchange codes never start with 0, so a person's demo home phone reaches nobody either.
        return f"062-0{self.rng.randint(10, 99)}-{self.rng.randint(0, 9999):04d}"

    def jitter(self, dong: Dong) -> tuple[float, float]:
        """A point within ~0.8 km of the centroid (less for small dongs), uniform on the disc."""
        radius = min(0.8, max(0.25, math.sqrt(dong.area_km2 / math.pi)))
        r = radius * math.sqrt(self.rng.random())
        theta = self.rng.random() * 2 * math.pi
        lat = dong.lat + (r * math.cos(theta)) / 110.574
        lon = dong.lon + (r * math.sin(theta)) / (111.320 * math.cos(math.radians(dong.lat)))
        return round(lat, 6), round(lon, 6)

    def aware(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def past_moment(self, max_days: int, min_days: int = 0) -> datetime:
        return self.ref - timedelta(days=self.rng.randint(min_days, max_days),
                                    minutes=self.rng.randint(-120, 600))

    def home_address(self, dong: Dong) -> str:
        district = self.districts[dong.district_id].name
        road = self.rng.choice(texts.ROADS[district])
        kind = self.rng.choice(texts.BUILDING_KINDS_HOME)
        if kind == "아파트":
            return (f"광주광역시 {district} {road} {self.rng.randint(10, 480)}, "
                    f"{self.rng.randint(101, 115)}동 {self.rng.randint(1, 20)}{self.rng.randint(1, 6):02d}호")
        if kind == "빌라":
            return (f"광주광역시 {district} {road}{self.rng.randint(2, 90)}번길 {self.rng.randint(1, 60)}, "
                    f"{self.rng.randint(1, 4)}0{self.rng.randint(1, 4)}호")
        return f"광주광역시 {district} {road}{self.rng.randint(2, 120)}번길 {self.rng.randint(1, 80)}-{self.rng.randint(1, 9)}"

    def org_address(self, dong: Dong, org_type: str) -> str:
        district = self.districts[dong.district_id].name
        if org_type == "farm":  # farmland has lot numbers, not road-and-floor addresses
            return f"광주광역시 {district} {dong.name} {self.rng.randint(100, 999)}-{self.rng.randint(1, 9)}"
        road = self.rng.choice(texts.ROADS[district])
        tail = self.rng.choice(["", "", ", 1층", ", 2층", ", 3층"])
        return f"광주광역시 {district} {road} {self.rng.randint(5, 600)}{tail}"

    def dong_label(self, dong: Dong) -> str:
        """The dong's name, with its district when the name exists in two districts (우산동)."""
        if self._dong_name_count[dong.name] > 1:
            return f"{self.districts[dong.district_id].name} {dong.name}"
        return dong.name

    # ── reference data ─────────────────────────────────────────────────────────
    def load_reference(self) -> None:
        self.districts = {d.pk: d for d in District.objects.order_by("code")}
        self.dongs = list(Dong.objects.order_by("code"))
        if not self.dongs:
            raise RuntimeError("No dongs: run `manage.py migrate` first (it loads Gwangju's geography).")
        self.dong_by_name: dict[tuple[str, str], Dong] = {
            (self.districts[d.district_id].name, d.name): d for d in self.dongs
        }
        self._dong_name_count: dict[str, int] = {}
        for d in self.dongs:
            self._dong_name_count[d.name] = self._dong_name_count.get(d.name, 0) + 1
        self.dong_weights = [max(d.population, 1) for d in self.dongs]
        self.fields = {f.code: f for f in ServiceField.objects.order_by("code")}
        self.uppers = {code: f for code, f in self.fields.items() if f.parent_id is None and f.is_current}
        self.subs_by_name: dict[tuple[str, str], ServiceField] = {}
        for f in self.fields.values():
            if f.parent_id is not None:
                self.subs_by_name[(f.code[:2] + "00", f.name)] = f
        self._surnames = ([s for s, _ in people.SURNAMES], [w for _, w in people.SURNAMES])
        self.password_hash = make_password(DEMO_PASSWORD)
        self.used_fields = sorted({t.field for t in need_texts.TEMPLATES} & set(self.uppers))

    def field_for(self, template: NeedTemplate) -> ServiceField:
        if template.sub and (template.field, template.sub) in self.subs_by_name:
            return self.subs_by_name[(template.field, template.sub)]
        return self.uppers[template.field]

    def dong(self, district: str, name: str) -> Dong:
        return self.dong_by_name[(district, name)]

    # ── the run ────────────────────────────────────────────────────────────────
    def build(self) -> DemoSummary:
        if demo_exists():
            raise DemoExistsError("The demo city already exists (user 'admin'); use --reset to rebuild it.")
        self.load_reference()
        self.log(f"seed {self.options.seed}, reference date {self.today:%Y-%m-%d}")
        with transaction.atomic():
            self.build_showcase_people()
            self.build_camps()
        self.build_volunteers()
        with transaction.atomic():
            self.build_organizations()
            self.build_registrars()
            self.build_teams()
            self.build_showcase_needs()
            self.build_needs()
            self.refresh_statistics()
            self.build_community()
            self.build_activities()
            self.backdate()
            audit_record(
                actor=self.admin, action=GENERATE_ACTION, target=self.admin,
                data={"seed": self.options.seed, "today": self.today.isoformat(),
                      "camp_ids": self.camp_ids, "counts": self.summary.counts},
            )
        self.summary.seconds = clock.monotonic() - self._t0
        self.log(f"done in {self.summary.seconds:.1f}s")
        return self.summary

    def count(self, key: str, n: int = 1) -> None:
        self.summary.counts[key] = self.summary.counts.get(key, 0) + n

    # ── showcase log-ins through the real services ─────────────────────────────
    def signup(self, username: str, name: str, roles: list[str], *, sensitive: bool = False) -> User:
        consents: dict[str, bool] = {ConsentPurpose.TERMS: True, ConsentPurpose.PERSONAL_REQUIRED: True,
                    ConsentPurpose.PERSONAL_OPTIONAL: True, ConsentPurpose.PROVIDE_1365: True,
                    ConsentPurpose.SENSITIVE: sensitive}
        user = user_signup(username=username, password=DEMO_PASSWORD, display_name=name,
                           email=f"{username}@demo.itda.kr", phone=self.mobile(), roles=roles,
                           consents=consents)
        self.count("users")
        return user

    def build_showcase_people(self) -> None:
        yongbong = self.dong("북구", "용봉동")
        self.admin = self.signup("admin", "정은주", [])
        User.objects.filter(pk=self.admin.pk).update(is_staff=True, is_superuser=True)
        self.admin.is_staff = self.admin.is_superuser = True
        role_grant(actor=self.admin, user=self.admin, role=Role.CENTRE_ADMIN)

        self.sc_volunteer = self.signup("volunteer", "한지현", [Role.VOLUNTEER])
        profile = volunteer_profile_save(
            user=self.sc_volunteer, age_group=AgeGroup.ADULT, home_dong=self.dong("광산구", "첨단2동"),
            max_distance_km=8, max_hours_per_week=6,
            talents="스마트폰 사용법 알려드려요, 초등 수학 지도, 반찬 만들기, 운전 가능",
            intro="첨단2동에 사는 직장인이자 초등학생 엄마입니다. 퇴근 후 저녁이나 토요일 오전에 "
                  "가까운 곳에서 꾸준히 봉사하고 싶어요.",
            interest_fields=[self.uppers["0400"], self.uppers["0100"], self.uppers["0300"]],
            qualifications=["driver_license", "first_aid"],
            availability=[(1, time(19), time(21)), (3, time(19), time(21)), (5, time(9), time(13))],
        )
        VolunteerProfile.objects.filter(pk=profile.pk).update(completed_count=14, declined_count=2)
        self.count("volunteers")

        self.sc_resident = self.signup("resident", "김순자", [Role.REQUESTER], sensitive=True)
        self.sc_org_staff = self.signup("org", "이현정", [])
        self.sc_farm_staff = self.signup("farm", "박영호", [])
        self.sc_camp = self.signup("camp", "최미숙", [])
        self.sc_activist = self.signup("activist", "윤정희", [])
        role_grant(actor=self.admin, user=self.sc_camp, role=Role.CAMP_MANAGER, dong=yongbong)
        role_grant(actor=self.admin, user=self.sc_activist, role=Role.ACTIVIST, dong=yongbong)

        self.sc_leader = self.signup("leader", "조병철", [Role.VOLUNTEER])
        volunteer_profile_save(
            user=self.sc_leader, age_group=AgeGroup.SENIOR, home_dong=yongbong,
            max_distance_km=5, max_hours_per_week=8,
            talents="전기 배선 수리 32년 경력, 전기기능사 자격 보유, 방충망ㆍ문고리 수리, 트럭 운전 가능",
            intro="한국전력 협력업체에서 전기 일을 하다 퇴직했습니다. 동네 퇴직자들과 집수리 봉사단을 "
                  "꾸려 홀몸 어르신 댁을 고쳐 드리고 있습니다.",
            interest_fields=[self.uppers["0200"], self.uppers["0100"]],
            qualifications=["electrician", "driver_license"],
            availability=[(0, time(9), time(12)), (2, time(9), time(12)), (3, time(13), time(17))],
        )
        self.count("volunteers")
        self.log("showcase log-ins created through the services")

    # ── dong camps ─────────────────────────────────────────────────────────────
    def build_camps(self) -> None:
        fixed = [self.dong("북구", "용봉동"), self.dong("서구", "화정1동")]
        taken = set(DongCamp.objects.values_list("dong_id", flat=True))
        chosen = [d for d in fixed if d.pk not in taken]
        pool = [(d, w) for d, w in zip(self.dongs, self.dong_weights, strict=True)
                if d.pk not in taken and d not in chosen]
        while len(chosen) < CAMP_COUNT - len(taken) and pool:
            i = self.rng.choices(range(len(pool)), weights=[w for _, w in pool], k=1)[0]
            chosen.append(pool.pop(i)[0])
        camps = []
        for d in chosen:
            camps.append(DongCamp(
                dong=d, name=f"{self.dong_label(d)} 자원봉사캠프",
                place=self.rng.choice(texts.CAMP_PLACES).format(dong=d.name),
                opened_on=self.today - timedelta(days=self.rng.randint(90, 1100)), is_active=True,
            ))
        DongCamp.objects.bulk_create(camps)
        self.backdated: list[tuple[models.Model, datetime]] = [
            (c, datetime.combine(c.opened_on, time(9), tzinfo=self.tz)) for c in camps]
        self.camp_ids = [c.pk for c in camps]
        self.camp_dongs = chosen
        self.count("camps", len(camps))
        self.log(f"{len(camps)} dong camps")

    # ── bulk users ─────────────────────────────────────────────────────────────
    def bulk_users(self, rows: Sequence[tuple[str, str, str, datetime]], roles: Sequence[tuple[str, Dong | None]],
                   *, optional_consents: bool = True) -> list[User]:
        """Create users (username, name, phone, joined) with one role row per (role, dong) and consents."""
        users = [User(username=u, password=self.password_hash, display_name=n, phone=p, date_joined=j)
                 for u, n, p, j in rows]
        User.objects.bulk_create(users, batch_size=self.options.batch)
        role_rows = [UserRole(user_id=u.pk, role=r, dong=d) for u, (r, d) in zip(users, roles, strict=True)]
        UserRole.objects.bulk_create(role_rows, batch_size=self.options.batch)
        consents = []
        for u in users:
            for purpose in (ConsentPurpose.TERMS, ConsentPurpose.PERSONAL_REQUIRED):
                consents.append(Consent(user_id=u.pk, purpose=purpose, granted=True,
                                        text_version=CONSENT_VERSION, at=u.date_joined))
            if optional_consents and u.phone:
                consents.append(Consent(user_id=u.pk, purpose=ConsentPurpose.PERSONAL_OPTIONAL, granted=True,
                                        text_version=CONSENT_VERSION, at=u.date_joined))
        Consent.objects.bulk_create(consents, batch_size=self.options.batch)
        self.count("users", len(users))
        return users

    # ── volunteers ─────────────────────────────────────────────────────────────
    def build_volunteers(self) -> None:
        n = max(self.options.volunteers - 2, 0)  # two showcase volunteers already exist
        # Spread over dongs by population with the largest-remainder rule, then shuffle.
        total = sum(self.dong_weights)
        quotas = [n * w / total for w in self.dong_weights]
        counts = [int(q) for q in quotas]
        by_remainder = sorted(range(len(quotas)), key=lambda i: (counts[i] - quotas[i], i))
        for i in by_remainder[: n - sum(counts)]:
            counts[i] += 1
        dong_seq = [i for i, c in enumerate(counts) for _ in range(c)]
        self.rng.shuffle(dong_seq)

        personas = {g: [p for p in people.PERSONAS if p.age_group == g] for g in AGE_WEIGHTS}
        persona_weights = {g: [p.weight for p in ps] for g, ps in personas.items()}
        ages, age_w = list(AGE_WEIGHTS), list(AGE_WEIGHTS.values())
        self.pool_age_district: dict[tuple[str, int], list[int]] = {}
        self.pool_talent: dict[str, list[tuple[int, str, int]]] = {}
        through = VolunteerProfile.interest_fields.through
        done = 0
        for start in range(0, n, self.options.batch):
            rows, roles, plans = [], [], []
            for i in range(start, min(start + self.options.batch, n)):
                dong = self.dongs[dong_seq[i]]
                age = self.weighted(ages, age_w)
                persona = self.weighted(personas[age], persona_weights[age])
                phone = self.mobile() if self.rng.random() < 0.7 else ""
                rows.append((f"{BULK_PREFIX}v{i + 1:06d}", self.person_name(age), phone,
                             self.past_moment(1000)))
                roles.append((Role.VOLUNTEER, None))
                plans.append(self.plan_volunteer(dong, persona))
            with transaction.atomic():
                users = self.bulk_users(rows, roles)
                profiles = [VolunteerProfile(user_id=u.pk, **p["profile"]) for u, p in zip(users, plans, strict=True)]
                VolunteerProfile.objects.bulk_create(profiles, batch_size=self.options.batch)
                windows: list[AvailabilityWindow] = []
                interests: list[Any] = []
                extra_consents: list[Consent] = []
                for u, prof, plan in zip(users, profiles, plans, strict=True):
                    windows.extend(AvailabilityWindow(profile_id=prof.pk, weekday=wd, start=s, end=e)
                                   for wd, s, e in plan["availability"])
                    interests.extend(through(volunteerprofile_id=prof.pk, servicefield_id=self.uppers[c].pk)
                                     for c in plan["interests"])
                    if plan["provide_1365"]:
                        extra_consents.append(Consent(user_id=u.pk, purpose=ConsentPurpose.PROVIDE_1365,
                                                      granted=True, text_version=CONSENT_VERSION,
                                                      at=u.date_joined))
                    self.remember(u.pk, plan)
                AvailabilityWindow.objects.bulk_create(windows, batch_size=self.options.batch)
                through.objects.bulk_create(interests, batch_size=self.options.batch)
                Consent.objects.bulk_create(extra_consents, batch_size=self.options.batch)
            done += len(users)
            self.count("volunteers", len(users))
            self.count("availability_windows", len(windows))
            reset_queries()  # DEBUG keeps every query; a big run would otherwise hold them all
            if n >= 20000 or done == n:
                rate = done / max(clock.monotonic() - self._t0, 1e-6)
                self.log(f"volunteers {done:,}/{n:,} ({rate:,.0f}/s overall)")

    def remember(self, user_id: int, plan: dict[str, Any]) -> None:
        """Keep a bounded sample of volunteers per (age, district) and per talent for team building."""
        key = (plan["profile"]["age_group"], plan["district_id"])
        pool = self.pool_age_district.setdefault(key, [])
        if len(pool) < 3000:
            pool.append(user_id)
        for kind in plan["kinds"]:
            tpool = self.pool_talent.setdefault(kind, [])
            if len(tpool) < 3000:
                tpool.append((user_id, plan["profile"]["age_group"], plan["district_id"]))

    def plan_volunteer(self, dong: Dong, persona: people.Persona) -> dict[str, Any]:
        rng = self.rng
        age = persona.age_group
        kinds = [persona.kinds[0], *[k for k in persona.kinds[1:] if rng.random() < 0.35][:2]]
        allowed = (
            {"first_aid"} if age == "youth"
            else {"first_aid", "interpreter"} if persona.rhythm == "student"
            else None
        )
        years = {"senior": (10, 35), "adult": (2, 15), "youth": (1, 3)}[age]
        phrases: list[str] = []
        quals: list[str] = []
        for kind in kinds:
            options = [p for p in people.TALENTS[kind].phrases
                       if (allowed is None or not p.qual or p.qual in allowed)
                       and not (age == "youth" and "{n}" in p.text)]
            most = min(len(options), people.TALENTS[kind].max_phrases)
            for phrase in rng.sample(options, k=min(most, rng.choice((1, 1, 2)))):
                phrases.append(phrase.text.replace("{n}", str(rng.randint(*years))))
                if phrase.qual:
                    quals.append(phrase.qual)
        if age != "youth" and "driver_license" not in quals and rng.random() < (0.5 if age == "adult" else 0.35):
            quals.append("driver_license")
        if age == "adult" and "first_aid" not in quals and rng.random() < 0.08:
            quals.append("first_aid")
        talents = ", ".join(phrases) if rng.random() > 0.03 else ""
        interests: list[str] = []
        for kind in kinds:
            for code in people.TALENTS[kind].fields:
                if code not in interests:
                    interests.append(code)
        for code in rng.sample(["0100", "0300", "0700", "0800", "1500", "0400"], k=rng.choice((0, 1, 1, 2))):
            if code not in interests:
                interests.append(code)
        intro_parts = [
            rng.choice(persona.intros).replace("{n}", str(rng.randint(*years))),
            rng.choice(people.MOTIVATIONS[age]),
        ]
        if rng.random() < 0.6:
            intro_parts.append(rng.choice(people.RHYTHM_SENTENCES[persona.rhythm]))
        intro = " ".join(intro_parts) if rng.random() > 0.05 else ""
        lat, lon = self.jitter(dong)
        has_car = "driver_license" in quals
        if age == "senior":
            distance = rng.choice((2, 3, 3, 4, 5))
            hours = rng.randint(2, 8)
        elif age == "youth":
            distance = rng.choice((2, 3, 4, 5, 6))
            hours = rng.randint(2, 6)
        else:
            distance = rng.randint(5, 15) if has_car else rng.randint(2, 8)
            hours = rng.randint(2, 10)
        history = rng.random()
        completed = 0
        if history < 0.55:
            completed = int(rng.expovariate(1 / (25 if age == "senior" else 10))) + 1
        declined = rng.choice((0, 0, 0, 1, 1, 2, 3, 5)) if completed else rng.choice((0, 0, 0, 1))
        no_show = rng.choice((0,) * 12 + (1, 2)) if completed else 0
        return {
            "profile": {
                "age_group": age, "home_dong_id": dong.pk, "lat": lat, "lon": lon,
                "max_distance_km": distance, "max_hours_per_week": hours, "talents": talents,
                "talent_tags": split_tags(talents), "intro": intro,
                "qualifications": sorted(dict.fromkeys(quals)), "completed_count": completed,
                "declined_count": declined, "no_show_count": no_show,
                "is_active": rng.random() > 0.05,
            },
            "availability": self.plan_availability(persona.rhythm),
            "interests": interests,
            "kinds": kinds,
            "district_id": dong.district_id,
            "provide_1365": rng.random() < 0.6,
        }

    def plan_availability(self, rhythm: str) -> list[tuple[int, time, time]]:
        rng = self.rng
        slots: dict[tuple[int, int], tuple[int, time, time]] = {}

        def add(days: Sequence[int], k: int, blocks: Sequence[tuple[int, int]]) -> None:
            block = rng.choice(blocks)
            for wd in sorted(rng.sample(list(days), k=min(k, len(days)))):
                if rng.random() < 0.2:
                    block = rng.choice(blocks)
                slots[(wd, block[0])] = (wd, time(block[0]), time(block[1]))

        if rhythm == "senior":
            add(WD, rng.randint(2, 4), [(9, 12), (10, 12), (13, 17), (14, 16), (9, 13)])
        elif rhythm == "worker":
            add(WD, rng.randint(0, 2), [(19, 21), (18, 21), (19, 22)])
            add(WE, rng.randint(1, 2), [(9, 13), (10, 12), (13, 18), (14, 17)])
        elif rhythm == "home":
            add(WD, rng.randint(2, 4), [(9, 12), (10, 13), (10, 14)])
            if rng.random() < 0.2:
                add((5,), 1, [(9, 12)])
        elif rhythm == "student":
            add(WD, rng.randint(1, 3), [(14, 18), (15, 18), (13, 17)])
            add(WE, 1, [(10, 17), (10, 13)])
        elif rhythm == "shift":
            add(tuple(range(7)), rng.randint(2, 3), [(10, 16), (9, 13), (14, 18)])
        else:  # youth: weekends, some after school
            add(WE, rng.randint(1, 2), [(9, 12), (10, 13), (13, 17), (14, 18)])
            if rng.random() < 0.4:
                add(WD, rng.randint(1, 2), [(16, 18)])
        return [slots[k] for k in sorted(slots)]

    # ── organisations ──────────────────────────────────────────────────────────
    def org_name(self, variant: texts.OrgVariant, dong: Dong, crop: str, used: set[str]) -> str:
        district = self.districts[dong.district_id].name
        name = ""
        for _ in range(12):
            name = self.rng.choice(variant.names).format(
                dong=dong.name, dong2=short_dong(dong.name), district=district, crop=crop,
                word=self.rng.choice(texts.ORG_WORDS), surname=self.weighted(*self._surnames),
            )
            if name not in used:
                used.add(name)
                return name
        name = f"{name} {district}점"
        used.add(name)
        return name

    def build_organizations(self) -> None:
        self.orgs: list[_Org] = []
        used: set[str] = set()
        # Showcase: a welfare facility and a farm, registered and verified through the services.
        yongbong, pyeong = self.dong("북구", "용봉동"), self.dong("광산구", "평동")
        showcase = [
            (self.sc_org_staff, "용봉종합사회복지관", OrgType.WELFARE_FACILITY, yongbong,
             "광주광역시 북구 용봉로 88", "062-520-0000",
             "용봉동과 이웃 동 주민을 위한 종합사회복지관입니다. 하루 150명 어르신께 점심을 드리는 "
             "경로식당과 어르신 디지털 교실, 방과후 교실을 운영합니다."),
            (self.sc_farm_staff, "평동 햇살 배 농원", OrgType.FARM, pyeong,
             "광주광역시 광산구 평동로 512", "062-941-0000",
             "3대째 배 농사를 이어 오는 가족 농원입니다. 양파도 함께 키웁니다. 수확철마다 일손이 모자라 "
             "도움을 구합니다."),
        ]
        for member, name, showcase_type, dong, address, phone, description in showcase:
            org = organization_register(user=member, name=name, org_type=showcase_type, dong=dong, address=address,
                                        phone=phone, description=description, business_number="")
            organization_verify(actor=self.admin, organization=org, approve=True,
                                note="사업자등록증과 현장 확인 완료")
            used.add(name)
            self.orgs.append(_Org(org.pk, name, showcase_type, "general", dong, address, phone, member.pk,
                                  member.display_name, True))
        self.sc_org, self.sc_farm = self.orgs[0], self.orgs[1]

        n = max(self.options.organizations - 2, 0)
        types: list[str] = list(texts.ORG_TYPE_WEIGHTS)
        order = types[:n] + [self.weighted(types, list(texts.ORG_TYPE_WEIGHTS.values()))
                             for _ in range(max(n - len(types), 0))]
        # Statuses: every type has a verified org; a few of the rest wait for review, one is rejected.
        status = ["verified"] * n
        rest = list(range(len(types), n))
        self.rng.shuffle(rest)
        pending = max(1, n // 10) if n > len(types) else 0
        for i in rest[:pending]:
            status[i] = "pending"
        if len(rest) > pending:
            status[rest[pending]] = "rejected"
        farm_dongs = [d for d in self.dongs if d.name in texts.FARM_DONGS]
        staff_rows, rows = [], []
        for i, type_code in enumerate(order):
            org_type: str = type_code
            dong = self.rng.choice(farm_dongs) if org_type == "farm" else self.weighted(self.dongs, self.dong_weights)
            crop = self.rng.choice(texts.FARM_CROPS)
            variant = self.rng.choice(texts.ORGS[org_type])
            name = self.org_name(variant, dong, crop, used)
            district = self.districts[dong.district_id].name
            description = josa(self.rng.choice(variant.descriptions).format(crop=crop, district=district))
            staff_name = self.person_name("adult")
            rows.append((org_type, variant.focus, dong, name, description, status[i]))
            staff_rows.append((f"{BULK_PREFIX}o{i + 1:04d}", staff_name, self.mobile(), self.past_moment(700, 30)))
        staff = self.bulk_users(staff_rows, [(Role.ORG_STAFF, None)] * len(staff_rows))
        objs = []
        now = timezone.now()
        for (org_type, _focus, dong, name, description, st), _ in zip(rows, staff, strict=True):
            objs.append(Organization(
                name=name, org_type=org_type, dong=dong, address=self.org_address(dong, org_type), phone=self.landline(),
                description=description,
                business_number=f"{self.rng.randint(100, 899)}-{self.rng.randint(10, 99)}-{self.rng.randint(10000, 99999)}",
                verification=st,
                verification_note=self.rng.choice(texts.REJECT_NOTES) if st == "rejected" else "",
                verified_at=None if st == "pending" else now, verified_by=None if st == "pending" else self.admin,
            ))
        Organization.objects.bulk_create(objs)
        for o in objs:
            # Verified long ago, rejected lately, pending ones waiting a few days.
            if o.verification == "pending":
                created = self.past_moment(14, 1)
            elif o.verification == "rejected":
                created = self.past_moment(40, 10)
            else:
                created = self.past_moment(700, 60)
            if o.verified_at is not None:
                o.verified_at = created + timedelta(days=self.rng.randint(1, 7))
            self.backdated.append((o, created))
        OrganizationMember.objects.bulk_create(
            OrganizationMember(organization_id=o.pk, user_id=s.pk, is_manager=True) for o, s in zip(objs, staff, strict=True)
        )
        for o, s, row in zip(objs, staff, rows, strict=True):
            self.orgs.append(_Org(o.pk, o.name, o.org_type, row[1], o.dong, o.address, o.phone, s.pk,
                                  s.display_name, o.verification == "verified"))
        self.count("organizations", len(self.orgs))
        self.log(f"{len(self.orgs)} organisations ({sum(o.verified for o in self.orgs)} verified)")

    # ── camp managers and 안녕마을 activists ────────────────────────────────────
    def build_registrars(self) -> None:
        managed = self.camp_dongs[1:]  # the showcase manager runs the first camp (용봉동)
        managed = managed[: max(1, len(managed) // 3)]
        activist_dongs = [self.weighted(self.dongs, self.dong_weights) for _ in range(ACTIVIST_COUNT)]
        rows, roles = [], []
        for i, d in enumerate(managed):
            rows.append((f"{BULK_PREFIX}c{i + 1:03d}", self.person_name("adult"), self.mobile(), self.past_moment(600, 30)))
            roles.append((Role.CAMP_MANAGER, d))
        for i, d in enumerate(activist_dongs):
            age = "senior" if self.rng.random() < 0.4 else "adult"
            rows.append((f"{BULK_PREFIX}a{i + 1:03d}", self.person_name(age), self.mobile(), self.past_moment(600, 30)))
            roles.append((Role.ACTIVIST, d))
        users = self.bulk_users(rows, roles)
        self.registrars: dict[int, list[_Registrar]] = {}
        for u, (_, d) in zip(users, roles, strict=True):
            assert d is not None
            self.registrars.setdefault(d.pk, []).append(_Registrar(u.pk, u.display_name, u.phone, d))
        self.count("camp_managers", len(managed) + 1)
        self.count("activists", len(activist_dongs) + 1)

    # ── teams ──────────────────────────────────────────────────────────────────
    def build_teams(self) -> None:
        target = 60 if self.options.volunteers >= 600 else max(3, self.options.volunteers // 10)
        # Scale the 60-team mix; the showcase retiree corps is one of the target.
        counts = {i: max(1, c * target // 60) for i, c in texts.TEAM_MIX}
        while sum(counts.values()) > target - 1:
            counts[max(counts, key=lambda i: (counts[i], -i))] -= 1
        retiree = next(i for i, _ in texts.TEAM_MIX if texts.TEAMS[i].kind == "retiree")
        counts[retiree] += max(target - 1 - sum(counts.values()), 0)
        mix = [i for i, c in counts.items() for _ in range(c)]
        yongbong = self.dong("북구", "용봉동")
        team = team_create(leader=self.sc_leader, name="용봉 은빛 집수리 봉사단", kind=Team.Kind.RETIREE,
                           dong=yongbong, specialty="집수리, 전기",
                           description="전기, 목공, 설비 일을 하다 퇴직한 용봉동 주민들이 모였습니다. "
                                       "매주 화요일과 목요일 오전에 홀몸 어르신 댁을 찾아 집을 고칩니다.",
                           fields=[self.uppers["0200"], self.uppers["0100"]])
        seniors = self.pool_age_district.get(("senior", yongbong.district_id), [])
        for uid in seniors[:8]:
            team_member_add(actor=self.sc_leader, team=team, user=User(pk=uid))
        self.count("teams")
        self.count("team_members", 1 + len(seniors[:8]))

        used_names = {team.name}
        leaders: set[int] = {self.sc_leader.pk}
        teams, members_per_team, fields_per_team = [], [], []
        districts = list(self.districts.values())
        for spec_index in mix:
            spec = texts.TEAMS[spec_index]
            district = self.rng.choice(districts)
            dongs_here = [d for d in self.dongs if d.district_id == district.pk]
            dong = self.weighted(dongs_here, [d.population or 1 for d in dongs_here])
            name = ""
            for _ in range(12):
                name = self.rng.choice(spec.names).format(
                    district=district.name, dong=short_dong(dong.name), word=self.rng.choice(texts.ORG_WORDS))
                if name not in used_names:
                    break
            if name in used_names:
                name = f"{name} {len(used_names) + 1}기"
            used_names.add(name)
            candidates = [c for c in self.team_candidates(spec, district.pk) if c not in leaders]
            if len(candidates) < 3:  # a small city: take the right ages from anywhere
                candidates = [uid for (age, _), pool in self.pool_age_district.items()
                              if age in spec.age_groups for uid in pool if uid not in leaders]
            size = min(len(candidates), self.rng.randint(3, 15))
            if size < 1:
                continue
            members = self.rng.sample(candidates, k=size)
            leaders.add(members[0])
            description = spec.description + " " + self.rng.choice([
                f"{self.rng.randint(2, 15)}년째 함께 활동하고 있습니다.", "한 달에 한 번 모여 활동 계획을 세웁니다.",
                "새 단원을 언제든 환영합니다.", f"{district.name} 자원봉사센터에 등록된 봉사단입니다.",
            ])
            teams.append(Team(name=name, kind=spec.kind, leader_id=members[0],
                              dong=None if spec.kind in ("professional", "corporate") and self.rng.random() < 0.5 else dong,
                              specialty=spec.specialty, description=description))
            members_per_team.append(members)
            fields_per_team.append(spec.fields)
        Team.objects.bulk_create(teams)
        self.backdated.extend((t, self.past_moment(900, 30)) for t in teams)
        TeamMembership.objects.bulk_create(
            [TeamMembership(team_id=t.pk, user_id=uid) for t, ms in zip(teams, members_per_team, strict=True)
             for uid in ms], batch_size=self.options.batch)
        through = Team.fields.through
        through.objects.bulk_create(
            [through(team_id=t.pk, servicefield_id=self.uppers[c].pk) for t, codes in zip(teams, fields_per_team, strict=True)
             for c in codes])
        UserRole.objects.bulk_create([UserRole(user_id=t.leader_id, role=Role.TEAM_LEADER) for t in teams])
        self.count("teams", len(teams))
        self.count("team_members", sum(len(m) for m in members_per_team))
        self.log(f"{len(teams) + 1} teams")

    def team_candidates(self, spec: texts.TeamSpec, district_id: int) -> list[int]:
        if spec.talent:
            pool = [(uid, age, did) for uid, age, did in self.pool_talent.get(spec.talent, []) if age in spec.age_groups]
            local = [uid for uid, _, did in pool if did == district_id]
            return local if len(local) >= 6 else [uid for uid, _, _ in pool]
        out: list[int] = []
        for age in spec.age_groups:
            out.extend(self.pool_age_district.get((age, district_id), []))
        return out

    # ── history ───────────────────────────────────────────────────────────────
    def backdate(self) -> None:
        """Give bulk rows the creation dates a real city would have, so dashboards show growth.

        `created_at` is auto_now_add, so it is set after the insert: profiles take their user's
        sign-up time in one UPDATE; the few hundred other rows go through bulk_update.
        """
        joined = User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1]
        VolunteerProfile.objects.filter(user__username__startswith=BULK_PREFIX).update(
            created_at=Subquery(joined), updated_at=Subquery(joined))
        by_model: dict[type[models.Model], list[models.Model]] = {}
        for obj, created in self.backdated:
            obj.created_at = created  # type: ignore[attr-defined]
            obj.updated_at = max(created, getattr(obj, "verified_at", None) or created)  # type: ignore[attr-defined]
            by_model.setdefault(type(obj), []).append(obj)
        for model, objs in by_model.items():
            fields = ["created_at", "updated_at"] + (["verified_at"] if model is Organization else [])
            model._default_manager.bulk_update(objs, fields, batch_size=500)

    def refresh_statistics(self) -> None:
        """After a bulk load, PostgreSQL still plans with the statistics of empty tables, and
        its nested-loop plans then take seconds per query; ANALYZE sees this transaction's rows."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    # ── activities (past sessions, approved hours, so certificates and dashboards have data) ──
    def build_activities(self) -> None:
        counts = seed_activities(rng=random.Random(self.options.seed * 104729 + 3), today=self.today)
        self.count_seeded("activities", counts)

    # ── community (resources, 안녕마을 cases, proposals, roundtable, education, pledges) ──
    def build_community(self) -> None:
        # Its own stream, so community changes never reshuffle the rest of the city.
        counts = seed_community(rng=random.Random(self.options.seed * 7919 + 1), today=self.today)
        self.count_seeded("community", counts)

    def count_seeded(self, app: str, counts: dict[str, int]) -> None:
        for key, n in counts.items():
            self.count(f"{app}_{key}", n)
        self.log(f"{app}: {sum(counts.values())} rows")

    # ── needs ──────────────────────────────────────────────────────────────────
    def slot_specs(self, template: NeedTemplate, *, status: str, urgency: int) -> list[SlotSpec]:
        rng = self.rng
        day_kind, start_h, end_h = rng.choice(TIME_PROFILES[template.time])
        k = rng.randint(*template.slots)
        if day_kind == "wd":
            days: tuple[int, ...] = WD
        elif day_kind == "we":
            days = WE
        elif day_kind == "sat":
            days = (5,)
        elif day_kind == "sun":
            days = (6,)
        else:
            days = (0, 1, 2, 3, 4, 5, 5, 5, 6)
        # Upcoming slots fall within the next six weeks; finished needs had theirs in the past weeks.
        span = 7 * k if template.recurring else 14
        if status == Need.Status.DONE:
            first = self.today - timedelta(days=rng.randint(span + 1, span + 21))
        elif urgency == 2:
            first = self.today + timedelta(days=rng.randint(1, 5))
        else:
            first = self.today + timedelta(days=rng.randint(7 if urgency == 0 else 3, max(7, 42 - span)))
        headcount = rng.randint(*template.headcount)
        minute = 30 if start_h < end_h - 1 and rng.random() < 0.15 else 0
        dates: list[date] = []
        if template.recurring:
            wd = rng.choice(days)
            d = first + timedelta(days=(wd - first.weekday()) % 7)
            dates = [d + timedelta(weeks=w) for w in range(k)]
        else:
            window = [first + timedelta(days=i) for i in range(14)]
            window = [d for d in window if d.weekday() in days
                      and (status != Need.Status.DONE or d < self.today)]
            dates = sorted(rng.sample(window, k=min(k, len(window))))
        return [SlotSpec(self.aware(d, start_h, minute), self.aware(d, end_h, minute),
                         max(1, headcount + (rng.choice((-1, 0, 0, 1)) if headcount > 2 else 0)))
                for d in dates]

    def choose_template(self, candidates: list[NeedTemplate]) -> NeedTemplate:
        fresh = [t for t in candidates if t.field not in self.covered_fields]
        pick_from = fresh or candidates
        template = self.weighted(pick_from, [t.weight for t in pick_from])
        self.covered_fields.add(template.field)
        return template

    def fill(self, pattern: str, values: dict[str, str]) -> str:
        return josa(pattern.format(**values))

    def template_values(self, template: NeedTemplate, dong: Dong, org: _Org | None) -> dict[str, str]:
        rng = self.rng
        district = self.districts[dong.district_id].name
        values = {
            "dong": dong.name, "district": district, "org": org.name if org else "",
            "landmark": rng.choice(texts.LANDMARKS[district]), "age": rng.choice(("70", "80", "80", "90")),
            "n": str(rng.randint(2, 15)),
            "crop": self.crop_of(org.name) if org and org.org_type == "farm" else "",
        }
        for key, options in template.vars.items():
            values[key] = rng.choice(options)
        return values

    def crop_of(self, org_name: str) -> str:
        for crop in sorted(texts.FARM_CROPS, key=len, reverse=True):
            if crop in org_name:
                return crop
        return "배"

    def describe(self, template: NeedTemplate, values: dict[str, str], *, kind: str, quals: list[str],
                 ages: list[str], gender: str = "f") -> str:
        """Opener (residents), one task, up to two details, qualification lines and a closer."""
        rng = self.rng
        parts: list[str] = []
        if kind == "proxy":
            parts.append(rng.choice(need_texts.PROXY_OPENERS))
        elif kind == "resident":
            parts.append(rng.choice(template.openers or need_texts.RESIDENT_OPENERS[gender]))
        parts.append(rng.choice(template.proxy_tasks if kind == "proxy" else template.tasks))
        if template.details:
            parts.extend(rng.sample(list(template.details), k=rng.randint(0, min(2, len(template.details)))))
        parts.extend(QUAL_SENTENCES[q] for q in quals)
        if ages == ["adult"]:
            parts.append("성인만 참여할 수 있습니다.")
        elif "youth" in ages and ages != ["youth"] and rng.random() < 0.5:
            parts.append("청소년도 보호자 동의를 받아 참여할 수 있습니다.")
        if kind == "org":
            closers = need_texts.ORG_CLOSERS[template.setting]
            parts.extend(rng.sample(closers, k=rng.choice((1, 2))))
        else:
            parts.append(rng.choice(need_texts.PROXY_CLOSERS if kind == "proxy" else need_texts.RESIDENT_CLOSERS))
        return self.fill(" ".join(parts), values)

    def status_and_urgency(self, kind: str) -> tuple[str, int]:
        x = self.rng.random()
        status = (Need.Status.DRAFT if x < 0.04 else Need.Status.CANCELLED if x < 0.08
                  else Need.Status.FILLED if x < 0.16 else Need.Status.DONE if x < 0.22 else Need.Status.OPEN)
        weights = {"org": (75, 20, 5), "resident": (60, 28, 12), "proxy": (45, 35, 20)}[kind]
        return status, self.weighted((0, 1, 2), weights)

    def build_showcase_needs(self) -> None:
        yongbong = self.dong("북구", "용봉동")
        pyeong = self.dong("광산구", "평동")
        d = self.today
        monday = d + timedelta(days=7 - d.weekday())  # next Monday

        def at(day: date, h1: int, h2: int, n: int, m1: int = 0, m2: int = 0) -> SlotSpec:
            return SlotSpec(self.aware(day, h1, m1), self.aware(day, h2, m2), n)

        res_private = PrivateSpec(address="광주광역시 북구 용봉로 57, 103동 804호", contact_name="김순자",
                                  contact_phone=self.sc_resident.phone)
        specs: list[dict[str, Any]] = [
            {"actor": self.sc_resident, "field": self.subs_by_name[("0200", "주거개선")],
             "title": "거실 전등 교체 도와주세요",
             "description": "혼자 사는 일흔여덟 살 할머니입니다. 거실 형광등이 며칠째 깜빡이다 아예 나갔습니다. "
                            "새 LED 등은 사 두었는데 천장이 높아 혼자 달 수가 없습니다. 오시기 전에 전화 한 통 주세요.",
             "dong": yongbong, "slots": [at(monday + timedelta(days=1), 14, 16, 1)], "private": res_private,
             "place_label": "용봉동 아파트 단지", "required_qualifications": ["electrician"],
             "eligible_age_groups": ["adult", "senior"], "urgency": 1},
            {"actor": self.sc_resident, "field": self.subs_by_name[("0100", "식사ㆍ반찬지원")],
             "title": "일주일 치 밑반찬 만들어 주실 분",
             "description": "손이 떨려서 칼질과 불 앞에 오래 서 있기가 어렵습니다. 멸치볶음, 콩자반 같은 반찬을 "
                            "한 번에 만들어 두면 일주일은 먹습니다. 재료는 제가 사 두겠습니다.",
             "dong": yongbong,
             "slots": [at(monday + timedelta(days=2 + 7 * w), 10, 12, 1) for w in range(3)],
             "private": PrivateSpec(address=res_private.address, contact_name="김순자",
                                    contact_phone=self.sc_resident.phone,
                                    sensitive_note="당뇨가 있어 단 음식은 피해 주세요."),
             "place_label": "용봉동 아파트 단지", "eligible_age_groups": ["adult", "senior"]},
            {"actor": self.sc_org_staff, "organization": self.sc_org.pk, "field": self.subs_by_name[("0100", "급식지원")],
             "title": "[용봉종합사회복지관] 경로식당 배식 보조",
             "description": "하루 150명 어르신께 점심을 드립니다. 배식과 식판 정리를 맡아 주실 분을 찾습니다. "
                            "조리는 영양사 선생님과 조리원이 하십니다. 점심 식사를 드립니다.",
             "dong": yongbong,
             "slots": [at(monday + timedelta(days=off + 7 * w), 10, 13, 4) for w in range(2) for off in (0, 2, 4)],
             "private": PrivateSpec(address="광주광역시 북구 용봉로 88, 1층 경로식당",
                                    contact_name="이현정 사회복지사", contact_phone="062-520-0000"),
             "place_label": "용봉종합사회복지관 1층 식당", "eligible_age_groups": ["adult", "senior", "youth"]},
            {"actor": self.sc_org_staff, "organization": self.sc_org.pk, "field": self.subs_by_name[("0400", "평생교육")],
             "title": "어르신 스마트폰 교실 보조강사",
             "description": "어르신 스마트폰 교실에서 강사를 도와 옆에서 하나하나 알려 드리는 역할입니다. "
                            "영상통화, 카카오톡 사진 보내기, 키오스크 주문을 함께 연습합니다.",
             "dong": yongbong,
             "slots": [at(monday + timedelta(days=1 + 7 * w), 14, 16, 2) for w in range(4)],
             "private": PrivateSpec(address="광주광역시 북구 용봉로 88, 3층 교육실",
                                    contact_name="이현정 사회복지사", contact_phone="062-520-0000"),
             "place_label": "용봉종합사회복지관 3층 교육실"},
            {"actor": self.sc_farm_staff, "organization": self.sc_farm.pk, "field": self.subs_by_name[("0600", "일손지원")],
             "title": "배 수확 일손이 필요합니다",
             "description": "배 수확 철인데 일손이 턱없이 부족합니다. 농장 주인 내외가 모두 일흔이 넘어 젊은 손길이 "
                            "필요합니다. 처음 하시는 분도 30분이면 금방 익힙니다. 장갑과 새참을 준비해 두겠습니다.",
             "dong": pyeong,
             "slots": [at(monday + timedelta(days=5), 8, 12, 8), at(monday + timedelta(days=6), 8, 12, 8),
                       at(monday + timedelta(days=12), 8, 12, 6)],
             "private": PrivateSpec(address="광주광역시 광산구 평동로 512 (농원 입구 창고 앞)",
                                    contact_name="박영호 대표", contact_phone=self.sc_farm_staff.phone),
             "place_label": "평동 햇살 배 농원", "eligible_age_groups": ["adult", "senior"], "urgency": 1},
            {"actor": self.sc_farm_staff, "organization": self.sc_farm.pk, "field": self.subs_by_name[("0600", "일손지원")],
             "title": "양파 수확과 망 담기 도와주실 분",
             "description": "배 농사와 함께 짓는 양파를 거둘 때가 됐습니다. 뽑아 둔 양파를 다듬어 망에 담는 일로, "
                            "앉아서 하는 일이 많습니다. 트럭으로 옮길 운전면허 소지자도 한 분 찾습니다.",
             "dong": pyeong,
             "slots": [at(monday + timedelta(days=15), 8, 12, 6), at(monday + timedelta(days=16), 8, 12, 6)],
             "private": PrivateSpec(address="광주광역시 광산구 평동로 512 (양파밭은 농원 뒤편)",
                                    contact_name="박영호 대표", contact_phone=self.sc_farm_staff.phone),
             "place_label": "평동 들녘", "eligible_age_groups": ["adult", "senior"]},
            {"actor": self.sc_camp, "field": self.subs_by_name[("0300", "말벗ㆍ상담")],
             "title": "홀몸 어르신 말벗 (주 1회 방문)",
             "description": "휴대전화가 없으셔서 용봉동 자원봉사캠프에서 대신 등록합니다. 하루 종일 말 한마디 안 하고 "
                            "지내시는 날이 많습니다. 첫 방문 때는 캠프 담당자가 함께 갑니다.",
             "dong": yongbong,
             "slots": [at(monday + timedelta(days=3 + 7 * w), 14, 16, 1) for w in range(4)],
             "private": PrivateSpec(address="광주광역시 북구 서하로45번길 12-3",
                                    contact_name="김말순 어르신 (연락은 캠프 최미숙)", contact_phone=self.sc_camp.phone),
             "proxy": ProxySpec(name="김말순", phone="", consent_method=ProxyRequester.ConsentMethod.IN_PERSON),
             "place_label": "용봉동 주택가", "eligible_age_groups": ["adult", "senior"]},
            {"actor": self.sc_activist, "field": self.subs_by_name[("0200", "주거개선")],
             "title": "겨울 오기 전 문풍지와 단열 뽁뽁이 붙이기",
             "description": "안녕마을 방문 중에 알게 된 어르신 댁입니다. 창문 틈으로 바람이 많이 들어와 겨울마다 춥게 "
                            "지내십니다. 문풍지와 단열 에어캡은 구청에서 받아 두었습니다. 방문 전에 활동가에게 먼저 "
                            "연락 부탁드립니다.",
             "dong": yongbong, "slots": [at(monday + timedelta(days=5), 10, 12, 2)],
             "private": PrivateSpec(address="광주광역시 북구 용봉로27번길 8-1", contact_name="박복순 어르신 (연락은 활동가 윤정희)",
                                    contact_phone=self.sc_activist.phone,
                                    sensitive_note="무릎 수술 후 재활 중이셔서 문을 여는 데 시간이 걸립니다."),
             "proxy": ProxySpec(name="박복순", phone="062-051-0000", consent_method=ProxyRequester.ConsentMethod.IN_PERSON,
                                sensitive_consent=True),
             "place_label": "용봉동 주택가", "urgency": 1},
        ]
        for spec in specs:
            org_pk = spec.pop("organization", None)
            spec["organization"] = Organization.objects.get(pk=org_pk) if org_pk else None
            need, _ = need_create(**spec)
            self.covered_dongs.add(need.dong_id)
            self.covered_fields.add(need.field.upper.code)
            self.count("needs")
            self.count("slots", len(spec["slots"]))

    def build_needs(self) -> None:
        n = max(self.options.needs - self.summary.counts.get("needs", 0), 0)
        verified = [o for o in self.orgs[2:] if o.verified]
        n_org = round(n * 0.45) if verified else 0
        n_ind = n - n_org
        org_templates = [t for t in need_texts.TEMPLATES if t.who == "org"]
        res_templates = [t for t in need_texts.TEMPLATES if t.who == "resident"]
        plan: list[tuple[str, NeedTemplate, Dong, _Org | None]] = []
        org_weight = {"welfare_facility": 2.0, "farm": 1.6}
        for i in range(n_org):
            org: _Org | None
            missing = [c for c in self.used_fields if c not in self.covered_fields]
            able = [o for o in verified if any(t.field in missing and o.can_post(t) for t in org_templates)]
            if i < len(verified):
                org = verified[i]
            else:
                pool = able or verified
                org = self.weighted(pool, [org_weight.get(o.org_type, 1.0) for o in pool])
            template = self.choose_template([t for t in org_templates if org.can_post(t)])
            dong = org.dong
            if template.time == "event" and self.rng.random() < 0.5:
                same = [d for d in self.dongs if d.district_id == org.dong.district_id]
                dong = self.rng.choice(same)
            self.covered_dongs.add(dong.pk)
            plan.append(("org", template, dong, org))
        uncovered = [d for d in self.dongs if d.pk not in self.covered_dongs]
        self.rng.shuffle(uncovered)
        for i in range(n_ind):
            dong = uncovered[i] if i < len(uncovered) else self.weighted(self.dongs, self.dong_weights)
            kind = "proxy" if dong.pk in self.registrars and self.rng.random() < 0.45 else "resident"
            template = self.choose_template(
                [t for t in res_templates if t.proxy_tasks] if kind == "proxy" else res_templates)
            plan.append((kind, template, dong, None))

        # Residents who ask for themselves: one account for one or two needs in the same dong.
        residents: list[tuple[str, str, str, datetime]] = []
        resident_genders: list[str] = []
        owner: list[int] = []
        open_slot: dict[int, int] = {}  # dong pk → resident index with room for a second need
        for kind, template, dong, _ in plan:
            if kind != "resident":
                owner.append(-1)
                continue
            idx = open_slot.pop(dong.pk, None) if not template.openers else None
            if idx is None:
                idx = len(residents)
                age = "adult" if template.openers else "senior"
                name, gender = self.person(age)
                residents.append((f"{BULK_PREFIX}r{idx + 1:05d}", name, self.mobile(), self.past_moment(300, 20)))
                resident_genders.append(gender)
                if not template.openers and self.rng.random() < 0.4:
                    open_slot[dong.pk] = idx
            owner.append(idx)
        resident_users = self.bulk_users(residents, [(Role.REQUESTER, None)] * len(residents))
        sensitive_residents: list[int] = []

        needs, privates, slots_per_need, proxies = [], [], [], []
        for (kind, template, dong, plan_org), res_idx in zip(plan, owner, strict=True):
            org = plan_org
            values = self.template_values(template, dong, org)
            status, urgency = self.status_and_urgency(kind)
            quals = [q for q, p in template.quals if self.rng.random() < p]
            ages = list(self.rng.choice(template.ages))
            title = self.fill(self.rng.choice(template.titles), values)
            description = self.describe(template, values, kind=kind, quals=quals, ages=ages,
                                        gender=resident_genders[res_idx] if res_idx >= 0 else "f")
            place = self.fill(self.rng.choice(template.places), values) if template.places else dong.name
            proxy = None
            sensitive_note = ""
            if kind == "org":
                assert org is not None
                created_by = org.staff_id
                role_title = self.rng.choice(("팀장", "사회복지사", "대표", "담당자", "실장"))
                address = org.address if self.rng.random() < 0.7 else f"{org.address} ({place})"
                private = (address, f"{org.staff_name} {role_title}", org.phone)
            elif kind == "proxy":
                registrar = self.rng.choice(self.registrars[dong.pk])
                created_by = registrar.user_id
                resident_name = self.person_name("senior")
                has_sensitive = self.rng.random() < 0.4
                proxy = ProxyRequester(
                    name=resident_name, phone=self.home_landline() if self.rng.random() < 0.5 else "", dong=dong,
                    consent_method=self.weighted(("in_person", "phone", "guardian"), (60, 25, 15)),
                    consent_at=self.past_moment(20, 1), consent_text_version=CONSENT_VERSION,
                    sensitive_consent=has_sensitive, registered_by_id=registrar.user_id,
                )
                if has_sensitive and template.sensitive and self.rng.random() < 0.6:
                    sensitive_note = self.rng.choice(template.sensitive)
                private = (self.home_address(dong), f"{resident_name} 어르신 (연락은 {registrar.name})",
                           proxy.phone or registrar.phone)
            else:
                user = resident_users[res_idx]
                created_by = user.pk
                if template.sensitive and self.rng.random() < 0.25:
                    sensitive_note = self.rng.choice(template.sensitive)
                    sensitive_residents.append(user.pk)
                private = (self.home_address(dong), user.display_name, user.phone)
            lat, lon = (dong.lat, dong.lon)
            needs.append(Need(
                requester_kind=Need.RequesterKind.ORGANIZATION if org else Need.RequesterKind.INDIVIDUAL,
                organization_id=org.pk if org else None, created_by_id=created_by, field=self.field_for(template),
                title=title[:100], description=description, dong=dong, lat=lat, lon=lon, place_label=place[:100],
                required_qualifications=sorted(quals), eligible_age_groups=sorted(ages), urgency=urgency,
                status=status,
            ))
            privates.append((*private, sensitive_note))
            slots_per_need.append(self.slot_specs(template, status=status, urgency=urgency))
            proxies.append(proxy)
        ProxyRequester.objects.bulk_create([p for p in proxies if p is not None])
        for need, proxy in zip(needs, proxies, strict=True):
            if proxy is not None:
                need.proxy_for_id = proxy.pk
        Need.objects.bulk_create(needs, batch_size=self.options.batch)
        for need, specs in zip(needs, slots_per_need, strict=True):
            # Posted one to three weeks before the first slot, never in the future.
            posted = min(specs[0].start - timedelta(days=self.rng.randint(7, 21), hours=self.rng.randint(0, 9)),
                         self.ref - timedelta(hours=self.rng.randint(1, 48)))
            self.backdated.append((need, posted))
        NeedPrivate.objects.bulk_create(
            [NeedPrivate(need_id=need.pk, address=a, contact_name=c[:50], contact_phone=p, sensitive_note=s)
             for need, (a, c, p, s) in zip(needs, privates, strict=True)], batch_size=self.options.batch)
        slot_rows = [Slot(need_id=need.pk, start=s.start, end=s.end, headcount=s.headcount)
                     for need, specs in zip(needs, slots_per_need, strict=True) for s in specs]
        Slot.objects.bulk_create(slot_rows, batch_size=self.options.batch)
        Consent.objects.bulk_create(
            [Consent(user_id=uid, purpose=ConsentPurpose.SENSITIVE, granted=True, text_version=CONSENT_VERSION,
                     at=self.past_moment(20, 1)) for uid in dict.fromkeys(sensitive_residents)])
        self.count("needs", len(needs))
        self.count("slots", len(slot_rows))
        self.count("proxy_requesters", sum(p is not None for p in proxies) + 2)
        self.count("residents", len(resident_users) + 1)
        self.log(f"{self.summary.counts['needs']} needs, {self.summary.counts['slots']} slots")
