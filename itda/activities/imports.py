"""Importing 1365 portal programmes as needs: reading the portal's XML list response, CSV or
JSON records, mapping each record's fields, and a report that says per record what was done
or why it could not be.

Mapping: progrmSj → title, progrmCn → description, progrmBgnde/progrmEndde and actWkdy
(Mon..Sun mask) → upcoming days, actBeginTm/actEndTm (+Mnt) → slot times, rcritNmpr →
headcount, srvcClCode label (current or old 'upper > sub') → ServiceField,
adultPosblAt/yngbgsPosblAt → age groups, sidoCd/gugunCd → district (Gwangju only),
actPlace → place label and private address, nanmmbyNm → organisation.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from itda.accounts.models import User
from itda.activities.models import ImportedProgram, ImportReport
from itda.core.audit import audit_record
from itda.matching.models import Booking, Proposal
from itda.needs.models import Need, NeedPrivate, Slot
from itda.needs.services import NeedError, PrivateSpec, SlotSpec, need_create
from itda.organizations.models import Organization, OrgType
from itda.places.models import District, Dong, ServiceField
from itda.places.reference import SIDO_1365_GWANGJU
from itda.volunteers.models import AgeGroup
from itda_match.taxonomy import field_code

MAX_SLOTS = 8
MAX_HEADCOUNT = 50
PLACEHOLDER_CONTACT_NAME = "(자동 입력) 1365 등록기관에 문의"
PLACEHOLDER_PHONE = "1365 미제공"

class Skip(Exception):
    """A record that cannot become a need, with the reason in Korean."""


def _norm(text: str) -> str:
    """Labels compared without spaces and separators: 식사.반찬지원 = 식사ㆍ반찬지원 = 식사·반찬 지원."""
    # The separators go before NFKC, which would turn the middle dot ㆍ (U+318D) into a jamo.
    text = re.sub(r"[\s.ㆍ·・,>/-]+", "", text or "")
    return unicodedata.normalize("NFKC", text)


# ---------------------------------------------------------------- reading files

def read_records(data: bytes, name: str = "") -> list[dict[str, str]]:
    """Records from the portal's XML list response, a CSV with its field names, or JSON."""
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return _from_xml(stripped)
    if stripped.startswith(("[", "{")):
        return _from_json(stripped)
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(io.StringIO(text))]


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp949"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError(gettext("파일의 글자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949 파일을 올려 주세요)."))


def _from_xml(text: str) -> list[dict[str, str]]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ValueError(gettext("XML을 읽을 수 없습니다: %(error)s") % {"error": exc}) from exc
    code = root.findtext("./header/resultCode")
    if code not in (None, "00"):
        raise ValueError(gettext("1365 응답 오류: %(code)s %(message)s")
                         % {"code": code, "message": root.findtext("./header/resultMsg") or ""})
    return [{child.tag: (child.text or "").strip() for child in item} for item in root.iter("item")]


