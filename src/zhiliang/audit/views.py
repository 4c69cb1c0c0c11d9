from django.utils.translation import gettext as _

from zhiliang.audit import exports, selectors
from zhiliang.audit.forms import TrailFilterForm
from zhiliang.core.views import JobExportView, PageView, export_params, paginate, query_without_page

TRAIL_PERMISSION = "core.view_audit_trail"


class Trail(PageView):
    # Not a ScopedListView: the trail's filter is a plain form over several models' history.
    permission_required = TRAIL_PERMISSION
    template_name = "audit/trail.html"

    def get_extra_context(self, **kwargs):
        request = self.request
        form = TrailFilterForm(request.GET or None, user=request.user)
        page = paginate(selectors.entries(request.user, form.filters()), request)
        return {
            "form": form,
            "page": page,
            "rows": selectors.details(list(page.object_list)),
            "shown_count": f"{page.paginator.count:,}",
            "export_limit": f"{exports.EXPORT_LIMIT:,}",
            "query": query_without_page(request),
        }


class TrailExport(JobExportView):
    permission_required = TRAIL_PERMISSION
    source = "zhiliang.audit.exports.trail_file"

    def get_export(self):
        request = self.request
        form = TrailFilterForm(request.GET or None, user=request.user)
        entries = selectors.entries(request.user, form.filters())
        return {
            "params": export_params(request),
            "stem": _("Change history"),
            "label": _("Change history"),
            "rows": min(entries.count(), exports.EXPORT_LIMIT),
        }
