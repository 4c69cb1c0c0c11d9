from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.imports.selectors import may_import
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
    selector = selectors.standard_list
    template_name = "standards/standard_list.html"
    export_writer = exports.standards_xlsx
    export_name = "standards"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "counts": selectors.standard_counts(user=user),
            "can_add": user.has_perm("standards.add_standard"),
            "can_import": may_import(user, "standards.add_standard"),
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
        }  # fmt: skip


class StandardNew(ServiceCreateView):
    permission_required = "standards.add_standard"
    template_name = "standards/standard_form.html"
    form_class = StandardForm
    success_message = gettext_lazy("The standard was registered.")
    success_url = "standards:standard"

    def create(self, *, actor, data):
        return services.standard_create(actor=actor, data=data)


class _OnStandard(ServiceFormView):
    getter = selectors.standard_get
    detail_view = StandardDetail
    success_url = "standards:standard"

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

    def perform(self, obj, form):
        services.review_record(actor=self.request.user, standard=obj, **form.cleaned_data)


class AdoptionSave(_OnStandard):
    permission_required = "standards.add_adoption"
    form_class = AdoptionForm
    form_name = "adoption_form"
    success_message = gettext_lazy("The adoption was recorded.")

    def perform(self, obj, form):
        services.adoption_create(actor=self.request.user,
                                 data={**form.service_data(), "standard": obj})  # fmt: skip


class DraftingSave(_OnStandard):
    permission_required = "standards.add_drafting"
    form_class = DraftingForm
    form_name = "drafting_form"
    success_message = gettext_lazy("The drafting body was recorded.")

    def perform(self, obj, form):
        services.drafting_create(actor=self.request.user,
                                 data={**form.service_data(), "standard": obj})  # fmt: skip


class EnterpriseStandardList(ScopedListView):
    permission_required = "standards.view_enterprisestandard"
    selector = selectors.enterprise_standard_list
    template_name = "standards/applied_list.html"
    export_writer = exports.applied_xlsx
    export_name = "enterprise-standards"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "coverage": selectors.coverage(user=user),
            "can_add": user.has_perm("standards.add_enterprisestandard"),
            "can_import": may_import(user, "standards.add_enterprisestandard"),
        }


class EnterpriseStandardDetail(ScopedDetailView):
    permission_required = "standards.view_enterprisestandard"
    getter = selectors.enterprise_standard_get
    template_name = "standards/applied_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        category = object.product.parent.code if object.product.parent_id else object.product.code
        return {"family": rules.family(category), "declaration": rules.rules()["declaration"]}


class EnterpriseStandardNew(ServiceCreateView):
    permission_required = "standards.add_enterprisestandard"
    template_name = "standards/applied_form.html"
    form_class = EnterpriseStandardForm
    success_message = gettext_lazy("The standard applied was recorded.")
    success_url = "standards:applied"

    def create(self, *, actor, data):
        return services.enterprise_standard_create(actor=actor, data=data)


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
    selector = selectors.pilot_list
    template_name = "standards/pilot_list.html"
    export_writer = exports.pilots_xlsx
    export_name = "standardisation-pilots"

    def get_extra_context(self, **kwargs):
        return {"can_add": self.request.user.has_perm("standards.add_pilot")}


class PilotDetail(ScopedDetailView):
    permission_required = "standards.view_pilot"
    getter = selectors.pilot_get
    template_name = "standards/pilot_detail.html"


class PilotNew(ServiceCreateView):
    permission_required = "standards.add_pilot"
    template_name = "standards/pilot_form.html"
    form_class = PilotForm
    success_message = gettext_lazy("The pilot was registered.")
    success_url = "standards:pilot"

    def create(self, *, actor, data):
        return services.pilot_create(actor=actor, data=data)