def _from_json(text: str) -> list[dict[str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(gettext("JSON을 읽을 수 없습니다: %(error)s") % {"error": exc}) from exc
    if isinstance(data, dict):
        body = data.get("response", data).get("body", data) if isinstance(data.get("response", data), dict) else data
        items = body.get("items", body.get("item", []))
        if isinstance(items, dict):
            items = items.get("item", [])
        data = items if isinstance(items, list) else [items]
    out = []
    for item in data:
        if isinstance(item, dict):
            payload = item.get("raw_payload", item)
            if isinstance(payload, str):
                payload = json.loads(payload)
            out.append({str(k): "" if v is None else str(v).strip() for k, v in payload.items()})
    return out


# ---------------------------------------------------------------- mapping one record

@dataclass
class Lookup:
    """Reference rows loaded once per import."""

    districts: dict[str, District]
    dongs: dict[int, list[Dong]]
    fields: dict[str, ServiceField]
    by_label: dict[str, ServiceField]

    @classmethod
    def load(cls) -> Lookup:
        districts = {d.code_1365: d for d in District.objects.exclude(code_1365="")}
        dongs: dict[int, list[Dong]] = {}
        for dong in Dong.objects.select_related("district").order_by("code"):
            dongs.setdefault(dong.district_id, []).append(dong)
        fields = {f.code: f for f in ServiceField.objects.all()}
        by_label = {_norm(f.name): f for f in fields.values() if f.parent_id is None}
        by_label.update({_norm(f.name): f for f in fields.values() if f.parent_id is not None
                         and _norm(f.name) not in by_label})
        return cls(districts=districts, dongs=dongs, fields=fields, by_label=by_label)


@dataclass
class Plan:
    registration_no: str
    title: str
    description: str
    service_field: ServiceField
    district: District
    dong: Dong
    place: str
    organization_name: str
    starts: list[tuple[datetime, datetime]]
    headcount: int
    age_groups: list[str]
    url: str
    warnings: list[str] = field(default_factory=list)


def map_field(label: str, lookup: Lookup) -> ServiceField | None:
    """A current label (생활편의), an old 'upper > sub' (생활편의지원 > 급식지원) or an old upper alone."""
    if not label.strip():
        return None
    parts = [p.strip() for p in label.split(">")]
    if len(parts) > 1 and _norm(parts[1]) not in ("", "기타"):
        sub = lookup.by_label.get(_norm(parts[1]))
        if sub is not None:
            return sub
    key = _norm(parts[0])
    if key in lookup.by_label:
        return lookup.by_label[key]
    # Older upper labels (행정보조, 안전.예방...): the engine's table of the portal's spellings.
    code = field_code(parts[0])
    return lookup.fields.get(code) if code else None


def _day(value: str, name: str) -> date:
    try:
        return datetime.strptime(value.strip(), "%Y%m%d").date()
    except ValueError as exc:
        raise Skip(f"{name} 날짜 '{value}'를 읽을 수 없습니다 (YYYYMMDD).") from exc


def _clock(hour: str, minute: str, name: str) -> time:
    try:
        h = int(hour)
        m = int(minute) if minute.strip() else 0
        return time(h, m)
    except ValueError as exc:
        raise Skip(f"{name} 시각 '{hour}:{minute or '00'}'이 올바르지 않습니다.") from exc


def _find_dong(texts: list[str], candidates: list[Dong]) -> Dong | None:
    joined = " ".join(texts)
    found = [d for d in candidates if d.name and re.search(rf"{re.escape(d.name)}(?![가-힣])", joined)]
    return max(found, key=lambda d: len(d.name)) if found else None


def plan_program(record: dict[str, str], *, lookup: Lookup, now: datetime) -> Plan:
    """Map one portal record to what the need will be, or raise Skip with the reason."""
    get = lambda key: (record.get(key) or "").strip()  # noqa: E731
    regno = get("progrmRegistNo")
    if not regno:
        raise Skip("프로그램 등록번호(progrmRegistNo)가 없습니다.")
    sido = get("sidoCd")
    if not sido:
        raise Skip("시도 코드(sidoCd)가 없어 지역을 알 수 없습니다 (광주 밖일 수 있음).")
    if sido != SIDO_1365_GWANGJU:
        raise Skip(f"광주 밖의 프로그램입니다 (sidoCd {sido}).")
    district = lookup.districts.get(get("gugunCd"))
    if district is None:
        raise Skip(f"광주의 구 코드(gugunCd) '{get('gugunCd')}'를 알 수 없습니다.")
    title = get("progrmSj")
    if not title:
        raise Skip("제목(progrmSj)이 없습니다.")
    org_name = get("nanmmbyNm") or get("mnnstNm")
    if not org_name:
        raise Skip("등록기관(nanmmbyNm)이 없어 수요처를 정할 수 없습니다.")
    warnings: list[str] = []
    svc = map_field(get("srvcClCode"), lookup)
    if svc is None:
        svc = lookup.fields["1500"]
        warnings.append(f"봉사분야 '{get('srvcClCode')}'를 알 수 없어 '기타'로 두었습니다.")
    first, last = _day(get("progrmBgnde"), "시작(progrmBgnde)"), _day(get("progrmEndde"), "종료(progrmEndde)")
    if last < first:
        raise Skip(f"활동 기간이 거꾸로입니다 ({first} ~ {last}).")
    begin = _clock(get("actBeginTm"), get("actBeginMnt"), "시작(actBeginTm)")
    end_hour = get("actEndTm")
    end = time(23, 59) if end_hour == "24" else _clock(end_hour, get("actEndMnt"), "종료(actEndTm)")
    if end <= begin:
        raise Skip(f"활동 시각이 올바르지 않습니다 ({begin:%H:%M} ~ {end:%H:%M}).")
    mask = get("actWkdy")
    if not re.fullmatch(r"[01]{7}", mask):
        if mask:
            warnings.append(f"요일(actWkdy) '{mask}'를 읽을 수 없어 기간 중 매일로 만들었습니다.")
        else:
            warnings.append("요일(actWkdy) 정보가 없어 기간 중 매일로 만들었습니다.")
        mask = "1111111"
    elif mask == "0000000":
        raise Skip("활동 요일(actWkdy)이 하나도 없습니다.")
    tz = timezone.get_current_timezone()
    starts: list[tuple[datetime, datetime]] = []
    day = max(first, timezone.localdate(now))
    total_days = 0
    while day <= last:
        if mask[day.weekday()] == "1":
            s, e = datetime.combine(day, begin, tzinfo=tz), datetime.combine(day, end, tzinfo=tz)
            if s > now:
                total_days += 1
                if len(starts) < MAX_SLOTS:
                    starts.append((s, e))
        day += timedelta(days=1)
    if not starts:
        raise Skip(f"활동 기간({first:%Y-%m-%d} ~ {last:%Y-%m-%d})이 지나 만들 활동 시간이 없습니다.")
    if total_days > MAX_SLOTS:
        warnings.append(f"남은 활동일 {total_days}일 중 가까운 {MAX_SLOTS}일만 활동 시간으로 만들었습니다.")
    try:
        headcount = int(get("rcritNmpr") or "0")
    except ValueError:
        headcount = 0
    if headcount < 1:
        warnings.append(f"모집 인원(rcritNmpr) '{get('rcritNmpr')}'이 없어 1명으로 두었습니다.")
        headcount = 1
    elif headcount > MAX_HEADCOUNT:
        warnings.append(f"모집 인원 {headcount}명을 {MAX_HEADCOUNT}명으로 줄였습니다.")
        headcount = MAX_HEADCOUNT
    adult, youth = get("adultPosblAt").upper(), get("yngbgsPosblAt").upper()
    groups: list[str] = []
    if adult == "Y":
        groups += [AgeGroup.ADULT, AgeGroup.SENIOR]
    if youth == "Y":
        groups.append(AgeGroup.YOUTH)
    if len(groups) == 3:
        groups = []  # everyone
    elif not groups:
        warnings.append("참여 가능 연령(adultPosblAt/yngbgsPosblAt)이 없어 누구나로 두었습니다.")
    place = get("actPlace")
    candidates = lookup.dongs.get(district.pk, [])
    dong = _find_dong([place, title, org_name], candidates)
    if dong is None:
        dong = candidates[0]
        warnings.append(f"활동 동을 특정하지 못해 {district.name} {dong.name}(으)로 두었습니다.")
    body = get("progrmCn")
    url = get("url") or f"https://www.1365.go.kr/vols/P9210/partcptn/timeCptn.do?type=show&progrmRegistNo={regno}"
    description = body or (
        f"1365 자원봉사포털에서 가져온 프로그램입니다.\n등록기관: {org_name}\n"
        f"활동 장소: {place or '-'}\n활동 기간: {first:%Y-%m-%d} ~ {last:%Y-%m-%d}\n자세한 안내: {url}")
    return Plan(
        registration_no=regno, title=title[:100], description=description, service_field=svc,
        district=district, dong=dong, place=place, organization_name=org_name[:100],
        starts=starts, headcount=headcount, age_groups=groups, url=url[:300], warnings=warnings,
    )


# ---------------------------------------------------------------- the import service

def _organization(plan: Plan, actor: User) -> Organization:
    org = Organization.objects.filter(name=plan.organization_name).order_by("pk").first()
    if org is None:
        org = Organization.objects.create(
            name=plan.organization_name, org_type=OrgType.PUBLIC_INTEREST, dong=plan.dong,
            address=(plan.place or f"광주광역시 {plan.district.name}")[:200], phone=PLACEHOLDER_PHONE,
            description="1365 자원봉사포털에서 가져온 등록기관입니다.",
            verification=Organization.Verification.VERIFIED, verified_at=timezone.now(),
            verified_by=actor, verification_note="1365 프로그램 가져오기로 자동 등록",
        )
        audit_record(actor=actor, action="organization_import_1365", target=org)
    elif not org.is_verified:
        raise Skip(f"같은 이름의 기관 '{org.name}'이 아직 인증되지 않아 연결할 수 없습니다.")
    return org


def _private(plan: Plan) -> PrivateSpec:
    return PrivateSpec(address=(plan.place or f"광주광역시 {plan.district.name}")[:200],
                       contact_name=PLACEHOLDER_CONTACT_NAME, contact_phone=PLACEHOLDER_PHONE)


def _sync_slots(need: Need, plan: Plan, now: datetime) -> None:
    """Add the planned upcoming slots that are missing; drop upcoming ones no longer planned
    unless someone was already proposed or booked for them."""
    wanted = dict(plan.starts)
    for slot in need.slots.filter(start__gt=now):
        if slot.start in wanted:
            end = wanted.pop(slot.start)
            if slot.end != end or slot.headcount != plan.headcount:
                slot.end, slot.headcount = end, max(plan.headcount, Booking.objects.filter(slot=slot).count(), 1)
                slot.save(update_fields=["end", "headcount"])
        elif not (Proposal.objects.filter(slot=slot).exists() or Booking.objects.filter(slot=slot).exists()):
            slot.delete()
    Slot.objects.bulk_create(Slot(need=need, start=s, end=e, headcount=plan.headcount)
                             for s, e in wanted.items())


def _apply(plan: Plan, record: dict[str, str], actor: User, now: datetime) -> str:
    with transaction.atomic():
        org = _organization(plan, actor)
        link = (ImportedProgram.objects.select_for_update().select_related("need")
                .filter(registration_no=plan.registration_no).first())
        if link is None:
            try:
                need, _ = need_create(
                    actor=actor, organization=org, field=plan.service_field, title=plan.title,
                    description=plan.description, dong=plan.dong,
                    slots=[SlotSpec(s, e, plan.headcount) for s, e in plan.starts],
                    private=_private(plan), place_label=plan.place[:100],
                    eligible_age_groups=plan.age_groups,
                )
            except NeedError as exc:
                raise Skip(str(exc)) from exc
            ImportedProgram.objects.create(registration_no=plan.registration_no, need=need,
                                           organization=org, source_url=plan.url, raw=record)
            audit_record(actor=actor, action="program_import_1365", target=need,
                         data={"progrmRegistNo": plan.registration_no, "created": True})
            return "created"
        need = link.need
        Need.objects.filter(pk=need.pk).update(
            title=plan.title, description=plan.description, field=plan.service_field, dong=plan.dong,
            lat=plan.dong.lat, lon=plan.dong.lon, place_label=plan.place[:100],
            eligible_age_groups=sorted(set(plan.age_groups)), organization=org, updated_at=now)
        NeedPrivate.objects.update_or_create(need=need, defaults={
            "address": _private(plan).address, "contact_name": PLACEHOLDER_CONTACT_NAME,
            "contact_phone": PLACEHOLDER_PHONE})
        _sync_slots(need, plan, now)
        link.organization, link.raw, link.source_url = org, record, plan.url
        link.save(update_fields=["organization", "raw", "source_url", "last_imported_at"])
        audit_record(actor=actor, action="program_import_1365", target=need,
                     data={"progrmRegistNo": plan.registration_no, "created": False})
        return "updated"


OUTCOME_LABELS = {
    "created": "새로 만듦", "updated": "갱신", "skipped": "가져오지 않음",
    "would_create": "새로 만들 예정", "would_update": "갱신 예정",
}


def program_import(*, actor: User, records: list[dict[str, str]], source_name: str,
                   dry_run: bool = False, now: datetime | None = None) -> ImportReport:
    """Import portal records as needs (each record in its own transaction) and save the report."""
    now = now or timezone.now()
    lookup = Lookup.load()
    rows: list[dict[str, Any]] = []
    counts = {"created": 0, "updated": 0, "skipped": 0}
    known = set(ImportedProgram.objects.values_list("registration_no", flat=True))
    for index, record in enumerate(records, start=1):
        regno = (record.get("progrmRegistNo") or "").strip()
        row: dict[str, Any] = {"line": index, "no": regno, "title": (record.get("progrmSj") or "")[:100]}
        try:
            plan = plan_program(record, lookup=lookup, now=now)
            if dry_run:
                outcome = "would_update" if regno in known else "would_create"
                known.add(regno)
            else:
                outcome = _apply(plan, record, actor, now)
            row.update(outcome=outcome, notes=plan.warnings, slots=len(plan.starts))
            counts["updated" if "update" in outcome else "created"] += 1
        except Skip as exc:
            row.update(outcome="skipped", notes=[str(exc)], slots=0)
            counts["skipped"] += 1
        except DatabaseError as exc:
            # One record the database refuses (its transaction is rolled back) must not stop
            # the rest of the file; the report says which one and why.
            row.update(outcome="skipped", notes=[f"저장하지 못했습니다: {str(exc)[:200]}"], slots=0)
            counts["skipped"] += 1
        row["label"] = OUTCOME_LABELS[row["outcome"]]
        rows.append(row)
    report = ImportReport.objects.create(actor=actor, source_name=source_name[:200], dry_run=dry_run,
                                         rows=rows, **counts)
    audit_record(actor=actor, action="program_import_1365_run", target=report,
                 data={**counts, "dry_run": dry_run})
    return report
