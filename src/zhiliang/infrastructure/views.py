from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from zhiliang.core.masking import may_see_personal_data
from zhiliang.core.record_pages import RecordDelete, RecordEdit, edit_context, record_views
from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.infrastructure import rules, selectors, services
from zhiliang.infrastructure.exports import laboratories_xlsx, notices_xlsx, officers_xlsx
from zhiliang.infrastructure.forms import (
    AppointmentForm,
    CommentForm,
    EndAppointmentForm,
    LaboratoryForm,
    NoticeForm,
    TrainingForm,
)

# -- testing bodies -------------------------------------------------------------------------


class LaboratoryList(ScopedListView):
    permission_required = "infrastructure.view_laboratory"
    add_permission = "infrastructure.add_laboratory"
    import_permission = "infrastructure.add_scopeitem"
    selector = selectors.laboratory_list
    template_name = "infrastructure/laboratory_list.html"
    export_writer = laboratories_xlsx
    export_name = "testing-bodies"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "counts": selectors.laboratory_counts(user=user),
            "data": rules.rules()["laboratories"],
        }


class LaboratoryDetail(ScopedDetailView):
    permission_required = "infrastructure.view_laboratory"
    getter = selectors.laboratory_get
    template_name = "infrastructure/laboratory_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {
            "scope": selectors.scope_of(laboratory=object), "data": rules.rules(),
            **edit_context(self.request.user, object, form_class=LaboratoryForm,
                           change="infrastructure.change_laboratory",
                           delete="infrastructure.delete_laboratory", drop=LABORATORY_KEPT),
        }  # fmt: skip


class LaboratoryNew(ServiceCreateView):
    permission_required = "infrastructure.add_laboratory"
    template_name = "infrastructure/laboratory_form.html"
    form_class = LaboratoryForm
    success_message = gettext_lazy("The testing body was registered.")
    success_url = "infrastructure:laboratory"
    service = services.laboratory_create


# -- TBT notifications ----------------------------------------------------------------------


class NoticeList(ScopedListView):
    permission_required = "infrastructure.view_notice"
    add_permission = "infrastructure.add_notice"
    import_permission = "infrastructure.add_notice"
    selector = selectors.notice_list
    template_name = "infrastructure/notice_list.html"
    export_writer = notices_xlsx
    export_name = "tbt-notifications"


class NoticeDetail(ScopedDetailView):
    permission_required = "infrastructure.view_notice"
    getter = selectors.notice_get
    template_name = "infrastructure/notice_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may = user.has_perm("infrastructure.add_comment") and object.open_for_comments
        return {
            "matches": selectors.matches_of(user=user, notice=object),
            "comments": selectors.comments_of(user=user, notice=object),
            "comment_form": CommentForm(actor=user) if may else None,
            "unsure": rules.unsure_products(),
            "hs_source": rules.hs_data()["source"],
            **edit_context(user, object, form_class=NoticeForm,
                           change="infrastructure.change_notice",
                           delete="infrastructure.delete_notice"),
        }  # fmt: skip


class NoticeNew(ServiceCreateView):
    permission_required = "infrastructure.add_notice"
    template_name = "infrastructure/notice_form.html"
    form_class = NoticeForm
    success_message = gettext_lazy("The notification was recorded and matched.")
    success_url = "infrastructure:notice"
    service = services.notice_create


class CommentSave(ServiceFormView):
    permission_required = "infrastructure.add_comment"
    getter = selectors.notice_get
    form_class = CommentForm
    detail_view = NoticeDetail
    form_name = "comment_form"
    success_url = "infrastructure:notice"
    success_message = gettext_lazy("The comment was recorded.")

    def get_form(self, obj):
        return CommentForm(self.request.POST, actor=self.request.user)

    def perform(self, obj, form):
        services.comment_create(actor=self.request.user, notice=obj, data=form.service_data())


# -- chief quality officers -----------------------------------------------------------------


class AppointmentList(ScopedListView):
    permission_required = "infrastructure.view_appointment"
    add_permission = "infrastructure.add_appointment"
    selector = selectors.appointment_list
    template_name = "infrastructure/appointment_list.html"
    export_writer = officers_xlsx
    export_with_user = True
    export_name = "chief-quality-officers"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "rate": selectors.training_rate(user=user),
            "full": may_see_personal_data(user),
            "data": rules.rules()["officers"],
        }


