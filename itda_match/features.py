"""Columnar volunteer and need data, hard-rule checks and pair features, all vectorised with numpy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from .taxonomy import FIELD_CODES, Taxonomy, field_code
from .text import prime_words
from .types import AGE_GROUPS, QUALIFICATIONS, AvailabilityWindow, History, Need, Slot, Volunteer

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_T = TypeVar("_T")
# Needs' concept and upper-field profiles, one row each (see need_profiles).
NeedProfiles = tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]

EARTH_KM = 6371.0

FEATURES: tuple[str, ...] = (
    "bias",
    "fit",  # the need's concepts among the volunteer's skills
    "related",  # a related skill (a cook for cleaning)
    "interest",  # the need's field among the volunteer's interest fields
    "closeness",  # 1 - distance / the volunteer's own radius
    "near",  # exp(-distance / 3 km): short trips are easier whatever the radius
    "reliability",  # smoothed show-up rate, centred on the population prior
    "declines",  # smoothed share of past proposals declined
    "qualfit",  # holds a qualification that goes with the requested help
    "urgency",
    "organization",  # organisations vs residents asking
)
N_FEATURES = len(FEATURES)

# Beta prior on showing up: a newcomer is treated as an average volunteer, not a bad one.
RELIABILITY_PRIOR_MEAN = 0.85
RELIABILITY_PRIOR_WEIGHT = 4.0
# A millimetre of slack on the distance rule, so float rounding can never let through a
# pair that an independent checker (another haversine implementation) would refuse.
DISTANCE_MARGIN_KM = 1e-6
# Skills below this are too weak to index a volunteer under a concept.
SKILL_INDEX_MIN = 0.25
# How much a need's reading outside the field its requester chose still counts.
OTHER_FIELD_WEIGHT = 0.2

_QUAL_BIT = {q: 1 << i for i, q in enumerate(QUALIFICATIONS)}
_AGE_BIT = {a: 1 << i for i, a in enumerate(AGE_GROUPS)}
_FIELD_INDEX: dict[str | None, int] = {c: i for i, c in enumerate(FIELD_CODES)}


def qual_mask(quals: Iterable[str]) -> int:
    """Bit mask of qualification codes; an unknown code gets its own high bit so it never matches."""
    m = 0
    for q in quals:
        m |= _QUAL_BIT.get(q, 1 << 30)
    return m


def age_mask(groups: Sequence[str] | frozenset[str]) -> int:
    m = 0
    for g in groups:
        m |= _AGE_BIT.get(g, 0)
    return m


def haversine_km(
    lat1: FloatArray | float, lon1: FloatArray | float, lat2: FloatArray | float, lon2: FloatArray | float
) -> FloatArray:
    """Great-circle distance in km (the same formula the hard rule is checked with)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a))), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class SlotKey:
    """The parts of a slot the availability rule looks at."""

    weekday: int
    start_min: int
    end_min: int
    hours: float
    same_day: bool

    @classmethod
    def of(cls, slot: Slot) -> SlotKey:
        weekday, start_min, end_min, same_day = slot.kst_clock()
        return cls(weekday, start_min, end_min, slot.hours, same_day)


