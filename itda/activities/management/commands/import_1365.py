"""import_1365 PATH [--dry-run]: import 1365 portal programmes (XML list response, CSV or JSON) as needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itda.accounts.models import Role, User
from itda.activities.imports import program_import, read_records


class Command(BaseCommand):
    help = "1365 자원봉사포털 프로그램(XML·CSV·JSON)을 도움 요청으로 가져옵니다. 같은 등록번호는 갱신합니다."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="바꾸지 않고 결과만 보여 줍니다.")
        parser.add_argument("--actor", default="", help="등록자로 남길 센터 관리자 아이디 (기본: 첫 센터 관리자)")
        parser.add_argument("--quiet-rows", action="store_true", help="항목별 결과를 출력하지 않습니다.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {path}")
        actor = self._actor(options["actor"])
        try:
            records = read_records(path.read_bytes(), path.name)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = program_import(actor=actor, records=records, source_name=path.name,
                                dry_run=options["dry_run"])
        if not options["quiet_rows"]:
            for row in report.rows:
                notes = " / ".join(row["notes"])
                self.stdout.write(f'{row["line"]:>5} {row["no"]:>10} {row["label"]}: {row["title"]}'
                                  + (f"  — {notes}" if notes else ""))
        prefix = "[미리 보기] " if report.dry_run else ""
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}{path.name}: 전체 {len(report.rows)}건, 새로 만듦 {report.created}, "
            f"갱신 {report.updated}, 가져오지 않음 {report.skipped}"))

    def _actor(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"사용자가 없습니다: {username}")
            return user
        user = (User.objects.filter(roles__role=Role.CENTRE_ADMIN).order_by("pk").first()
                or User.objects.filter(is_superuser=True).order_by("pk").first())
        if user is None:
            raise CommandError("센터 관리자 계정이 없습니다. --actor 로 등록자를 지정해 주세요.")
        return user
