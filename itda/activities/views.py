"""Activity pages: the volunteer's record, the QR check-in both ways, the requester side's
attendance and approvals, certificates and their public verification, the centre's insurance
roster and 1365 exchange. Every POST calls one service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itda.activities import exports, selectors, services
from itda.activities.access import (
    get_booking_for_manager,
    get_certificate_for_user,
    get_session_for_user,
    get_slot_for_manager,
    volunteer_profile,
)
from itda.activities.forms import (
    ApproveForm,
    ClaimForm,
    CorrectForm,
    Export1365Form,
    ImportForm,
    ManualAttendanceForm,
    PeriodForm,
    ReasonForm,
    RecognitionForm,
    RosterExportForm,
    this_year,
)
from itda.activities.imports import program_import, read_records
from itda.activities.models import Certificate, ImportReport, InsuranceClaim
from itda.activities.pdf import qr_svg
from itda.activities.tokens import REFRESH_SECONDS, TokenError, token_make, token_read
from itda.core.access import AuthedRequest, next_url, require_centre_admin
from itda.core.audit import access_log_many, client_ip
from itda.core.models import AccessLog
from itda.needs.models import Slot
from itda.volunteers.models import Team


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _log_downloads(request: AuthedRequest, users: list[Any], reason: str) -> int:
    """One download row per person whose data is in the file (PIPC standard Art. 8)."""
    seen: dict[int, Any] = {u.pk: u for u in users}
    rows = [AccessLog(viewer=request.user, ip=client_ip(request), action=AccessLog.Action.DOWNLOAD,
                      subject_type="accounts.user", subject_id=str(pk), subject_label=str(u)[:120],
                      reason=reason[:200], path=request.get_full_path()[:300]) for pk, u in seen.items()]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


# ---------------------------------------------------------------- the volunteer

@login_required
@require_GET
def my_activities(request: AuthedRequest) -> HttpResponse:
    profile = volunteer_profile(request.user)
    if profile is None:
        messages.info(request, gettext("봉사자 프로필을 먼저 만들어 주세요."))
        return redirect("volunteers:profile_edit")
    overview = selectors.volunteer_overview(volunteer=profile)
    return render(request, "activities/me.html", {
        "o": overview, "profile": profile,
        "cert_form": PeriodForm(initial=this_year()),
        "recognition_form": RecognitionForm(initial={"opt_in": overview["opt_in"]}),
        "sync_max": services.CERTIFICATE_SYNC_MAX_SESSIONS,
    })


@login_required
@require_POST
def recognition_update(request: AuthedRequest) -> HttpResponse:
    form = RecognitionForm(request.POST)
    form.is_valid()
    try:
        pref = services.recognition_set(user=request.user, opt_in=bool(form.cleaned_data.get("opt_in")))
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("순위표에 이름(가림 처리)이 나옵니다.") if pref.leaderboard_opt_in
                         else gettext("순위표에서 빠졌습니다."))
    return redirect("activities:me")


@login_required
@require_POST
def certificate_create(request: AuthedRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("activities:me")
    try:
        cert = services.certificate_request(user=request.user, start=form.cleaned_data["start"],
                                            end=form.cleaned_data["end"], base_url=_base_url(request))
    except services.ActivityError as exc:
        messages.error(request, str(exc))
        return redirect("activities:me")
    cert.refresh_from_db()
    if cert.status == Certificate.Status.READY:
        messages.success(request, gettext("확인서를 발급했습니다 (발급번호 %(number)s).") % {"number": cert.number})
    else:
        messages.info(request, gettext("활동이 많아 확인서를 만드는 중입니다. 준비되면 알림으로 알려 드립니다."))
    return redirect("activities:me")


@login_required
@require_GET
def certificate_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    cert = get_certificate_for_user(request.user, pk)
    if cert.status != Certificate.Status.READY or not cert.file:
        messages.info(request, gettext("확인서가 아직 준비되지 않았습니다."))
        return redirect("activities:me")
    holder = cert.volunteer.user
    own = holder.pk == request.user.pk
    AccessLog.objects.create(
        viewer=request.user, ip=client_ip(request), action=AccessLog.Action.DOWNLOAD,
        subject_type="accounts.user", subject_id=str(holder.pk), subject_label=str(holder)[:120],
        reason="본인 확인서 내려받기" if own else "센터 확인서 열람", path=request.get_full_path()[:300],
    )
    return FileResponse(cert.file.open("rb"), as_attachment=True, filename=f"{cert.number}.pdf",
                        content_type="application/pdf")


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the QR code sees validity, number, period and hours, a masked name."""
    cert = Certificate.objects.filter(verify_code=code).first()
    if cert is None:
        raise Http404(gettext("확인서를 찾을 수 없습니다."))
    # A correction after issue changes the record, not the paper: say so instead of hiding it.
    current = selectors.certified_minutes(volunteer=cert.volunteer, start=cert.period_start,
                                          end=cert.period_end)
    return render(request, "activities/verify.html", {"c": cert, "changed": current != cert.total_minutes})


