"""A draw: its picks, its verification, publishing or discarding it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.inspections import selectors, services
from zhiliang.inspections.choices import PickShare
from zhiliang.inspections.models import Draw
from zhiliang.inspections.views._common import (
    get_or_404,
    refused,
)


def _draws(user):
    return Draw.objects.visible_to(user)


@login_required
@permission_required("inspections.view_draw", raise_exception=True)
def draw_detail(request, pk, verification=None):
    draw = get_or_404(
        _draws(request.user).select_related("plan", "plan__region", "created_by", "published_by"),
        pk,
    )
    return render(
        request,
        "inspections/draw_detail.html",
        {
            "draw": draw,
            "picks": selectors.draw_picks(draw),
            "shares": selectors.draw_shares(draw),
            "share_labels": dict(PickShare.choices),
            "verification": verification,
            "can_publish": request.user.has_perm("inspections.publish_draw")
            and not draw.is_published,
            "can_discard": request.user.has_perm("inspections.add_draw") and not draw.is_published,
        },
    )


@login_required
@require_POST
@permission_required("inspections.view_draw", raise_exception=True)
def draw_verify(request, pk):
    draw = get_or_404(_draws(request.user), pk)
    verification = selectors.draw_verify(draw)
    if request.headers.get("HX-Request"):
        return render(request, "inspections/_verification.html", {"verification": verification})
    return draw_detail(request, pk, verification=verification)


@login_required
@require_POST
@permission_required("inspections.publish_draw", raise_exception=True)
def draw_publish(request, pk):
    draw = get_or_404(_draws(request.user), pk)
    try:
        services.draw_publish(actor=request.user, draw=draw)
        messages.success(request, _("The draw was verified and published."))
    except (ValidationError, PermissionDenied) as exc:
        refused(request, exc)
    return redirect("inspections:draw", pk=draw.pk)


@login_required
@require_POST
@permission_required("inspections.add_draw", raise_exception=True)
def draw_discard(request, pk):
    draw = get_or_404(_draws(request.user), pk)
    plan_pk = draw.plan_id
    try:
        services.draw_discard(actor=request.user, draw=draw)
        messages.info(request, _("The draw was discarded."))
    except (ValidationError, PermissionDenied) as exc:
        refused(request, exc)
        return redirect("inspections:draw", pk=pk)
    return redirect("inspections:plan", pk=plan_pk)