@dataclass(frozen=True, slots=True)
class VolunteerColumns:
    """What the index keeps of each volunteer, as columns: one part of a city or all of it.

    Built from Volunteer records (`of`), or from several parts read in parallel and
    joined (`concat`); the VolunteerTable derives its indexes from these alone.
    """

    ids: list[str]
    lat: FloatArray
    lon: FloatArray
    max_km: FloatArray
    max_hours: FloatArray
    age_bit: IntArray
    quals: IntArray
    interest: npt.NDArray[np.float32]  # (volunteers, fields)
    skill: npt.NDArray[np.float32]  # (volunteers, concepts)
    completed: FloatArray
    declined: FloatArray
    no_show: FloatArray
    # Availability windows, one row each, grouped by volunteer in order.
    win_vol: IntArray
    win_wd: IntArray
    win_s: IntArray
    win_e: IntArray

    @classmethod
    def of(cls, volunteers: Sequence[Volunteer], taxonomy: Taxonomy) -> VolunteerColumns:
        b = ColumnsBuilder()
        for v in volunteers:
            b.add_volunteer(v)
        return b.build(taxonomy)

    @classmethod
    def concat(cls, parts: Sequence[VolunteerColumns]) -> VolunteerColumns:
        """The parts one after the other, as if built from all their volunteers at once."""
        if len(parts) == 1:
            return parts[0]
        offsets = np.cumsum([0] + [len(p.ids) for p in parts[:-1]])
        return cls(
            ids=[i for p in parts for i in p.ids],
            lat=np.concatenate([p.lat for p in parts]),
            lon=np.concatenate([p.lon for p in parts]),
            max_km=np.concatenate([p.max_km for p in parts]),
            max_hours=np.concatenate([p.max_hours for p in parts]),
            age_bit=np.concatenate([p.age_bit for p in parts]),
            quals=np.concatenate([p.quals for p in parts]),
            interest=np.concatenate([p.interest for p in parts]),
            skill=np.concatenate([p.skill for p in parts]),
            completed=np.concatenate([p.completed for p in parts]),
            declined=np.concatenate([p.declined for p in parts]),
            no_show=np.concatenate([p.no_show for p in parts]),
            win_vol=np.concatenate([p.win_vol + o for p, o in zip(parts, offsets, strict=True)]),
            win_wd=np.concatenate([p.win_wd for p in parts]),
            win_s=np.concatenate([p.win_s for p in parts]),
            win_e=np.concatenate([p.win_e for p in parts]),
        )


def _distinct_rows(
    items: Iterator[_T], n: int, row: Callable[[_T], tuple[float, float, float]], dtype: type[np.generic]
) -> npt.NDArray[Any]:
    """One row of three per item, `row(item)` computed once per distinct item: volunteers share
    a few dozen windows and histories, so this is a lookup."""
    index: dict[_T, int] = {}
    codes = np.fromiter((index.setdefault(x, len(index)) for x in items), np.int64, n)
    table = np.array([row(x) for x in index], dtype=dtype).reshape(len(index), 3)
    return table[codes]


