"""A draw: its picks, its verification, publishing or discarding it."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhiliang.core.views import ScopedDetailView, ServiceActionView
from zhiliang.inspections import selectors, services
from zhiliang.inspections.choices import PickShare
from zhiliang.inspections.views._common import record_or_404


class DrawDetail(ScopedDetailView):
    permission_required = "inspections.view_draw"
    getter = staticmethod(selectors.draw_get)
    template_name = "inspections/draw_detail.html"
    show_history = False
    verification = None  # a re-run's outcome, when the page answers "verify"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "draw": object,
            "picks": selectors.draw_picks(object),
            "shares": selectors.draw_shares(object),
            "share_labels": dict(PickShare.choices),
            "verification": self.verification,
            "can_publish": user.has_perm("inspections.publish_draw") and not object.is_published,
            "can_discard": user.has_perm("inspections.add_draw") and not object.is_published,
        }


@login_required
@require_POST
@permission_required("inspections.view_draw", raise_exception=True)
def draw_verify(request, pk):
    draw = record_or_404(selectors.draw_get, request, pk)
    verification = selectors.draw_verify(draw)
    if request.headers.get("HX-Request"):
        return render(request, "inspections/_verification.html", {"verification": verification})
    view = DrawDetail(verification=verification)
    view.setup(request, pk=pk)
    return view.get(request, pk=pk)


class DrawPublish(ServiceActionView):
    permission_required = "inspections.publish_draw"
    getter = staticmethod(selectors.draw_get)
    success_url = "inspections:draw"
    success_message = gettext_lazy("The draw was verified and published.")

    def perform(self, obj, data):
        return services.draw_publish(actor=self.request.user, draw=obj)


class DrawDiscard(ServiceActionView):
    permission_required = "inspections.add_draw"
    getter = staticmethod(selectors.draw_get)
    success_url = "inspections:draw"
    success_message = gettext_lazy("The draw was discarded.")

    def perform(self, obj, data):
        services.draw_discard(actor=self.request.user, draw=obj)

    def next_page(self, obj, result):
        return redirect("inspections:plan", pk=obj.plan_id)  # the draw is gone


draw_detail = DrawDetail.as_view()
draw_publish = DrawPublish.as_view()
draw_discard = DrawDiscard.as_view()
