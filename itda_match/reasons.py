"""One-sentence Korean explanations of why a volunteer and a need were put together."""

from __future__ import annotations

import numpy as np

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


def pair_reasons(
    taxonomy: Taxonomy,
    profile: FloatArray,
    skill: FloatArray,
    relskill: FloatArray,
    field_profile: FloatArray,
    interest: FloatArray,
    x: FloatArray,
    dist_km: float,
    slot: Slot | None,
) -> tuple[str, ...]:
    """The sentence first, then the short facts it is made of."""
    facts: list[str] = []
    fit = x[_F["fit"]]
    top = int(np.argmax(profile)) if profile.sum() > 0 else -1
    if top >= 0 and fit >= 0.2:
        c = int(np.argmax(profile * skill))
        facts.append(f"{taxonomy.concept_labels[c]} 경험이 있고")
    elif top >= 0 and x[_F["related"]] > 0.05:
        c = int(np.argmax(profile * relskill))
        facts.append(f"{_with_gwa(taxonomy.concept_labels[c])} 비슷한 재능이 있고")
    f = int(np.argmax(field_profile * interest)) if field_profile.sum() > 0 else -1
    if f >= 0 and interest[f] > 0 and field_profile[f] > 0.2:
        facts.append(f"{FIELD_LABELS[f]} 분야에 관심이 있으며")
    if x[_F["reliability"]] > 0.05:
        facts.append("꾸준히 참여해 왔고")
    where = _distance_phrase(dist_km)
    when = f", {time_phrase(slot)} 가능" if slot is not None else ""
    sentence = " ".join([*facts, where]) + when
    short = [where]
    if slot is not None:
        short.append(f"{time_phrase(slot)} 가능")
    return (sentence, *short)
