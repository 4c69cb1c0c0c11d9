from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.core.record_pages import RecordEdit, edit_context
from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
    ServiceCreateView,
    ServiceFormView,
)
from zhiliang.recognition import forms as f
from zhiliang.recognition import panel, rules, selectors, services
from zhiliang.recognition.certificates import certificate_response
from zhiliang.recognition.choices import ApplicationStatus as S
from zhiliang.recognition.choices import HolderStatus
from zhiliang.recognition.exports import holders_xlsx, rounds_xlsx
from zhiliang.recognition.holders import holder_update

RUNS = "recognition.change_application"


class RoundList(ScopedListView):
    permission_required = "recognition.view_round"
    add_permission = "recognition.add_round"
    selector = selectors.round_list
    template_name = "recognition/round_list.html"
    export_writer = rounds_xlsx
    export_name = "evaluation-rounds"


class RoundNew(ServiceCreateView):
    permission_required = "recognition.add_round"
    template_name = "recognition/round_form.html"
    form_class = f.RoundForm
    success_message = gettext_lazy("The round was opened.")
    success_url = "recognition:round"
    service = services.round_create


class RoundDetail(ScopedDetailView):
    permission_required = "recognition.view_round"
    getter = selectors.round_get
    template_name = "recognition/round_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        runs = user.has_perm(RUNS) and object.region.contains(user.jurisdiction or object.region)
        return {
            "applications": selectors.applications_of(user=user, round=object),
            "scheme": rules.scheme(object.scheme),
            "items": rules.items(object.scheme),
            "runs": runs and user.jurisdiction.contains(object.region),
            "apply_form": f.ApplicationForm()
            if user.has_perm("recognition.add_application")
            else None,
            "publicity_form": f.PublicityForm(initial={"on": timezone.localdate()}),
        }


class ApplicationAdd(ServiceActionView):
    permission_required = "recognition.add_application"
    getter = selectors.round_get
    form_class = f.ApplicationForm
    success_url = "recognition:round"
    success_message = gettext_lazy("The application was registered.")

    def get_form(self, obj):
        return self.form_class(self.request.POST, user=self.request.user)

    def perform(self, obj, data):
        return services.application_submit(
            actor=self.request.user,
            data={"round": obj, "enterprise": data["uscc"], "product": data.get("product", "")},
        )


class PublicityStart(ServiceActionView):
    permission_required = RUNS
    getter = selectors.round_get
    form_class = f.PublicityForm
    success_url = "recognition:round"
    success_message = gettext_lazy("The public notice started.")
    service = services.publicity_start
    service_arg = "round"


class ApplicationDetail(ScopedDetailView):
    permission_required = "recognition.view_application"
    getter = selectors.application_get
    template_name = "recognition/application_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        view = selectors.application_view(application=object)
        runs = (
            user.has_perm(RUNS)
            and user.jurisdiction is not None
            and (user.jurisdiction.contains(object.round.region))
        )
        sheets = []
        if object.status in (S.SCORING, S.CONSENSUS):
            seats = (
                view["seats"] if runs else selectors.seats_of_user(user=user, application=object)
            )
            wanted = [
                i
                for i in rules.items(object.round.scheme)
                if object.status == S.SCORING or i["code"] in view["disputed"]
            ]
            sheets = [(s, f.ScoreForm(items=wanted, prefix=f"s{s.pk}")) for s in seats]
        return {
            **view,
            "runs": runs,
            "sheets": sheets,
            "verified": panel.verify(object) if object.panel_inputs else None,
            "document_form": f.DocumentForm(),
            "check_form": f.CheckForm(),
            "draw_form": f.DrawForm(),
            "site_form": f.SiteForm(),
            "objection_form": f.ObjectionForm(initial={"received_on": timezone.localdate()}),
            "decide_form": f.DecideForm(initial={"on": timezone.localdate()}),
            "S": S,
        }


class _AppAction(ServiceActionView):
    permission_required = "recognition.view_application"
    getter = selectors.application_get
    success_url = "recognition:application"
    service_arg = "application"


class DocumentAdd(_AppAction):
    form_class = f.DocumentForm
    success_message = gettext_lazy("The document was added.")

    def perform(self, obj, data):
        return services.document_add(
            actor=self.request.user, application=obj, title=data["title"], upload=data["file"]
        )


class FormalCheck(_AppAction):
    form_class = f.CheckForm
    success_message = gettext_lazy("The formal check was recorded.")
    service = services.application_check