class ColumnsBuilder:
    """Collects volunteers, as plain values, into VolunteerColumns.

    The one way columns are made: from Volunteer records (`add_volunteer`) and from a
    file's records decoded straight into values (`add`), so both give the same index.
    Each list holds one entry per volunteer; whatever is derived from them is derived
    once, in `columns`.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.age_groups: list[str] = []
        self.lats: list[float] = []
        self.lons: list[float] = []
        self.max_kms: list[float] = []
        self.max_hours: list[float] = []
        self.windows: list[Sequence[AvailabilityWindow]] = []
        self.talents: list[Sequence[str]] = []
        self.interests: list[Sequence[str]] = []
        self.intros: list[str] = []
        self.qualifications: list[Iterable[str]] = []
        self.histories: list[History] = []

    @property
    def n(self) -> int:
        return len(self.ids)

    def add(
        self,
        id: str,
        age_group: str,
        lat: float,
        lon: float,
        max_km: float,
        max_hours: float,
        windows: Sequence[AvailabilityWindow],
        talents: Sequence[str],
        interest_fields: Sequence[str],
        intro: str,
        qualifications: Iterable[str],
        history: History,
    ) -> None:
        """One volunteer's values (positional: io's reader calls this for every line)."""
        self.ids.append(id)
        self.age_groups.append(age_group)
        self.lats.append(lat)
        self.lons.append(lon)
        self.max_kms.append(max_km)
        self.max_hours.append(max_hours)
        self.windows.append(windows)
        self.talents.append(talents)
        self.interests.append(interest_fields)
        self.intros.append(intro)
        self.qualifications.append(qualifications)
        self.histories.append(history)

    def add_volunteer(self, v: Volunteer) -> None:
        self.add(v.id, v.age_group, v.home.lat, v.home.lon, v.max_distance_km, v.max_hours_per_week, v.availability,
                 v.talents, v.interest_fields, v.intro, v.qualifications, v.history)

    def texts(self) -> VolunteerTexts:
        return VolunteerTexts.of(self.talents, self.intros)

    def build(self, taxonomy: Taxonomy) -> VolunteerColumns:
        texts = self.texts()
        return self.columns(texts.skills(statement_rows(texts.texts, taxonomy), self.n))

    def columns(self, skill: npt.NDArray[np.float32]) -> VolunteerColumns:
        """The columns, with a skill matrix made elsewhere (see VolunteerTexts)."""
        n = self.n
        # Interests, qualifications and windows repeat a few dozen values: each is
        # looked up once.
        kinds: dict[tuple[str, ...], int] = {}
        kind_of = np.fromiter((kinds.setdefault(tuple(fs), len(kinds)) for fs in self.interests), np.int64, n)
        rows = np.zeros((len(kinds), len(FIELD_CODES)), dtype=np.float32)
        for fs, r in kinds.items():
            for f in fs:
                k = _FIELD_INDEX.get(field_code(f))
                if k is not None:
                    rows[r, k] = 1.0
        interest = rows[kind_of]
        masks: dict[tuple[str, ...], int] = {}
        quals = [
            masks[q] if (q := tuple(qs)) in masks else masks.setdefault(q, qual_mask(q)) for qs in self.qualifications
        ]
        n_win = sum(map(len, self.windows))
        win_vol = np.repeat(np.arange(n, dtype=np.int64), np.fromiter(map(len, self.windows), np.int64, n))
        win = _distinct_rows(
            (w for ws in self.windows for w in ws), n_win, lambda w: (w.weekday, w.start_min, w.end_min), np.int64
        )
        hist = _distinct_rows(iter(self.histories), n, lambda h: (h.completed, h.declined, h.no_show), np.float64)
        return VolunteerColumns(
            ids=self.ids,
            lat=np.array(self.lats, dtype=np.float64),
            lon=np.array(self.lons, dtype=np.float64),
            max_km=np.array(self.max_kms, dtype=np.float64),
            max_hours=np.array(self.max_hours, dtype=np.float64),
            age_bit=np.array([_AGE_BIT.get(a, 0) for a in self.age_groups], dtype=np.int64),
            quals=np.array(quals, dtype=np.int64),
            interest=interest,
            skill=skill,
            completed=np.ascontiguousarray(hist[:, 0]),
            declined=np.ascontiguousarray(hist[:, 1]),
            no_show=np.ascontiguousarray(hist[:, 2]),
            win_vol=win_vol,
            win_wd=np.ascontiguousarray(win[:, 0]),
            win_s=np.ascontiguousarray(win[:, 1]),
            win_e=np.ascontiguousarray(win[:, 2]),
        )


class VolunteerTable:
    """All volunteers as columns, plus the window and concept indexes retrieval needs."""

    def __init__(self, volunteers: Sequence[Volunteer], taxonomy: Taxonomy) -> None:
        self._setup(VolunteerColumns.of(volunteers, taxonomy), taxonomy)
        self.volunteers: Sequence[Volunteer] | None = volunteers

    @classmethod
    def from_columns(cls, cols: VolunteerColumns, taxonomy: Taxonomy) -> VolunteerTable:
        """A table of volunteers read straight into columns (no Volunteer records kept)."""
        vt = cls.__new__(cls)
        vt._setup(cols, taxonomy)
        vt.volunteers = None
        return vt

    def _setup(self, cols: VolunteerColumns, taxonomy: Taxonomy) -> None:
        n = len(cols.ids)
        self.ids = cols.ids
        self.n = n
        self.lat, self.lon, self.max_km = cols.lat, cols.lon, cols.max_km
        # Homes as unit vectors, and each radius as the squared chord it spans: the
        # distance rule then needs no trigonometry per pair (see within_reach). One row
        # per volunteer (x, y, z, squared chord of the radius): a query gathers one cache
        # line per candidate instead of four scattered ones.
        lat_rad, lon_rad = np.radians(self.lat), np.radians(self.lon)
        cos_lat = np.cos(lat_rad)
        self.reach_rows = np.ascontiguousarray(
            np.stack(
                [
                    cos_lat * np.cos(lon_rad),
                    cos_lat * np.sin(lon_rad),
                    np.sin(lat_rad),
                    reach_chord2(self.max_km),
                ],
                axis=1,
            )
        )
        self.max_hours = cols.max_hours
        self.age_bit = cols.age_bit
        self.quals = cols.quals
        # Columns are built concept-major (one row per concept or field): one need
        # touches few concepts, so gathering a few contiguous rows beats gathering whole
        # volunteer rows. The volunteer-major names are transposed views of them.
        self.interest_t = np.ascontiguousarray(cols.interest.T)
        self.interest = self.interest_t.T
        self.skill_t = np.ascontiguousarray(cols.skill.T)
        self.skill = self.skill_t.T
        # A skill in a related concept counts for the concept itself (weaker, in features).
        self.relskill_t = np.zeros_like(self.skill_t)
        for c in range(taxonomy.n_concepts):
            ks = np.flatnonzero(taxonomy.related[c])
            if len(ks):
                self.relskill_t[c] = self.skill_t[ks].max(axis=0)
        self.relskill = self.relskill_t.T
        qual_by_concept = np.array([qual_mask(q) for q in taxonomy.concept_quals], dtype=np.int64)
        self.qual_concept_t = ((qual_by_concept[:, None] & self.quals[None, :]) != 0).astype(np.float32)
        self.qual_concept = self.qual_concept_t.T
        comp, dec, nos = cols.completed, cols.declined, cols.no_show
        self.reliability = (comp + RELIABILITY_PRIOR_MEAN * RELIABILITY_PRIOR_WEIGHT) / (
            comp + nos + RELIABILITY_PRIOR_WEIGHT
        ) - RELIABILITY_PRIOR_MEAN
        self.declines = (dec + 0.5) / (dec + comp + 2.0) - 0.25
        # What a large city's first, cheap ranking of candidates reads, one row each.
        self.partial_rows = np.ascontiguousarray(np.stack([self.reliability, 1.0 / np.maximum(self.max_km, 0.5)], axis=1))
        self._build_windows(cols, taxonomy.n_concepts)

    def _build_windows(self, cols: VolunteerColumns, n_concepts: int) -> None:
        # Windows are grouped by their exact (weekday, start, end): real and synthetic
        # profiles use few distinct windows, so a slot is checked against a handful of
        # window types instead of every volunteer.
        self.win_first = np.searchsorted(cols.win_vol, np.arange(self.n + 1))
        self.win_wd, self.win_s, self.win_e = cols.win_wd, cols.win_s, cols.win_e
        # A window as one integer: minutes of a day (0-1440) fit in 11 bits each.
        key = (cols.win_wd * 2048 + cols.win_s) * 2048 + cols.win_e
        # One entry per volunteer and window type (a window listed twice counts once),
        # ordered by type and then volunteer.
        pairs = np.sort(key * (self.n + 1) + cols.win_vol)  # sorting beats np.unique's hashing here
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        type_key, vol = pairs // (self.n + 1), pairs % (self.n + 1)
        keys, first = np.unique(type_key, return_index=True)
        self.window_wd = keys // (2048 * 2048)
        self.window_s = keys // 2048 % 2048
        self.window_e = keys % 2048
        self.window_types = list(zip(self.window_wd.tolist(), self.window_s.tolist(), self.window_e.tolist(), strict=True))
        self._types_for: dict[SlotKey, IntArray] = {}
        self.by_window: list[IntArray] = np.split(vol, first[1:]) if len(keys) else []
        strong = self.skill_t >= SKILL_INDEX_MIN
        self.by_window_concept: list[list[IntArray]] = []
        for ids in self.by_window:
            sub = strong[:, ids]
            self.by_window_concept.append([ids[sub[c]] for c in range(n_concepts)])

    def windows_of(self, i: int) -> list[tuple[int, int, int]]:
        """Volunteer i's availability windows as (weekday, start minute, end minute)."""
        a, b = int(self.win_first[i]), int(self.win_first[i + 1])
        return list(zip(self.win_wd[a:b].tolist(), self.win_s[a:b].tolist(), self.win_e[a:b].tolist(), strict=True))

    def window_types_for(self, key: SlotKey) -> IntArray:
        """Indexes of window types that contain the slot (hard rule 4)."""
        types = self._types_for.get(key)
        if types is None:
            if not key.same_day:
                types = np.zeros(0, dtype=np.int64)
            else:
                ok = (self.window_wd == key.weekday) & (self.window_s <= key.start_min) & (key.end_min <= self.window_e)
                types = np.flatnonzero(ok)
            # Needs share few distinct slot times; the answer never changes for a table.
            self._types_for[key] = types
        return types

    def available(self, key: SlotKey) -> IntArray:
        """Volunteers with a window holding the slot and enough weekly hours for it."""
        types = self.window_types_for(key)
        if len(types) == 0:
            return np.zeros(0, dtype=np.int64)
        ids = union_ids([self.by_window[t] for t in types], self.n)
        return ids[self.max_hours[ids] >= key.hours - 1e-9]

    def could_take(self, key: SlotKey) -> bool:
        """Whether anyone at all has a window holding the slot (else widening is pointless)."""
        return len(self.window_types_for(key)) > 0

    def available_mask(self, key: SlotKey) -> BoolArray:
        m = np.zeros(self.n, dtype=bool)
        m[self.available(key)] = True
        return m

    def available_in(self, key: SlotKey, concepts: Sequence[int]) -> IntArray:
        """Available volunteers with a strong skill in any of the given concepts."""
        types = self.window_types_for(key)
        parts = [self.by_window_concept[t][c] for t in types for c in concepts]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        ids = union_ids(parts, self.n)
        return ids[self.max_hours[ids] >= key.hours - 1e-9]


