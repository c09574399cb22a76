"""MatchEngine: the one object the web application and the command line talk to."""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .assign import AssignConfig, AssignmentProblem, solve
from .features import (
    FEATURES,
    N_FEATURES,
    BoolArray,
    FloatArray,
    IntArray,
    NeedProfiles,
    NeedTable,
    SlotKey,
    VolunteerColumns,
    VolunteerTable,
    age_mask,
    base_feasible,
    pair_features,
    union_ids,
    within_reach,
)
from .learn import PreferenceModel
from .reasons import reasons_of
from .taxonomy import Taxonomy, default_taxonomy
from .types import AGE_GROUPS, KST, Assignment, Need, Outcome, Ranked, Volunteer

_ALL_AGES = age_mask(AGE_GROUPS)
# Where the partial score's weights sit among the model's (see _score_need).
_W_RELIABILITY, _W_NEAR, _W_CLOSENESS, _W_FIT = (FEATURES.index(f) for f in ("reliability", "near", "closeness", "fit"))
# Candidate lists kept for reuse, counted in volunteer ids (4 bytes each): 160 MB at most.
_CAND_CACHE_IDS = 40_000_000


@dataclass(frozen=True, slots=True)
class _Candidates:
    """Scored candidates of open slots, slot after slot, as a few flat arrays (cheap to
    send back from a worker: one block's are 38 MB, as 17,000 small arrays 0.3 s to pickle).

    Slot k is slot `slot_idx[k]` of need `slot_need[k]`; its `count[k]` candidates are the
    next rows of ids (volunteers), x (features), d (distances in km) and p (probabilities).
    `n_feasible` is, per need of the block, the most candidates found per seat of a slot.
    """

    slot_need: IntArray
    slot_idx: IntArray
    count: IntArray
    ids: IntArray
    x: FloatArray
    d: FloatArray
    p: FloatArray
    n_feasible: FloatArray

    @classmethod
    def concat(cls, parts: Sequence[_Candidates]) -> _Candidates:
        if len(parts) == 1:
            return parts[0]
        return cls(*(np.concatenate([getattr(c, f) for c in parts]) for f in cls.__slots__))


# What a forked worker scores with: set just before the pool starts, inherited by fork.
_FORKED: tuple[MatchEngine, NeedTable, bool] | None = None


