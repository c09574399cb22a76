"""Hypothesis strategies for small random cities, and an independent checker of the hard rules."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from hypothesis import strategies as st

from itda_match.types import (
    AGE_GROUPS,
    KST,
    QUALIFICATIONS,
    Assignment,
    AvailabilityWindow,
    GeoPoint,
    History,
    Need,
    Slot,
    Volunteer,
)

MONDAY = datetime(2026, 12, 7, tzinfo=KST)
TALENTS = ["반찬 만들기", "운전", "집수리", "수학 과외", "스마트폰 알려드리기", "말벗", "하천 청소", "통역", "사진 촬영", "이발"]
TITLES = ["어르신 밑반찬 배달", "도배 장판 교체", "아이 숙제 도와주기", "배 수확 일손", "축제 안내", "병원 동행 통역", "유기견 산책"]


def km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance written independently of the engine."""
    r = 6371.0
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


points = st.builds(
    GeoPoint,
    st.floats(35.10, 35.20, allow_nan=False),
    st.floats(126.80, 126.95, allow_nan=False),
)


@st.composite
def windows(draw: st.DrawFn) -> AvailabilityWindow:
    s = draw(st.integers(8, 18)) * 60 + draw(st.sampled_from([0, 30]))
    e = min(24 * 60, s + draw(st.integers(1, 8)) * 60)
    return AvailabilityWindow(draw(st.integers(0, 6)), s, e)


@st.composite
def volunteers(draw: st.DrawFn, i: int) -> Volunteer:
    return Volunteer(
        id=f"v{i:03d}",
        age_group=draw(st.sampled_from(AGE_GROUPS)),
        home=draw(points),
        max_distance_km=draw(st.sampled_from([2.0, 5.0, 10.0, 30.0])),
        availability=tuple(draw(st.lists(windows(), min_size=0, max_size=3))),
        max_hours_per_week=draw(st.sampled_from([1.0, 2.0, 4.0, 6.0, 12.0])),
        talents=tuple(draw(st.lists(st.sampled_from(TALENTS), max_size=2, unique=True))),
        interest_fields=tuple(draw(st.lists(st.sampled_from(["생활편의", "교육", "주거환경"]), max_size=2, unique=True))),
        qualifications=frozenset(draw(st.lists(st.sampled_from(QUALIFICATIONS[:4]), max_size=2))),
        history=History(draw(st.integers(0, 20)), draw(st.integers(0, 5)), draw(st.integers(0, 3))),
    )


@st.composite
def slots(draw: st.DrawFn) -> Slot:
    day = draw(st.integers(0, 6))
    start = MONDAY + timedelta(days=day, hours=draw(st.integers(8, 19)), minutes=draw(st.sampled_from([0, 30])))
    end = start + timedelta(minutes=draw(st.sampled_from([60, 90, 120, 180, 240])))
    return Slot(start, end, draw(st.integers(0, 3)))


@st.composite
def needs(draw: st.DrawFn, j: int) -> Need:
    return Need(
        id=f"n{j:03d}",
        requester_kind=draw(st.sampled_from(["individual", "organization"])),
        title=draw(st.sampled_from(TITLES)),
        location=draw(points),
        slots=tuple(draw(st.lists(slots(), min_size=1, max_size=3))),
        required_qualifications=frozenset(draw(st.lists(st.sampled_from(QUALIFICATIONS[:4]), max_size=1))),
        eligible_age_groups=frozenset(draw(st.lists(st.sampled_from(AGE_GROUPS), min_size=1, max_size=3))),
        urgency=draw(st.floats(0, 1)),
    )


@st.composite
def cities(draw: st.DrawFn, max_volunteers: int = 14, max_needs: int = 6) -> tuple[list[Volunteer], list[Need]]:
    nv = draw(st.integers(1, max_volunteers))
    nn = draw(st.integers(1, max_needs))
    return [draw(volunteers(i)) for i in range(nv)], [draw(needs(j)) for j in range(nn)]


def pair_ok(v: Volunteer, n: Need, slot: Slot) -> list[str]:
    """Rules 1-4 (and the slot fitting the weekly hours at all) for one pair; the broken ones."""
    broken = []
    if v.age_group not in n.eligible_age_groups:
        broken.append("age_group")
    if not n.required_qualifications <= v.qualifications:
        broken.append("qualification")
    if km(v.home, n.location) > v.max_distance_km:
        broken.append("distance")
    st_, en = slot.start.astimezone(KST), slot.end.astimezone(KST)
    inside = st_.date() == en.date() and any(
        w.weekday == st_.weekday()
        and w.start_min <= st_.hour * 60 + st_.minute
        and en.hour * 60 + en.minute <= w.end_min
        for w in v.availability
    )
    if not inside:
        broken.append("availability")
    return broken


def violations(vols: Sequence[Volunteer], nds: Sequence[Need], rows: Sequence[Assignment]) -> dict[str, int]:
    """Every hard-rule break in an assignment, counted by rule (empty when all hold)."""
    vid = {v.id: v for v in vols}
    nid = {n.id: n for n in nds}
    out: dict[str, int] = defaultdict(int)
    seen = set()
    load: dict[tuple[str, int], int] = defaultdict(int)
    per_vol: dict[str, list[Slot]] = defaultdict(list)
    for r in rows:
        v, n = vid.get(r.volunteer_id), nid.get(r.need_id)
        if v is None or n is None or not 0 <= r.slot < len(n.slots):
            out["unknown"] += 1
            continue
        key = (r.volunteer_id, r.need_id, r.slot)
        if key in seen:
            out["duplicate"] += 1
        seen.add(key)
        slot = n.slots[r.slot]
        for b in pair_ok(v, n, slot):
            out[b] += 1
        load[(n.id, r.slot)] += 1
        per_vol[v.id].append(slot)
    for (nid_, s), k in load.items():
        if k > nid[nid_].slots[s].headcount:
            out["headcount"] += 1
    for v_id, sl in per_vol.items():
        sl.sort(key=lambda x: x.start)
        for earlier, later in itertools.pairwise(sl):
            if later.start < earlier.end:
                out["overlap"] += 1
        if sum(x.hours for x in sl) > vid[v_id].max_hours_per_week + 1e-9:
            out["weekly_hours"] += 1
    return dict(out)