def reach_chord2(max_km: FloatArray) -> FloatArray:
    """Squared chord (on the unit sphere) of each radius less DISTANCE_MARGIN_KM; -1 when nothing is in reach.

    The great-circle distance is 2R·asin(chord/2), increasing in the chord, so
    `distance <= radius` is exactly `chord**2 <= reach_chord2(radius)` (haversine's
    sin² of the half angle is chord²/4; the two differ only by float rounding, far below
    the millimetre margin).
    """
    half = (max_km - DISTANCE_MARGIN_KM) / (2 * EARTH_KM)
    c2 = (2 * np.sin(np.minimum(half, np.pi / 2))) ** 2
    # Half a turn or more reaches the whole sphere (rounding can put an antipode above 4).
    c2 = np.where(half >= np.pi / 2, 5.0, c2)
    return np.asarray(np.where(half >= 0, c2, -1.0), dtype=np.float64)


def within_reach(vt: VolunteerTable, ids: IntArray, lat: float, lon: float) -> tuple[IntArray, FloatArray]:
    """The volunteers among ids whose radius reaches a point (hard rule 3), and their distances in km.

    Equal to filtering `haversine_km(...) <= max_km - DISTANCE_MARGIN_KM`, but the test
    is a squared chord between unit vectors (no trigonometry), and distances are
    computed only for the volunteers that pass.
    """
    la, lo = np.radians(lat), np.radians(lon)
    cl = np.cos(la)
    rows = np.take(vt.reach_rows, ids, axis=0)
    c2 = rows[:, 0] - cl * np.cos(lo)
    c2 *= c2
    dy = rows[:, 1] - cl * np.sin(lo)
    dy *= dy
    c2 += dy
    dz = rows[:, 2] - np.sin(la)
    dz *= dz
    c2 += dz
    ok = c2 <= rows[:, 3]
    ids, c2 = ids[ok], c2[ok]
    d = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, 0.5 * np.sqrt(c2)))
    return ids, np.asarray(d, dtype=np.float64)