# ---------------------------------------------------------------- check-in by QR

@login_required
@require_http_methods(["GET", "POST"])
def scan(request: AuthedRequest, token: str) -> HttpResponse:
    """The QR's URL: GET asks to confirm (a link preview must not check anyone in), POST does it."""
    try:
        checkin = token_read(token)
    except TokenError as exc:
        return render(request, "activities/scan.html", {"error": str(exc)}, status=400)
    slot = Slot.objects.select_related("need__dong__district").filter(pk=checkin.slot_id).first()
    if slot is None:
        raise Http404(gettext("활동을 찾을 수 없습니다."))
    if request.method == "POST":
        try:
            session = services.attendance_scan(user=request.user, token=token)
        except (services.ActivityError, TokenError) as exc:
            messages.error(request, str(exc))
        else:
            if checkin.purpose == "in":
                messages.success(request, gettext("입실했습니다 (%(time)s). 마칠 때 퇴실 QR 코드를 찍어 주세요.")
                                 % {"time": f"{timezone.localtime(session.check_in_at):%H:%M}"})
            else:
                messages.success(request, gettext("퇴실했습니다. %(minutes)s분이 담당자 승인을 기다립니다.")
                                 % {"minutes": session.minutes})
            return redirect("activities:me")
    return render(request, "activities/scan.html", {"slot": slot, "purpose": checkin.purpose, "token": token})


# ---------------------------------------------------------------- the requester side

@login_required
@require_GET
def review(request: AuthedRequest) -> HttpResponse:
    return render(request, "activities/review.html", {
        "slots": selectors.slots_to_run(user=request.user),
        "sessions": selectors.sessions_to_review(user=request.user)[:100],
    })


@login_required
@require_GET
def slot_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_manager(request.user, pk)
    local = timezone.localtime(slot.start)
    return render(request, "activities/slot.html", {
        "slot": slot, "need": slot.need, "rows": selectors.slot_attendance(slot=slot),
        "manual_form": ManualAttendanceForm(initial={"start": local.time(),
                                                     "end": timezone.localtime(slot.end).time()}),
        "started": slot.start <= timezone.now(),
    })


