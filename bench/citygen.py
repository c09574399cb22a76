"""A synthetic Gwangju of any size for timing the engine, written from itda's own taxonomy (not matchsim's lexicon)."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from itda_match import taxonomy_data as data
from itda_match.types import QUALIFICATIONS

KST = timezone(timedelta(hours=9))
WEEK = datetime(2027, 3, 1, tzinfo=KST)  # a Monday
# District centres (동구, 서구, 남구, 북구, 광산구) with rough population weights.
DISTRICTS = [(35.146, 126.923, 0.07), (35.152, 126.890, 0.21), (35.133, 126.902, 0.15),
             (35.174, 126.912, 0.30), (35.139, 126.794, 0.27)]
BANDS = [("09:00", "13:00"), ("13:00", "18:00"), ("18:00", "21:00"), ("09:00", "18:00"), ("10:00", "16:00")]
INTROS = ["{a} 쪽으로 돕고 싶습니다.", "{a}을 오래 해 왔어요.", "주말에 {a} 봉사 가능해요.", "{a}, {b} 자신 있습니다.", "동네 이웃을 위해 {a} 하겠습니다."]
NEEDS = ["{t} 도와주실 분", "{t} 봉사자 구합니다", "{t}에 일손이 필요해요", "급히 {t} 함께해 주세요"]


def _point(rng: random.Random, spread: float = 0.03) -> tuple[float, float]:
    lat, lon, _ = rng.choices(DISTRICTS, weights=[d[2] for d in DISTRICTS])[0]
    return round(lat + rng.gauss(0, spread), 5), round(lon + rng.gauss(0, spread * 1.2), 5)


def generate(n_volunteers: int, n_needs: int, seed: int, out: Path) -> None:
    """Write out/volunteers.jsonl and out/needs.jsonl."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    concepts = sorted(data.CONCEPTS)
    terms = {c: [t.split("|")[0] for t in data.CONCEPTS[c]["terms"]] for c in concepts}
    # Requests name their help in a phrase, not a bare verb stem: titles use the
    # multi-syllable terms, joined in pairs as people write them.
    titles = {c: [t for t in terms[c] if len(t.replace(" ", "")) >= 2] for c in concepts}
    fields = [v for k, v in data.FIELDS.items() if k not in ("1700", "1900")]
    with open(out / "volunteers.jsonl", "w", encoding="utf-8") as f:
        for i in range(n_volunteers):
            cs = rng.sample(concepts, k=rng.choice([1, 1, 2]))
            talents = [rng.choice(terms[c]) for c in cs]
            lat, lon = _point(rng)
            age = rng.choices(["youth", "adult", "senior"], weights=[0.15, 0.65, 0.2])[0]
            wins = []
            for _ in range(rng.choice([1, 2, 2, 3])):
                s, e = rng.choice(BANDS)
                wins.append({"weekday": rng.choices(range(7), weights=[1, 1, 1, 1, 1, 2, 2])[0], "start": s, "end": e})
            comp = int(rng.expovariate(1 / 6))
            rec = {
                "id": f"v{i:07d}", "age_group": age, "home": {"lat": lat, "lon": lon},
                "max_distance_km": rng.choice([3, 5, 5, 8, 12, 20]), "availability": wins,
                "max_hours_per_week": rng.choice([2, 4, 4, 6, 8, 12]), "talents": talents,
                "interest_fields": sorted({data.FIELDS[data.CONCEPTS[c]["field"]] for c in cs} | ({rng.choice(fields)} if rng.random() < 0.3 else set())),
                "intro": rng.choice(INTROS).format(a=talents[0], b=talents[-1]),
                "qualifications": sorted({q for q in QUALIFICATIONS if rng.random() < 0.06}),
                "history": {"completed": comp, "declined": int(rng.expovariate(1 / 2)), "no_show": sum(rng.random() < 0.05 for _ in range(comp))},
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(out / "needs.jsonl", "w", encoding="utf-8") as f:
        for j in range(n_needs):
            c = rng.choice(concepts)
            t = " ".join(rng.sample(titles[c], k=2))
            lat, lon = _point(rng, 0.035)
            slots = []
            for d in sorted(rng.sample(range(7), k=rng.choice([1, 1, 2, 3]))):
                sh = rng.randint(9, 17)
                st = WEEK + timedelta(days=d, hours=sh)
                en = st + timedelta(hours=min(rng.choice([2, 2, 3, 4]), 21 - sh))
                slots.append({"start": st.isoformat(timespec="minutes"), "end": en.isoformat(timespec="minutes"), "headcount": rng.choice([1, 1, 2, 2, 3, 4])})
            kind = rng.choice(["individual", "organization"])
            rec = {
                "id": f"n{j:06d}", "requester_kind": kind,
                "org_type": rng.choice(["farm", "sme", "social_economy", "public_interest", "welfare_facility"]) if kind == "organization" else None,
                "title": t, "description": rng.choice(NEEDS).format(t=t),
                "field": data.FIELDS[data.CONCEPTS[c]["field"]] if rng.random() < 0.5 else None,
                "location": {"lat": lat, "lon": lon}, "slots": slots,
                "required_qualifications": [rng.choice(data.CONCEPTS[c]["quals"])] if data.CONCEPTS[c]["quals"] and rng.random() < 0.2 else [],
                "eligible_age_groups": ["adult", "senior"] if rng.random() < 0.3 else ["youth", "adult", "senior"],
                "urgency": round(rng.random(), 2),
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