def union_ids(parts: list[IntArray], n: int) -> IntArray:
    """Sorted distinct ids of several id arrays (a mask beats sorting once they are many)."""
    if len(parts) == 1:
        return parts[0]
    total = sum(len(p) for p in parts)
    if total > n // 8:
        mask = np.zeros(n, dtype=bool)
        for p in parts:
            mask[p] = True
        return np.flatnonzero(mask)
    # Sorting and dropping repeats is several times faster than np.unique's hashing here;
    # the parts are sorted lists, and a stable sort (timsort) merges such runs in one pass
    # (14 times faster than quicksort on two runs of 2,500).
    a = np.concatenate(parts)
    a.sort(kind="stable")
    if len(a) > 1:
        a = a[np.concatenate(([True], a[1:] != a[:-1]))]
    return a


@dataclass(frozen=True, slots=True)
class VolunteerTexts:
    """The distinct talent and intro texts of some volunteers, and who states which.

    Volunteers share texts (a talent is often a few words from a short list), so each
    distinct text is analysed once, and texts read in parallel parts can be pooled and
    analysed in parallel again (see io.read_city).
    """

    texts: list[str]
    tal_v: IntArray  # volunteer of each talent, in order
    tal_t: IntArray  # its text
    intro_v: IntArray
    intro_t: IntArray

    @classmethod
    def of(cls, talents: Sequence[Sequence[str]], intros: Sequence[str]) -> VolunteerTexts:
        texts: dict[str, int] = {}
        tal_v: list[int] = []
        tal_t: list[int] = []
        intro_v: list[int] = []
        intro_t: list[int] = []
        for i, (ts, intro) in enumerate(zip(talents, intros, strict=True)):
            for t in ts:
                tal_v.append(i)
                tal_t.append(texts.setdefault(t, len(texts)))
            if intro:
                intro_v.append(i)
                intro_t.append(texts.setdefault(intro, len(texts)))
        return cls(list(texts), *(np.array(x, dtype=np.int64) for x in (tal_v, tal_t, intro_v, intro_t)))

    @classmethod
    def concat(cls, parts: Sequence[VolunteerTexts], sizes: Sequence[int]) -> VolunteerTexts:
        """The parts' volunteers one after the other (`sizes`: volunteers per part), each distinct text once."""
        index: dict[str, int] = {}
        arrays: list[list[IntArray]] = [[], [], [], []]
        offset = 0
        for part, size in zip(parts, sizes, strict=True):
            remap = np.array([index.setdefault(t, len(index)) for t in part.texts], dtype=np.int64)
            arrays[0].append(part.tal_v + offset)
            arrays[1].append(remap[part.tal_t])
            arrays[2].append(part.intro_v + offset)
            arrays[3].append(remap[part.intro_t])
            offset += size
        return cls(list(index), *(np.concatenate(a) if a else np.zeros(0, np.int64) for a in arrays))

    def skills(self, rows: npt.NDArray[np.float32], n: int) -> npt.NDArray[np.float32]:
        """Skill matrix of the n volunteers, given each text's statement_rows row
        (see Taxonomy.skill_profile): the strongest talent, and the intro at half weight."""
        skill = np.zeros((n, rows.shape[1]), dtype=np.float32)
        if len(self.tal_v):
            # Talents come grouped by volunteer: the maximum of each group at once.
            first = np.flatnonzero(np.concatenate(([True], self.tal_v[1:] != self.tal_v[:-1])))
            skill[self.tal_v[first]] = np.maximum.reduceat(rows[self.tal_t], first, axis=0)
        if len(self.intro_v):  # one intro per volunteer
            skill[self.intro_v] = np.maximum(skill[self.intro_v], 0.5 * rows[self.intro_t])
        return skill


