"""Every hard rule as a property: no assignment or recommendation ever breaks one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itda_match import (
    AssignConfig,
    AvailabilityWindow,
    EngineConfig,
    GeoPoint,
    MatchEngine,
    Slot,
    Volunteer,
    default_taxonomy,
)
from itda_match.features import DISTANCE_MARGIN_KM, SlotKey, VolunteerTable, within_reach

from .strategies import cities, km, pair_ok, points, violations

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cities())
def test_assignment_never_breaks_a_hard_rule(city: tuple) -> None:
    vols, nds = city
    rows = MatchEngine(assign_config=AssignConfig(cpsat_seconds=0.2)).assign(vols, nds)
    assert violations(vols, nds, rows) == {}


@FAST
@given(cities())
def test_flow_and_repair_alone_keep_every_rule(city: tuple) -> None:
    vols, nds = city
    rows = MatchEngine(assign_config=AssignConfig(cpsat_seconds=0)).assign(vols, nds)
    assert violations(vols, nds, rows) == {}


@FAST
@given(cities())
def test_need_side_recommendations_are_feasible_for_some_slot(city: tuple) -> None:
    vols, nds = city
    engine = MatchEngine().index(vols)
    vid = {v.id: v for v in vols}
    for n in nds:
        for r in engine.recommend_volunteers(n, top=5):
            v = vid[r.id]
            assert any(not pair_ok(v, n, s) and s.hours <= v.max_hours_per_week for s in n.slots)


@FAST
@given(cities())
def test_volunteer_side_recommendations_are_feasible_for_some_slot(city: tuple) -> None:
    vols, nds = city
    engine = MatchEngine().index(vols)
    nid = {n.id: n for n in nds}
    for v in vols:
        for r in engine.recommend_needs(v, nds, top=5):
            n = nid[r.id]
            assert any(not pair_ok(v, n, s) and s.hours <= v.max_hours_per_week for s in n.slots)


@FAST
@given(cities())
def test_recommendations_list_every_feasible_volunteer_when_few(city: tuple) -> None:
    vols, nds = city
    engine = MatchEngine().index(vols)
    for n in nds:
        feasible = {
            v.id for v in vols if any(not pair_ok(v, n, s) and s.hours <= v.max_hours_per_week for s in n.slots)
        }
        got = [r.id for r in engine.recommend_volunteers(n, top=len(vols))]
        assert set(got) == feasible
        assert len(got) == len(set(got))


@FAST
@given(cities())
def test_the_large_city_path_keeps_every_rule(city: tuple) -> None:
    # Concept retrieval, the cheap first ranking and the candidate cache run only above
    # full_scan_limit; a limit of 0 sends these small cities through them.
    vols, nds = city
    engine = MatchEngine(config=EngineConfig(full_scan_limit=0), assign_config=AssignConfig(cpsat_seconds=0))
    rows = engine.assign(vols, nds)
    assert violations(vols, nds, rows) == {}
    assert engine.assign(vols, nds) == rows


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(points, st.floats(0.0, 40.0, allow_nan=False)), min_size=1, max_size=30),
    points,
)
def test_within_reach_is_the_distance_rule(homes: list[tuple[GeoPoint, float]], where: GeoPoint) -> None:
    vols = [
        Volunteer(f"v{i}", "adult", home, radius, (AvailabilityWindow(0, 0, 60),), 4.0)
        for i, (home, radius) in enumerate(homes)
    ]
    vt = VolunteerTable(vols, default_taxonomy())
    ids, d = within_reach(vt, np.arange(len(vols), dtype=np.int64), where.lat, where.lon)
    got = set(ids.tolist())
    for i, (home, radius) in enumerate(homes):
        true_km = km(home, where)
        if i in got:
            assert true_km <= radius
        elif true_km <= radius - 2 * DISTANCE_MARGIN_KM:
            raise AssertionError(f"volunteer {i} at {true_km} km is within {radius} km but was left out")
    for i, dist in zip(ids.tolist(), d.tolist(), strict=True):
        assert abs(dist - km(homes[i][0], where)) < 1e-6


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cities(max_needs=8))
def test_scoring_needs_in_worker_processes_changes_nothing(city: tuple) -> None:
    vols, nds = city
    serial = MatchEngine(config=EngineConfig(full_scan_limit=0), assign_config=AssignConfig(cpsat_seconds=0))
    forked = MatchEngine(
        config=EngineConfig(full_scan_limit=0, workers=2, min_needs_per_worker=1),
        assign_config=AssignConfig(cpsat_seconds=0),
    )
    rows = forked.assign(vols, nds)
    assert rows == serial.assign(vols, nds)
    assert violations(vols, nds, rows) == {}


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))])),
    st.integers(1, 24 * 60),
)
def test_a_slot_key_reads_the_slot_as_its_properties_do(start: datetime, minutes: int) -> None:
    # SlotKey.of converts each end to KST once; the availability rule must see what Slot says.
    slot = Slot(start, start + timedelta(minutes=minutes), 1)
    key = SlotKey.of(slot)
    assert (key.weekday, key.start_min, key.end_min, key.hours, key.same_day) == (
        slot.weekday, slot.start_min, slot.end_min, slot.hours, slot.same_day)
