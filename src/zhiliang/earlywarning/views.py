"""The pages of assessments, warnings, cards and actions: they declare, the core bases and
the services do the work."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.core.views import (
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
    ServiceCreateView,
    ServiceFormView,
    paginate,
)
from zhiliang.earlywarning import rules, selectors, services
from zhiliang.earlywarning.choices import (
    ActionKind,
    CardStatus,
    Decision,
    WarningKind,
    WarningStatus,
)
from zhiliang.earlywarning.docx import risk_notice_docx
from zhiliang.earlywarning.exports import cards_xlsx
from zhiliang.earlywarning.forms import (
    AssessmentForm,
    CardForm,
    DecisionForm,
    InterviewForm,
    LiftForm,
    NoticeForm,
    WarningForm,
)


class PrefilledCreateView(ServiceCreateView):
    """A new-record form whose hidden source and first values come from the query (the page
    the user came from: `?signal=`, `?assessment=`)."""

    prefill = ()

    def initial(self) -> dict:
        return {k: self.request.GET[k] for k in self.prefill if self.request.GET.get(k)}


# -- assessments ---------------------------------------------------------------------------


class AssessmentList(ScopedListView):
    permission_required = "earlywarning.view_riskassessment"
    selector = selectors.assessment_list
    template_name = "earlywarning/assessment_list.html"

    def get_extra_context(self, **kwargs):
        return {"matrix": rules.matrix()}


class AssessmentNew(PrefilledCreateView):
    permission_required = "earlywarning.add_riskassessment"
    form_class = AssessmentForm
    template_name = "earlywarning/assessment_form.html"
    success_message = _("The assessment was recorded.")
    success_url = "warnings:assessment"
    prefill = ("signal", "information", "hazard")
    service = services.assessment_start

    def initial(self) -> dict:
        initial = super().initial()
        initial.setdefault("steps", "")
        return initial


class AssessmentDetail(ScopedDetailView):
    permission_required = "earlywarning.view_riskassessment"
    getter = selectors.assessment_get
    template_name = "earlywarning/assessment_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "matrix": rules.matrix(),
            "form": DecisionForm(),
            "can_decide": object.decision == Decision.PENDING
            and user.has_perm("earlywarning.change_riskassessment"),
            "can_warn": user.has_perm("earlywarning.add_riskwarning"),
            "can_card": user.has_perm("earlywarning.add_card") and len(user.jurisdiction.code) <= 4,
        }


class AssessmentDecide(ServiceFormView):
    permission_required = "earlywarning.change_riskassessment"
    getter = selectors.assessment_get
    form_class = DecisionForm
    detail_view = AssessmentDetail
    success_message = _("The decision was recorded.")
    success_url = "warnings:assessment"
    service = services.assessment_decide
    service_arg = "assessment"


# -- warnings ------------------------------------------------------------------------------


class WarningList(ScopedListView):
    permission_required = "earlywarning.view_riskwarning"
    add_permission = "earlywarning.add_riskwarning"
    selector = selectors.warning_list
    template_name = "earlywarning/warning_list.html"


class WarningNew(PrefilledCreateView):
    permission_required = "earlywarning.add_riskwarning"
    form_class = WarningForm
    template_name = "earlywarning/warning_form.html"
    success_message = _("The warning was saved as a draft.")
    success_url = "warnings:warning"
    prefill = ("assessment", "kind", "region_code", "product_code", "hazard", "title", "text")
    service = services.warning_create


class WarningDetail(ScopedDetailView):
    permission_required = "earlywarning.view_riskwarning"
    getter = selectors.warning_get
    template_name = "earlywarning/warning_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        return {
            "actions": selectors.actions_of(user=user, warning=object),
            "can_change": user.has_perm("earlywarning.change_riskwarning"),
            "can_act": user.has_perm("earlywarning.add_action"),
            "is_draft": object.status == WarningStatus.DRAFT,
            "is_notice": object.kind == WarningKind.NOTICE,
            "interview_form": InterviewForm(actor=user),
            "notice_form": NoticeForm(actor=user),
        }


class WarningPublish(ServiceActionView):
    permission_required = "earlywarning.change_riskwarning"
    getter = selectors.warning_get
    success_message = _("The warning was published.")
    success_url = "warnings:warning"
    service = services.warning_publish
    service_arg = "warning"


class WarningWithdraw(WarningPublish):
    success_message = _("The warning was withdrawn.")
    service = services.warning_withdraw


class WarningDocx(ScopedDetailView):
    """The risk notice (风险告知书) as the .docx the office signs and sends."""

    permission_required = "earlywarning.view_riskwarning"
    getter = selectors.warning_get

    def get(self, request, *args, **kwargs):
        warning = self.get_object()
        if warning.kind != WarningKind.NOTICE:
            raise Http404
        tmp = risk_notice_docx(warning)
        name = f"risk-notice-{warning.pk}-{timezone.localdate():%Y%m%d}.docx"
        return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


# -- cards ---------------------------------------------------------------------------------


class CardList(ScopedListView):
    permission_required = "earlywarning.view_card"
    selector = selectors.card_list
    template_name = "earlywarning/card_list.html"
    export_writer = cards_xlsx
    export_name = "cards"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "can_add": user.has_perm("earlywarning.add_card") and len(user.jurisdiction.code) <= 4,
            "today": timezone.localdate(),
            "rules": rules.cards(),
        }


class CardNew(PrefilledCreateView):
    permission_required = "earlywarning.add_card"
    form_class = CardForm
    template_name = "earlywarning/card_form.html"
    success_message = _("The card was issued, with its special rectification plan.")
    success_url = "warnings:card"
    prefill = ("assessment", "signal", "region_code", "product_code", "hazard", "problem", "colour")
    service = services.card_issue


class CardDetail(ScopedDetailView):
    permission_required = "earlywarning.view_card"
    getter = selectors.card_get
    template_name = "earlywarning/card_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        is_open = object.status == CardStatus.OPEN
        return {
            "actions": selectors.actions_of(user=user, card=object),
            "open_signals": services.open_signals_of(object).select_related("product")[:10],
            "can_lift": is_open
            and user.has_perm("earlywarning.change_card")
            and user.jurisdiction.contains(object.issuer_region),
            "can_act": is_open and user.has_perm("earlywarning.add_action"),
            "lift_form": LiftForm(),
            "interview_form": InterviewForm(actor=user),
            "notice_form": NoticeForm(actor=user),
            "today": timezone.localdate(),
            "rules": rules.cards(),
        }


class CardLift(ServiceFormView):
    permission_required = "earlywarning.change_card"
    getter = selectors.card_get
    form_class = LiftForm
    detail_view = CardDetail
    form_name = "lift_form"
    success_message = _("The card was lifted.")
    success_url = "warnings:card"

    def perform(self, obj, form):
        services.card_lift(
            actor=self.request.user,
            card=obj,
            note=form.cleaned_data["note"],
            upload=form.cleaned_data["file"],
        )


# -- actions -------------------------------------------------------------------------------

ACTION_FORMS = {ActionKind.INTERVIEW: InterviewForm, ActionKind.NOTICE: NoticeForm}


class _ActionFrom(ServiceActionView):
    """POST /…/<pk>/act/<kind>/: the action of that kind from the warning or card."""

    permission_required = "earlywarning.add_action"
    success_message = _("The action was taken.")
    source = "card"  # or "warning"

    def get_form(self, obj):
        return self.form_class(self.request.POST, actor=self.request.user)

    def post(self, request, *args, **kwargs):
        kind = kwargs.get("kind")
        if kind not in ActionKind.values:
            raise Http404
        self.form_class = ACTION_FORMS.get(kind)
        return super().post(request, *args, **kwargs)

    def perform(self, obj, data):
        actor, source = self.request.user, {self.source: obj}
        kind = self.kwargs["kind"]
        if kind == ActionKind.SAMPLING:
            return services.action_sampling(actor=actor, **source)
        if kind == ActionKind.ANNOUNCEMENT:
            return services.action_announcement(actor=actor, **source)
        if kind == ActionKind.NOTICE:
            return services.action_notice(actor=actor, enterprises=data["enterprises"], **source)
        interview = {k: data[k] for k in ("held_on", "attendees", "issues", "commitments")}
        interview["follow_up_on"] = data["follow_up_on"]
        return services.action_interview(
            actor=actor, enterprise=data["enterprise"], interview=interview, **source
        )


class CardAct(_ActionFrom):
    getter = selectors.card_get
    success_url = "warnings:card"


class WarningAct(_ActionFrom):
    getter = selectors.warning_get
    success_url = "warnings:warning"
    source = "warning"


class ActionList(ScopedListView):
    permission_required = "earlywarning.view_action"
    selector = selectors.action_list
    template_name = "earlywarning/action_list.html"


# -- the public page -----------------------------------------------------------------------


def public_warnings(request):
    """Published consumer risk warnings (风险警示), without login."""
    page = paginate(selectors.public_warnings(), request)
    return render(request, "earlywarning/public_warnings.html", {"page": page, "tab": "warnings"})
