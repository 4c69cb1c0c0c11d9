"""The inspector register and conflicts of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.views import (
    ScopedDetailView,
    ServiceFormView,
    paginate,
    query_without_page,
)
from zhiliang.inspections import forms, selectors, services
from zhiliang.inspections.views._common import (
    form_errors,
    record_or_404,
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


class InspectorDetail(ScopedDetailView):
    """One inspector, their conflicts of interest and recent draws; a conflict is posted here."""

    permission_required = "inspections.view_inspector"
    getter = staticmethod(selectors.inspector_get)
    template_name = "inspections/inspector_detail.html"
    show_history = False

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        can_change = user.has_perm("inspections.change_inspector")
        return {
            "inspector": object,
            "phone": object.phone if may_see_personal_data(user) else mask(object.phone),
            "conflicts": selectors.inspector_conflicts(object),
            "recent": selectors.inspector_recent_picks(object, user=user),
            "form": forms.ConflictForm(user=user) if can_change else None,
            "can_change": can_change,
        }

    def post(self, request, *args, **kwargs):
        return ConflictRecord.as_view()(request, *args, **kwargs)


class ConflictRecord(ServiceFormView):
    permission_required = "inspections.change_inspector"
    getter = staticmethod(selectors.inspector_get)
    detail_view = InspectorDetail
    success_url = "inspections:inspector"
    success_message = gettext_lazy("The conflict of interest was recorded.")

    def get_form(self, obj):
        return forms.ConflictForm(self.request.POST, user=self.request.user)

    def perform(self, obj, form):
        data = form.cleaned_data
        services.conflict_create(
            actor=self.request.user,
            inspector=obj,
            reason=data["reason"],
            enterprise=data["enterprise"],
            organization=data.get("organization"),
        )


inspector_detail = InspectorDetail.as_view()


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
    return _inspector_form(request, record_or_404(selectors.inspector_get, request, pk))
