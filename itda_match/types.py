"""Immutable records the engine reads (volunteers, needs, slots) and writes (assignments, rankings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))

AGE_GROUPS: tuple[str, ...] = ("youth", "adult", "senior")
QUALIFICATIONS: tuple[str, ...] = (
    "driver_license",
    "cook_cert",
    "electrician",
    "teacher",
    "nurse",
    "care_worker",
    "interpreter",
    "first_aid",
    "hairdresser",
)
REQUESTER_KINDS: tuple[str, ...] = ("individual", "organization")
ORG_TYPES: tuple[str, ...] = ("farm", "sme", "social_economy", "public_interest", "welfare_facility")


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 position in degrees."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class AvailabilityWindow:
    """A weekly window: weekday (Mon=0) and minutes since midnight, Asia/Seoul."""

    weekday: int
    start_min: int
    end_min: int

    def contains(self, slot: Slot) -> bool:
        """True when the slot lies wholly inside this window (hard rule 4)."""
        weekday, start_min, end_min, same_day = slot.kst_clock()
        return weekday == self.weekday and same_day and self.start_min <= start_min and end_min <= self.end_min


@dataclass(frozen=True, slots=True)
class History:
    """Past record on the platform; smoothed before use so newcomers are not punished."""

    completed: int = 0
    declined: int = 0
    no_show: int = 0


@dataclass(frozen=True, slots=True)
class Volunteer:
    """A person offering help."""

    id: str
    age_group: str
    home: GeoPoint
    max_distance_km: float
    availability: tuple[AvailabilityWindow, ...]
    max_hours_per_week: float
    talents: tuple[str, ...] = ()
    interest_fields: tuple[str, ...] = ()
    intro: str = ""
    qualifications: frozenset[str] = frozenset()
    history: History = field(default_factory=History)

    @property
    def profile_text(self) -> str:
        """The free text the engine reads to understand what this person can do."""
        return " ".join([*self.talents, self.intro])


@dataclass(frozen=True, slots=True)
class Slot:
    """One shift of a need, with how many volunteers it takes."""

    start: datetime
    end: datetime
    headcount: int

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600.0

    def kst_clock(self) -> tuple[int, int, int, bool]:
        """(weekday, start minute, end minute, same day) on Seoul's clock, each end converted once."""
        s, e = self.start.astimezone(KST), self.end.astimezone(KST)
        return s.weekday(), s.hour * 60 + s.minute, e.hour * 60 + e.minute, s.date() == e.date()

    @property
    def weekday(self) -> int:
        return self.kst_clock()[0]

    @property
    def same_day(self) -> bool:
        return self.kst_clock()[3]

    @property
    def start_min(self) -> int:
        return self.kst_clock()[1]

    @property
    def end_min(self) -> int:
        return self.kst_clock()[2]

    def overlaps(self, other: Slot) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Need:
    """A help request from a resident or an organisation."""

    id: str
    requester_kind: str
    title: str
    location: GeoPoint
    slots: tuple[Slot, ...]
    description: str = ""
    org_type: str | None = None
    field: str | None = None
    required_qualifications: frozenset[str] = frozenset()
    eligible_age_groups: frozenset[str] = frozenset(AGE_GROUPS)
    urgency: float = 0.0

    @property
    def text(self) -> str:
        return f"{self.title} {self.description}".strip()


@dataclass(frozen=True, slots=True)
class Assignment:
    """One proposal: a volunteer for one slot of one need, with the engine's reasons."""

    need_id: str
    slot: int
    volunteer_id: str
    score: float  # the chance the volunteer accepts (PreferenceModel.calibrate)
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranked:
    """One entry of a ranked recommendation list."""

    id: str
    score: float  # the chance the volunteer accepts (PreferenceModel.calibrate)
    reason: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """A proposal's answer, used for learning."""

    need_id: str
    slot: int
    volunteer_id: str
    outcome: str  # accepted | declined | invalid
