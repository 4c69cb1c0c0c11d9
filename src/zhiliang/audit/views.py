from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zhiliang.audit import exports, selectors
from zhiliang.audit.forms import TrailFilterForm
from zhiliang.core.views import export_params, paginate, xlsx_export


@login_required
@permission_required("core.view_audit_trail", raise_exception=True)
@require_safe
def trail(request):
    form = TrailFilterForm(request.GET or None, user=request.user)
    rows = selectors.entries(request.user, form.filters())
    page = paginate(rows, request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.details(list(page.object_list)),
        "shown_count": f"{page.paginator.count:,}",
        "export_limit": f"{exports.EXPORT_LIMIT:,}",
        "query": query.urlencode(),
    }
    return render(request, "audit/trail.html", context)


@login_required
@permission_required("core.view_audit_trail", raise_exception=True)
@require_safe
def trail_export(request):
    form = TrailFilterForm(request.GET or None, user=request.user)
    entries = selectors.entries(request.user, form.filters())
    return xlsx_export(
        request,
        source="zhiliang.audit.exports.trail_file",
        params=export_params(request),
        stem=_("Change history"),
        label=_("Change history"),
        rows=min(entries.count(), exports.EXPORT_LIMIT),
    )
