"""The only place where database rows become engine records and engine results come back.

The engine (`itda_match`) never sees Django. Volunteer indexes are kept in memory per
district and rebuilt when the district's volunteers change (a cheap fingerprint query
detects that), so any web or task worker can rebuild them from the database.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet

import itda_match as engine
from itda.needs.models import Need, Slot
from itda.places.models import District, haversine_km
from itda.volunteers.models import AvailabilityWindow, VolunteerProfile
from itda_match.taxonomy import field_code

_ENGINE_ORG_TYPES = {
    "farm": "farm", "sme": "sme", "social_economy": "social_economy",
    "social_enterprise": "social_economy", "village_enterprise": "social_economy",
    "cooperative": "social_economy", "public_interest": "public_interest",
    "welfare_facility": "welfare_facility",
}
URGENCY = {0: 0.0, 1: 0.5, 2: 1.0}


# Reading Korean needs the analyser, the taxonomy and the field model in memory: about
# four seconds on first use in a process. A server starts loading them at once (see
# config/wsgi.py), so the first resident to post a need does not wait for it.
_warm_lock = threading.Lock()
_warmed = threading.Event()


def _reset_warm_up_after_fork() -> None:
    # A server that forks its workers after loading the application (gunicorn --preload)
    # may fork while the warm-up holds the lock: the child would wait on it for ever.
    global _warm_lock
    _warm_lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_warm_up_after_fork)


def warm_engine() -> None:
    """Load the engine's Korean reading in this process, once; waits while another thread loads it."""
    if _warmed.is_set():
        return
    with _warm_lock:
        if not _warmed.is_set():
            engine.classify("봉사")
            _warmed.set()


def start_engine_warm_up() -> threading.Thread:
    """Load the engine's Korean reading in a background thread (called when a server starts)."""
    thread = threading.Thread(target=warm_engine, name="itda-engine-warm-up", daemon=True)
    thread.start()
    return thread


def suggest_field_code(title: str, description: str = "") -> str | None:
    """The upper field code of the engine's reading of a need (for people who don't know the portal's fields).

    The field of the help the engine reads in the title and description, so that the field,
    once saved, agrees with the reading it then sharpens (a chosen field weighs readings
    outside it at a fifth). The 1365 classifier, which files posts as the portal's
    organisations do, decides only when the text names no help the taxonomy knows: it
    would put 치매 어머니 말벗 under 보건ㆍ의료, and the need, read as company, would then
    be proposed to health volunteers only.
    """
    warm_engine()
    code = engine.default_taxonomy().need_field(title, context=description)
    if code is not None:
        return code
    label, _confidence = engine.classify(f"{title}\n{description}")
    return field_code(label)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def volunteer_record(profile: VolunteerProfile) -> engine.Volunteer:
    """Engine record of a profile (its availability and interest fields prefetched)."""
    return engine.Volunteer(
        id=str(profile.pk),
        age_group=profile.age_group,
        home=engine.GeoPoint(profile.lat, profile.lon),
        max_distance_km=float(profile.max_distance_km),
        availability=tuple(
            engine.AvailabilityWindow(w.weekday, _minutes(w.start), _minutes(w.end))
            for w in profile.availability.all()
        ),
        max_hours_per_week=float(profile.max_hours_per_week),
        talents=tuple(profile.talent_tags) or ((profile.talents,) if profile.talents else ()),
        interest_fields=tuple(f.name for f in profile.interest_fields.all()),
        intro=profile.intro,
        qualifications=frozenset(profile.qualifications),
        history=engine.History(
            completed=profile.completed_count, declined=profile.declined_count,
            no_show=profile.no_show_count,
        ),
    )


def slot_record(slot: Slot, *, headcount: int | None = None) -> engine.Slot:
    return engine.Slot(start=slot.start, end=slot.end,
                       headcount=slot.headcount if headcount is None else headcount)


