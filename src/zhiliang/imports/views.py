from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.imports import selectors, services
from zhiliang.imports.choices import ImportStatus
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.reading import FileProblem
from zhiliang.imports.registry import all_specs, get_spec
from zhiliang.imports.template_xlsx import template_xlsx

PREVIEW_ROWS = 100


def _batch(request, pk) -> ImportBatch:
    try:
        return selectors.import_batches(user=request.user).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValidationError):
        raise Http404 from None


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def import_list(request):
    specs = [s for s in all_specs() if request.user.has_perm(s.permission)]
    batches = selectors.import_batches(user=request.user)[:50]
    return render(request, "imports/import_list.html", {"batches": batches, "specs": specs})


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
    spec = _spec_to_add(request, kind)
    tmp = template_xlsx(spec, request.user)
    name = _("%(what)s import template") % {"what": spec.label}
    return FileResponse(tmp, as_attachment=True, filename=f"{name}.xlsx")


@login_required
@permission_required("imports.add_importbatch", raise_exception=True)
def import_new(request, kind: str):
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
        "busy": batch.status in (ImportStatus.VALIDATING, ImportStatus.COMMITTING),
    }
    if batch.status in (ImportStatus.VALIDATED, ImportStatus.COMMITTED):
        context["rejected"] = selectors.import_rows(batch=batch, rejected_only=True)[:PREVIEW_ROWS]
        context["sample"] = batch.rows.filter(is_valid=True)[:10]
    return render(request, "imports/import_detail.html", context)


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def import_status(request, pk):
    batch = _batch(request, pk)
    busy = batch.status in (ImportStatus.VALIDATING, ImportStatus.COMMITTING)
    response = render(request, "imports/_status.html", {"batch": batch, "busy": busy})
    if not busy:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_commit(request, pk):
    batch = _batch(request, pk)
    try:
        services.import_commit_request(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    batch = _batch(request, pk)
    try:
        services.import_cancel(actor=request.user, batch=batch)
        messages.info(request, _("The import was cancelled; nothing was imported."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports:list")


@login_required
@permission_required("imports.view_importbatch", raise_exception=True)
def import_rejected(request, pk):
    batch = _batch(request, pk)
    tmp = selectors.import_rejected_xlsx(batch=batch, reason_header=_("Reasons for rejection"))
    name = f"rejected-{batch.original_name.rsplit('.', 1)[0]}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)
