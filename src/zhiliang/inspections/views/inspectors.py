"""The inspector register and conflicts of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.views import paginate, query_without_page
from zhiliang.inspections import forms, selectors, services
from zhiliang.inspections.models import Inspector
from zhiliang.inspections.views._common import (
    form_errors,
    get_or_404,
    need,
)


@login_required
@permission_required("inspections.view_inspector", raise_exception=True)
def inspector_list(request):
    q = request.GET.get("q", "").strip()
    page = paginate(selectors.inspectors_listed(request.user, q), request)
    masked = not may_see_personal_data(request.user)
    for i in page:
        i.shown_phone = mask(i.phone) if masked else i.phone
    return render(
        request,
        "inspections/inspector_list.html",
        {
            "page": page,
            "q": q,
            "query": query_without_page(request),
            "can_add": request.user.has_perm("inspections.add_inspector"),
        },
    )


@login_required
@permission_required("inspections.view_inspector", raise_exception=True)
def inspector_detail(request, pk):
    inspector = get_or_404(
        Inspector.objects.visible_to(request.user).select_related("organization"), pk
    )
    can_change = request.user.has_perm("inspections.change_inspector")
    form = forms.ConflictForm(request.POST or None, user=request.user) if can_change else None
    if request.method == "POST":
        need(request, "inspections.change_inspector")
        if form.is_valid():
            try:
                services.conflict_create(
                    actor=request.user,
                    inspector=inspector,
                    reason=form.cleaned_data["reason"],
                    enterprise=form.cleaned_data["enterprise"],
                    organization=form.cleaned_data.get("organization"),
                )
            except ValidationError as exc:
                form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The conflict of interest was recorded."))
                return redirect("inspections:inspector", pk=inspector.pk)
    masked = not may_see_personal_data(request.user)
    return render(
        request,
        "inspections/inspector_detail.html",
        {
            "inspector": inspector,
            "phone": mask(inspector.phone) if masked else inspector.phone,
            "conflicts": inspector.conflicts.select_related("enterprise", "organization"),
            "recent": selectors.inspector_recent_picks(inspector, user=request.user),
            "form": form,
            "can_change": can_change,
        },
    )


def _inspector_form(request, inspector):
    initial = (
        {f: getattr(inspector, f) for f in forms.InspectorForm.base_fields}
        if inspector
        else {"organization": request.user.organization, "active": True}
    )
    form = forms.InspectorForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if inspector:
                inspector = services.inspector_update(
                    actor=request.user, inspector=inspector, data=form.cleaned_data
                )
            else:
                inspector = services.inspector_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The inspector was saved."))
            return redirect("inspections:inspector", pk=inspector.pk)
    return render(
        request, "inspections/inspector_form.html", {"form": form, "inspector": inspector}
    )


@login_required
@permission_required("inspections.add_inspector", raise_exception=True)
def inspector_new(request):
    return _inspector_form(request, None)


@login_required
@permission_required("inspections.change_inspector", raise_exception=True)
def inspector_edit(request, pk):
    return _inspector_form(request, get_or_404(Inspector.objects.visible_to(request.user), pk))
