"""Community pages: camps, 안녕마을 blind spots, shared resources, policy proposals and
roundtables, education and 1% sharing pledges. Form → access helper → one service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itda.community import forms as cf
from itda.community import selectors as sel
from itda.community import services as svc
from itda.community.access import (
    can_manage_resource,
    can_record_cases,
    get_case_for_user,
    get_resource_for_user,
    is_camp_manager_of,
    recorder_dong_ids,
    require_centre,
)
from itda.community.models import (
    AgendaItem,
    AgendaVote,
    Course,
    CourseSession,
    Enrolment,
    NeedResourceRequest,
    PolicyProposal,
    ResourceBooking,
    ResourceKind,
    RoundtableParticipant,
    SharingPledge,
)
from itda.core.access import AuthedRequest, is_authenticated, is_centre_admin, manages_dong
from itda.core.audit import access_log, access_log_many
from itda.needs.access import can_write_need, get_need_for_user
from itda.needs.models import Need
from itda.needs.services import NeedError, SlotSpec
from itda.places.models import Dong, DongCamp

FIX_ERRORS = gettext_lazy("입력한 내용을 확인해 주세요. 잘못된 칸에 안내가 표시되어 있습니다.")


def _uid(request: HttpRequest) -> int:
    return int(getattr(request.user, "pk", None) or 0)


def _errors_text(form: Any) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


def _form_page(request: HttpRequest, form: Any, *, title: Any, submit: Any, intro: Any = "",
               back: str = "", back_label: Any = "") -> HttpResponse:
    if request.method == "POST":
        messages.error(request, FIX_ERRORS)
    return render(request, "community/form.html", {"form": form, "title": title, "submit": submit,
                                                   "intro": intro, "back": back, "back_label": back_label})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "community/index.html", {
        "pledges": sel.pledge_summary(), "can_record": can_record_cases(request.user),
        "centre": is_centre_admin(request.user),
    })


# --- camps -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def camp_open(request: AuthedRequest) -> HttpResponse:
    require_centre(request.user)
    form = cf.CampOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            camp = svc.camp_open(actor=request.user, dong=d["dong"], name=d["name"], place=d["place"],
                                 opened_on=d["opened_on"])
        except svc.CommunityError as exc:
            form.add_error("dong", str(exc))
        else:
            messages.success(request, _("%(camp)s을(를) 열었습니다.") % {"camp": camp.name})
            return redirect("places:dong", code=camp.dong.code)
    return _form_page(request, form, title=_("새 동 자원봉사캠프 열기"), submit=_("캠프 열기"),
                      intro=_("캠프가 없는 동을 골라 이름, 운영 장소, 개소일을 적어 주세요. 한 동에는 캠프를 하나만 열 수 있습니다."),
                      back="places:camps", back_label=_("동 자원봉사캠프 목록"))


@login_required
@require_GET
def camp_figures(request: AuthedRequest, code: str) -> HttpResponse:
    """A dong's figures for the people who run its camp: the dong against its district and the
    city, its shared resources and resource requests, and (for the camp manager and the centre)
    how many 안녕마을 cases are open there."""
    from itda.dashboard.selectors import participants_count, year_ago
    from itda.dashboard.views import figures_bundle

    dong = Dong.objects.select_related("district").filter(code=code).first()
    if dong is None:
        raise Http404(_("동을 찾을 수 없습니다."))
    if not (manages_dong(request.user, dong.pk) or is_centre_admin(request.user)):
        raise PermissionDenied(_("이 동의 캠프 관리자와 안녕마을 활동가, 센터만 볼 수 있습니다."))
    bundle = figures_bundle()
    row = next(r for r in bundle["rows"] if r["code"] == dong.code)
    district = next(d for d in bundle["districts"] if d["district"].pk == dong.district_id)
    case_counts = None
    if is_camp_manager_of(request.user, dong.pk) or is_centre_admin(request.user):
        case_counts = sel.case_counts_for_dong(dong)
    return render(request, "community/camp_figures.html", {
        "dong": dong, "camp": DongCamp.objects.filter(dong=dong).first(), "row": row, "district": district,
        "city": bundle["figures"], "computed_at": bundle["at"],
        "participants_now": participants_count(since=year_ago(timezone.now()), dong=dong),
        "resources": list(sel.resource_list(dong_id=dong.pk)[:20]),
        "requests": list(sel.open_resource_requests(limit=20, dong_id=dong.pk)),
        "case_counts": case_counts, "sessions": list(sel.upcoming_sessions(limit=5)),
    })


# --- 안녕마을 blind spots ------------------------------------------------------------------------------


def _require_case_recorder(user: Any) -> None:
    if not can_record_cases(user):
        raise PermissionDenied(_("안녕마을 활동가, 동 캠프 관리자와 센터만 볼 수 있습니다."))


@login_required
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    _require_case_recorder(request.user)
    page = Paginator(sel.case_list_for_user(request.user), 30).get_page(request.GET.get("page"))
    cases = list(page)
    if cases:
        access_log_many(request=request, viewer=request.user, subjects=cases, reason="사각지대 사례 목록 (성함 가림)")
    return render(request, "community/case_list.html", {"page": page, "cases": cases})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    _require_case_recorder(request.user)
    dong_ids = None if is_centre_admin(request.user) else recorder_dong_ids(request.user)
    form = cf.CaseForm(request.POST or None, dong_ids=dong_ids)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = svc.blindspot_case_record(
                actor=request.user, dong=d["dong"], category=d["category"], resident_name=d["resident_name"],
                resident_contact=d["resident_contact"], resident_address=d["resident_address"],
                situation=d["situation"], consent_method=d["consent_method"],
                sensitive_consent=d["sensitive_consent"], submission_key=d.get("submission_key"))
        except svc.CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("사례를 기록했습니다. 이 기록은 기록하신 분, 동 캠프 관리자, 센터만 볼 수 있습니다."))
            return redirect("community:case_detail", pk=case.pk)
    return _form_page(request, form, title=_("복지 사각지대 주민 기록"), submit=_("기록하기"),
                      intro=_("가장 민감한 개인정보입니다. 주민께 동의를 받은 뒤, 도움을 잇는 데 필요한 내용만 적어 주세요."),
                      back="community:case_list", back_label=_("사례 목록"))


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form = cf.VisitForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.blindspot_visit_add(actor=request.user, case=case, visited_on=d["visited_on"],
                                        note=d["note"], next_step=d["next_step"])
            except svc.CommunityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("방문 기록을 남겼습니다."))
                return redirect("community:case_detail", pk=case.pk)
        messages.error(request, FIX_ERRORS)
    access_log(request=request, viewer=request.user, subject=case, subject_label=f"사각지대 사례 #{case.pk}",
               reason="사각지대 사례 확인")
    return render(request, "community/case_detail.html", {
        "case": case, "visits": case.visits.select_related("recorded_by"), "form": form,
    })


@login_required
@require_POST
def case_close(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    svc.blindspot_case_close(actor=request.user, case=case, reason=request.POST.get("reason", ""))
    messages.success(request, _("사례를 종결했습니다."))
    return redirect("community:case_detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_to_need(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if case.need_id is not None:
        messages.info(request, _("이미 도움 요청으로 연계된 사례입니다."))
        return redirect("needs:detail", pk=case.need_id)
    form = cf.CaseToNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            need = svc.blindspot_case_to_need(
                actor=request.user, case=case, field=d["field"], title=d["title"], description=d["description"],
                place_label=d["place_label"], urgency=d["urgency"],
                slot=SlotSpec(start=d["start_at"], end=d["end_at"], headcount=d["headcount"]))
        except (svc.CommunityError, NeedError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("도움 요청을 올렸습니다. 공개되는 곳에는 주민을 알아볼 수 있는 정보가 없습니다."))
            return redirect("needs:detail", pk=need.pk)
    if request.method == "POST":
        messages.error(request, FIX_ERRORS)
    return render(request, "community/case_to_need.html", {"case": case, "form": form})


# --- resources -------------------------------------------------------------------------------------------


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in ResourceKind.values else ""
    page = Paginator(sel.resource_list(kind=kind), 30).get_page(request.GET.get("page"))
    return render(request, "community/resource_list.html", {
        "page": page, "kind": kind, "kinds": ResourceKind.choices, "requests": sel.open_resource_requests(limit=20),
    })


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: AuthedRequest) -> HttpResponse:
    centre = is_centre_admin(request.user)
    form = cf.ResourceForm(request.POST or None, user=request.user, centre=centre)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            resource = svc.resource_create(
                actor=request.user, kind=d["kind"], name=d["name"], owner_kind=d["owner_kind"], dong=d["dong"],
                description=d["description"], capacity=d["capacity"], availability_notes=d["availability_notes"],
                organization=d.get("organization"), camp=d.get("camp"))
        except svc.CommunityError as exc:
            form.add_error("owner_kind", str(exc))
        else:
            messages.success(request, _("자원을 등록했습니다. 고맙습니다."))
            return redirect("community:resource_detail", pk=resource.pk)
    return _form_page(request, form, title=_("공간·장비·차량 나누기"), submit=_("등록하기"),
                      intro=_("봉사활동에 빌려줄 수 있는 공간, 장비, 차량을 등록해 주세요."),
                      back="community:resource_list", back_label=_("지역사회 자원 목록"))


@require_http_methods(["GET", "POST"])
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    manager = can_manage_resource(request.user, resource)
    initial = {k: request.GET[k] for k in ("need", "request") if request.GET.get(k, "").isdigit()}
    form = cf.BookingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not is_authenticated(request.user):
            return redirect_to_login(request.get_full_path())
        user: Any = request.user
        if form.is_valid():
            d = form.cleaned_data
            need, req = _booking_need(user, d.get("need"), d.get("request"))
            try:
                svc.resource_book(actor=user, resource=resource, start=d["start_at"], end=d["end_at"],
                                  purpose=d["purpose"], need=need, request=req)
            except svc.CommunityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("예약했습니다."))
                return redirect("community:resource_detail", pk=resource.pk)
        messages.error(request, FIX_ERRORS)
    bookings = list(sel.resource_upcoming_bookings(resource))
    return render(request, "community/resource_detail.html", {
        "resource": resource, "bookings": bookings, "form": form, "manager": manager,
    })


def _booking_need(user: Any, need_pk: int | None, request_pk: int | None) -> tuple[Need | None, Any]:
    """A booking made for a need's resource request: only the need's side may attach it."""
    req = None
    if request_pk:
        req = NeedResourceRequest.objects.select_related("need").filter(pk=request_pk).first()
        if req is not None:
            need_pk = req.need_id
    if not need_pk:
        return None, None
    need = Need.objects.filter(pk=need_pk).first()
    if need is None or not can_write_need(user, need):
        raise PermissionDenied(_("이 요청을 위해 예약할 권한이 없습니다."))
    return need, req


@login_required
@require_POST
def booking_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(ResourceBooking.objects.select_related("resource"), pk=pk)
    if booking.booked_by_id != request.user.pk and not can_manage_resource(request.user, booking.resource):
        raise Http404(_("예약을 찾을 수 없습니다."))
    svc.resource_booking_cancel(actor=request.user, booking=booking)
    messages.success(request, _("예약을 취소했습니다."))
    return redirect("community:resource_detail", pk=booking.resource_id)


@require_http_methods(["GET", "POST"])
def need_resources(request: HttpRequest, need_pk: int) -> HttpResponse:
    """What a need asks for besides people: spaces, equipment, vehicles."""
    need = get_need_for_user(request.user, need_pk)
    writer = can_write_need(request.user, need)
    form = cf.NeedResourceRequestForm(request.POST or None)
    if request.method == "POST":
        if not is_authenticated(request.user):
            return redirect_to_login(request.get_full_path())
        if not writer:
            raise PermissionDenied(_("요청을 올린 쪽만 자원을 요청할 수 있습니다."))
        if form.is_valid():
            svc.need_resource_request_add(actor=request.user, need=need,  # type: ignore[arg-type]
                                          kind=form.cleaned_data["kind"], note=form.cleaned_data["note"])
            messages.success(request, _("필요한 자원을 적었습니다."))
            return redirect("community:need_resources", need_pk=need.pk)
        messages.error(request, FIX_ERRORS)
    reqs = list(NeedResourceRequest.objects.filter(need=need).select_related("resource", "booking"))
    candidates = list(sel.resource_list(dong_id=need.dong_id)[:10]) if writer else []
    return render(request, "community/need_resources.html", {
        "need": need, "requests": reqs, "form": form, "writer": writer, "candidates": candidates,
    })


# --- policy proposals --------------------------------------------------------------------------------------


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in PolicyProposal.Status.values else ""
    page = Paginator(sel.proposal_list(status=status), 20).get_page(request.GET.get("page"))
    return render(request, "community/proposal_list.html", {
        "page": page, "status": status, "statuses": PolicyProposal.Status.choices})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthedRequest) -> HttpResponse:
    form = cf.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        proposal, created = svc.proposal_submit(actor=request.user, title=d["title"], body=d["body"],
                                                field=d["field"], submission_key=d.get("submission_key"))
        if created:
            messages.success(request, _("제안을 접수했습니다. 처리 과정이 이 페이지에 공개됩니다."))
        else:
            messages.info(request, _("이미 접수된 제안입니다. 같은 제안을 두 번 만들지 않았습니다."))
        return redirect("community:proposal_detail", pk=proposal.pk)
    return _form_page(request, form, title=_("자원봉사 정책 제안하기"), submit=_("제안하기"),
                      intro=_("광주의 자원봉사 정책에 바라는 점을 적어 주세요. 센터가 검토하고, 처리한 사람과 날짜, 사유를 모두 공개합니다."),
                      back="community:proposal_list", back_label=_("정책 제안 목록"))


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = sel.proposal_detail(pk)
    if proposal is None:
        raise Http404(_("제안을 찾을 수 없습니다."))
    supported = (is_authenticated(request.user)
                 and proposal.supports.filter(user_id=_uid(request)).exists())
    centre = is_centre_admin(request.user)
    status_form = None
    if centre:
        nxt = svc.PROPOSAL_FLOW.get(proposal.status, set())
        status_form = cf.ProposalStatusForm()
        status_form.fields["status"].choices = [  # type: ignore[attr-defined]
            (v, label) for v, label in PolicyProposal.Status.choices if v in nxt]
    return render(request, "community/proposal_detail.html", {
        "proposal": proposal, "supported": supported, "comment_form": cf.CommentForm(),
        "status_form": status_form,
    })


def _proposal(pk: int) -> PolicyProposal:
    return get_object_or_404(PolicyProposal, pk=pk)


@login_required
@require_POST
def proposal_support(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    if svc.proposal_support(actor=request.user, proposal=proposal):
        messages.success(request, _("공감했습니다."))
    else:
        messages.info(request, _("이미 공감하신 제안입니다."))
    return redirect("community:proposal_detail", pk=pk)


@login_required
@require_POST
def proposal_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form = cf.CommentForm(request.POST)
    if form.is_valid():
        svc.proposal_comment_add(actor=request.user, proposal=proposal, body=form.cleaned_data["body"])
        messages.success(request, _("의견을 남겼습니다."))
    else:
        messages.error(request, _errors_text(form))
    return redirect("community:proposal_detail", pk=pk)


@login_required
@require_POST
def proposal_status(request: AuthedRequest, pk: int) -> HttpResponse:
    require_centre(request.user)
    proposal = _proposal(pk)
    form = cf.ProposalStatusForm(request.POST)
    if form.is_valid():
        try:
            svc.proposal_status_set(actor=request.user, proposal=proposal, status=form.cleaned_data["status"],
                                    reason=form.cleaned_data["reason"])
        except svc.CommunityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("처리 상태를 바꾸고 기록을 공개했습니다."))
    else:
        messages.error(request, _errors_text(form))
    return redirect("community:proposal_detail", pk=pk)


# --- roundtables ---------------------------------------------------------------------------------------------


@require_GET
def roundtable_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Count

    from itda.community.models import Roundtable

    rts = Roundtable.objects.annotate(n=Count("participants")).order_by("-starts_at")[:30]
    return render(request, "community/roundtable_list.html", {"roundtables": rts,
                                                              "centre": is_centre_admin(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def roundtable_create(request: AuthedRequest) -> HttpResponse:
    require_centre(request.user)
    form = cf.RoundtableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rt = svc.roundtable_create(actor=request.user, title=d["title"], description=d["description"],
                                       starts_at=d["starts_at"], place=d["place"], capacity=d["capacity"],
                                       seats_per_table=d["seats_per_table"])
        except svc.CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("원탁토론을 만들었습니다."))
            return redirect("community:roundtable_detail", pk=rt.pk)
    return _form_page(request, form, title=_("원탁토론 만들기"), submit=_("만들기"),
                      intro=_("정원에 맞춰 번호가 붙은 테이블이 만들어집니다. 최대 1,000명까지 열 수 있습니다."),
                      back="community:roundtable_list", back_label=_("원탁토론 목록"))


def _roundtable_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    rt = sel.roundtable_detail(pk)
    if rt is None:
        raise Http404(_("원탁토론을 찾을 수 없습니다."))
    agenda = list(rt.agenda.all())
    me = (RoundtableParticipant.objects.select_related("table").filter(roundtable=rt, user_id=_uid(request)).first()
          if is_authenticated(request.user) else None)
    my_votes = (dict(AgendaVote.objects.filter(participant=me).values_list("item_id", "choice"))
                if me is not None else {})
    results = sel.agenda_results(agenda)
    return {"rt": rt, "agenda": [{"item": i, "result": results[i.pk], "my_vote": my_votes.get(i.pk)}
                                 for i in agenda],
            "me": me, "centre": is_centre_admin(request.user), "vote_form": cf.VoteForm(),
            "live": any(i.voting == AgendaItem.Voting.OPEN for i in agenda),
            "agenda_form": cf.AgendaItemForm(), "tables": list(rt.tables.all())}


@require_GET
def roundtable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = _roundtable_context(request, pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "community/roundtable_detail.html#results", ctx)
    return render(request, "community/roundtable_detail.html", ctx)


@login_required
@require_POST
def roundtable_register(request: AuthedRequest, pk: int) -> HttpResponse:
    from itda.community.models import Roundtable

    rt = get_object_or_404(Roundtable, pk=pk)
    try:
        p, created = svc.roundtable_register(actor=request.user, roundtable=rt)
    except svc.CommunityError as exc:
        messages.error(request, str(exc))
    else:
        table = " " + _("자리는 %(n)s번 테이블입니다.") % {"n": p.table.number} if p.table else ""
        messages.success(request, (_("참가 신청을 마쳤습니다.") if created else _("이미 신청하셨습니다.")) + table)
    return redirect("community:roundtable_detail", pk=pk)


@login_required
@require_POST
def agenda_add(request: AuthedRequest, pk: int) -> HttpResponse:
    from itda.community.models import Roundtable

    require_centre(request.user)
    rt = get_object_or_404(Roundtable, pk=pk)
    if request.POST.get("seed"):
        added = svc.agenda_seed_from_data(actor=request.user, roundtable=rt)
        messages.success(request, _("데이터에서 안건 %(n)s개를 더했습니다.") % {"n": len(added)})
    else:
        form = cf.AgendaItemForm(request.POST)
        if form.is_valid():
            svc.agenda_item_add(actor=request.user, roundtable=rt, title=form.cleaned_data["title"],
                                description=form.cleaned_data["description"])
            messages.success(request, _("안건을 더했습니다."))
        else:
            messages.error(request, _errors_text(form))
    return redirect("community:roundtable_detail", pk=pk)


@login_required
@require_POST
def agenda_voting(request: AuthedRequest, pk: int) -> HttpResponse:
    require_centre(request.user)
    item = get_object_or_404(AgendaItem, pk=pk)
    form = cf.VotingStateForm(request.POST)
    if form.is_valid():
        svc.agenda_voting_set(actor=request.user, item=item, voting=form.cleaned_data["voting"])
        messages.success(request, _("투표 상태를 바꿨습니다."))
    return redirect("community:roundtable_detail", pk=item.roundtable_id)


@login_required
@require_POST
def agenda_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=pk)
    form = cf.VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("찬성, 반대, 보류 중 하나를 골라 주세요."))
    else:
        try:
            _vote, created = svc.agenda_vote(actor=request.user, item=item, choice=form.cleaned_data["choice"])
        except svc.CommunityError as exc:
            messages.error(request, str(exc))
        else:
            if created:
                messages.success(request, _("투표했습니다."))
            else:
                messages.info(request, _("이미 투표하셨습니다. 한 안건에 한 번만 투표할 수 있습니다."))
    return redirect("community:roundtable_detail", pk=item.roundtable_id)


# --- education -------------------------------------------------------------------------------------------------


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    mine = (list(Enrolment.objects.filter(user_id=_uid(request)).select_related("session__course")
                 .order_by("-session__starts_at")[:20]) if is_authenticated(request.user) else [])
    return render(request, "community/course_list.html", {
        "courses": sel.course_list(), "mine": mine, "centre": is_centre_admin(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthedRequest) -> HttpResponse:
    require_centre(request.user)
    form = cf.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        course = svc.course_create(actor=request.user, title=d["title"], audience=d["audience"], field=d["field"],
                                   description=d["description"], minutes=d["minutes"])
        messages.success(request, _("교육 과정을 만들었습니다. 이제 일정을 더해 주세요."))
        return redirect("community:course_detail", pk=course.pk)
    return _form_page(request, form, title=_("교육 과정 만들기"), submit=_("만들기"),
                      back="community:course_list", back_label=_("교육 목록"))


@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("field"), pk=pk)
    centre = is_centre_admin(request.user)
    form = cf.SessionForm(request.POST or None) if centre else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("자원봉사센터 관리자만 일정을 더할 수 있습니다."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.course_session_add(actor=request.user, course=course,  # type: ignore[arg-type]
                                       starts_at=d["start_at"], ends_at=d["end_at"], place=d["place"],
                                       capacity=d["capacity"])
            except svc.CommunityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("일정을 더했습니다."))
                return redirect("community:course_detail", pk=course.pk)
        messages.error(request, FIX_ERRORS)
    sessions = list(sel.course_sessions(course))
    mine = (dict(Enrolment.objects.filter(user_id=_uid(request), session__course=course)
                 .values_list("session_id", "status")) if is_authenticated(request.user) else {})
    for s in sessions:
        s.my_status = mine.get(s.pk)  # type: ignore[attr-defined]
    return render(request, "community/course_detail.html", {
        "course": course, "sessions": sessions, "form": form, "centre": centre})


@login_required
@require_POST
def session_enrol(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CourseSession, pk=pk)
    if request.POST.get("cancel"):
        row = Enrolment.objects.filter(session=session, user=request.user).first()
        if row is not None:
            try:
                svc.enrolment_cancel(actor=request.user, enrolment=row)
            except svc.CommunityError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("신청을 취소했습니다."))
        return redirect("community:course_detail", pk=session.course_id)
    try:
        _row, created = svc.enrolment_create(actor=request.user, session=session)
    except svc.CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("교육을 신청했습니다.") if created else _("이미 신청하신 교육입니다."))
    return redirect("community:course_detail", pk=session.course_id)


@login_required
@require_http_methods(["GET", "POST"])
def session_roster(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attendance and completion, recorded by the centre."""
    require_centre(request.user)
    session = get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)
    if request.method == "POST":
        row = get_object_or_404(Enrolment, pk=request.POST.get("enrolment", 0), session=session)
        try:
            svc.enrolment_record(actor=request.user, enrolment=row, attended=bool(request.POST.get("attended")),
                                 completed=bool(request.POST.get("completed")))
        except svc.CommunityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("출석·수료를 기록했습니다."))
        return redirect("community:session_roster", pk=session.pk)
    rows = list(session.enrolments.select_related("user").order_by("status", "id"))
    if rows:
        access_log_many(request=request, viewer=request.user, subjects=[r.user for r in rows],
                        reason="교육 출석부 확인")
    return render(request, "community/session_roster.html", {"session": session, "rows": rows})