def slot_fits(profile: VolunteerProfile, slot: Slot) -> bool:
    """The engine's availability rule for one slot: inside a weekly window of the volunteer
    (local time, the same day) and no longer than their weekly hours."""
    s = slot_record(slot)
    if not s.same_day or s.hours > profile.max_hours_per_week + 1e-9:
        return False
    return any(w.weekday == s.weekday and _minutes(w.start) <= s.start_min and s.end_min <= _minutes(w.end)
               for w in profile.availability.all())


def need_record(need: Need, slots: Sequence[Slot], *, headcounts: Sequence[int] | None = None) -> engine.Need:
    field = need.field.upper.name if need.field_id else None
    return engine.Need(
        id=str(need.pk),
        requester_kind=need.requester_kind,
        title=need.title,
        description=need.description,
        location=engine.GeoPoint(need.lat, need.lon),
        slots=tuple(
            slot_record(s, headcount=None if headcounts is None else headcounts[i])
            for i, s in enumerate(slots)
        ),
        org_type=_ENGINE_ORG_TYPES.get(need.organization.org_type) if need.organization_id and need.organization else None,
        field=field,
        required_qualifications=frozenset(need.required_qualifications),
        eligible_age_groups=frozenset(need.eligible_age_groups or engine.types.AGE_GROUPS),
        urgency=URGENCY.get(need.urgency, 0.0),
    )


def active_profiles() -> Iterable[VolunteerProfile]:
    return profiles_for_engine(VolunteerProfile.objects.filter(is_active=True))


def profiles_for_engine(qs: QuerySet[VolunteerProfile]) -> QuerySet[VolunteerProfile]:
    """Profiles with what volunteer_record reads loaded alongside."""
    return (
        qs
        .select_related("user")  # candidates pages and proposals name and notify the person
        .prefetch_related(
            Prefetch("availability", queryset=AvailabilityWindow.objects.order_by("weekday", "start")),
            "interest_fields",
        )
        .order_by("pk")
    )


# ---------------------------------------------------------------- the learned model

def model_path() -> Path:
    return Path(getattr(settings, "ITDA_MATCH_MODEL_PATH", settings.VAR_DIR / "match_model.json"))


def load_model() -> engine.PreferenceModel | None:
    path = model_path()
    if path.exists():
        try:
            return engine.PreferenceModel.load(str(path))
        except (OSError, ValueError):
            return None
    return None


# ---------------------------------------------------------------- per-district indexes

@dataclass
class _Index:
    fingerprint: tuple[object, ...]
    engine: engine.MatchEngine
    profiles: dict[str, VolunteerProfile]


class DistrictIndexes:
    """An engine per district over the volunteers who could reach it, rebuilt on change."""

    # A volunteer is indexed for a district if their travel circle reaches its centroid
    # plus this margin (a district of Gwangju is at most about 12 km across).
    MARGIN_KM = 8.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._indexes: dict[str, _Index] = {}
        self._model_mtime: float | None = None

    def _fingerprint(self) -> tuple[object, ...]:
        agg = VolunteerProfile.objects.aggregate(n=Count("id"), last=Max("updated_at"),
                                                 active=Count("id", filter=Q(is_active=True)))
        path = model_path()
        mtime = path.stat().st_mtime if path.exists() else None
        return (agg["n"], agg["active"], agg["last"], mtime)

    def for_district(self, district: District) -> _Index:
        fp = self._fingerprint()
        with self._lock:
            idx = self._indexes.get(district.code)
            if idx is not None and idx.fingerprint == fp:
                return idx
            profiles = [
                p for p in active_profiles()
                if haversine_km(p.lat, p.lon, district.lat, district.lon) <= p.max_distance_km + self.MARGIN_KM
            ]
            eng = engine.MatchEngine(load_model())
            eng.index([volunteer_record(p) for p in profiles])
            idx = _Index(fp, eng, {str(p.pk): p for p in profiles})
            self._indexes[district.code] = idx
            return idx

    def clear(self) -> None:
        with self._lock:
            self._indexes.clear()


indexes = DistrictIndexes()
