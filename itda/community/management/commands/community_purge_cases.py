"""Destroy the personal data of 안녕마을 cases closed longer ago than the retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from itda.community.services import CASE_RETENTION_DAYS, blindspot_cases_purge


class Command(BaseCommand):
    help = "종결 후 보존 기간이 지난 안녕마을 사례의 개인정보를 파기합니다 (매일 실행)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=CASE_RETENTION_DAYS, help="종결 후 보존 일수")

    def handle(self, *args: Any, **options: Any) -> None:
        n = blindspot_cases_purge(actor=None, retention_days=options["days"])
        self.stdout.write(f"파기한 사례: {n}건")
