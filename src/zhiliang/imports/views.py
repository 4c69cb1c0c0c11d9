from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhiliang.core.views import PageView, ServiceActionView
from zhiliang.core.views_helpers import or_404
from zhiliang.imports import selectors, services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.reading import FileProblem
from zhiliang.imports.registry import all_specs, get_spec
from zhiliang.imports.template_xlsx import template_xlsx

PREVIEW_ROWS = 100
BUSY = (ImportStatus.VALIDATING, ImportStatus.COMMITTING)


def _batch(request, pk) -> ImportBatch:
    return or_404(selectors.import_batch_get, user=request.user, pk=pk)


class ImportList(PageView):
    permission_required = "imports.view_importbatch"
    template_name = "imports/import_list.html"

    def get_extra_context(self, **kwargs):
        user = self.request.user
        return {
            "batches": selectors.import_batches(user=user)[:50],
            "specs": [s for s in all_specs() if user.has_perm(s.permission)],
        }


def _spec_to_add(request, kind: str):
    try:
        spec = get_spec(kind)
    except KeyError:
        raise Http404 from None
    if not request.user.has_perm(spec.permission):
        raise PermissionDenied
    return spec


@login_required
@permission_required("imports.add_importbatch", raise_exception=True)
def import_template(request, kind: str):
    # A file download: no page base fits.
    spec = _spec_to_add(request, kind)
    tmp = template_xlsx(spec, request.user)
    name = _("%(what)s import template") % {"what": spec.label}
    return FileResponse(tmp, as_attachment=True, filename=f"{name}.xlsx")


@login_required
@permission_required("imports.add_importbatch", raise_exception=True)
def import_new(request, kind: str):
    # The wizard's first step (the upload); the next steps are on the batch's page.
    spec = _spec_to_add(request, kind)
    error = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            error = _("Choose a file to upload.")
        else:
            try:
                batch = services.import_upload(
                    actor=request.user, kind=kind, uploaded=uploaded, filename=uploaded.name
                )
                return redirect("imports:detail", pk=batch.pk)
            except FileProblem as exc:
                error = exc.message
    return render(request, "imports/import_new.html", {"spec": spec, "error": error})


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def import_detail(request, pk):
    # The wizard's middle step: the batch's page, whose POST maps the columns.
    batch = _batch(request, pk)
    spec = get_spec(batch.kind)
    if request.method == "POST" and batch.status in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
        mapping = [request.POST.get(f"col{i}", "") for i in range(len(batch.headers))]
        try:
            services.import_validate_request(actor=request.user, batch=batch, mapping=mapping)
            return redirect("imports:detail", pk=batch.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            batch.mapping = mapping
    context = {
        "batch": batch,
        "spec": spec,
        "columns": list(zip(batch.headers, batch.mapping, strict=False)),
        "busy": batch.status in BUSY,
    }
    if batch.status in (ImportStatus.VALIDATED, ImportStatus.COMMITTED):
        context["rejected"] = selectors.import_rows(batch=batch, rejected_only=True)[:PREVIEW_ROWS]
        context["sample"] = batch.rows.filter(is_valid=True)[:10]
    return render(request, "imports/import_detail.html", context)


class BatchStatus(PageView):
    """The batch's status, polled by HTMX; the whole page reloads once the work is done."""

    permission_required = "imports.view_importbatch"
    template_name = "imports/_status.html"

    def get_extra_context(self, *, pk, **kwargs):
        batch = _batch(self.request, pk)
        return {"batch": batch, "busy": batch.status in BUSY}

    def get(self, request, *args, **kwargs):
        context = self.get_extra_context(**kwargs)
        response = render(request, self.template_name, context)
        if not context["busy"]:
            response["HX-Refresh"] = "true"
        return response


class _BatchAction(ServiceActionView):
    getter = selectors.import_batch_get
    success_url = "imports:detail"

    def has_permission(self):
        return True  # logged in is enough here: the service checks who may touch the batch


class ImportCommit(_BatchAction):
    service = services.import_commit_request
    service_arg = "batch"

    def announce(self, obj, result):
        pass  # the batch's page shows the commit's progress


class ImportCancel(_BatchAction):
    service = services.import_cancel
    service_arg = "batch"

    def announce(self, obj, result):
        messages.info(self.request, _("The import was cancelled; nothing was imported."))

    def next_page(self, obj, result):
        return redirect("imports:list")

    def refused_page(self, obj):
        return redirect("imports:list")


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def import_rejected(request, pk):
    # A file download: no page base fits.
    batch = _batch(request, pk)
    tmp = selectors.import_rejected_xlsx(batch=batch, reason_header=_("Reasons for rejection"))
    name = f"rejected-{batch.original_name.rsplit('.', 1)[0]}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)
