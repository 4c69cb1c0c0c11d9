"""The pages' shared helpers: page numbers, and the xlsx export of a list (now, or as a
background job when it is long). Function views use them directly; the generic views of
`core.views` through their declarations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core import export_jobs

PAGE_SIZE = 50


def paginate(rows, request, *, per_page: int = PAGE_SIZE, paginator_class=Paginator):
    """The page `?page=` asks for; a number out of range gives the last page, junk the first."""
    return paginator_class(rows, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The query string to keep in page links: the filters, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def or_404(getter, **kwargs):
    """What a selector finds (`getter(user=…, pk=…)`), or "not found" like a missing record:
    the function views' look-up, as the generic views' `getter`."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def stored_file(field_file, filename: str = "") -> FileResponse:
    """An uploaded file handed out as an attachment named `filename` (else its stored
    name); a record without one is "not found"."""
    if not field_file:
        raise Http404
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)


def xlsx_response(tmp, stem: str) -> FileResponse:
    """Hand out a file from `core.exports` as `<stem>-<yyyymmdd>.xlsx`."""
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


def export_params(request) -> dict[str, list[str]]:
    """The list's filters as asked (without `export` and `page`), kept for the job."""
    return {k: request.GET.getlist(k) for k in request.GET if k not in ("export", "page")}


def params_query(params: dict) -> QueryDict:
    """The filters a job kept, as the request's query they came from."""
    query = QueryDict(mutable=True)
    for key, values in (params or {}).items():
        query.setlist(key, [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return query


def queue_export(request, *, source: str, params: dict, stem: str, label: str):
    """Ask for the file as a background job and send the user to their export files."""
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    try:
        export_jobs.export_request(
            actor=request.user, source=source, params=params, label=label, file_name=name
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.info(
            request,
            _(
                "This export has many rows: the file is being made in the background. "
                "Download it here when it is ready."
            ),
        )
    return redirect("downloads")


def xlsx_export(request, *, source: str, params: dict, stem: str, label: str, rows: int):
    """The export of a function view: `source` names its maker, a function
    `(*, user, params) -> (temporary xlsx, rows)` that checks the user's rights and scope
    itself (the job calls it again as the user). Up to the limit the file is made now,
    above it by the worker (`queue_export`)."""
    if rows <= export_jobs.inline_max_rows():
        tmp, _rows = export_jobs.build(source, user=request.user, params=params)
        return xlsx_response(tmp, stem)
    return queue_export(request, source=source, params=params, stem=stem, label=label)


def error_text(exc: Exception) -> str:
    """A refusal as one line: a ValidationError's messages, else the exception's own text."""
    return " ".join(getattr(exc, "messages", None) or [str(exc)]) or _("You may not do this.")
