"""The list of draws: every draw of the user's plans, with how many drawn enterprises are
still to sample; the home page's "draws to sample" opens it filtered to those."""

from zhiliang.core.views import ScopedListView
from zhiliang.inspections import selectors


class DrawList(ScopedListView):
    permission_required = "inspections.view_draw"
    selector = staticmethod(selectors.draw_list)
    template_name = "inspections/draw_list.html"
