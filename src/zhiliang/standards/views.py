from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from zhiliang.core.record_pages import RecordDelete, edit_context, record_views
from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.standards import exports, rules, selectors, services
from zhiliang.standards.forms import (
    AdoptionForm,
    DraftingForm,
    EnterpriseStandardForm,
    PilotForm,
    ReviewForm,
    StandardForm,
)


class StandardList(ScopedListView):
    permission_required = "standards.view_standard"
    add_permission = "standards.add_standard"
    import_permission = "standards.add_standard"
    selector = selectors.standard_list
    template_name = "standards/standard_list.html"
    export_writer = exports.standards_xlsx
    export_name = "standards"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "counts": selectors.standard_counts(user=user),
            "review": rules.rules()["review"],
        }


class StandardDetail(ScopedDetailView):
    permission_required = "standards.view_standard"
    getter = selectors.standard_get
    template_name = "standards/standard_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may = user.has_perm("standards.change_standard")
        return {
            **selectors.standard_parts(user=user, standard=object),
            "level": rules.level(object.level),
            "review_form": ReviewForm() if may else None,
            "adoption_form": AdoptionForm(actor=user)
            if user.has_perm("standards.add_adoption") else None,
            "drafting_form": DraftingForm(actor=user)
            if user.has_perm("standards.add_drafting") else None,
            "may_delete_parts": user.has_perm("standards.delete_adoption"),
            **edit_context(user, object, form_class=StandardForm,
                           change="standards.change_standard", delete="standards.delete_standard",
                           drop=() if object.level == "alliance" else ("region_code",)),
        }  # fmt: skip


class StandardNew(ServiceCreateView):
    permission_required = "standards.add_standard"
    template_name = "standards/standard_form.html"
    form_class = StandardForm
    success_message = gettext_lazy("The standard was registered.")
    success_url = "standards:standard"
    service = services.standard_create


class _OnStandard(ServiceFormView):
    """Adds a part to the standard (an adoption, a drafting body)."""

    getter = selectors.standard_get
    detail_view = StandardDetail
    success_url = "standards:standard"
    service_arg = "standard"
    record_in_data = True

    def get_form(self, obj):
        return self.form_class(self.request.POST, actor=self.request.user)


class ReviewSave(ServiceFormView):
    permission_required = "standards.change_standard"
    getter = selectors.standard_get
    detail_view = StandardDetail
    success_url = "standards:standard"
    form_class = ReviewForm
    form_name = "review_form"
    success_message = gettext_lazy("The review was recorded.")
    service = services.review_record
    service_arg = "standard"


class AdoptionSave(_OnStandard):
    permission_required = "standards.add_adoption"
    form_class = AdoptionForm
    form_name = "adoption_form"
    success_message = gettext_lazy("The adoption was recorded.")
    service = services.adoption_create


class DraftingSave(_OnStandard):
    permission_required = "standards.add_drafting"
    form_class = DraftingForm
    form_name = "drafting_form"
    success_message = gettext_lazy("The drafting body was recorded.")
    service = services.drafting_create


class EnterpriseStandardList(ScopedListView):
    permission_required = "standards.view_enterprisestandard"
    add_permission = "standards.add_enterprisestandard"
    import_permission = "standards.add_enterprisestandard"
    selector = selectors.enterprise_standard_list
    template_name = "standards/applied_list.html"
    export_writer = exports.applied_xlsx
    export_name = "enterprise-standards"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "coverage": selectors.coverage(user=user),
        }


class EnterpriseStandardDetail(ScopedDetailView):
    permission_required = "standards.view_enterprisestandard"
    getter = selectors.enterprise_standard_get
    template_name = "standards/applied_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        category = object.product.parent.code if object.product.parent_id else object.product.code
        return {
            "family": rules.family(category), "declaration": rules.rules()["declaration"],
            **edit_context(self.request.user, object, form_class=EnterpriseStandardForm,
                           change="standards.change_enterprisestandard",
                           delete="standards.delete_enterprisestandard"),
        }  # fmt: skip