class AppointmentDetail(ScopedDetailView):
    permission_required = "infrastructure.view_appointment"
    getter = selectors.appointment_get
    template_name = "infrastructure/appointment_detail.html"
    show_history = False  # the history shows the name and phone unmasked

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "trainings": selectors.trainings_of(appointment=object),
            "full": may_see_personal_data(user),
            "may_delete_training": user.has_perm("infrastructure.delete_training"),
            "training_form": TrainingForm()
            if user.has_perm("infrastructure.add_training")
            else None,
            "end_form": EndAppointmentForm()
            if object.ended_on is None and user.has_perm("infrastructure.change_appointment")
            else None,
            # The form shows the name and phone whole: only to who may see them.
            "edit_form": edit_context(user, object, form_class=AppointmentForm,
                                      change="infrastructure.change_appointment",
                                      drop=APPOINTMENT_KEPT)["edit_form"]
            if may_see_personal_data(user) else None,
        }  # fmt: skip


class AppointmentNew(ServiceCreateView):
    permission_required = "infrastructure.add_appointment"
    template_name = "infrastructure/appointment_form.html"
    form_class = AppointmentForm
    success_message = gettext_lazy("The appointment was recorded.")
    success_url = "infrastructure:officer"
    service = services.appointment_create


class TrainingSave(ServiceFormView):
    permission_required = "infrastructure.add_training"
    getter = selectors.appointment_get
    form_class = TrainingForm
    detail_view = AppointmentDetail
    form_name = "training_form"
    success_url = "infrastructure:officer"
    success_message = gettext_lazy("The training was recorded.")
    service = services.training_create
    service_arg = "appointment"
    record_in_data = True


class AppointmentEnd(ServiceFormView):
    permission_required = "infrastructure.change_appointment"
    getter = selectors.appointment_get
    form_class = EndAppointmentForm
    detail_view = AppointmentDetail
    form_name = "end_form"
    success_url = "infrastructure:officer"
    success_message = gettext_lazy("The appointment was ended.")
    service = services.appointment_update
    service_arg = "appointment"
    service_data = True


# -- corrections and deletions (core/record_pages.py) ------------------------------------
LABORATORY_KEPT = ("organization",)  # a registry entry stays about its body
APPOINTMENT_KEPT = ("uscc",)  # an appointment stays the enterprise's


LaboratoryEdit, LaboratoryDelete = record_views(
    model="infrastructure.laboratory", getter=selectors.laboratory_get,
    detail_view=LaboratoryDetail, page_url="infrastructure:laboratory",
    list_url="infrastructure:laboratories", form_class=LaboratoryForm,
    update=services.laboratory_update, delete=services.laboratory_delete,
    service_arg="laboratory", drop=LABORATORY_KEPT,
)  # fmt: skip
NoticeEdit, NoticeDelete = record_views(
    model="infrastructure.notice", getter=selectors.notice_get, detail_view=NoticeDetail,
    page_url="infrastructure:notice", list_url="infrastructure:notices", form_class=NoticeForm,
    update=services.notice_update, delete=services.notice_delete, service_arg="notice",
)  # fmt: skip


class AppointmentEdit(RecordEdit):
    """A typing error in the name, phone or date corrected (a new officer is a new
    appointment: end this one)."""

    permission_required = "infrastructure.change_appointment"
    getter = selectors.appointment_get
    detail_view = AppointmentDetail
    success_url = "infrastructure:officer"
    form_class = AppointmentForm
    drop = APPOINTMENT_KEPT
    update = staticmethod(services.appointment_update)
    service_arg = "appointment"


class TrainingDelete(RecordDelete):
    """A training recorded by mistake removed from its officer's page (the history keeps
    it); the enterprise's summary follows (`training_delete`)."""

    permission_required = "infrastructure.delete_training"
    getter = selectors.training_get
    delete = staticmethod(services.training_delete)
    service_arg = "training"
    success_message = gettext_lazy("The training record was removed.")

    def next_page(self, obj, result):
        return redirect("infrastructure:officer", pk=obj.appointment_id)

    refused_page = next_page
