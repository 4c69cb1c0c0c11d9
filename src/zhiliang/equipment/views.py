"""Pages of the equipment registry: lists, detail pages, the overdue board, exports."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from zhiliang.core.guards import in_jurisdiction, may_import
from zhiliang.core.models import Region
from zhiliang.core.views import (
    JobExportView,
    PageView,
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ServiceFormView,
)
from zhiliang.equipment import due, exports, selectors, services
from zhiliang.equipment.data import due_soon_days, operator_items
from zhiliang.equipment.forms import InspectionForm, OverrideForm

# -- units ---------------------------------------------------------------------------------


class UnitList(ScopedListView):
    permission_required = "equipment.view_equipmentunit"
    import_permission = "equipment.add_equipmentunit"
    selector = selectors.unit_list
    template_name = "equipment/unit_list.html"
    export_writer = exports.units_xlsx
    export_name = "equipment"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "can_import_inspections": may_import(user, "equipment.add_periodicinspection"),
        }


class UnitDetail(ScopedDetailView):
    permission_required = "equipment.view_equipmentunit"
    getter = selectors.unit_get
    template_name = "equipment/unit_detail.html"
    show_history = False  # the page shows the overrides' history instead

    def get_extra_context(self, *, object, **kwargs):
        unit = object
        chain = due.ancestry(unit.catalogue_code) if unit.catalogue_code else []
        return {
            "chain": list(reversed(chain)),
            "due": selectors.unit_due(unit=unit),
            "inspections": selectors.unit_inspections(unit=unit),
            "overrides": selectors.unit_override_history(unit=unit),
            "due_dates": selectors.unit_due_dates(unit=unit),
            "today": timezone.localdate(),
            "can_override": self.request.user.has_perm("equipment.change_equipmentunit"),
            "can_inspect": self.request.user.has_perm("equipment.add_periodicinspection"),
            "override_form": OverrideForm(
                initial={
                    "every_years": unit.override_every_years,
                    "due_on": unit.override_due_on,
                    "reason": unit.override_reason,
                }
            ),
            "inspection_form": InspectionForm(),
        }


class UnitOverride(ServiceFormView):
    permission_required = "equipment.change_equipmentunit"
    getter = selectors.unit_get
    form_class = OverrideForm
    detail_view = UnitDetail
    form_name = "override_form"
    success_url = "equipment:unit_detail"
    success_message = gettext_lazy("The unit's due date was recomputed.")
    service = services.unit_set_override
    service_arg = "unit"


class UnitInspect(ServiceFormView):
    permission_required = "equipment.add_periodicinspection"
    getter = selectors.unit_get
    form_class = InspectionForm
    detail_view = UnitDetail
    form_name = "inspection_form"
    success_url = "equipment:unit_detail"
    success_message = gettext_lazy("The inspection was recorded.")
    service = services.inspection_record
    service_arg = "unit"
    record_in_data = True


# -- the overdue board ---------------------------------------------------------------------


class Board(PageView):
    permission_required = "equipment.view_equipmentunit"
    template_name = "equipment/board.html"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        code = self.request.GET.get("region", "").strip()
        data = selectors.overdue_board(user=user, region_code=code or None)
        scope = data["scope"]
        return {
            **data,
            "crumbs": selectors.board_crumbs(user=user, scope=scope),
            "soon_days": due_soon_days(),
            "township_level": scope and len(scope.code) >= 6,
        }


class FieldListExport(JobExportView):
    permission_required = "equipment.view_equipmentunit"
    source = "zhiliang.equipment.exports.field_list_file"

    def get_export(self):
        user = self.request.user
        code = self.request.GET.get("region", "").strip()
        region = Region.objects.filter(code=code).first()
        if not in_jurisdiction(user, region):
            raise Http404
        return {
            "params": {"region": [code]},
            "stem": f"equipment-due-{code}",
            "label": gettext("Units due: %(region)s") % {"region": region.name},
            "rows": selectors.field_list(user=user, region_code=code).count(),
        }


# -- inspections ---------------------------------------------------------------------------


class InspectionList(ScopedListView):
    permission_required = "equipment.view_periodicinspection"
    import_permission = "equipment.add_periodicinspection"
    selector = selectors.inspection_list
    template_name = "equipment/inspection_list.html"
    export_writer = exports.inspections_xlsx
    export_name = "periodic-inspections"


# -- operators -----------------------------------------------------------------------------


class OperatorList(ScopedListView):
    permission_required = "equipment.view_operator"
    import_permission = "equipment.add_operator"
    selector = selectors.operator_list
    template_name = "equipment/operator_list.html"
    export_writer = exports.operators_xlsx
    export_name = "operators"

    def get_extra_context(self, **kwargs):
        return {
            "today": timezone.localdate(),
            "items": operator_items()["items"],
        }


class OperatorDetail(ScopedDetailView):
    permission_required = "equipment.view_operator"
    getter = selectors.operator_get
    template_name = "equipment/operator_detail.html"
    show_history = False

    def get_extra_context(self, *, object, **kwargs):
        items = operator_items()["items"]
        return {
            "today": timezone.localdate(),
            "items": [(c, items.get(c, "")) for c in object.items.split(",") if c],
            "can_reveal": self.request.user.has_perm("equipment.reveal_operator_id"),
        }


class OperatorReveal(ScopedObjectMixin, RoleRequiredView):
    """The full ID number as an HTML fragment (HTMX swaps it in); logged as a security event.
    Not a ServiceActionView: it answers the fragment, not a redirect with a message."""

    http_method_names = ["post"]
    permission_required = "equipment.reveal_operator_id"
    getter = selectors.operator_get

    def post(self, request, *args, **kwargs):
        operator = self.get_object()
        number = services.operator_reveal_id(actor=request.user, operator=operator, request=request)
        return HttpResponse(f'<span class="mono" id="id-number">{escape(number)}</span>')
