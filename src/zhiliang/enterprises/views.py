from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.enterprises import selectors
from zhiliang.enterprises.exports import enterprises_xlsx
from zhiliang.enterprises.models import Enterprise

PAGE_SIZE = 50


@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_list(request):
    filterset = selectors.enterprise_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    masked = not may_see_personal_data(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "filterset": filterset,
            "page": page,
            "masked": masked,
            "query": query.urlencode(),
            "can_import": request.user.has_perm("imports.add_importbatch"),
        },
    )


@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_export(request):
    filterset = selectors.enterprise_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        filterset.qs  # noqa: B018 - the page shows the form errors
        return enterprise_list(request)
    tmp = enterprises_xlsx(queryset=filterset.qs, user=request.user)
    name = f"enterprises-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)


@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_detail(request, pk: int):
    try:
        enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404 from None
    masked = not may_see_personal_data(request.user)
    history = None
    if request.user.has_perm("enterprises.view_history"):
        history = selectors.enterprise_history_changes(enterprise=enterprise)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "object": enterprise,
            "phone": mask(enterprise.contact_phone) if masked else enterprise.contact_phone,
            "history": history,
        },
    )
