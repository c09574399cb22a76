"""1365 programme import: every real record (Gwangju CSV, national CSV, the list API's XML) is
imported or reported with a reason; fields map as the portal means them; re-importing updates
instead of duplicating; only Gwangju rows become needs; the management command and dry runs."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from itda.accounts.models import User
from itda.activities.imports import (
    PLACEHOLDER_CONTACT_NAME,
    Lookup,
    Skip,
    map_field,
    plan_program,
    program_import,
    read_records,
)
from itda.activities.models import ImportedProgram, ImportReport
from itda.needs.models import Need, NeedPrivate
from itda.organizations.models import Organization

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data" / "1365"
# The records were collected 2026-03-08..15; on the 9th most of their periods are still running.
SNAPSHOT = datetime(2026, 3, 9, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def seoul_now() -> Any:
    with time_machine.travel(SNAPSHOT, tick=False):
        yield SNAPSHOT


@pytest.fixture(autouse=True)
def no_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imported needs would start the matcher; these tests are about the import itself."""
    monkeypatch.setattr("itda.needs.services._enqueue_matching", lambda need_id: None)


def records(name: str) -> list[dict[str, str]]:
    return read_records((DATA / name).read_bytes(), name)


def base_record(**overrides: str) -> dict[str, str]:
    row = records("programs_gwangju_2026-03.csv")[0].copy()
    row.update(overrides)
    return row


def test_the_xml_list_response_reads_like_the_csv() -> None:
    xml = records("api_list_response_sample_gwangju.xml")
    csv_rows = records("programs_gwangju_2026-03.csv")
    assert len(xml) == 10
    for x, c in zip(xml, csv_rows[:10], strict=True):
        for key in ("progrmRegistNo", "progrmSj", "progrmBgnde", "actBeginTm", "srvcClCode", "gugunCd"):
            assert x[key] == c[key]


def test_json_records_and_raw_payloads_are_read() -> None:
    row = base_record()
    assert read_records(json.dumps([row]).encode())[0]["progrmSj"] == row["progrmSj"]
    assert read_records(json.dumps([{"raw_payload": row}]).encode())[0]["progrmRegistNo"] == row["progrmRegistNo"]
    wrapped = {"response": {"body": {"items": {"item": [row]}}}}
    assert read_records(json.dumps(wrapped).encode())[0]["gugunCd"] == row["gugunCd"]


@pytest.mark.parametrize("name", ["programs_gwangju_2026-03.csv", "api_list_response_sample_gwangju.xml",
                                  "programs_national_2026-03.csv"])
def test_every_real_record_is_imported_or_reported_with_a_reason(
        name: str, centre_admin: User, seoul_now: datetime) -> None:
    rows = records(name)
    report = program_import(actor=centre_admin, records=rows, source_name=name)
    assert len(report.rows) == len(rows)
    assert report.created + report.updated + report.skipped == len(rows)
    for row in report.rows:
        assert row["outcome"] in ("created", "updated", "skipped")
        if row["outcome"] == "skipped":
            assert row["notes"]
            assert all(n.strip() for n in row["notes"])
    gwangju = [r for r in rows if r.get("sidoCd") == "6290000"]
    assert ImportedProgram.objects.count() == report.created
    assert report.created + report.updated <= len(gwangju)
    # Everything outside Gwangju is reported as such, never imported.
    for source, row in zip(rows, report.rows, strict=True):
        if source.get("sidoCd") and source["sidoCd"] != "6290000":
            assert row["outcome"] == "skipped"
            assert "광주 밖" in row["notes"][0]
    if name.startswith("programs_gwangju"):
        assert report.created >= 50  # most of the week's programmes were still running on the 9th


def test_fields_map_as_the_portal_means_them(centre_admin: User, seoul_now: datetime) -> None:
    row = base_record(actWkdy="1010100", rcritNmpr="4", adultPosblAt="Y", yngbgsPosblAt="N",
                      progrmBgnde="20260309", progrmEndde="20260331", actBeginTm="13", actEndTm="17")
    report = program_import(actor=centre_admin, records=[row], source_name="t")
    assert report.created == 1, report.rows
    link = ImportedProgram.objects.select_related("need__field", "need__dong__district").get()
    need = link.need
    assert link.registration_no == row["progrmRegistNo"] == "3387310"
    assert need.title == row["progrmSj"]
    assert need.field.code == "0500"  # 보건ㆍ의료
    assert need.dong.district.code_1365 == "3630000"  # 광산구
    assert need.place_label == "호남THE선요양병원"
    assert sorted(need.eligible_age_groups) == ["adult", "senior"]
    assert need.organization is not None
    assert need.organization.name == "호남 THE 선 요양병원"
    assert need.organization.is_verified
    assert need.organization.org_type == "public_interest"
    slots = list(need.slots.order_by("start"))
    assert all(timezone.localtime(s.start).weekday() in (0, 2, 4) for s in slots)
    assert all((timezone.localtime(s.start).hour, timezone.localtime(s.end).hour) == (13, 17) for s in slots)
    assert all(s.headcount == 4 for s in slots)
    assert timezone.localtime(slots[0].start).date().isoformat() == "2026-03-09"
    assert len(slots) == 8  # capped: the period has 10 Mon/Wed/Fri days left
    private = NeedPrivate.objects.get(need=need)
    assert private.address == "호남THE선요양병원"
    assert private.contact_name == PLACEHOLDER_CONTACT_NAME
    assert any("8일만" in n for n in report.rows[0]["notes"])


