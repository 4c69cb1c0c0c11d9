"""Samples: the list and its export, recording, correcting and publishing a result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.views import ScopedDetailView, ScopedListView, ServiceActionView
from zhiliang.inspections import forms, rules, selectors, services
from zhiliang.inspections.choices import PlanLevel, PlanStatus, Verdict
from zhiliang.inspections.exports import announcement_xlsx, result_sheet_template
from zhiliang.inspections.importers import SAMPLE_IMPORT
from zhiliang.inspections.models import Sample, SamplingPlan
from zhiliang.inspections.views._common import form_errors, get_or_404


class SampleList(ScopedListView):
    permission_required = "inspections.view_sample"
    add_permission = "inspections.add_sample"
    import_permission = "inspections.add_sample"
    selector = staticmethod(selectors.sample_list)
    template_name = "inspections/sample_list.html"
    export_writer = staticmethod(announcement_xlsx)
    export_name = "sampling-results"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            **selectors.sample_filter_choices(user=user),
            "levels": PlanLevel.choices,
            "verdicts": Verdict.choices,
            "import_help": SAMPLE_IMPORT.examples["help"],
        }


class SampleExport(SampleList):
    always_export = True  # the old `samples/results.xlsx` address


sample_list = SampleList.as_view()
sample_export = SampleExport.as_view()


@login_required
@permission_required("inspections.add_sample", raise_exception=True)
def result_template(request):
    tmp = result_sheet_template(request.user)
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename="lab-results.xlsx")


class SampleDetail(ScopedDetailView):
    permission_required = "inspections.view_sample"
    getter = staticmethod(selectors.sample_get)
    template_name = "inspections/sample_detail.html"
    show_history = False

    def get_extra_context(self, *, object, **kwargs):
        user, sample = self.request.user, object
        follow_up = selectors.sample_follow_up(sample)
        can_follow = (
            sample.verdict == Verdict.FAIL
            and follow_up is None
            and user.has_perm("inspections.add_followup")
        )
        return {
            "sample": sample,
            "items": selectors.sample_items(sample),
            "follow_up": follow_up,
            "open_form": forms.FollowUpOpenForm(initial={"notified_on": timezone.localdate()})
            if can_follow
            else None,
            "can_edit": user.has_perm("inspections.change_sample")
            and services.sample_edit_refusal(sample) is None,
            "can_publish": user.has_perm("inspections.publish_sample")
            and services.sample_publish_refusal(sample) is None,
            "objection_days": rules.followup_rules()["objection_days"],
            # A district's sample may come from a city's draw, which the district cannot open.
            "draw_visible": sample.pick_id is not None
            and user.has_perm("inspections.view_draw")
            and selectors.draw_visible(user, sample.pick.draw_id),
        }


sample_detail = SampleDetail.as_view()


@login_required
@permission_required("inspections.add_sample", raise_exception=True)
def sample_new(request):
    plans = selectors.plans_open_to(request.user).exclude(status=PlanStatus.CLOSED)
    initial = {"sampled_on": timezone.localdate(), "test_units": 1, "backup_units": 1}
    for key in ("plan", "uscc"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.get("pick"):
        # "Record sample" beside a drawn enterprise: its plan, USCC and product.
        initial.update(selectors.pick_initial(request.user, request.GET["pick"]))
    form = forms.SampleForm(request.POST or None, user=request.user, plans=plans, initial=initial)
    items = forms.test_items_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        try:
            sample = services.sample_record(
                actor=request.user,
                plan=data["plan"],
                enterprise=data["enterprise"],
                product=data["product"],
                data=form.sample_data(),
                test_items=items.items() or None,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The sample was recorded."))
            return redirect("inspections:sample", pk=sample.pk)
    return render(request, "inspections/sample_form.html", {"form": form, "items": items})


@login_required
@permission_required("inspections.change_sample", raise_exception=True)
def sample_edit(request, pk):
    sample = get_or_404(Sample.objects.visible_to(request.user), pk)
    refusal = services.sample_edit_refusal(sample)
    if refusal:
        messages.info(request, refusal)
        return redirect("inspections:sample", pk=sample.pk)
    initial = {k: getattr(sample, k) for k in forms.SampleForm.base_fields if hasattr(sample, k)}
    form = forms.SampleForm(
        request.POST or None,
        user=request.user,
        plans=SamplingPlan.objects.none(),
        editing=True,
        initial=initial,
    )
    items = forms.test_items_formset(request.POST or None, sample=sample)
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            services.sample_update(
                actor=request.user,
                sample=sample,
                data=form.sample_data(),
                test_items=items.items(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The sample was saved."))
            return redirect("inspections:sample", pk=sample.pk)
    return render(
        request, "inspections/sample_form.html", {"form": form, "items": items, "sample": sample}
    )


class SamplePublish(ServiceActionView):
    permission_required = "inspections.publish_sample"
    getter = staticmethod(selectors.sample_get)
    success_url = "inspections:sample"
    success_message = gettext_lazy("The result was published.")

    def perform(self, obj, data):
        return services.sample_publish(actor=self.request.user, sample=obj)


sample_publish = SamplePublish.as_view()