def statement_rows(texts: Sequence[str], taxonomy: Taxonomy) -> npt.NDArray[np.float32]:
    """Taxonomy.statement_strength of each text, one row each."""
    prime_words(list(texts))
    rows = np.zeros((len(texts), taxonomy.n_concepts), dtype=np.float32)
    for k, t in enumerate(texts):
        rows[k] = taxonomy.statement_strength(t)
    return rows


def need_profiles(needs: Sequence[Need], taxonomy: Taxonomy) -> NeedProfiles:
    """What each need asks for: its concept profile and upper-field profile, one row each."""
    n = len(needs)
    prime_words([x.text for x in needs])
    profile = np.zeros((n, taxonomy.n_concepts), dtype=np.float32)
    field_profile = np.zeros((n, len(FIELD_CODES)), dtype=np.float32)
    for j, need in enumerate(needs):
        code = field_code(need.field)
        if code is None:
            prof = taxonomy.need_profile(need.title, context=need.description)
            fprof = taxonomy.field_profile(prof)
        else:
            chosen = FIELD_CODES.index(code)
            # The field the requester chose tells which reading of an ambiguous text is
            # meant (장수사진 메이크업 under 생활편의 is hair and make-up, not an event);
            # other readings are kept, weaker, since a field can be chosen loosely.
            in_field = taxonomy.concept_field == chosen
            prof = taxonomy.need_profile(need.title, in_field, context=need.description)
            if prof[in_field].sum() > 0:
                prof = np.where(in_field, prof, OTHER_FIELD_WEIGHT * prof)
                prof /= prof.sum()
            fprof = taxonomy.field_profile(prof)
            # A field the requester chose is strong evidence, but the text still counts.
            given = np.zeros(len(FIELD_CODES))
            given[chosen] = 1.0
            fprof = 0.8 * given + 0.2 * fprof if fprof.sum() > 0 else given
        # Traces below 5% (mostly embedding neighbours of stray words) only cost time.
        profile[j] = np.where(prof >= 0.05, prof, 0.0)
        field_profile[j] = np.where(fprof >= 0.05, fprof, 0.0)
    return profile, field_profile