class EnterpriseStandardNew(ServiceCreateView):
    permission_required = "standards.add_enterprisestandard"
    template_name = "standards/applied_form.html"
    form_class = EnterpriseStandardForm
    success_message = gettext_lazy("The standard applied was recorded.")
    success_url = "standards:applied"
    service = services.enterprise_standard_create


class AdoptionList(ScopedListView):
    permission_required = "standards.view_adoption"
    selector = selectors.adoption_list
    template_name = "standards/adoption_list.html"
    export_writer = exports.adoptions_xlsx
    export_name = "standard-adoptions"

    def get_extra_context(self, **kwargs):
        return {"adoption": rules.rules()["adoption"]}


class DraftingList(ScopedListView):
    permission_required = "standards.view_drafting"
    selector = selectors.drafting_list
    template_name = "standards/drafting_list.html"
    export_writer = exports.draftings_xlsx
    export_name = "standard-draftings"

    def get_extra_context(self, **kwargs):
        return {"by_level": selectors.drafting_by_level(user=self.request.user)}


class PilotList(ScopedListView):
    permission_required = "standards.view_pilot"
    add_permission = "standards.add_pilot"
    selector = selectors.pilot_list
    template_name = "standards/pilot_list.html"
    export_writer = exports.pilots_xlsx
    export_name = "standardisation-pilots"


class PilotDetail(ScopedDetailView):
    permission_required = "standards.view_pilot"
    getter = selectors.pilot_get
    template_name = "standards/pilot_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return edit_context(
            self.request.user, object, form_class=PilotForm,
            change="standards.change_pilot", delete="standards.delete_pilot",
        )  # fmt: skip


class PilotNew(ServiceCreateView):
    permission_required = "standards.add_pilot"
    template_name = "standards/pilot_form.html"
    form_class = PilotForm
    success_message = gettext_lazy("The pilot was registered.")
    success_url = "standards:pilot"
    service = services.pilot_create


# -- corrections and deletions (core/record_pages.py) ------------------------------------


_StandardEdit, StandardDelete = record_views(
    model="standards.standard", getter=selectors.standard_get, detail_view=StandardDetail,
    page_url="standards:standard", list_url="standards:standards", form_class=StandardForm,
    update=services.standard_update, delete=services.standard_delete, service_arg="standard",
)  # fmt: skip
EnterpriseStandardEdit, EnterpriseStandardDelete = record_views(
    model="standards.enterprisestandard", getter=selectors.enterprise_standard_get,
    detail_view=EnterpriseStandardDetail, page_url="standards:applied",
    list_url="standards:applied_list", form_class=EnterpriseStandardForm,
    update=services.enterprise_standard_update, delete=services.enterprise_standard_delete,
    service_arg="enterprisestandard",
)  # fmt: skip
PilotEdit, PilotDelete = record_views(
    model="standards.pilot", getter=selectors.pilot_get, detail_view=PilotDetail,
    page_url="standards:pilot", list_url="standards:pilots", form_class=PilotForm,
    update=services.pilot_update, delete=services.pilot_delete, service_arg="pilot",
)  # fmt: skip


class StandardEdit(_StandardEdit):
    def get_form(self, obj):
        # Only an alliance standard names its region; the others take it from their level.
        self.drop = () if obj.level == "alliance" else ("region_code",)
        return super().get_form(obj)


class _PartDelete(RecordDelete):
    """An adoption or a drafting body removed from its standard's page (to correct one,
    remove it and record it again: the history keeps both)."""

    def next_page(self, obj, result):
        return redirect("standards:standard", pk=obj.standard_id)

    refused_page = next_page


class AdoptionDelete(_PartDelete):
    permission_required = "standards.delete_adoption"
    getter = selectors.adoption_get
    delete = staticmethod(services.adoption_delete)
    service_arg = "adoption"


class DraftingDelete(_PartDelete):
    permission_required = "standards.delete_drafting"
    getter = selectors.drafting_get
    delete = staticmethod(services.drafting_delete)
    service_arg = "drafting"
