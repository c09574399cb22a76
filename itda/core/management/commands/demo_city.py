"""`manage.py demo_city`: fill the database with a reproducible demo Gwangju and print the demo log-ins."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itda.core.demo.generator import (
    BATCH,
    DEMO_PASSWORD,
    SHOWCASE_LOGINS,
    DemoCity,
    DemoOptions,
    demo_exists,
    demo_reset,
)


def pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where Hangul takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


class Command(BaseCommand):
    help = "데모용 광주를 만듭니다: 역할별 데모 계정, 봉사자, 기관, 봉사단, 동 캠프, 도움 요청."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="난수 시드 (같은 날짜와 시드면 같은 도시)")
        parser.add_argument("--volunteers", type=int, default=2000, help="봉사자 수 (데모 계정 포함)")
        parser.add_argument("--needs", type=int, default=300, help="도움 요청 수 (데모 계정의 요청 포함; 안녕마을 사례에서 이어진 몇 건은 따로)")
        parser.add_argument("--organizations", type=int, default=50, help="수요처 수")
        parser.add_argument("--batch", type=int, default=BATCH, help="bulk_create 묶음 크기")
        parser.add_argument("--reset", action="store_true", help="이전에 만든 데모 데이터를 지우고 다시 만듭니다")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("volunteers", "needs", "organizations", "batch"):
            if options[name] < 0 or (name == "batch" and options[name] < 1):
                raise CommandError(f"--{name} must be positive.")

        def progress(message: str) -> None:
            if options["verbosity"] >= 1:
                print(message, file=sys.stderr, flush=True)

        if demo_exists():
            if not options["reset"]:
                self.stdout.write("데모 도시가 이미 있습니다 (사용자 'admin'). 다시 만들려면 --reset 을 붙이세요.")
                return
            demo_reset(progress)
        city = DemoCity(
            DemoOptions(seed=options["seed"], volunteers=options["volunteers"], needs=options["needs"],
                        organizations=options["organizations"], batch=options["batch"]),
            progress=progress,
        )
        summary = city.build()

        self.stdout.write(self.style.SUCCESS(
            f"데모 도시를 만들었습니다 ({summary.seconds:.1f}초, 기준일 {summary.today}, 시드 {options['seed']})."
        ))
        width = max((len(k) for k in summary.counts), default=0)
        for key, value in summary.counts.items():
            self.stdout.write(f"  {key:<{width}} {value:>9,}")
        self.stdout.write("")
        self.stdout.write(f"데모 계정 (비밀번호는 모두 {DEMO_PASSWORD})")
        self.stdout.write(f"  {pad('역할', 20)} {pad('아이디', 10)} 해 볼 것")
        for role, username, hint in SHOWCASE_LOGINS:
            self.stdout.write(f"  {pad(role, 20)} {pad(username, 10)} {hint}")
        self.stdout.write("  (일반 봉사자 demo_v000001…, 요청자 demo_r00001…, 기관 demo_o0001…, "
                          "캠프 demo_c001…, 활동가 demo_a001… 도 같은 비밀번호로 들어갈 수 있습니다.)")
