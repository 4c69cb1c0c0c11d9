"""Office pages of the serious-violation list and of repair applications: the lists, the
records with one form per step they are ready for, the evidence files, the export of
repaired records. Every write goes through `serious_services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zhiliang.core.views import (
    RoleRequiredView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ServiceActionView,
)
from zhiliang.core.views_helpers import stored_file
from zhiliang.enterprises.selectors import enterprise_get
from zhiliang.penalties import forms as f
from zhiliang.penalties import listing_rules, selectors
from zhiliang.penalties import serious_services as services
from zhiliang.penalties.choices import RepairStatus, SeriousStatus
from zhiliang.penalties.exports import repaired_csv, repaired_xlsx, serious_xlsx
from zhiliang.penalties.models import RepairEvidence, SeriousEvidence

S = SeriousStatus
_NOTIFY = ("notify", gettext_lazy("Notify the enterprise (objection window opens)"), f.OnForm)
_DROP = ("drop", gettext_lazy("Do not list"), f.DropForm)
# The steps a listing at each status may take: (URL suffix, button, form class).
STEPS = {
    S.PROPOSED: [_NOTIFY, _DROP],
    S.NOTIFIED: [("decide", gettext_lazy("Decide the listing"), f.DecideForm), _DROP],
    S.DECIDED: [("publish", gettext_lazy("Publish"), f.OnForm)],
    S.PUBLISHED: [
        (
            "apply_removal",
            gettext_lazy("Record an application for early removal"),
            f.ApplyRemovalForm,
        )
    ],
    S.REMOVAL_APPLIED: [
        ("grant_removal", gettext_lazy("Grant the early removal"), f.DecisionForm),
        ("refuse_removal", gettext_lazy("Refuse the early removal"), f.ReasonForm),
    ],
}


class SeriousList(ScopedListView):
    permission_required = "penalties.view_seriousviolation"
    selector = selectors.serious_list
    template_name = "penalties/serious_list.html"
    export_writer = serious_xlsx
    export_name = "serious-violation-list"

    def get_extra_context(self, *, filterset, **kwargs):
        ok = filterset.is_valid()
        return {"counts": selectors.serious_counts(queryset=filterset.qs) if ok else {}}


class SeriousDetail(ScopedDetailView):
    permission_required = "penalties.view_seriousviolation"
    getter = selectors.serious_get
    template_name = "penalties/serious_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        may_change = self.request.user.has_perm("penalties.change_seriousviolation")
        steps = [
            (f"penalties:serious-{name}", label, form(auto_id=f"{name}_%s"))
            for name, label, form in STEPS.get(object.status, [])
        ]
        conditions = listing_rules.removal_conditions()
        return {
            "steps": steps if may_change else [],
            "evidence_form": f.EvidenceForm() if may_change else None,
            "evidence": list(object.evidence.all()),
            "periods": listing_rules.periods(),
            "measures": selectors.listing_measures(enterprise=object.enterprise),
            "checklist": [
                (c.label, c.source, c.mark, object.removal_conditions.get(code))
                for code, c in conditions.items()
            ],
            "today": timezone.localdate(),
        }


class _Step(ServiceActionView):
    """A step of the listing: the form's fields are the service's arguments."""

    permission_required = "penalties.change_seriousviolation"
    getter = selectors.serious_get
    success_url = "penalties:serious"
    success_message = gettext_lazy("The listing went on to its next step.")
    service_arg = "listing"


class SeriousNotify(_Step):
    form_class = f.OnForm
    service = services.serious_notify


class SeriousDrop(_Step):
    form_class = f.DropForm
    service = services.serious_drop


class SeriousDecide(_Step):
    form_class = f.DecideForm
    service = services.serious_decide


class SeriousPublish(_Step):
    form_class = f.OnForm
    service = services.serious_publish


class SeriousRefuseRemoval(_Step):
    form_class = f.ReasonForm
    service = services.serious_refuse_removal
    success_message = gettext_lazy("The early removal was refused; the listing stays.")


class SeriousGrantRemoval(_Step):
    form_class = f.DecisionForm
    service = services.serious_grant_removal
    success_message = gettext_lazy(
        "The enterprise was removed from the list; it left the public pages."
    )


class SeriousApplyRemoval(_Step):
    form_class = f.ApplyRemovalForm
    success_message = gettext_lazy("The application for an early removal was recorded.")

    def post(self, request, *args, **kwargs):
        self._form = None
        return super().post(request, *args, **kwargs)

    def get_form(self, obj):
        self._form = super().get_form(obj)
        return self._form

    def perform(self, obj, data):
        return services.serious_apply_removal(
            actor=self.request.user,
            listing=obj,
            on=data["on"],
            conditions=self._form.conditions(),
            statement=data["statement"],
        )


class SeriousEvidenceAdd(_Step):
    form_class = f.EvidenceForm
    success_message = gettext_lazy("The evidence file was added.")

    def perform(self, obj, data):
        return services.serious_evidence_add(
            actor=self.request.user, listing=obj, upload=data["file"]
        )


def _file(evidence):
    if evidence is None:
        raise Http404
    return stored_file(evidence.file, evidence.original_name)


@login_required
@permission_required("penalties.view_seriousviolation", raise_exception=True)
def serious_evidence_file(request, pk: int, evidence_pk: int):
    listings = selectors.serious_list(user=request.user).qs.filter(pk=pk)
    return _file(SeriousEvidence.objects.filter(pk=evidence_pk, listing__in=listings).first())


class _ProposeFor(ScopedObjectMixin, RoleRequiredView):
    """拟列入 from the enterprise's file or a penalty's page: the form with the legal basis
    and the evidence → `serious_propose` → the new listing's page. An enterprise or a
    penalty outside the jurisdiction is missing (404); the service's refusal lands on the
    form's fields, nothing saved."""

    permission_required = "penalties.add_seriousviolation"
    template_name = "penalties/serious_propose.html"

    def target(self, obj):
        """(enterprise, penalty or None) of the URL's record."""
        raise NotImplementedError

    def _page(self, form, obj):
        enterprise, penalty = self.target(obj)
        context = {"form": form, "enterprise": enterprise, "penalty": penalty}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        _enterprise, penalty = self.target(obj)
        initial = {"facts": penalty.violation} if penalty else {}
        return self._page(f.ProposeForm(actor=request.user, initial=initial), obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        enterprise, penalty = self.target(obj)
        form = f.ProposeForm(request.POST, request.FILES, actor=request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
            data.update(enterprise=enterprise, penalty=penalty)
            try:
                listing = services.serious_propose(
                    actor=request.user, data=data, evidence=[form.cleaned_data["evidence"]]
                )
            except ValidationError as exc:
                errors = getattr(exc, "message_dict", {"__all__": exc.messages})
                for field, texts in errors.items():
                    form.add_error(field if field in form.fields else None, texts)
            else:
                messages.success(request, _PROPOSED)
                return redirect("penalties:serious", pk=listing.pk)
        return self._page(form, obj)


_PROPOSED = gettext_lazy("The listing was proposed; notify the enterprise next.")


class SeriousProposeForEnterprise(_ProposeFor):
    getter = enterprise_get

    def target(self, obj):
        return obj, None


class SeriousProposeForPenalty(_ProposeFor):
    getter = selectors.penalty_get

    def target(self, obj):
        return obj.enterprise, obj


# -- repair applications ------------------------------------------------------------------


class RepairList(ScopedListView):
    permission_required = "penalties.view_penaltyrepair"
    selector = selectors.repair_list
    template_name = "penalties/repair_list.html"


class RepairDetail(ScopedDetailView):
    permission_required = "penalties.view_penaltyrepair"
    getter = selectors.repair_get
    template_name = "penalties/repair_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        pending = object.status == RepairStatus.PENDING
        may = pending and self.request.user.has_perm("penalties.change_penaltyrepair")
        return {
            "evidence": list(object.evidence.all()),
            "evidence_form": f.EvidenceForm() if may else None,
            "grant_form": f.DecisionForm(auto_id="grant_%s") if may else None,
            "refuse_form": f.DecisionForm(auto_id="refuse_%s") if may else None,
        }


class RepairApply(ServiceActionView):
    """From the penalty's page: record an application; then to the application."""

    permission_required = "penalties.add_penaltyrepair"
    getter = selectors.penalty_get
    form_class = f.RepairApplyForm
    success_url = "penalties:penalty"
    success_message = gettext_lazy("The repair application was recorded; add its evidence.")

    def perform(self, obj, data):
        return services.repair_apply(
            actor=self.request.user, penalty=obj, applied_on=data["on"], statement=data["statement"]
        )

    def next_page(self, obj, result):
        from django.shortcuts import redirect

        return redirect("penalties:repair", pk=result.pk)


class _RepairStep(ServiceActionView):
    permission_required = "penalties.change_penaltyrepair"
    getter = selectors.repair_get
    success_url = "penalties:repair"
    service_arg = "repair"


class RepairGrant(_RepairStep):
    form_class = f.DecisionForm
    success_message = gettext_lazy("The repair was granted; the record left the public pages.")
    service = services.repair_grant


class RepairRefuse(_RepairStep):
    form_class = f.DecisionForm
    success_message = gettext_lazy("The repair was refused.")
    service = services.repair_refuse


class RepairEvidenceAdd(_RepairStep):
    form_class = f.EvidenceForm
    success_message = gettext_lazy("The evidence file was added.")

    def perform(self, obj, data):
        return services.repair_evidence_add(
            actor=self.request.user, repair=obj, upload=data["file"]
        )


@login_required
@permission_required("penalties.view_penaltyrepair", raise_exception=True)
def repair_evidence_file(request, pk: int, evidence_pk: int):
    repairs = selectors.repair_list(user=request.user).qs.filter(pk=pk)
    return _file(RepairEvidence.objects.filter(pk=evidence_pk, repair__in=repairs).first())


@login_required
@permission_required("penalties.view_penaltyrepair", raise_exception=True)
def repaired_export(request, fmt: str):
    """The repaired records of the jurisdiction, as xlsx or CSV, for other platforms."""
    from zhiliang.core.views import xlsx_response

    rows = selectors.repaired_penalties(user=request.user)
    if fmt == "csv":
        return repaired_csv(queryset=rows)
    if fmt == "xlsx":
        return xlsx_response(repaired_xlsx(queryset=rows), "repaired-penalties")
    raise Http404
