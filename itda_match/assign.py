"""Global assignment of volunteers to slots: min-cost flow, a repair step, greedy filling and CP-SAT polish."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_SCALE = 10_000  # flow and CP-SAT work in integers: values are kept to 1e-4


@dataclass(frozen=True, slots=True)
class AssignmentProblem:
    """Candidate (volunteer, slot) pairs with their values, and the limits that bind them.

    Slots are numbered globally; `slot_start`/`slot_end` are minutes on one time line
    (overlap is rule 5), `slot_day` groups a slot's calendar day, hours feed rule 6 and
    headcount rule 7. Every candidate pair already keeps rules 1-4.
    """

    pair_vol: IntArray
    pair_slot: IntArray
    value: FloatArray  # what a proposal is worth (acceptance probability, weighted by priority)
    slot_headcount: IntArray
    slot_start: IntArray
    slot_end: IntArray
    slot_day: IntArray
    slot_minutes: IntArray
    vol_max_minutes: IntArray


@dataclass(frozen=True, slots=True)
class AssignConfig:
    """How the optimiser trades pure expected acceptances against fairness and coverage."""

    fairness: float = 0.03  # cost of each further slot for a volunteer who already has one
    coverage_bonus: float = 0.05  # bonus for a slot's first volunteer, so every need gets someone
    # Instances up to this many candidate pairs are polished exactly by CP-SAT, starting
    # from the flow's repaired solution. Above it CP-SAT's presolve alone spends the
    # budget: on a matchsim city (64,230 pairs) it ended with no solution after 7 s, and
    # on the first 150 to 300 of its slots (17,311 to 37,713 pairs) with nothing better
    # than its hint after 6-20 s. Up to 13,189 pairs it proved the optimum in 0.6-20 s,
    # at most 0.03 better than the flow's rounds (146.67 against 146.65 on the first 100
    # slots, where one flow and its repair gave 146.31).
    cpsat_max_pairs: int = 15_000
    cpsat_seconds: float = 3.0
    # Instances up to this many pairs give the flow every pair, in up to `flow_rounds`
    # rounds (see _flow_rounds).
    flow_all_pairs_max: int = 80_000
    flow_rounds: int = 4
    # A larger instance gives the flow only each slot's best candidates, this many per
    # seat (and at least flow_min_candidates); the greedy fill after it still sees every
    # pair. On 480,000 x 20,000 (640,211 pairs, 76,054 seats):
    # all pairs, 3.5 s and an objective of 61,709.9; 4 and 8, 1.9-2.3 s and 61,701.7;
    # 3 and 6 (these), 1.5-1.6 s and 61,670.8, 0.06% less than all pairs (the proposals'
    # expected acceptances 55,870.7 against 55,886.6 with 4 and 8: 0.03% less).
    flow_candidates_per_seat: int = 3
    flow_min_candidates: int = 6
    seed: int = 0


def _objective(p: AssignmentProblem, chosen: list[int], cfg: AssignConfig) -> float:
    per_vol: dict[int, int] = defaultdict(int)
    slots: set[int] = set()
    total = 0.0
    for k in chosen:
        total += p.value[k]
        per_vol[int(p.pair_vol[k])] += 1
        slots.add(int(p.pair_slot[k]))
    total -= cfg.fairness * sum(c - 1 for c in per_vol.values())
    total += cfg.coverage_bonus * len(slots)
    return total


def _flow(p: AssignmentProblem, cfg: AssignConfig, cap_limit: dict[int, int] | None = None) -> list[int]:
    """Max-weight b-matching relaxation: at most one slot per volunteer and day, rising cost per slot.

    `cap_limit` caps the slots of the volunteers it names (see _flow_rounds).
    """
    from ortools.graph.python import min_cost_flow

    n_pairs = len(p.pair_vol)
    if n_pairs == 0:
        return []
    vols, vol_of_pair = np.unique(p.pair_vol, return_inverse=True)
    slots, slot_of_pair = np.unique(p.pair_slot, return_inverse=True)
    vday_key = vol_of_pair.astype(np.int64) * 1_000_000 + p.slot_day[p.pair_slot]
    vdays, vday_of_pair = np.unique(vday_key, return_inverse=True)
    n_v, n_s = len(vols), len(slots)
    min_minutes = np.full(n_v, np.iinfo(np.int64).max)
    np.minimum.at(min_minutes, vol_of_pair, p.slot_minutes[p.pair_slot])
    vd_vol = (vdays // 1_000_000).astype(np.int64)
    days_per_vol = np.bincount(vd_vol, minlength=n_v)
    cap = np.minimum(days_per_vol, np.maximum(0, p.vol_max_minutes[vols] // np.maximum(min_minutes, 1)))
    if cap_limit:
        at = np.searchsorted(vols, np.fromiter(cap_limit.keys(), dtype=np.int64, count=len(cap_limit)))
        cap[at] = np.minimum(cap[at], np.fromiter(cap_limit.values(), dtype=np.int64, count=len(cap_limit)))
    # Only a volunteer who may take two slots or more needs a node per day: for one who
    # may take a single slot (most of a large city's), the day rule cannot bind, and
    # their pairs leave the volunteer's node itself (a third fewer nodes, solved in 3 s not 5).
    multi = cap >= 2
    # A volunteer with a single pair and room for it needs no node at all: the pair's
    # arc leaves the source itself (on 480,000 x 20,000, 44,708 of the flow's 96,279
    # volunteers; solved in 1.9 s instead of 2.4).
    direct = (cap >= 1) & (np.bincount(vol_of_pair, minlength=n_v) == 1)
    cap = np.where(direct, 0, cap)
    by_day = multi[vd_vol]
    n_vd = int(by_day.sum())
    src, sink = 0, 1
    v0 = 2
    v_node = v0 + np.cumsum(~direct) - 1  # meaningful where not direct
    vd0 = v0 + int((~direct).sum())
    s0 = vd0 + n_vd
    vd_node = np.full(len(vdays), -1, dtype=np.int64)
    vd_node[by_day] = vd0 + np.arange(n_vd)
    tails: list[IntArray] = []
    heads: list[IntArray] = []
    caps: list[IntArray] = []
    costs: list[IntArray] = []

    # Source -> volunteer: one unit arc per possible slot, each dearer than the last, so
    # flow spreads proposals over equally good volunteers before doubling anyone up.
    rep = np.repeat(np.arange(n_v), cap)
    rank = np.arange(len(rep)) - np.repeat(np.cumsum(cap) - cap, cap)
    tails.append(np.full(len(rep), src))
    heads.append(v_node[rep])
    caps.append(np.ones(len(rep), dtype=np.int64))
    costs.append(np.round(_SCALE * cfg.fairness * rank).astype(np.int64))
    # Volunteer -> volunteer-day: one slot a day, so the relaxation never overlaps.
    tails.append(v_node[vd_vol[by_day]])
    heads.append(vd0 + np.arange(n_vd))
    caps.append(np.ones(n_vd, dtype=np.int64))
    costs.append(np.zeros(n_vd, dtype=np.int64))
    # Volunteer-day (or volunteer) -> slot: the pair's value.
    tails.append(
        np.where(direct[vol_of_pair], src, np.where(multi[vol_of_pair], vd_node[vday_of_pair], v_node[vol_of_pair]))
    )
    heads.append(s0 + slot_of_pair)
    caps.append(np.ones(n_pairs, dtype=np.int64))
    costs.append(-np.round(_SCALE * p.value).astype(np.int64))
    # Slot -> sink: the first place carries the coverage bonus.
    hc = p.slot_headcount[slots]
    tails.append(s0 + np.arange(n_s))
    heads.append(np.full(n_s, sink))
    caps.append(np.minimum(hc, 1))
    costs.append(np.full(n_s, -round(_SCALE * cfg.coverage_bonus), dtype=np.int64))
    tails.append(s0 + np.arange(n_s))
    heads.append(np.full(n_s, sink))
    caps.append(np.maximum(hc - 1, 0))
    costs.append(np.zeros(n_s, dtype=np.int64))
    total = int(hc.sum())
    tails.append(np.array([src]))
    heads.append(np.array([sink]))
    caps.append(np.array([total]))
    costs.append(np.array([0]))

    smcf = min_cost_flow.SimpleMinCostFlow()
    t, h, c, w = (np.concatenate(a).astype(np.int64) for a in (tails, heads, caps, costs))
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(t, h, c, w)
    supplies = np.zeros(s0 + n_s, dtype=np.int64)
    supplies[src], supplies[sink] = total, -total
    smcf.set_nodes_supplies(np.arange(len(supplies)), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        return []
    first_pair_arc = len(rep) + n_vd
    flows = smcf.flows(arcs[first_pair_arc : first_pair_arc + n_pairs])
    return [int(k) for k in np.flatnonzero(flows > 0)]


def _flow_rounds(p: AssignmentProblem, cfg: AssignConfig) -> list[int]:
    """The flow on every pair, repaired (see _repair_and_fill); the best of a few rounds.

    The flow lets a volunteer take as many slots as their weekly hours hold of the
    shortest; given longer ones (or, across midnight, overlapping ones), the repair drops
    one of their slots and fills the place greedily. Instead each volunteer who lost a
    slot so gets one slot fewer and the flow runs again, at most `cfg.flow_rounds` times,
    so that the places they leave are filled as well as the flow can.
    """
    limit: dict[int, int] = {}
    best: list[int] = []
    best_value = -math.inf
    for _ in range(max(1, cfg.flow_rounds)):
        flow = _flow(p, cfg, limit)
        sol = _repair_and_fill(p, flow, cfg)
        value = _objective(p, sol, cfg)
        if value > best_value:
            best, best_value = sol, value
        # The flow never overfills a slot, so what the repair dropped broke a volunteer's
        # hours or overlapped; a single slot too long for its volunteer is simply dropped.
        kept = set(sol)
        given = Counter(p.pair_vol[flow].tolist())
        short = {v: given[v] - 1 for v in {int(p.pair_vol[k]) for k in flow if k not in kept} if given[v] > 1}
        if not short:
            break
        limit.update(short)
    return best


class _State:
    """Bookkeeping that keeps rules 5-7 while pairs are added."""

    def __init__(self, p: AssignmentProblem) -> None:
        # Plain Python lists: this loop runs over every candidate pair, and list
        # indexing is several times cheaper than numpy scalar access.
        self.vol = p.pair_vol.tolist()
        self.slot = p.pair_slot.tolist()
        self.headcount = p.slot_headcount.tolist()
        self.start = p.slot_start.tolist()
        self.end = p.slot_end.tolist()
        self.slot_minutes = p.slot_minutes.tolist()
        self.max_minutes = p.vol_max_minutes.tolist()
        self.load = [0] * len(self.headcount)
        self.minutes = [0] * len(self.max_minutes)
        self.busy: dict[int, list[int]] = defaultdict(list)  # slots held per volunteer
        self.chosen: list[int] = []
        self.taken: set[tuple[int, int]] = set()

    def can_add(self, k: int) -> bool:
        v, s = self.vol[k], self.slot[k]
        if self.load[s] >= self.headcount[s] or (v, s) in self.taken:
            return False
        if self.minutes[v] + self.slot_minutes[s] > self.max_minutes[v]:
            return False
        st, en = self.start[s], self.end[s]
        return all(not (st < self.end[o] and self.start[o] < en) for o in self.busy[v])

    def add(self, k: int) -> None:
        v, s = self.vol[k], self.slot[k]
        self.load[s] += 1
        self.minutes[v] += self.slot_minutes[s]
        self.busy[v].append(s)
        self.taken.add((v, s))
        self.chosen.append(k)


def _repair_and_fill(p: AssignmentProblem, start: list[int], cfg: AssignConfig, *, fill: bool = True) -> list[int]:
    """Keep the best of `start` that fits every rule, then add the best remaining pairs greedily."""
    st = _State(p)
    values = p.value.tolist()
    rest = start
    ks = np.array(start, dtype=np.int64)
    fits_headcounts = bool(np.all(np.bincount(p.pair_slot[ks], minlength=len(p.slot_headcount)) <= p.slot_headcount))
    if len(np.unique(ks)) == len(ks) and fits_headcounts:
        # Where no slot gets more than its headcount (the flow's never does), a volunteer
        # given one slot keeps it if it fits their weekly hours: nothing else competes for
        # their time, nor for the place. Only volunteers given several slots are checked
        # one pair at a time (on 480,000 x 20,000, 1,316 of the flow's 61,228 pairs).
        vol = p.pair_vol[ks]
        single = np.bincount(vol)[vol] == 1
        fits = p.slot_minutes[p.pair_slot[ks]] <= p.vol_max_minutes[vol]
        for k in ks[single & fits].tolist():
            st.add(k)
        rest = ks[~single].tolist()
    for k in sorted(rest, key=lambda k: -values[k]):
        if st.can_add(k):
            st.add(k)
    if not fill:
        return st.chosen
    # Greedy filling in value order; a pair is added only while it still improves the
    # objective (a further slot for a busy volunteer costs `fairness`). Slots only fill
    # up, so the pairs of a slot already full never enter the loop (on a large city,
    # most of them).
    order = np.argsort(-p.value, kind="stable")
    room = np.array(st.load, dtype=np.int64) < p.slot_headcount
    for k in order[room[p.pair_slot[order]]].tolist():
        s, v = st.slot[k], st.vol[k]
        if st.load[s] >= st.headcount[s]:
            continue
        gain = values[k] - (cfg.fairness if st.busy.get(v) else 0.0) + (cfg.coverage_bonus if st.load[s] == 0 else 0.0)
        if gain > 0 and st.can_add(k):
            st.add(k)
    return st.chosen


def _cpsat(p: AssignmentProblem, hint: list[int], cfg: AssignConfig) -> list[int] | None:
    from ortools.sat.python import cp_model

    n = len(p.pair_vol)
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{k}") for k in range(n)]
    by_slot: dict[int, list[int]] = defaultdict(list)
    by_vol: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        by_slot[int(p.pair_slot[k])].append(k)
        by_vol[int(p.pair_vol[k])].append(k)
    cover = []
    for s, ks in by_slot.items():
        m.add(sum(x[k] for k in ks) <= int(p.slot_headcount[s]))
        z = m.new_bool_var(f"z{s}")
        m.add(z <= sum(x[k] for k in ks))
        cover.append(z)
    extra = []
    for v, ks in by_vol.items():
        m.add(sum(int(p.slot_minutes[p.pair_slot[k]]) * x[k] for k in ks) <= int(p.vol_max_minutes[v]))
        if len(ks) > 1:
            ivs = [
                m.new_optional_fixed_size_interval_var(
                    int(p.slot_start[p.pair_slot[k]]),
                    int(p.slot_end[p.pair_slot[k]] - p.slot_start[p.pair_slot[k]]),
                    x[k],
                    f"i{k}",
                )
                for k in ks
            ]
            m.add_no_overlap(ivs)
            y = m.new_int_var(0, len(ks), f"y{v}")
            m.add(y >= sum(x[k] for k in ks) - 1)
            extra.append(y)
    vals = np.round(_SCALE * p.value).astype(np.int64)
    m.maximize(
        sum(int(vals[k]) * x[k] for k in range(n))
        + round(_SCALE * cfg.coverage_bonus) * sum(cover)
        - round(_SCALE * cfg.fairness) * sum(extra)
    )
    hs = set(hint)
    for k in range(n):
        m.add_hint(x[k], k in hs)
    solver = cp_model.CpSolver()
    # A deterministic time budget and interleaved search keep runs reproducible on a
    # busy machine; the wall-clock limit is only a safety net.
    solver.parameters.max_deterministic_time = cfg.cpsat_seconds
    solver.parameters.max_time_in_seconds = 10 * cfg.cpsat_seconds
    solver.parameters.num_workers = 2
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = cfg.seed
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [k for k in range(n) if solver.boolean_value(x[k])]


def _best_per_slot(p: AssignmentProblem, cfg: AssignConfig) -> IntArray:
    """Indexes of each slot's best pairs by value (see AssignConfig.flow_candidates_per_seat), in order."""
    order = np.lexsort((-p.value, p.pair_slot))
    slot_sorted = p.pair_slot[order]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(slot_sorted, slot_sorted)
    limit = np.maximum(cfg.flow_candidates_per_seat * p.slot_headcount[p.pair_slot], cfg.flow_min_candidates)
    return np.flatnonzero(rank < limit)


def solve(p: AssignmentProblem, cfg: AssignConfig | None = None) -> list[int]:
    """Indexes of the chosen pairs; every hard rule holds for the result."""
    cfg = cfg or AssignConfig()
    exact = 0 < len(p.pair_vol) <= cfg.cpsat_max_pairs and cfg.cpsat_seconds > 0
    if len(p.pair_vol) <= cfg.flow_all_pairs_max:
        best = _flow_rounds(p, cfg)
    else:
        keep = _best_per_slot(p, cfg)
        sub = replace(p, pair_vol=p.pair_vol[keep], pair_slot=p.pair_slot[keep], value=p.value[keep])
        best = _repair_and_fill(p, keep[np.array(_flow(sub, cfg), dtype=np.int64)].tolist(), cfg)
    if exact:
        sol = _cpsat(p, best, cfg)
        if sol is not None and _objective(p, sol, cfg) > _objective(p, best, cfg):
            # The exact model keeps every rule itself; re-checking through _State is cheap insurance.
            best = _repair_and_fill(p, sol, cfg, fill=False)
    return sorted(best)
