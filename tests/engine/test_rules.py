"""Every hard rule as a property: no assignment or recommendation ever breaks one."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from itda_match import AssignConfig, MatchEngine

from .strategies import cities, pair_ok, violations

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