@login_required
@require_GET
def slot_qr(request: AuthedRequest, pk: int, purpose: str) -> HttpResponse:
    slot = get_slot_for_manager(request.user, pk)
    if purpose not in ("in", "out"):
        raise Http404(gettext("잘못된 주소입니다."))
    url = request.build_absolute_uri(reverse("activities:scan", args=[token_make(slot_id=slot.pk, purpose=purpose)]))
    response = render(request, "activities/qr.html", {
        "slot": slot, "need": slot.need, "purpose": purpose, "url": url, "svg": qr_svg(url, scale=8),
        "refresh": REFRESH_SECONDS, "rows": selectors.slot_attendance(slot=slot),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def booking_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_manager(request.user, pk)
    form = ManualAttendanceForm(request.POST)
    if form.is_valid():
        day = timezone.localtime(booking.slot.start).date()
        tz = timezone.get_current_timezone()
        try:
            services.attendance_confirm(
                actor=request.user, booking_id=booking.pk,
                start=datetime.combine(day, form.cleaned_data["start"], tzinfo=tz),
                end=datetime.combine(day, form.cleaned_data["end"], tzinfo=tz),
                override_reason=form.cleaned_data["override_reason"])
            messages.success(request, gettext("%(name)s님의 출석과 시간을 확인했습니다.") % {"name": booking.volunteer.user})
        except services.ActivityError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, gettext("온 시각과 간 시각을 입력해 주세요."))
    return redirect("activities:slot", pk=booking.slot_id)


@login_required
@require_POST
def booking_no_show(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_manager(request.user, pk)
    try:
        services.attendance_no_show(actor=request.user, booking_id=booking.pk)
        messages.info(request, gettext("%(name)s님을 불참으로 기록했습니다.") % {"name": booking.volunteer.user})
    except services.ActivityError as exc:
        messages.error(request, str(exc))
    return redirect("activities:slot", pk=booking.slot_id)


@login_required
@require_GET
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    from itda.needs.access import can_write_need

    manager = can_write_need(request.user, session.slot.need)
    return render(request, "activities/session.html", {
        "s": session, "history": session.history.select_related("actor"), "manager": manager,
        "own": session.volunteer.user_id == request.user.pk,
        "approve_form": ApproveForm(), "reason_form": ReasonForm(),
        "correct_form": CorrectForm(initial={"minutes": session.minutes}),
        "claims": session.claims.all(),
    })


def _session_post(request: AuthedRequest, pk: int, form_class: Any, act: Any, done: str) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            act(session, form.cleaned_data)
            messages.success(request, done)
        except services.ActivityError as exc:
            messages.error(request, str(exc))
    return redirect(next_url(request, reverse("activities:session", args=[session.pk])))


@login_required
@require_POST
def session_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _session_post(request, pk, ApproveForm, lambda s, d: services.hours_approve(
        actor=request.user, session_id=s.pk, override_reason=d["override_reason"]), gettext("활동 시간을 승인했습니다."))


@login_required
@require_POST
def session_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    return _session_post(request, pk, ReasonForm, lambda s, d: services.hours_reject(
        actor=request.user, session_id=s.pk, reason=d["reason"]), gettext("활동 시간을 인정하지 않았습니다."))


@login_required
@require_POST
def session_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    return _session_post(request, pk, CorrectForm, lambda s, d: services.hours_correct(
        actor=request.user, session_id=s.pk, minutes=d["minutes"], reason=d["reason"],
        override_reason=d["override_reason"]), gettext("활동 시간을 정정했습니다. 이력에 남습니다."))


@login_required
@require_POST
def session_dispute(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.hours_dispute(user=request.user, session_id=session.pk, reason=form.cleaned_data["reason"])
            messages.success(request, gettext("이의를 접수했습니다. 담당자가 확인 후 정정합니다."))
        except services.ActivityError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, gettext("이의 내용을 적어 주세요."))
    return redirect("activities:session", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    form = ClaimForm(request.POST if request.method == "POST" else None,
                     initial={"occurred_at": timezone.localtime(session.check_in_at or session.slot.start),
                              "place": session.slot.need.place_label or str(session.slot.need.dong)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.insurance_claim_report(actor=request.user, session_id=session.pk, occurred_at=d["occurred_at"],
                                            place=d["place"], description=d["description"],
                                            injury=d["injury"], treatment=d["treatment"])
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("사고를 접수했습니다. 자원봉사센터가 보험 청구를 도와 드립니다."))
            return redirect("activities:session", pk=session.pk)
    return render(request, "activities/claim.html", {"s": session, "form": form})


# ---------------------------------------------------------------- the centre

@login_required
@require_GET
def insurance_roster(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    form = PeriodForm(request.GET or None, initial=this_year())
    period = form.cleaned_data if form.is_valid() else this_year()
    rows = selectors.insurance_roster(start=period["start"], end=period["end"])
    access_log_many(request=request, viewer=request.user, subjects=list({r["user"].pk: r["user"] for r in rows[:200]}.values()),
                    reason="상해보험 명단 확인")
    return render(request, "activities/insurance.html", {
        "form": form, "rows": rows[:200], "total": len(rows), "period": period,
        "columns": selectors.ROSTER_COLUMNS,
        "export_form": RosterExportForm(initial={**period, "fmt": "xlsx"}),
        "claims": InsuranceClaim.objects.select_related("session__volunteer__user", "session__slot__need",
                                                        "reported_by")[:50],
    })


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    content_type = ("text/csv; charset=utf-8" if fmt == "csv"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def insurance_export(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    form = RosterExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("기간과 내려받는 사유를 입력해 주세요. 사유는 개인정보 접속기록에 남습니다."))
        return redirect("activities:insurance")
    d = form.cleaned_data
    rows = selectors.insurance_roster(start=d["start"], end=d["end"])
    _log_downloads(request, [r["user"] for r in rows], f"상해보험 명단: {d['reason']}")
    header = [label for _, label in selectors.ROSTER_COLUMNS]
    values = [[r[key] for key, _ in selectors.ROSTER_COLUMNS] for r in rows]
    name = f"insurance_roster_{d['start']:%Y%m%d}_{d['end']:%Y%m%d}.{d['fmt']}"
    data = (exports.csv_bytes(header, values) if d["fmt"] == "csv"
            else exports.xlsx_bytes(header, values, title="상해보험 명단"))
    return _download(data, name, d["fmt"])


@login_required
@require_GET
def exchange(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    report = None
    if request.GET.get("report", "").isdigit():
        report = ImportReport.objects.filter(pk=int(request.GET["report"])).first()
    return render(request, "activities/exchange.html", {
        "export_form": Export1365Form(initial={**this_year(), "kind": "hours"}),
        "import_form": ImportForm(), "report": report,
        "reports": ImportReport.objects.order_by("-at")[:10],
    })


@login_required
@require_POST
def exchange_export(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    form = Export1365Form(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("기간과 내려받는 사유를 입력해 주세요."))
        return redirect("activities:exchange")
    d = form.cleaned_data
    data = selectors.export_1365(start=d["start"], end=d["end"])
    if d["kind"] == "hours":
        _log_downloads(request, data["users"], f"1365 실적 전송: {d['reason']}")
        columns = selectors.HOURS_1365_COLUMNS
    else:
        columns = selectors.PROGRAMS_1365_COLUMNS
    body = exports.csv_bytes(columns, [[row[c] for c in columns] for row in data[d["kind"]]])
    return _download(body, f"1365_{d['kind']}_{d['start']:%Y%m%d}_{d['end']:%Y%m%d}.csv", "csv")


@login_required
@require_POST
def exchange_import(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, gettext("올릴 파일을 골라 주세요."))
        return redirect("activities:exchange")
    upload = form.cleaned_data["file"]
    try:
        records = read_records(upload.read(), upload.name)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("activities:exchange")
    report = program_import(actor=request.user, records=records, source_name=upload.name,
                            dry_run=form.cleaned_data["dry_run"])
    summary = gettext("전체 %(total)s건: 새로 만듦 %(created)s, 갱신 %(updated)s, 가져오지 않음 %(skipped)s") % {
        "total": len(report.rows), "created": report.created, "updated": report.updated,
        "skipped": report.skipped}
    messages.success(request, (gettext("[미리 보기] ") if report.dry_run else "") + summary)
    return redirect(f"{reverse('activities:exchange')}?report={report.pk}")


# ---------------------------------------------------------------- public recognition

@require_GET
def leaderboard(request: HttpRequest) -> HttpResponse:
    dong_id = int(request.GET["dong"]) if request.GET.get("dong", "").isdigit() else None
    team = None
    if request.GET.get("team", "").isdigit():
        team = Team.objects.filter(pk=int(request.GET["team"])).first()
    people = selectors.leaderboard_people(dong_id=dong_id, team=team) if (dong_id or team) else []
    return render(request, "activities/leaderboard.html", {
        "dongs": selectors.leaderboard_dongs(), "teams": selectors.leaderboard_teams(),
        "people": people, "dong_id": dong_id, "team": team,
    })