def test_reimporting_updates_instead_of_duplicating(centre_admin: User, seoul_now: datetime) -> None:
    row = base_record(actWkdy="1111100")
    program_import(actor=centre_admin, records=[row], source_name="a")
    changed = {**row, "progrmSj": "재활센터 이동보조 (시간 변경)", "actBeginTm": "14"}
    report = program_import(actor=centre_admin, records=[changed], source_name="b")
    assert (report.created, report.updated) == (0, 1)
    assert Need.objects.count() == ImportedProgram.objects.count() == 1
    assert Organization.objects.filter(name=row["nanmmbyNm"]).count() == 1
    need = Need.objects.get()
    assert need.title == "재활센터 이동보조 (시간 변경)"
    assert {timezone.localtime(s.start).hour for s in need.slots.all()} == {14}


def test_a_dry_run_changes_nothing(centre_admin: User, seoul_now: datetime) -> None:
    report = program_import(actor=centre_admin, records=records("programs_gwangju_2026-03.csv"),
                            source_name="g", dry_run=True)
    assert report.dry_run
    assert report.created > 0
    assert not Need.objects.exists()
    assert not ImportedProgram.objects.exists()


def test_ended_programmes_are_reported_not_imported(centre_admin: User) -> None:
    with time_machine.travel(datetime(2026, 11, 28, 9, tzinfo=timezone.get_current_timezone()), tick=False):
        report = program_import(actor=centre_admin, records=records("programs_gwangju_2026-03.csv"),
                                source_name="g")
    assert report.created == 0
    assert report.skipped == 78
    assert all("지나" in r["notes"][0] for r in report.rows)


@pytest.mark.parametrize(("label", "code"), [
    ("생활편의", "0100"), ("상담ㆍ멘토링", "0300"), ("자원봉사 기본교육", "1700"), ("환경ㆍ생태계보호", "0800"),
    ("생활편의지원 > 급식지원", "0104"), ("생활편의지원 > 식사.반찬지원", "0105"), ("농어촌 봉사 > 일손지원", "0601"),
    ("문화행사 > 행사보조", "0701"), ("행정보조 > 기타", "0900"), ("안전.예방", "1000"), ("공익.인권 > 기타", "1100"),
    ("재해ㆍ재난 > 기타", "1200"), ("자원봉사교육 > 자원봉사기본교육", "1700"), ("보건의료 > 헌혈", "0503"),
])
def test_current_and_old_service_labels_map_to_fields(label: str, code: str) -> None:
    svc = map_field(label, Lookup.load())
    assert svc is not None
    assert svc.code == code


def test_every_observed_label_maps() -> None:
    lookup = Lookup.load()
    import csv

    for name in ("service_categories_observed.csv", "service_categories_2020_observed.csv"):
        path = Path(__file__).resolve().parents[1] / "itda" / "places" / "data" / name
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row.get("srvcClCode") or row.get("domain") or ""
                assert map_field(label, lookup) is not None, label


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"sidoCd": "6110000"}, "광주 밖"),
    ({"sidoCd": ""}, "시도 코드"),
    ({"gugunCd": "9999999"}, "구 코드"),
    ({"progrmSj": ""}, "제목"),
    ({"progrmBgnde": "2026-03-01"}, "날짜"),
    ({"actBeginTm": "17", "actEndTm": "9"}, "시각"),
    ({"actWkdy": "0000000"}, "요일"),
    ({"nanmmbyNm": "", "mnnstNm": ""}, "등록기관"),
    ({"progrmRegistNo": ""}, "등록번호"),
])
def test_unmappable_records_say_why(overrides: dict[str, str], reason: str, seoul_now: datetime) -> None:
    with pytest.raises(Skip, match=reason):
        plan_program(base_record(**overrides), lookup=Lookup.load(), now=seoul_now)


def test_the_management_command_imports_and_reports(centre_admin: User, seoul_now: datetime) -> None:
    out = StringIO()
    call_command("import_1365", str(DATA / "api_list_response_sample_gwangju.xml"), "--dry-run", stdout=out)
    assert "미리 보기" in out.getvalue()
    assert not Need.objects.exists()
    out = StringIO()
    call_command("import_1365", str(DATA / "api_list_response_sample_gwangju.xml"), stdout=out)
    report = ImportReport.objects.filter(dry_run=False).get()
    assert f"새로 만듦 {report.created}" in out.getvalue()
    assert report.created + report.skipped == 10


def test_a_record_the_database_refuses_is_reported_and_the_rest_imported(
        centre_admin: User, seoul_now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import DataError

    from itda.activities import imports

    real_apply = imports._apply

    def flaky(plan: Any, record: dict[str, str], actor: User, now: datetime) -> str:
        if plan.registration_no == "3387311":
            raise DataError("value too long")
        return real_apply(plan, record, actor, now)

    monkeypatch.setattr(imports, "_apply", flaky)
    report = program_import(actor=centre_admin, records=records("api_list_response_sample_gwangju.xml"),
                            source_name="x")
    bad = next(r for r in report.rows if r["no"] == "3387311")
    assert bad["outcome"] == "skipped"
    assert "저장하지 못했습니다" in bad["notes"][0]
    assert report.created == 9
