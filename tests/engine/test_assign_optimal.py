"""Assignment optimality on small instances against exhaustive search, and fairness."""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itda_match.assign import (
    AssignConfig,
    AssignmentProblem,
    _best_per_slot,
    _flow,
    _objective,
    _repair_and_fill,
    solve,
)


@st.composite
def problems(draw: st.DrawFn, days: int = 1) -> AssignmentProblem:
    n_slots = draw(st.integers(1, 4))
    n_vols = draw(st.integers(1, 4))
    starts = [draw(st.integers(0, days - 1)) * 24 * 60 + draw(st.integers(0, 6)) * 60 for _ in range(n_slots)]
    lens = [draw(st.sampled_from([60, 120, 180])) for _ in range(n_slots)]
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n_vols - 1), st.integers(0, n_slots - 1)), min_size=1, max_size=11, unique=True)
    )
    vals = [draw(st.floats(0.01, 1.0)) for _ in pairs]
    return AssignmentProblem(
        pair_vol=np.array([p[0] for p in pairs], dtype=np.int64),
        pair_slot=np.array([p[1] for p in pairs], dtype=np.int64),
        value=np.round(np.array(vals), 4),
        slot_headcount=np.array([draw(st.integers(0, 2)) for _ in range(n_slots)], dtype=np.int64),
        slot_start=np.array(starts, dtype=np.int64),
        slot_end=np.array([s + length for s, length in zip(starts, lens, strict=True)], dtype=np.int64),
        slot_day=np.array([s // (24 * 60) for s in starts], dtype=np.int64),
        slot_minutes=np.array(lens, dtype=np.int64),
        vol_max_minutes=np.array([draw(st.sampled_from([60, 120, 240, 600])) for _ in range(n_vols)], dtype=np.int64),
    )


def feasible(p: AssignmentProblem, chosen: tuple[int, ...]) -> bool:
    load: dict[int, int] = defaultdict(int)
    minutes: dict[int, int] = defaultdict(int)
    held: dict[int, list[int]] = defaultdict(list)
    for k in chosen:
        v, s = int(p.pair_vol[k]), int(p.pair_slot[k])
        load[s] += 1
        minutes[v] += int(p.slot_minutes[s])
        for o in held[v]:
            if p.slot_start[s] < p.slot_end[o] and p.slot_start[o] < p.slot_end[s]:
                return False
        held[v].append(s)
    return all(load[s] <= p.slot_headcount[s] for s in load) and all(
        minutes[v] <= p.vol_max_minutes[v] for v in minutes
    )


def best_by_exhaustion(p: AssignmentProblem, cfg: AssignConfig) -> float:
    n = len(p.pair_vol)
    best = 0.0
    for r in range(n + 1):
        for chosen in itertools.combinations(range(n), r):
            if feasible(p, chosen):
                best = max(best, _objective(p, list(chosen), cfg))
    return best


@settings(max_examples=80, deadline=None)
@given(problems())
def test_solution_is_feasible_and_optimal(p: AssignmentProblem) -> None:
    cfg = AssignConfig(cpsat_seconds=2.0)
    sol = solve(p, cfg)
    assert feasible(p, tuple(sol))
    # CP-SAT works in units of 1e-4; allow that rounding per pair.
    assert _objective(p, sol, cfg) >= best_by_exhaustion(p, cfg) - 1e-3


@settings(max_examples=40, deadline=None)
@given(problems())
def test_flow_with_repair_is_feasible_without_cpsat(p: AssignmentProblem) -> None:
    sol = solve(p, AssignConfig(cpsat_seconds=0))
    assert feasible(p, tuple(sol))


def _relaxed_value(p: AssignmentProblem, chosen: tuple[int, ...] | list[int], cfg: AssignConfig) -> float | None:
    """What the flow relaxation maximises, or None when `chosen` breaks one of its limits:
    a slot a day per volunteer, at most as many slots as days or as the weekly hours fit
    the shortest one, headcount; the k-th slot of a volunteer costs k times the fairness cost."""
    per_vol: dict[int, list[int]] = defaultdict(list)
    load: dict[int, int] = defaultdict(int)
    for k in chosen:
        per_vol[int(p.pair_vol[k])].append(int(p.pair_slot[k]))
        load[int(p.pair_slot[k])] += 1
    if any(load[s] > p.slot_headcount[s] for s in load):
        return None
    for v, slots in per_vol.items():
        mine = [int(p.pair_slot[k]) for k in range(len(p.pair_vol)) if p.pair_vol[k] == v]
        cap = min(len({int(p.slot_day[s]) for s in mine}), int(p.vol_max_minutes[v]) // min(int(p.slot_minutes[s]) for s in mine))
        if len(slots) > cap or len({int(p.slot_day[s]) for s in slots}) < len(slots):
            return None
    value = sum(round(10_000 * float(p.value[k])) for k in chosen) / 10_000
    value -= cfg.fairness * sum(len(s) * (len(s) - 1) / 2 for s in per_vol.values())
    return value + cfg.coverage_bonus * len(load)


@settings(max_examples=150, deadline=None)
@given(problems(days=3))
def test_the_flow_solves_its_relaxation_exactly(p: AssignmentProblem) -> None:
    # Volunteers who may take one slot only have no day nodes in the flow, and those with
    # a single pair no node at all (a smaller graph); the relaxation it solves is the
    # same, as exhaustion over small instances shows.
    cfg = AssignConfig()
    got = _relaxed_value(p, _flow(p, cfg), cfg)
    assert got is not None
    best = max(
        v
        for r in range(len(p.pair_vol) + 1)
        for chosen in itertools.combinations(range(len(p.pair_vol)), r)
        if (v := _relaxed_value(p, chosen, cfg)) is not None
    )
    assert got >= best - 1e-6


def two_days(
    vol: list[int], slot: list[int], value: list[float], *, minutes: tuple[int, int] = (120, 120),
    vol_max: tuple[int, ...] = (600, 600),
) -> AssignmentProblem:
    """Pairs for two one-place slots starting at midnight on two days in a row."""
    return AssignmentProblem(
        pair_vol=np.array(vol),
        pair_slot=np.array(slot),
        value=np.array(value),
        slot_headcount=np.array([1, 1]),
        slot_start=np.array([0, 24 * 60]),
        slot_end=np.array([minutes[0], 24 * 60 + minutes[1]]),
        slot_day=np.array([0, 1]),
        slot_minutes=np.array(minutes),
        vol_max_minutes=np.array(vol_max),
    )


def test_equal_volunteers_share_the_work() -> None:
    # Two identical slots, two identical volunteers with time for both: each gets one.
    p = two_days([0, 0, 1, 1], [0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])
    for secs in (0.0, 1.0):
        sol = solve(p, AssignConfig(cpsat_seconds=secs))
        assert sorted(int(p.pair_vol[k]) for k in sol) == [0, 1]


@settings(max_examples=60, deadline=None)
@given(problems(days=3))
def test_a_large_instance_flows_on_each_slots_best_pairs_and_keeps_every_rule(p: AssignmentProblem) -> None:
    # flow_all_pairs_max 0 makes any instance "large": the flow sees one pair per seat.
    cfg = AssignConfig(cpsat_max_pairs=0, flow_all_pairs_max=0, flow_candidates_per_seat=1, flow_min_candidates=1)
    sol = solve(p, cfg)
    assert feasible(p, tuple(sol))
    kept = _best_per_slot(p, cfg)
    for s in set(p.pair_slot.tolist()):
        mine = [k for k in range(len(p.pair_vol)) if p.pair_slot[k] == s]
        best = sorted(mine, key=lambda k: (-p.value[k], k))[: max(1, int(p.slot_headcount[s]))]
        assert sorted(k for k in kept if p.pair_slot[k] == s) == sorted(best)


def test_repair_keeps_only_what_fits_from_any_start() -> None:
    # Slot 0 (headcount 1) is offered twice; volunteer 2's slot is longer than their week.
    p = AssignmentProblem(
        pair_vol=np.array([0, 1, 2, 3, 3]),
        pair_slot=np.array([0, 0, 1, 1, 2]),
        value=np.array([0.4, 0.6, 0.9, 0.5, 0.5]),
        slot_headcount=np.array([1, 2, 1]),
        slot_start=np.array([0, 0, 60]),
        slot_end=np.array([120, 180, 180]),
        slot_day=np.array([0, 0, 0]),
        slot_minutes=np.array([120, 180, 120]),
        vol_max_minutes=np.array([600, 600, 120, 600]),
    )
    cfg = AssignConfig()
    # Over the headcount: the better of the two keeps the place.
    assert sorted(_repair_and_fill(p, [0, 1], cfg, fill=False)) == [1]
    # One slot each, but volunteer 2 has no time for theirs; volunteer 3's two slots overlap.
    assert sorted(_repair_and_fill(p, [1, 2, 3, 4], cfg, fill=False)) == [1, 3]


def test_only_instances_up_to_cpsat_max_pairs_are_polished(monkeypatch: pytest.MonkeyPatch) -> None:
    # Above the limit CP-SAT's presolve alone would spend the budget: the flow's repaired
    # solution stands, over every pair while flow_all_pairs_max allows.
    import itda_match.assign as assign_module

    p = two_days([0, 0, 1, 1], [0, 1, 0, 1], [0.9, 0.5, 0.5, 0.4])
    calls: list[int] = []
    real = assign_module._cpsat

    def spy(p: AssignmentProblem, hint: list[int], cfg: AssignConfig) -> list[int] | None:
        calls.append(len(p.pair_vol))
        return real(p, hint, cfg)

    monkeypatch.setattr(assign_module, "_cpsat", spy)
    above = solve(p, AssignConfig(cpsat_max_pairs=3))
    assert calls == []
    below = solve(p, AssignConfig(cpsat_max_pairs=4))
    assert calls == [4]
    assert feasible(p, tuple(above))
    assert above == below
    assert _objective(p, above, AssignConfig()) >= best_by_exhaustion(p, AssignConfig()) - 1e-9


def test_a_volunteer_given_more_hours_than_they_have_makes_the_flow_run_again() -> None:
    # The flow lets A (4 hours a week) take both X (4 hours) and Y (2 hours): as many
    # slots as 4 hours hold of the shortest. The repair keeps X for A and can only give Y
    # to C; with A down to one slot, a second flow gives X to B and Y to A instead.
    a, b, c = 0, 1, 2
    x, y = 0, 1
    p = two_days([a, a, b, c], [x, y, x, y], [0.9, 0.8, 0.85, 0.3], minutes=(240, 120), vol_max=(240, 240, 120))
    one = solve(p, AssignConfig(cpsat_seconds=0, flow_rounds=1))
    assert sorted(one) == [0, 3]
    rounds = solve(p, AssignConfig(cpsat_seconds=0))
    assert sorted(rounds) == [1, 2]
    assert feasible(p, tuple(rounds))
    assert _objective(p, rounds, AssignConfig()) == pytest.approx(best_by_exhaustion(p, AssignConfig()))


@settings(max_examples=60, deadline=None)
@given(problems(days=3))
def test_more_flow_rounds_never_do_worse(p: AssignmentProblem) -> None:
    one = solve(p, AssignConfig(cpsat_seconds=0, flow_rounds=1))
    rounds = solve(p, AssignConfig(cpsat_seconds=0))
    assert feasible(p, tuple(rounds))
    assert _objective(p, rounds, AssignConfig()) >= _objective(p, one, AssignConfig()) - 1e-9
