from django.http import FileResponse
from django.utils import timezone

from zhiliang.core.counting import CheapCountPaginator
from zhiliang.core.masking import mask, may_see_personal_data
from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
)
from zhiliang.enterprises import selectors
from zhiliang.enterprises.dossier import enterprise_file
from zhiliang.enterprises.exports import enterprises_xlsx
from zhiliang.enterprises.report import credit_report_docx

REPORT_PERMISSION = "enterprises.export_credit_report"


class EnterpriseList(ScopedListView):
    permission_required = "enterprises.view_enterprise"
    import_permission = "enterprises.add_enterprise"
    selector = selectors.enterprise_list
    template_name = "enterprises/enterprise_list.html"
    export_writer = enterprises_xlsx
    export_with_user = True  # contact phones are masked for roles that may not see them
    export_name = "enterprises"
    paginator_class = CheapCountPaginator  # "约 …" above core.counting.EXACT_UP_TO rows

    def get_extra_context(self, **kwargs):
        return {
            "masked": not may_see_personal_data(self.request.user),
        }


class EnterpriseDetail(ScopedDetailView):
    """一企一档: the enterprise's identity and history, and a section per registry."""

    permission_required = "enterprises.view_enterprise"
    getter = selectors.enterprise_get
    template_name = "enterprises/enterprise_detail.html"
    history_permission = "enterprises.view_history"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        masked = not may_see_personal_data(user)
        today = timezone.localdate()
        file = enterprise_file(user=user, enterprise=object, today=today)
        return {
            "today": today,
            "phone": mask(object.contact_phone) if masked else object.contact_phone,
            "file": file,
            "file_empty": [section for section in file if not section.count],
            "can_report": user.has_perm(REPORT_PERMISSION),
        }


class EnterpriseCreditReport(ScopedObjectMixin, RoleRequiredView):
    """The enterprise's 信用报告 as .docx; another jurisdiction's enterprise is missing (404)."""

    permission_required = REPORT_PERMISSION
    getter = selectors.enterprise_get

    def get(self, request, *args, **kwargs):
        enterprise = self.get_object()
        tmp = credit_report_docx(user=request.user, enterprise=enterprise)
        name = f"{enterprise.name[:40]}-信用报告-{timezone.localdate():%Y%m%d}.docx"
        return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)
