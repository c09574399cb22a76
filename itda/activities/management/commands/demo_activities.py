"""demo_activities [--reset]: add activity records to a demo city (until demo_city calls the hook)."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from itda.activities.demo import activities_reset, demo_users, seed_activities


class Command(BaseCommand):
    help = "데모 도시에 봉사 활동 기록(출석, 승인, 이의 제기, 사고 접수, 순위표 공개)을 채웁니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="데모 사용자의 활동 기록을 지웁니다.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            self.stdout.write(str(activities_reset(demo_users())))
            return
        counts = seed_activities(rng=random.Random(options["seed"]), today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"활동 기록: {counts}" if counts else
                                             "기관 요청이나 봉사자가 없어 만들지 않았습니다 (먼저 demo_city)."))
