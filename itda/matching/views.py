"""Matching pages: a volunteer's proposals (one-tap answers), the requester side's candidates,
and the centre's matching figures. Every POST calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itda.core.access import AuthedRequest, next_url, require_centre_admin
from itda.matching import services
from itda.matching.access import (
    get_booking_for_requester,
    get_booking_for_volunteer,
    get_proposal_for_requester,
    get_proposal_for_volunteer,
    get_slot_for_requester,
)
from itda.matching.forms import DeclineForm, FeedbackForm
from itda.matching.selectors import match_figures, proposals_for_volunteer, slot_candidates
from itda.needs.access import get_need_for_user
from itda.volunteers.models import Team, VolunteerProfile


@login_required
@require_GET
def my_proposals(request: AuthedRequest) -> HttpResponse:
    return render(request, "matching/my_proposals.html", {
        "groups": proposals_for_volunteer(user=request.user), "decline_form": DeclineForm(),
    })


@login_required
@require_POST
def proposal_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_proposal_for_volunteer(request.user, pk)
    try:
        if p.team_id and p.team and p.team.leader_id == request.user.pk:
            services.team_accept(user=request.user, proposal_id=p.pk)
            messages.success(request, _("봉사단으로 수락했습니다."))
        else:
            p = services.proposal_accept(user=request.user, proposal_id=p.pk)
            if p.status == p.Status.CONFIRMED:
                messages.success(request, _("수락했습니다. 봉사가 확정되어 장소와 연락처를 볼 수 있습니다."))
            else:
                messages.success(request, _("수락했습니다. 요청하신 분이 확정하면 알려 드릴게요."))
    except services.SlotFullError as exc:
        messages.warning(request, str(exc))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect(next_url(request, reverse("matching:my_proposals")))


@login_required
@require_POST
def proposal_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_proposal_for_volunteer(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("거절하시는 이유를 골라 주세요."))
        return redirect(next_url(request, reverse("matching:my_proposals")))
    try:
        services.proposal_decline(user=request.user, proposal_id=p.pk, reason=form.cleaned_data["reason"],
                                  note=form.cleaned_data["note"])
        messages.info(request, _("알려 주셔서 고맙습니다. 다음 제안에 반영할게요."))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect(next_url(request, reverse("matching:my_proposals")))


@login_required
@require_POST
def slot_apply(request: AuthedRequest, slot_pk: int) -> HttpResponse:
    from itda.needs.models import Slot

    slot = Slot.objects.select_related("need").filter(pk=slot_pk).first()
    need = get_need_for_user(request.user, slot.need_id if slot else 0)
    assert slot is not None
    try:
        p = services.slot_apply(user=request.user, slot_id=slot.pk)
        if p.status == p.Status.WAITLISTED:
            messages.info(request, _("자리가 모두 차서 대기자로 등록했습니다. 자리가 나면 알려 드립니다."))
        else:
            messages.success(request, _("신청했습니다. 요청하신 분이 확정하면 알려 드릴게요."))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect("needs:detail", pk=need.pk)


@login_required
@require_POST
def booking_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    b = get_booking_for_volunteer(request.user, pk)
    try:
        services.booking_cancel(user=request.user, booking_id=b.pk, reason=request.POST.get("reason", ""))
        messages.info(request, _("참여를 취소했습니다. 빈자리는 다른 분께 제안됩니다."))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect(next_url(request, reverse("matching:my_proposals")))


@login_required
@require_POST
def proposal_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_proposal_for_requester(request.user, pk)
    try:
        p = services.proposal_confirm(actor=request.user, proposal_id=p.pk)
        messages.success(request, _("확정했습니다.") if p.status == p.Status.CONFIRMED
                         else _("미리 승인했습니다. 봉사자가 수락하면 바로 확정됩니다."))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect(next_url(request, reverse("needs:detail", args=[p.slot.need_id])))


@login_required
@require_POST
def proposal_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_proposal_for_requester(request.user, pk)
    try:
        services.proposal_reject(actor=request.user, proposal_id=p.pk, note=request.POST.get("note", ""))
        messages.info(request, _("이번 봉사자와는 진행하지 않습니다. 다음 후보에게 제안합니다."))
    except services.MatchError as exc:
        messages.error(request, str(exc))
    return redirect(next_url(request, reverse("needs:detail", args=[p.slot.need_id])))


@login_required
@require_GET
def candidates(request: AuthedRequest, slot_pk: int) -> HttpResponse:
    slot = get_slot_for_requester(request.user, slot_pk)
    teams = Team.objects.filter(dong__district=slot.need.dong.district).order_by("name")[:30]
    return render(request, "matching/candidates.html", {
        "slot": slot, "need": slot.need, "candidates": slot_candidates(slot=slot), "teams": teams,
    })


@login_required
@require_POST
def invite(request: AuthedRequest, slot_pk: int) -> HttpResponse:
    slot = get_slot_for_requester(request.user, slot_pk)
    team = None
    profile_id = request.POST.get("profile", "")
    if request.POST.get("team", "").isdigit():
        team = Team.objects.select_related("leader").filter(pk=int(request.POST["team"])).first()
        leader = VolunteerProfile.objects.filter(user_id=team.leader_id).first() if team else None
        profile_id = str(leader.pk) if leader else ""
    if not profile_id.isdigit():
        messages.error(request, _("초대할 봉사자를 찾을 수 없습니다."))
        return redirect("matching:candidates", slot_pk=slot.pk)
    try:
        services.volunteer_invite(actor=request.user, slot_id=slot.pk, profile_id=int(profile_id), team=team)
        messages.success(request, _("초대를 보냈습니다. 수락하면 바로 확정됩니다."))
    except (services.MatchError, VolunteerProfile.DoesNotExist) as exc:
        messages.error(request, str(exc) if isinstance(exc, services.MatchError) else _("봉사자를 찾을 수 없습니다."))
    return redirect("matching:candidates", slot_pk=slot.pk)


@login_required
@require_POST
def booking_feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    b = get_booking_for_requester(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.booking_feedback(actor=request.user, booking_id=b.pk, status=form.cleaned_data["status"],
                                      rating=form.cleaned_data["rating"])
            messages.success(request, _("활동 결과를 기록했습니다."))
        except services.MatchError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("활동 결과를 골라 주세요."))
    return redirect("needs:detail", pk=b.slot.need_id)


@login_required
@require_GET
def stats(request: AuthedRequest) -> HttpResponse:
    require_centre_admin(request.user)
    return render(request, "matching/stats.html", {"f": match_figures()})