class PanelDraw(_AppAction):
    form_class = f.DrawForm
    success_message = gettext_lazy("The panel was drawn.")
    service = services.panel_draw


class ScoreSubmit(_AppAction):
    form_class = f.ScoreForm
    success_message = gettext_lazy("The scores were recorded.")

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        seat = obj.seats.filter(pk=request.POST.get("seat")).select_related("expert").first()
        if seat is None:
            raise Http404
        self.seat = seat
        return super().post(request, *args, **kwargs)

    def get_form(self, obj):
        items = rules.items(obj.round.scheme)
        return f.ScoreForm(self.request.POST, items=items, prefix=f"s{self.seat.pk}")

    def perform(self, obj, data):
        form = f.ScoreForm(items=(), data={})
        form.cleaned_data = data
        return services.scores_submit(actor=self.request.user, seat=self.seat, points=form.points())


class SiteReview(_AppAction):
    form_class = f.SiteForm
    success_message = gettext_lazy("The site review was recorded.")
    service = services.site_review


class ObjectionAdd(_AppAction):
    form_class = f.ObjectionForm
    success_message = gettext_lazy("The objection was recorded.")
    service = services.objection_add


class ObjectionSettle(_AppAction):
    form_class = f.SettleForm
    success_message = gettext_lazy("The objection was settled.")

    def perform(self, obj, data):
        objection = obj.objections.filter(pk=data["objection"]).first()
        if objection is None:
            raise ValidationError(gettext_lazy("Not found."))
        return services.objection_settle(
            actor=self.request.user, objection=objection, outcome=data["outcome"], note=data["note"]
        )


class Decide(_AppAction):
    form_class = f.DecideForm
    success_message = gettext_lazy("The decision was recorded.")
    service = services.application_decide


class HolderList(ScopedListView):
    permission_required = "recognition.view_holder"
    selector = selectors.holder_list
    template_name = "recognition/holder_list.html"
    export_writer = holders_xlsx
    export_name = "title-holders"

    def get_extra_context(self, **kwargs):
        # Titles of earlier years come in through the staged importer.
        can_import = self.request.user.has_perm("recognition.add_holder")
        return {"can_import": can_import, "import_kind": "recognition_holders"}


class HolderDetail(ScopedDetailView):
    permission_required = "recognition.view_holder"
    getter = selectors.holder_get
    template_name = "recognition/holder_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may = user.has_perm("recognition.change_holder")
        context = {"revoke_form": f.RevokeForm() if may else None, "may_delete": False}
        if object.status != HolderStatus.REVOKED:
            context.update(edit_context(user, object, form_class=f.HolderForm,
                                        change="recognition.change_holder"))  # fmt: skip
        return context


class HolderEdit(RecordEdit):
    permission_required = "recognition.change_holder"
    getter = selectors.holder_get
    detail_view = HolderDetail
    success_url = "recognition:holder"
    form_class = f.HolderForm
    update = staticmethod(holder_update)
    service_arg = "holder"


class HolderRevoke(ServiceActionView):
    permission_required = "recognition.change_holder"
    getter = selectors.holder_get
    form_class = f.RevokeForm
    success_url = "recognition:holder"
    success_message = gettext_lazy("The title was revoked.")
    service = services.holder_revoke
    service_arg = "holder"


class HolderCertificate(HolderDetail):
    def get(self, request, *args, **kwargs):
        return certificate_response(self.get_object())


class ExpertList(ScopedListView):
    permission_required = "recognition.view_expert"
    selector = selectors.expert_list
    template_name = "recognition/expert_list.html"
    export_writer = None


class ExpertDetail(ScopedDetailView):
    permission_required = "recognition.view_expert"
    getter = selectors.expert_get
    template_name = "recognition/expert_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        if not self.request.user.has_perm("recognition.change_expert"):
            return {}
        usccs = "\n".join(e.uscc for e in object.related.order_by("uscc"))
        return {"relations_form": f.RelationsForm(initial={"usccs": usccs})}


class ExpertRelations(ServiceFormView):
    permission_required = "recognition.change_expert"
    getter = selectors.expert_get
    detail_view = ExpertDetail
    form_name = "relations_form"
    success_url = "recognition:expert"
    success_message = gettext_lazy("The declared relations were saved.")

    def get_form(self, obj):
        return f.RelationsForm(self.request.POST, user=self.request.user)

    def perform(self, obj, form):
        services.expert_relations_set(
            actor=self.request.user, expert=obj, related=form.cleaned_data["usccs"]
        )
