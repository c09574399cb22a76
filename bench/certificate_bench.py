"""Time the certificate PDF (봉사활동 확인서) for a one-year record: 200 sessions by default.

Usage: .venv/bin/python bench/certificate_bench.py [--sessions 200] [--repeat 3]

Builds the rows in memory (no database: the query of approved sessions is one indexed
SELECT and not what costs time), renders the certificate template with WeasyPrint and
NanumGothic exactly as `activities.pdf.certificate_pdf` does in the request or the task
worker, and prints the wall time per render, the page count and the file size.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone
    from pypdf import PdfReader

    from itda.accounts.models import User
    from itda.activities.models import ActivitySession, Certificate
    from itda.activities.pdf import certificate_pdf
    from itda.needs.models import Need, Slot
    from itda.organizations.models import Organization
    from itda.places.models import District, Dong
    from itda.volunteers.models import VolunteerProfile

    tz = timezone.get_current_timezone()
    district = District(name="북구", code="2917000000", sgg_code="29170", lat=35.17, lon=126.91)
    dong = Dong(name="용봉동", code="2917059000", district=district, lat=35.17, lon=126.90, area_km2=2.0)
    org = Organization(name="광주북구노인복지관", dong=dong)
    user = User(username="bench", display_name="김새봉")
    profile = VolunteerProfile(user=user, home_dong=dong, lat=0, lon=0)
    start = date(2026, 1, 5)
    sessions = []
    for i in range(args.sessions):
        day = start + timedelta(days=(i * 365) // max(args.sessions, 1))
        need = Need(title=f"경로당 점심 배식 돕기 {i % 17 + 1}회차", dong=dong, organization=org)
        s0 = datetime(day.year, day.month, day.day, 10, tzinfo=tz)
        slot = Slot(need=need, start=s0, end=s0 + timedelta(hours=3))
        sessions.append(ActivitySession(slot=slot, volunteer=profile, activity_date=day, minutes=150 + i % 30))
    total = sum(s.minutes for s in sessions)
    cert = Certificate(number="ITDA-2026-000001", verify_code="bench-verify-code", volunteer=profile,
                       period_start=start, period_end=date(2026, 12, 31), total_minutes=total,
                       session_count=len(sessions), holder_masked="김○○",
                       issued_at=timezone.now())

    times = []
    pdf = b""
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        pdf = certificate_pdf(certificate=cert, sessions=sessions, base_url="https://itda.gwangju.kr")
        times.append(time.perf_counter() - t0)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"certificate: {len(sessions)} sessions, {total // 60}h {total % 60}m, {pages} pages, "
          f"{len(pdf) / 1024:.0f} KiB")
    print(f"render time: median {statistics.median(times):.2f} s, best {min(times):.2f} s, "
          f"worst {max(times):.2f} s over {args.repeat} runs (first includes font loading)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