class NeedTable:
    """All needs as columns: concept and field profiles, rule masks, and one row per slot."""

    def __init__(
        self,
        needs: Sequence[Need],
        taxonomy: Taxonomy,
        profiles: NeedProfiles | None = None,
    ) -> None:
        """`profiles`: the needs' need_profiles, when already made (in parallel, see io.read_city)."""
        n = len(needs)
        self.needs = needs
        self.ids = [x.id for x in needs]
        self.n = n
        self.profile, self.field_profile = need_profiles(needs, taxonomy) if profiles is None else profiles
        if len(self.profile) != n or len(self.field_profile) != n:
            raise ValueError(f"profiles of {len(self.profile)} needs given for {n} needs")
        self.lat = np.fromiter((x.location.lat for x in needs), np.float64, n)
        self.lon = np.fromiter((x.location.lon for x in needs), np.float64, n)
        self.req_quals = np.fromiter((qual_mask(x.required_qualifications) for x in needs), np.int64, n)
        self.age_bits = np.fromiter((age_mask(x.eligible_age_groups) for x in needs), np.int64, n)
        self.urgency = np.fromiter((x.urgency for x in needs), np.float64, n)
        self.organization = np.fromiter(
            (1.0 if x.requester_kind == "organization" else 0.0 for x in needs), np.float64, n
        )
        self.slot_keys: list[tuple[SlotKey, ...]] = [tuple(SlotKey.of(s) for s in x.slots) for x in needs]
        # Each row sorted on its own, as np.argsort(-row) would (one call for all rows).
        top3 = np.argsort(-self.profile, axis=1)[:, :3]
        strong = np.take_along_axis(self.profile, top3, axis=1) >= 0.15
        self.top_concepts: list[list[int]] = [
            [c for c, ok in zip(cs, oks, strict=True) if ok] for cs, oks in zip(top3.tolist(), strong.tolist(), strict=True)
        ]
        # One row per slot, for volunteer-side queries over every need at once.
        sn, sw, ss, se, sh, sd = [], [], [], [], [], []
        for j, keys in enumerate(self.slot_keys):
            for k in keys:
                sn.append(j)
                sw.append(k.weekday)
                ss.append(k.start_min)
                se.append(k.end_min)
                sh.append(k.hours)
                sd.append(k.same_day)
        self.slot_need = np.array(sn, dtype=np.int64)
        self.slot_index = np.concatenate(
            [np.arange(len(k), dtype=np.int64) for k in self.slot_keys] or [np.zeros(0, np.int64)]
        )
        self.slot_wd = np.array(sw, dtype=np.int64)
        self.slot_s = np.array(ss, dtype=np.int64)
        self.slot_e = np.array(se, dtype=np.int64)
        self.slot_hours = np.array(sh, dtype=np.float64)
        self.slot_same_day = np.array(sd, dtype=bool)