# --- 1% sharing pledges ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pledges(request: HttpRequest) -> HttpResponse:
    mine = (SharingPledge.objects.filter(user_id=_uid(request), status=SharingPledge.Status.ACTIVE).first()
            if is_authenticated(request.user) else None)
    form = cf.PledgeForm(request.POST or None)
    if request.method == "POST":
        if not is_authenticated(request.user):
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.pledge_create(actor=request.user, kind=d["kind"], percent=d["percent"],  # type: ignore[arg-type]
                                  monthly_amount=d["monthly_amount"], starts_on=d["starts_on"],
                                  ends_on=d["ends_on"], message=d["message"])
            except svc.CommunityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("1% 나눔에 함께해 주셔서 고맙습니다. 결제는 이곳에서 이루어지지 않습니다."))
                return redirect("community:pledges")
        messages.error(request, FIX_ERRORS)
    recent = SharingPledge.objects.filter(status=SharingPledge.Status.ACTIVE).exclude(message="").select_related(
        "user").order_by("-created_at")[:8]
    return render(request, "community/pledges.html", {
        "summary": sel.pledge_summary(), "mine": mine, "form": form, "recent": recent})


@login_required
@require_POST
def pledge_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    pledge = SharingPledge.objects.filter(pk=pk, user=request.user).first()
    if pledge is None:
        raise Http404(_("약정을 찾을 수 없습니다."))
    svc.pledge_withdraw(actor=request.user, pledge=pledge)
    messages.success(request, _("약정을 철회했습니다."))
    return redirect("community:pledges")