def _score_block(block: range) -> _Candidates:
    assert _FORKED is not None, "only called in a worker forked by MatchEngine._slot_candidates"
    engine, nt, large = _FORKED
    return engine._score_block(nt, block, large)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Retrieval and priority settings (documented defaults; pass your own to change them)."""

    # Up to this many volunteers every query scores every available volunteer (exact);
    # above it, candidates come from the concept index first and the rest only when
    # too few are found.
    full_scan_limit: int = 60_000
    # Candidates kept per slot for the global assignment when the city is large. On
    # 480,000 x 20,000, 6 rather than 8 makes assign 0.4-0.8 s faster for 0.013% of the
    # expected acceptances (55,863.4 against 55,870.7) and 11 of 61,238 proposals.
    candidates_per_seat: int = 6
    min_candidates_per_slot: int = 20
    # Of a need's candidates in a large city, this many times its slots' candidates (and
    # at least prescore_min) are scored in full, the best by a cheap partial score (see
    # _score_need). On 480,000 x 20,000 (8 candidates per seat), 6 instead of 12 scores
    # needs 17% faster; its candidates' summed probability drops 0.015% and the
    # assignment is as good (55,886.6 expected acceptances, against 55,886.4).
    prescore_factor: int = 6
    prescore_min: int = 150
    # A slot whose concept candidates are fewer than this per seat looks wider
    # (related concepts, then everyone available).
    widen_below_per_seat: int = 2
    # Urgent needs are worth up to this much more per proposal.
    urgency_priority: float = 0.1
    # Needs with few feasible volunteers (under-served areas) get up to this bonus.
    scarcity_priority: float = 0.1
    # Processes that score a large city's needs in parallel (forked; 1 = in this process
    # only). The result does not depend on it; it only pays when cores are idle.
    workers: int = 1
    # Below this many needs per worker, starting a process costs more than it saves.
    min_needs_per_worker: int = 1000


class MatchEngine:
    """Two-way recommendations and global assignment under the hard rules.

    Construct it with a fitted `PreferenceModel` (or none for the built-in defaults),
    call `index(volunteers)` once, then ask `recommend_volunteers(need)`,
    `recommend_needs(volunteer)` or `assign(volunteers, needs)`.
    """

    def __init__(
        self,
        model: PreferenceModel | None = None,
        *,
        taxonomy: Taxonomy | None = None,
        config: EngineConfig | None = None,
        assign_config: AssignConfig | None = None,
    ) -> None:
        self.model = model or PreferenceModel()
        self.taxonomy = taxonomy or default_taxonomy()
        self.config = config or EngineConfig()
        self.assign_config = assign_config or AssignConfig()
        self._vt: VolunteerTable | None = None
        self._vid: dict[str, int] | None = None  # row of each indexed volunteer record, made when first asked
        self._nt: NeedTable | None = None
        self._cand_cache: dict[tuple[SlotKey, tuple[int, ...]], npt.NDArray[np.int32]] = {}
        self._cand_cached = 0

    # ------------------------------------------------------------ indexes

    def index(self, volunteers: Sequence[Volunteer]) -> MatchEngine:
        """Build the volunteer index (columns, window and concept lists)."""
        return self._use_table(VolunteerTable(volunteers, self.taxonomy))

    def index_columns(self, columns: VolunteerColumns) -> MatchEngine:
        """Build the volunteer index from volunteers already read into columns (see io.read_volunteer_columns)."""
        return self._use_table(VolunteerTable.from_columns(columns, self.taxonomy))

    def _use_table(self, vt: VolunteerTable) -> MatchEngine:
        self._vt = vt
        self._vid = None
        self._cand_cache.clear()
        self._cand_cached = 0
        return self

    def index_needs(self, needs: Sequence[Need], profiles: NeedProfiles | None = None) -> MatchEngine:
        """Build the need index used by `recommend_needs` when no list is passed (and by
        `assign_indexed` and `recommend_all` when they are given the same list).
        `profiles`: the needs' profiles if already made (see io.read_city)."""
        self._nt = NeedTable(needs, self.taxonomy, profiles)
        return self

    def _need_table(self, needs: Sequence[Need]) -> NeedTable:
        nt = self._nt
        return nt if nt is not None and nt.needs is needs else NeedTable(needs, self.taxonomy)

    @property
    def volunteer_table(self) -> VolunteerTable:
        if self._vt is None:
            raise RuntimeError("call index(volunteers) first")
        return self._vt

    # ------------------------------------------------------------ scoring

    def _candidates(self, nt: NeedTable, j: int, s: int, *, level: int) -> IntArray:
        """Volunteers available for slot s of need j; on a large city, narrowed by concept.

        level 0: strong skill in one of the need's concepts; 1: also in concepts related
        to its main one; 2: everyone available. Small cities always get level 2 (exact).
        """
        vt = self.volunteer_table
        key = nt.slot_keys[j][s]
        if vt.n <= self.config.full_scan_limit or level >= 2 or not nt.top_concepts[j]:
            return vt.available(key)
        main = nt.top_concepts[j][0]
        # Level 0 reads the main concept's list and any other concept the need is at
        # least a third about; most needs are about one kind of help.
        concepts = {main} | {c for c in nt.top_concepts[j][1:] if nt.profile[j, c] >= 0.3}
        if level >= 1:
            concepts.update(int(k) for k in np.flatnonzero(self.taxonomy.related[nt.top_concepts[j][0]]))
        ck = (key, tuple(sorted(concepts)))
        hit = self._cand_cache.get(ck)
        if hit is not None:
            return hit.astype(np.int64)
        # Needs repeat a few hundred slot times and a few dozen kinds of help, so the
        # same list is asked for again and again; the cache is bounded (int32 ids).
        ids = vt.available_in(key, ck[1])
        if self._cand_cached + len(ids) > _CAND_CACHE_IDS:
            self._cand_cache.clear()
            self._cand_cached = 0
        self._cand_cache[ck] = ids.astype(np.int32)
        self._cand_cached += len(ids)
        return ids

    def _score_need(
        self, nt: NeedTable, j: int, ids: IntArray, keep: int | None = None
    ) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
        """Feasible volunteers among ids (rules 1-3), their features, distances and probabilities.

        With `keep`, only the `keep` best by a cheap partial score (skill fit, distance,
        reliability under the model's weights) get full features: a large city's
        candidate lists are long, and the tail never makes a top list.
        """
        vt = self.volunteer_table
        # Integer rules first, so distances are computed only for people who may come;
        # most needs take every age group and no qualification, which costs nothing.
        req = int(nt.req_quals[j])
        if req:
            ids = ids[(vt.quals[ids] & req) == req]
        if int(nt.age_bits[j]) != _ALL_AGES:
            ids = ids[(vt.age_bit[ids] & nt.age_bits[j]) != 0]
        ids, d = within_reach(vt, ids, float(nt.lat[j]), float(nt.lon[j]))
        if keep is not None and len(ids) > keep:
            w = self.model.weights.tolist()
            prof = nt.profile[j]
            rows = np.take(vt.partial_rows, ids, axis=0)  # reliability, 1 / radius
            part = w[_W_RELIABILITY] * rows[:, 0]
            near = np.exp(d * (-1.0 / 3.0))
            near *= w[_W_NEAR]
            part += near
            close = d * rows[:, 1]
            close *= -w[_W_CLOSENESS]
            part += close
            part += w[_W_CLOSENESS]
            for c in np.flatnonzero(prof):
                part += (w[_W_FIT] * float(prof[c])) * vt.skill_t[c][ids]
            top = np.argpartition(-part, keep)[:keep]
            top.sort()
            ids, d = ids[top], d[top]
        nj = np.full(len(ids), j, dtype=np.int64)
        x = pair_features(vt, ids, nt, nj, d)
        return ids, x, d, self.model.predict_proba(x)

    # ------------------------------------------------------------ need side

    def recommend_volunteers(self, need: Need, top: int = 10) -> list[Ranked]:
        """The best volunteers for a need, each feasible for at least one of its slots."""
        nt = NeedTable([need], self.taxonomy)
        return self._recommend_volunteers(nt, 0, top)

    def _recommend_volunteers(self, nt: NeedTable, j: int, top: int) -> list[Ranked]:
        vt = self.volunteer_table
        n_slots = len(nt.slot_keys[j])
        for level in (1, 2):
            per_slot = [self._candidates(nt, j, s, level=level) for s in range(n_slots)]
            all_ids = np.concatenate(per_slot) if per_slot else np.zeros(0, dtype=np.int64)
            all_slots = np.concatenate([np.full(len(a), s, dtype=np.int64) for s, a in enumerate(per_slot)] or [all_ids])
            # Each volunteer is reported with the first slot they can take.
            order0 = np.lexsort((all_slots, all_ids))
            all_ids, all_slots = all_ids[order0], all_slots[order0]
            first = np.ones(len(all_ids), dtype=bool)
            first[1:] = all_ids[1:] != all_ids[:-1]
            ids, slot_of = all_ids[first], all_slots[first]
            keep_ids = ids
            keep = max(300, 30 * top) if vt.n > self.config.full_scan_limit else None
            ids, x, d, p = self._score_need(nt, j, ids, keep)
            if len(ids) >= top or vt.n <= self.config.full_scan_limit:
                break
        slot_of = slot_of[np.searchsorted(keep_ids, ids)]
        order = np.lexsort((ids, -p))[:top]
        need = nt.needs[j]
        vi, js = ids[order], np.full(len(order), j)
        reasons = reasons_of(
            self.taxonomy, nt.profile[js], vt.skill[vi], vt.relskill[vi], nt.field_profile[js], vt.interest[vi],
            x[order], d[order], [need.slots[int(s)] for s in slot_of[order]],
        )
        shown = self.model.calibrate(p[order])
        return [Ranked(vt.ids[int(i)], float(q), r[0]) for i, q, r in zip(vi, shown, reasons, strict=True)]

    # ------------------------------------------------------------ volunteer side

    def recommend_needs(self, volunteer: Volunteer, needs: Sequence[Need] | None = None, top: int = 10) -> list[Ranked]:
        """The best needs for a volunteer among `needs` (or the indexed needs)."""
        if needs is not None:
            nt = NeedTable(needs, self.taxonomy)
        elif self._nt is not None:
            nt = self._nt
        else:
            raise RuntimeError("pass needs or call index_needs(needs) first")
        # The index answers only for the very record it was built from (a table read into
        # columns keeps no records, so there the volunteer gets a table of their own).
        vt = self._vt
        if vt is not None and vt.volunteers is not None:
            if self._vid is None:
                self._vid = {v: i for i, v in enumerate(vt.ids)}
            i = self._vid.get(volunteer.id)
            if i is not None and vt.volunteers[i] == volunteer:
                return self._recommend_needs(vt, i, nt, top)
        return self._recommend_needs(VolunteerTable([volunteer], self.taxonomy), 0, nt, top)

    def _needs_feasible_for(self, vt: VolunteerTable, i: int, nt: NeedTable) -> tuple[BoolArray, FloatArray, IntArray]:
        """Per need: feasible for volunteer i (rules 1-4 and hours), distance, first fitting slot."""
        ok_slot = np.zeros(len(nt.slot_need), dtype=bool)
        for wd, start, end in vt.windows_of(i):
            ok_slot |= (nt.slot_wd == wd) & (start <= nt.slot_s) & (nt.slot_e <= end)
        ok_slot &= nt.slot_same_day & (nt.slot_hours <= vt.max_hours[i] + 1e-9)
        first = np.full(nt.n, -1, dtype=np.int64)
        idx = np.flatnonzero(ok_slot)[::-1]
        first[nt.slot_need[idx]] = nt.slot_index[idx]
        vi = np.array([i], dtype=np.int64)
        ok, d = base_feasible(vt, vi, nt, np.arange(nt.n, dtype=np.int64))
        return ok & (first >= 0), d, first

    def _recommend_needs(self, vt: VolunteerTable, i: int, nt: NeedTable, top: int) -> list[Ranked]:
        ok, d, first = self._needs_feasible_for(vt, i, nt)
        nj = np.flatnonzero(ok)
        if len(nj) == 0:
            return []
        vi = np.array([i], dtype=np.int64)
        x = pair_features(vt, vi, nt, nj, d[nj])
        p = self.model.predict_proba(x)
        order = np.lexsort((nj, -p))[:top]
        js, vis = nj[order], np.full(len(order), i)
        reasons = reasons_of(
            self.taxonomy, nt.profile[js], vt.skill[vis], vt.relskill[vis], nt.field_profile[js], vt.interest[vis],
            x[order], d[js], [nt.needs[int(j)].slots[int(first[j])] for j in js],
        )
        shown = self.model.calibrate(p[order])
        return [Ranked(nt.ids[int(j)], float(q), r[0]) for j, q, r in zip(js, shown, reasons, strict=True)]

    def recommend_all(self, needs: Sequence[Need], *, side: str, top: int = 10) -> list[tuple[str, list[Ranked]]]:
        """Rankings for every need (side='need') or every indexed volunteer (side='volunteer')."""
        nt = self._need_table(needs)
        vt = self.volunteer_table
        if side == "need":
            return [(nt.ids[j], self._recommend_volunteers(nt, j, top)) for j in range(nt.n)]
        if side == "volunteer":
            return [(vt.ids[i], self._recommend_needs(vt, i, nt, top)) for i in range(vt.n)]
        raise ValueError("side must be 'need' or 'volunteer'")

    # ------------------------------------------------------------ assignment

    def assign(self, volunteers: Sequence[Volunteer], needs: Sequence[Need]) -> list[Assignment]:
        """Proposals that fill as many slots with as many likely acceptances as possible."""
        if self._vt is None or self._vt.volunteers is not volunteers:
            self.index(volunteers)
        return self.assign_indexed(needs)

    def assign_indexed(self, needs: Sequence[Need]) -> list[Assignment]:
        """`assign` among the volunteers indexed last (by `index` or `index_columns`)."""
        vt = self.volunteer_table
        nt = self._need_table(needs)
        cfg = self.config
        large = vt.n > cfg.full_scan_limit

        c = self._slot_candidates(nt, large)
        if not len(c.slot_need):
            return []
        # Scarcity: the fewer volunteers could take a need's places, the earlier it is served.
        scarcity = 1.0 / (1.0 + c.n_feasible / 5.0)
        prio = 1.0 + cfg.urgency_priority * nt.urgency[c.slot_need] + cfg.scarcity_priority * scarcity[c.slot_need]
        pair_slot = np.repeat(np.arange(len(c.count), dtype=np.int64), c.count)
        slot_need, slot_idx = c.slot_need.tolist(), c.slot_idx.tolist()
        slots = [nt.needs[j].slots[s] for j, s in zip(slot_need, slot_idx, strict=True)]
        epoch = min(sl.start for sl in slots)
        problem = AssignmentProblem(
            pair_vol=c.ids,
            pair_slot=pair_slot,
            value=c.p * prio[pair_slot],
            slot_headcount=np.array([sl.headcount for sl in slots], dtype=np.int64),
            slot_start=np.array([int((sl.start - epoch).total_seconds() // 60) for sl in slots], dtype=np.int64),
            slot_end=np.array([int((sl.end - epoch).total_seconds() // 60) for sl in slots], dtype=np.int64),
            slot_day=np.array([sl.start.astimezone(KST).toordinal() for sl in slots], dtype=np.int64),
            slot_minutes=np.array([round(sl.hours * 60) for sl in slots], dtype=np.int64),
            vol_max_minutes=np.floor(vt.max_hours * 60 + 1e-6).astype(np.int64),
        )
        chosen = np.array(solve(problem, self.assign_config), dtype=np.int64)
        at, vi = pair_slot[chosen], c.ids[chosen]
        js, ss = c.slot_need[at], c.slot_idx[at]
        reasons = reasons_of(
            self.taxonomy, nt.profile[js], vt.skill[vi], vt.relskill[vi], nt.field_profile[js], vt.interest[vi],
            c.x[chosen], c.d[chosen], [slots[k] for k in at.tolist()],
        )
        out = [
            Assignment(nt.ids[j], s, vt.ids[i], round(p, 4), r)
            for j, s, i, p, r in zip(js.tolist(), ss.tolist(), vi.tolist(), self.model.calibrate(c.p[chosen]).tolist(),
                                     reasons, strict=True)
        ]
        out.sort(key=lambda a: (a.need_id, a.slot, -a.score, a.volunteer_id))
        return out

    def _slot_candidates(self, nt: NeedTable, large: bool) -> _Candidates:
        """Scored candidates of every open slot, in need order, and each need's feasible volunteers per seat.

        Each need is scored on its own, so with `EngineConfig.workers` > 1 (and `fork`
        available) needs are split into contiguous blocks scored in parallel; the result
        is the same as scoring them one after the other.
        """
        workers = min(self.config.workers, nt.n // max(1, self.config.min_needs_per_worker))
        if workers > 1 and large and "fork" in mp.get_all_start_methods():
            bounds = np.linspace(0, nt.n, workers + 1).astype(int).tolist()
            blocks = [range(a, b) for a, b in itertools.pairwise(bounds)]
            global _FORKED
            _FORKED = (self, nt, large)
            # Frozen objects are left alone by the children's garbage collector, so
            # the pages holding the volunteers stay shared instead of being copied (the
            # command line runs with the collector off anyway). A caller that froze its
            # own objects before keeps them so.
            caller_froze = gc.get_freeze_count() > 0
            gc.freeze()
            try:
                with mp.get_context("fork").Pool(workers - 1) as pool:
                    pending = pool.map_async(_score_block, blocks[:-1])
                    last = self._score_block(nt, blocks[-1], large)
                    parts = [*pending.get(), last]
            finally:
                if not caller_froze:
                    gc.unfreeze()
                _FORKED = None
        else:
            parts = [self._score_block(nt, range(nt.n), large)]
        return _Candidates.concat(parts)

    def _score_block(self, nt: NeedTable, block: range, large: bool) -> _Candidates:
        """_slot_candidates for the needs of one block."""
        vt = self.volunteer_table
        cfg = self.config
        slot_need: list[int] = []
        slot_idx: list[int] = []
        found: list[tuple[IntArray, FloatArray, FloatArray, FloatArray]] = []
        n_feasible = np.zeros(len(block))
        for j in block:
            need_slots = nt.needs[j].slots
            open_slots = [s for s, slot in enumerate(need_slots) if slot.headcount > 0]
            if not open_slots:
                continue
            # Score the need once against everyone available for any of its slots, then
            # split by slot: most of a need's slots share their candidates.
            per_slot = {s: self._candidates(nt, j, s, level=0) for s in open_slots}
            union = union_ids(list(per_slot.values()), vt.n)
            seats = sum(need_slots[s].headcount for s in open_slots)
            keep = max(cfg.prescore_min, cfg.prescore_factor * cfg.candidates_per_seat * seats) if large else None
            u_ids, u_x, u_d, u_p = self._score_need(nt, j, union, keep)
            for s in open_slots:
                headcount = need_slots[s].headcount
                want = max(cfg.min_candidates_per_slot, cfg.candidates_per_seat * headcount)
                if len(open_slots) == 1:
                    ids, x, d, p = u_ids, u_x, u_d, u_p
                else:
                    # Candidate lists are sorted: a binary search tells who is in the slot's.
                    avail = per_slot[s]
                    at = np.searchsorted(avail, u_ids)
                    m = avail[np.minimum(at, len(avail) - 1)] == u_ids if len(avail) else np.zeros(len(u_ids), bool)
                    ids, x, d, p = u_ids[m], u_x[m], u_d[m], u_p[m]
                enough = cfg.widen_below_per_seat * headcount + 1
                if large and len(ids) < enough and vt.could_take(nt.slot_keys[j][s]):
                    for level in (1, 2):
                        ids, x, d, p = self._score_need(nt, j, self._candidates(nt, j, s, level=level), 4 * want)
                        if len(ids) >= enough:
                            break
                if large and len(ids) > want:
                    best = np.argpartition(-p, want)[:want]
                    ids, x, d, p = ids[best], x[best], d[best], p[best]
                n_feasible[j - block.start] = max(n_feasible[j - block.start], len(ids) / max(1, headcount))
                slot_need.append(j)
                slot_idx.append(s)
                found.append((ids, x, d, p))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return _Candidates(empty, empty, empty, empty, np.zeros((0, N_FEATURES)), np.zeros(0), np.zeros(0), n_feasible)
        ids_, x_, d_, p_ = zip(*found, strict=True)
        return _Candidates(
            np.array(slot_need, dtype=np.int64), np.array(slot_idx, dtype=np.int64),
            np.array([len(i) for i in ids_], dtype=np.int64),
            np.concatenate(ids_), np.concatenate(x_), np.concatenate(d_), np.concatenate(p_), n_feasible,
        )

    # ------------------------------------------------------------ learning

    def outcome_features(
        self, volunteers: Sequence[Volunteer], needs: Sequence[Need], outcomes: Sequence[Outcome]
    ) -> tuple[FloatArray, FloatArray]:
        """(X, y) for answered proposals; invalid answers and unknown ids are left out."""
        x, y, _ = self._outcome_rows(volunteers, needs, outcomes)
        return x, y

    def _outcome_rows(
        self, volunteers: Sequence[Volunteer], needs: Sequence[Need], outcomes: Sequence[Outcome]
    ) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64]]:
        """(X, y, need index of each row) for answered proposals."""
        vt = VolunteerTable(volunteers, self.taxonomy)
        nt = NeedTable(needs, self.taxonomy)
        vid = {v: i for i, v in enumerate(vt.ids)}
        nid = {n: j for j, n in enumerate(nt.ids)}
        rows = [
            (vid[o.volunteer_id], nid[o.need_id], 1.0 if o.outcome == "accepted" else 0.0)
            for o in outcomes
            if o.outcome != "invalid" and o.volunteer_id in vid and o.need_id in nid
        ]
        if not rows:
            return np.zeros((0, len(self.model.weights))), np.zeros(0), np.zeros(0, dtype=np.int64)
        vi = np.array([r[0] for r in rows], dtype=np.int64)
        nj = np.array([r[1] for r in rows], dtype=np.int64)
        _, d = base_feasible(vt, vi, nt, nj)
        return pair_features(vt, vi, nt, nj, d), np.array([r[2] for r in rows]), nj

    def learn(
        self, volunteers: Sequence[Volunteer], needs: Sequence[Need], outcomes: Sequence[Outcome], *, seed: int = 0
    ) -> PreferenceModel:
        """Fit a new preference model to answered proposals and use it from now on."""
        x, y, groups = self._outcome_rows(volunteers, needs, outcomes)
        prior = self.model.prior
        model = PreferenceModel(prior=prior, seed=seed)
        model.fit(x, y, groups=groups)
        self.model = model
        return model