def base_feasible(
    vt: VolunteerTable, vi: IntArray, nt: NeedTable, nj: IntArray
) -> tuple[BoolArray, FloatArray]:
    """Rules 1-3 for aligned (volunteer, need) pairs: (mask, distance in km)."""
    d = haversine_km(vt.lat[vi], vt.lon[vi], nt.lat[nj], nt.lon[nj])
    ok = (
        ((vt.age_bit[vi] & nt.age_bits[nj]) != 0)
        & ((vt.quals[vi] & nt.req_quals[nj]) == nt.req_quals[nj])
        & (d <= vt.max_km[vi] - DISTANCE_MARGIN_KM)
    )
    return ok, d


def pair_features(vt: VolunteerTable, vi: IntArray, nt: NeedTable, nj: IntArray, dist_km: FloatArray) -> FloatArray:
    """Feature matrix (pairs x N_FEATURES) for aligned (volunteer, need) index arrays.

    Either index array may be a single repeated value; numpy broadcasting keeps the
    one-need and one-volunteer queries as cheap as a matrix-vector product.
    """
    n = max(len(vi), len(nj))
    if len(nj) and n == len(vi) and (len(nj) == 1 or (nj[0] == nj[-1] and np.all(nj == nj[0]))):
        return _one_need_features(vt, vi, nt, int(nj[0]), dist_km)
    x = np.empty((n, N_FEATURES), dtype=np.float64)
    prof = nt.profile[nj]
    fit = np.einsum("ij,ij->i", vt.skill[vi], prof) if len(vi) == len(nj) else _bdot(vt.skill[vi], prof)
    rel = np.einsum("ij,ij->i", vt.relskill[vi], prof) if len(vi) == len(nj) else _bdot(vt.relskill[vi], prof)
    fprof = nt.field_profile[nj]
    interest = np.einsum("ij,ij->i", vt.interest[vi], fprof) if len(vi) == len(nj) else _bdot(vt.interest[vi], fprof)
    qf = np.einsum("ij,ij->i", vt.qual_concept[vi], prof) if len(vi) == len(nj) else _bdot(vt.qual_concept[vi], prof)
    x[:, 0] = 1.0
    x[:, 1] = fit
    x[:, 2] = np.maximum(0.0, rel - fit)
    x[:, 3] = interest
    x[:, 4] = 1.0 - dist_km / np.maximum(vt.max_km[vi], 0.5)
    x[:, 5] = np.exp(-dist_km / 3.0)
    x[:, 6] = vt.reliability[vi]
    x[:, 7] = vt.declines[vi]
    x[:, 8] = qf
    x[:, 9] = nt.urgency[nj]
    x[:, 10] = nt.organization[nj]
    return x


def _bdot(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> FloatArray:
    """Row-wise dot product where one side has a single row."""
    if len(a) == 1:
        return np.asarray(b @ a[0], dtype=np.float64)
    return np.asarray(a @ b[0], dtype=np.float64)


def _one_need_features(vt: VolunteerTable, vi: IntArray, nt: NeedTable, j: int, dist_km: FloatArray) -> FloatArray:
    """pair_features for many volunteers and one need, touching only the need's concepts and fields."""
    n = len(vi)
    x = np.empty((n, N_FEATURES), dtype=np.float64)
    prof = nt.profile[j]
    fit = np.zeros(n)
    rel = np.zeros(n)
    qf = np.zeros(n)
    for c in np.flatnonzero(prof):
        w = float(prof[c])
        fit += w * vt.skill_t[c][vi]
        rel += w * vt.relskill_t[c][vi]
        qf += w * vt.qual_concept_t[c][vi]
    fprof = nt.field_profile[j]
    interest = np.zeros(n)
    for f in np.flatnonzero(fprof):
        interest += float(fprof[f]) * vt.interest_t[f][vi]
    x[:, 0] = 1.0
    x[:, 1] = fit
    x[:, 2] = np.maximum(0.0, rel - fit)
    x[:, 3] = interest
    x[:, 4] = 1.0 - dist_km / np.maximum(vt.max_km[vi], 0.5)
    x[:, 5] = np.exp(-dist_km / 3.0)
    x[:, 6] = vt.reliability[vi]
    x[:, 7] = vt.declines[vi]
    x[:, 8] = qf
    x[:, 9] = nt.urgency[j]
    x[:, 10] = nt.organization[j]
    return x
