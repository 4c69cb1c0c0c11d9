"""Pages of the equipment registry: lists, detail pages, the overdue board, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as DrfValidationError

from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.equipment import due, exports, selectors, services
from zhiliang.equipment.data import due_soon_days, operator_items
from zhiliang.equipment.forms import InspectionForm, OverrideForm
from zhiliang.equipment.models import EquipmentUnit, Operator

PAGE_SIZE = 50


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _kinds():
    return [e for e in due.catalogue().values() if e.level == "kind"]


def _xlsx(tmp, stem: str):
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


# -- units ---------------------------------------------------------------------------------


@login_required
@permission_required("equipment.view_equipmentunit", raise_exception=True)
def unit_list(request):
    filterset = selectors.unit_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "equipment/unit_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("equipment.add_equipmentunit"),
            "can_import_inspections": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("equipment.add_periodicinspection"),
        },
    )


@login_required
@permission_required("equipment.view_equipmentunit", raise_exception=True)
def unit_export(request):
    filterset = selectors.unit_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        return unit_list(request)
    return _xlsx(exports.units_xlsx(queryset=filterset.qs), "equipment")


def _unit_or_404(request, pk) -> EquipmentUnit:
    try:
        return selectors.unit_get(user=request.user, pk=pk)
    except EquipmentUnit.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required("equipment.view_equipmentunit", raise_exception=True)
def unit_detail(request, pk: int, override_form=None, inspection_form=None):
    unit = _unit_or_404(request, pk)
    chain = due.ancestry(unit.catalogue_code) if unit.catalogue_code else []
    can_override = request.user.has_perm("equipment.change_equipmentunit")
    can_inspect = request.user.has_perm("equipment.add_periodicinspection")
    return render(
        request,
        "equipment/unit_detail.html",
        {
            "object": unit,
            "chain": list(reversed(chain)),
            "due": selectors.unit_due(unit=unit),
            "inspections": selectors.unit_inspections(unit=unit),
            "overrides": selectors.unit_override_history(unit=unit),
            "due_dates": unit.due_dates.select_related("inspection")[:20],
            "today": timezone.localdate(),
            "can_override": can_override,
            "can_inspect": can_inspect,
            "override_form": override_form
            or OverrideForm(
                initial={
                    "every_years": unit.override_every_years,
                    "due_on": unit.override_due_on,
                    "reason": unit.override_reason,
                }
            ),
            "inspection_form": inspection_form or InspectionForm(),
        },
    )


def _error_text(exc) -> str:
    if isinstance(exc, DrfValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            return "; ".join(f"{' '.join(map(str, v))}" for v in detail.values())
        return " ".join(map(str, detail))
    return " ".join(exc.messages)


@login_required
@require_POST
def unit_override(request, pk: int):
    if not request.user.has_perm("equipment.change_equipmentunit"):
        raise PermissionDenied
    unit = _unit_or_404(request, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.unit_set_override(
                actor=request.user,
                unit=unit,
                reason=form.cleaned_data["reason"],
                every_years=form.cleaned_data["every_years"],
                due_on=form.cleaned_data["due_on"],
            )
            messages.success(request, _("The unit's due date was recomputed."))
            return redirect("equipment:unit_detail", pk=unit.pk)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
    return unit_detail(request, pk, override_form=form)


@login_required
@require_POST
def unit_inspect(request, pk: int):
    if not request.user.has_perm("equipment.add_periodicinspection"):
        raise PermissionDenied
    unit = _unit_or_404(request, pk)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_record(actor=request.user, data={**form.cleaned_data, "unit": unit})
            messages.success(request, _("The inspection was recorded."))
            return redirect("equipment:unit_detail", pk=unit.pk)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
    return unit_detail(request, pk, inspection_form=form)


# -- the overdue board ---------------------------------------------------------------------


@login_required
@permission_required("equipment.view_equipmentunit", raise_exception=True)
def board(request):
    code = request.GET.get("region", "").strip()
    data = selectors.overdue_board(user=request.user, region_code=code or None)
    scope = data["scope"]
    crumbs = []
    if scope is not None and request.user.jurisdiction is not None:
        home = request.user.jurisdiction.code
        crumbs = list(
            Region.objects.filter(
                code__in=[scope.code[:n] for n in (2, 4, 6, 9) if len(home) <= n <= len(scope.code)]
            ).order_by("code")
        )
    return render(
        request,
        "equipment/board.html",
        {
            **data,
            "crumbs": crumbs,
            "soon_days": due_soon_days(),
            "township_level": scope and len(scope.code) >= 6,
        },
    )


@login_required
@permission_required("equipment.view_equipmentunit", raise_exception=True)
def field_list_export(request):
    code = request.GET.get("region", "").strip()
    if not in_jurisdiction(request.user, Region.objects.filter(code=code).first()):
        raise Http404
    qs = selectors.field_list(user=request.user, region_code=code)
    return _xlsx(exports.field_list_xlsx(queryset=qs, user=request.user), f"equipment-due-{code}")


# -- inspections ---------------------------------------------------------------------------


@login_required
@permission_required("equipment.view_periodicinspection", raise_exception=True)
def inspection_list(request):
    filterset = selectors.inspection_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "equipment/inspection_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("equipment.add_periodicinspection"),
        },
    )


@login_required
@permission_required("equipment.view_periodicinspection", raise_exception=True)
def inspection_export(request):
    filterset = selectors.inspection_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        return inspection_list(request)
    return _xlsx(exports.inspections_xlsx(queryset=filterset.qs), "periodic-inspections")


# -- operators -----------------------------------------------------------------------------


@login_required
@permission_required("equipment.view_operator", raise_exception=True)
def operator_list(request):
    filterset = selectors.operator_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "equipment/operator_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "today": timezone.localdate(),
            "items": operator_items()["items"],
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("equipment.add_operator"),
        },
    )


@login_required
@permission_required("equipment.view_operator", raise_exception=True)
def operator_export(request):
    filterset = selectors.operator_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        return operator_list(request)
    return _xlsx(exports.operators_xlsx(queryset=filterset.qs), "operators")


def _operator_or_404(request, pk) -> Operator:
    try:
        return selectors.operator_get(user=request.user, pk=pk)
    except Operator.DoesNotExist:
        raise Http404 from None


@login_required
@permission_required("equipment.view_operator", raise_exception=True)
def operator_detail(request, pk: int):
    operator = _operator_or_404(request, pk)
    items = operator_items()["items"]
    return render(
        request,
        "equipment/operator_detail.html",
        {
            "object": operator,
            "today": timezone.localdate(),
            "items": [(c, items.get(c, "")) for c in operator.items.split(",") if c],
            "can_reveal": request.user.has_perm("equipment.reveal_operator_id"),
        },
    )


@login_required
@require_POST
def operator_reveal(request, pk: int):
    """The full ID number as an HTML fragment (HTMX swaps it in); logged as a security event."""
    if not request.user.has_perm("equipment.reveal_operator_id"):
        raise PermissionDenied
    operator = _operator_or_404(request, pk)
    number = services.operator_reveal_id(actor=request.user, operator=operator, request=request)
    return HttpResponse(f'<span class="mono" id="id-number">{escape(number)}</span>')
