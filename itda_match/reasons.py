"""One-sentence Korean explanations of why a volunteer and a need were put together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import FEATURES, FloatArray
from .taxonomy import FIELD_LABELS, Taxonomy
from .types import Slot

WEEKDAYS = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")
_F = {f: i for i, f in enumerate(FEATURES)}


def _with_gwa(word: str) -> str:
    """word + 과/와, chosen by whether the last syllable ends in a consonant (받침)."""
    last = word.rstrip()[-1:] or "가"
    code = ord(last) - 0xAC00
    has_final = 0 <= code < 11172 and code % 28 != 0
    return f"{word}{'과' if has_final else '와'}"


def time_phrase(slot: Slot) -> str:
    """토요일 오전 — the day and part of day of a slot."""
    m = slot.start_min
    part = "오전" if m < 12 * 60 else ("오후" if m < 18 * 60 else "저녁")
    return f"{WEEKDAYS[slot.weekday]} {part}"


def _distance_phrase(km: float) -> str:
    if km < 1.0:
        return f"{max(100, round(km * 1000, -2)):.0f}m 거리"
    return f"{km:.1f}km 거리" if km < 10 else f"{km:.0f}km 거리"


def reasons_of(
    taxonomy: Taxonomy,
    profile: npt.NDArray[Any],
    skill: npt.NDArray[Any],
    relskill: npt.NDArray[Any],
    field_profile: npt.NDArray[Any],
    interest: npt.NDArray[Any],
    x: FloatArray,
    dist_km: FloatArray,
    slots: Sequence[Slot | None],
) -> list[tuple[str, ...]]:
    """Reasons for many pairs at once, one row of each array per pair: the need's concept
    and field profiles, the volunteer's skills, related skills and interests, the pair's
    features and distance, and the slot proposed. Per pair, the sentence first, then
    the short facts it is made of."""
    m = len(x)
    if m == 0:
        return []
    rows = np.arange(m)
    asks = profile.sum(axis=1) > 0
    skilled = asks & (x[:, _F["fit"]] >= 0.2)
    related = asks & ~skilled & (x[:, _F["related"]] > 0.05)
    c_skill = np.argmax(profile * skill, axis=1)
    c_related = np.argmax(profile * relskill, axis=1)
    f = np.argmax(field_profile * interest, axis=1)
    shared_field = (field_profile.sum(axis=1) > 0) & (interest[rows, f] > 0) & (field_profile[rows, f] > 0.2)
    steady = x[:, _F["reliability"]] > 0.05
    labels = taxonomy.concept_labels
    out: list[tuple[str, ...]] = []
    # Plain lists (numpy scalars are slow one at a time), and each slot's time said once.
    whens: dict[int, str] = {}
    for sk, rl, cs, cr, sf, fk, st, km, slot in zip(
        skilled.tolist(), related.tolist(), c_skill.tolist(), c_related.tolist(), shared_field.tolist(),
        f.tolist(), steady.tolist(), dist_km.tolist(), slots, strict=True,
    ):
        facts: list[str] = []
        if sk:
            facts.append(f"{labels[cs]} 경험이 있고")
        elif rl:
            facts.append(f"{_with_gwa(labels[cr])} 비슷한 재능이 있고")
        if sf:
            facts.append(f"{FIELD_LABELS[fk]} 분야에 관심이 있으며")
        if st:
            facts.append("꾸준히 참여해 왔고")
        where = _distance_phrase(km)
        if slot is None:
            out.append((" ".join([*facts, where]), where))
        else:
            when = whens.get(id(slot))
            if when is None:
                when = whens[id(slot)] = f"{time_phrase(slot)} 가능"
            out.append((f"{' '.join([*facts, where])}, {when}", where, when))
    return out
