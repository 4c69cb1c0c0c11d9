from django.utils import timezone

from zhiliang.complaints.selectors import complaints_of_enterprise
from zhiliang.core.counting import CheapCountPaginator
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.views import ScopedDetailView, ScopedListView
from zhiliang.enterprises import selectors
from zhiliang.enterprises.exports import enterprises_xlsx
from zhiliang.imports.selectors import may_import


class EnterpriseList(ScopedListView):
    permission_required = "enterprises.view_enterprise"
    selector = selectors.enterprise_list
    template_name = "enterprises/enterprise_list.html"
    export_writer = enterprises_xlsx
    export_with_user = True  # contact phones are masked for roles that may not see them
    export_name = "enterprises"
    paginator_class = CheapCountPaginator  # "约 …" above core.counting.EXACT_UP_TO rows

    def get_extra_context(self, **kwargs):
        return {
            "masked": not may_see_personal_data(self.request.user),
            "can_import": may_import(self.request.user, "enterprises.add_enterprise"),
        }


class EnterpriseDetail(ScopedDetailView):
    permission_required = "enterprises.view_enterprise"
    getter = selectors.enterprise_get
    template_name = "enterprises/enterprise_detail.html"
    history_permission = "enterprises.view_history"

    def get_extra_context(self, *, object, **kwargs):
        from zhiliang.penalties import selectors as penalties

        user = self.request.user
        masked = not may_see_personal_data(user)
        return {
            "today": timezone.localdate(),
            "phone": mask(object.contact_phone) if masked else object.contact_phone,
            "penalties": penalties.enterprise_penalties(user=user, enterprise=object)
            if user.has_perm("penalties.view_penalty")
            else None,
            "listings": penalties.enterprise_listings(user=user, enterprise=object)
            if user.has_perm("penalties.view_abnormallisting")
            else None,
            "complaints": complaints_of_enterprise(user=user, enterprise=object)
            if user.has_perm("complaints.view_complaint")
            else None,
        }
