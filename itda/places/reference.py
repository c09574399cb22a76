"""Reference data loaded into the database: service fields and the Gwangju geography."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# The 1365 portal's current upper service fields, spelled as its records spell them (U+318D).
UPPER_FIELDS: list[tuple[str, str]] = [
    ("0100", "생활편의"),
    ("0200", "주거환경"),
    ("0300", "상담ㆍ멘토링"),
    ("0400", "교육"),
    ("0500", "보건ㆍ의료"),
    ("0600", "농어촌 봉사"),
    ("0700", "문화ㆍ체육ㆍ예술ㆍ관광"),
    ("0800", "환경ㆍ생태계보호"),
    ("0900", "사무행정"),
    ("1000", "지역안전ㆍ보호"),
    ("1100", "인권ㆍ공익"),
    ("1200", "재난ㆍ재해"),
    ("1300", "국제협력ㆍ해외봉사"),
    ("1500", "기타"),
    ("1700", "자원봉사 기본교육"),
    ("1900", "온라인자원봉사"),
]

# Sub-fields of the portal's older two-level scheme, as its 2020 records show them
# (e.g. 생활편의지원 > 급식지원 = 0104, 농어촌 봉사 > 일손지원 = 0601). The labels are the
# observed ones; the two-digit suffixes follow the portal's numbering where it is known.
SUB_FIELDS: list[tuple[str, str]] = [
    ("0101", "활동보조"),
    ("0102", "이동지원"),
    ("0103", "청결지도"),
    ("0104", "급식지원"),
    ("0105", "식사ㆍ반찬지원"),
    ("0201", "주거개선"),
    ("0202", "마을공동체활동"),
    ("0301", "말벗ㆍ상담"),
    ("0302", "멘토링"),
    ("0401", "방과후 교육"),
    ("0402", "학습지도 교육"),
    ("0403", "평생교육"),
    ("0404", "전문교육"),
    ("0501", "간호ㆍ간병"),
    ("0502", "의료지원"),
    ("0503", "헌혈"),
    ("0601", "일손지원"),
    ("0701", "행사보조"),
    ("0702", "공연활동"),
    ("0703", "캠페인"),
    ("0801", "환경정화"),
    ("0802", "환경감시"),
    ("0901", "사무지원"),
    ("0902", "업무지원"),
    ("1001", "지역안전"),
    ("1002", "어린이 안전"),
    ("1003", "청소년 안전"),
    ("1301", "국제행사단체지원"),
    ("1701", "자원봉사기본교육"),
    ("1702", "자원봉사전문교육"),
]

# 1365's 7-digit gugun codes for Gwangju, keyed by the 5-digit 시군구 code.
GUGUN_1365 = {
    "29110": "3590000",
    "29140": "3600000",
    "29155": "3610000",
    "29170": "3620000",
    "29200": "3630000",
}
SIDO_1365_GWANGJU = "6290000"


def read_csv(name: str) -> list[dict[str, Any]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_service_fields(service_field_model: Any) -> int:
    """Create or update the service fields; idempotent."""
    uppers = {}
    for code, name in UPPER_FIELDS:
        obj, _ = service_field_model.objects.update_or_create(
            code=code, defaults={"name": name, "parent": None, "is_current": True}
        )
        uppers[code[:2]] = obj
    for code, name in SUB_FIELDS:
        service_field_model.objects.update_or_create(
            code=code, defaults={"name": name, "parent": uppers[code[:2]], "is_current": False}
        )
    return len(UPPER_FIELDS) + len(SUB_FIELDS)


def apportion_population(
    dong_rows: list[dict[str, Any]], district_population: dict[str, int]
) -> dict[str, int]:
    """Share each district's population among its dongs by electors (largest remainder).

    Rounding each share on its own lets the dongs of a district add up to a few people more
    or fewer than the district; the largest-remainder method keeps the sums exact.
    """
    by_gu: dict[str, list[tuple[str, int]]] = {}
    for row in dong_rows:
        by_gu.setdefault(row["sgg_cd5"], []).append((row["adm_cd10"], int(row["electors_2022"] or 0)))
    out: dict[str, int] = {}
    for sgg, dongs in by_gu.items():
        total_pop = district_population[sgg]
        total_electors = sum(e for _, e in dongs)
        if not total_electors:
            out.update((code, 0) for code, _ in dongs)
            continue
        exact = [(code, total_pop * e / total_electors) for code, e in dongs]
        floors = {code: int(x) for code, x in exact}
        left = total_pop - sum(floors.values())
        by_remainder = sorted(exact, key=lambda item: (item[1] - int(item[1]), item[0]), reverse=True)
        for code, _ in by_remainder[:left]:
            floors[code] += 1
        out.update(floors)
    return out


def load_geography(district_model: Any, dong_model: Any) -> tuple[int, int]:
    """Create or update the 5 districts and 96 dongs from the copied MOIS data; idempotent.

    Dong population is estimated by sharing the district's registered population (2025-09)
    in proportion to each dong's 2022 electors: the best per-dong figure the data allows.
    """
    gu_rows = [r for r in read_csv("gwangju_gu_population_202509.csv") if r["sgg_nm"]]
    dong_rows = read_csv("gwangju_admdong_centroids.csv")
    districts = {}
    for row in gu_rows:
        sgg = row["adm_cd10"][:5]
        obj, _ = district_model.objects.update_or_create(
            code=row["adm_cd10"],
            defaults={
                "sgg_code": sgg,
                "code_1365": GUGUN_1365.get(sgg, ""),
                "name": row["sgg_nm"],
                "population": int(row["population_2025_09"]),
                "households": int(row["households_2025_09"]),
                "population_as_of": "2025-09",
                "area_km2": float(row["area_km2"]),
                "lat": float(row["centroid_lat"]),
                "lon": float(row["centroid_lon"]),
            },
        )
        districts[sgg] = obj
    populations = apportion_population(
        dong_rows, {sgg: d.population for sgg, d in districts.items()}
    )
    for row in dong_rows:
        district = districts[row["sgg_cd5"]]
        electors = int(row["electors_2022"] or 0)
        dong_model.objects.update_or_create(
            code=row["adm_cd10"],
            defaults={
                "district": district,
                "name": row["emd_nm"],
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "area_km2": float(row["area_km2"]),
                "electors_2022": electors,
                "population": populations[row["adm_cd10"]],
            },
        )
    return len(districts), len(dong_rows)
