from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.history import history_changes
from zhiliang.core.models import Region
from zhiliang.licensing import selectors, services
from zhiliang.licensing.exports import certificates_xlsx, field_list_xlsx, instruments_xlsx
from zhiliang.licensing.forms import CertificateStatusForm, VerificationForm
from zhiliang.licensing.models import Certificate, Instrument

PAGE_SIZE = 50


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _summary_scope(request, filterset):
    """The region whose children the summary lists: the filtered region, else the user's."""
    scope = request.user.jurisdiction
    code = (request.GET.get("region") or "").strip()
    if scope is None or code in ("", scope.code):
        return scope
    region = Region.objects.filter(code=code).first()
    return region if in_jurisdiction(request.user, region) else scope


def _xlsx(tmp, stem: str):
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(open(tmp.name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


@login_required
@permission_required("licensing.view_certificate", raise_exception=True)
def certificate_list(request):
    filterset = selectors.certificate_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = []
    if filterset.is_valid():
        summary = selectors.certificate_summary_by_region(
            queryset=filterset.qs, scope=_summary_scope(request, filterset)
        )
    return render(
        request,
        "licensing/certificate_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "summary": summary,
            "today": timezone.localdate(),
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("licensing.add_certificate"),
        },
    )


@login_required
@permission_required("licensing.view_certificate", raise_exception=True)
def certificate_export(request):
    filterset = selectors.certificate_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        return certificate_list(request)
    return _xlsx(certificates_xlsx(queryset=filterset.qs), "certificates")


@login_required
@permission_required("licensing.view_certificate", raise_exception=True)
def certificate_detail(request, pk: int):
    try:
        certificate = selectors.certificate_get(user=request.user, pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
    others = (
        selectors.certificate_list(user=request.user, filters={"enterprise": certificate.holder_id})
        .qs.exclude(pk=certificate.pk)
        .order_by("-issued_on")[:50]
    )
    return render(
        request,
        "licensing/certificate_detail.html",
        {
            "object": certificate,
            "others": others,
            "history": history_changes(certificate),
            "today": timezone.localdate(),
            "status_form": CertificateStatusForm()
            if request.user.has_perm("licensing.change_certificate")
            and certificate.status in ("valid", "suspended")
            else None,
        },
    )


@login_required
@permission_required("licensing.view_instrument", raise_exception=True)
def instrument_list(request):
    filterset = selectors.instrument_list(user=request.user, filters=request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = []
    if filterset.is_valid():
        summary = selectors.instrument_summary_by_region(
            queryset=filterset.qs, scope=_summary_scope(request, filterset)
        )
    return render(
        request,
        "licensing/instrument_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": _query(request),
            "summary": summary,
            "today": timezone.localdate(),
            "field_days": selectors.FIELD_LIST_DAYS,
            "can_import": request.user.has_perm("imports.add_importbatch")
            and request.user.has_perm("licensing.add_instrument"),
        },
    )


@login_required
@permission_required("licensing.view_instrument", raise_exception=True)
def instrument_export(request):
    filterset = selectors.instrument_list(user=request.user, filters=request.GET)
    if not filterset.is_valid():
        return instrument_list(request)
    return _xlsx(instruments_xlsx(queryset=filterset.qs), "instruments")


@login_required
@permission_required("licensing.view_instrument", raise_exception=True)
def instrument_catalogue(request):
    """The compulsory-verification catalogue with the user's instruments in each item."""
    return render(
        request,
        "licensing/instrument_catalogue.html",
        {"catalogue": selectors.instrument_catalogue(user=request.user)},
    )


@login_required
@permission_required("licensing.view_instrument", raise_exception=True)
def instrument_detail(request, pk: int):
    try:
        instrument = selectors.instrument_get(user=request.user, pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "licensing/instrument_detail.html",
        {
            "object": instrument,
            "verifications": instrument.verifications.all()[:200],
            "history": history_changes(instrument),
            "today": timezone.localdate(),
            "verification_form": VerificationForm()
            if request.user.has_perm("licensing.change_instrument")
            else None,
        },
    )


@login_required
@permission_required("licensing.view_instrument", raise_exception=True)
@permission_required("licensing.view_certificate", raise_exception=True)
def field_list(request):
    """The xlsx a field officer takes to a township (or any region inside the jurisdiction)."""
    code = (request.GET.get("region") or "").strip()
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        raise Http404(_("There is no region with code %(c)s.") % {"c": code})
    if not in_jurisdiction(request.user, region):
        raise Http404(_("Choose a region inside your jurisdiction."))
    instruments, certificates = selectors.field_list(user=request.user, region_code=region.code)
    tmp = field_list_xlsx(instruments=instruments, certificates=certificates)
    return _xlsx(tmp, f"field-list-{region.code}")


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
@permission_required("licensing.change_certificate", raise_exception=True)
def certificate_status(request, pk: int):
    """Suspend, restore, revoke or cancel a certificate (the services check the transition)."""
    try:
        certificate = selectors.certificate_get(user=request.user, pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
    form = CertificateStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            services.certificate_set_status(
                actor=request.user,
                certificate=certificate,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
            )
            messages.success(request, _("The status was changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("licensing:certificate", pk=pk)


@login_required
@require_POST
@permission_required("licensing.change_instrument", raise_exception=True)
def instrument_verify(request, pk: int):
    """Record a verification of the instrument; its due date moves on."""
    try:
        instrument = selectors.instrument_get(user=request.user, pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            services.verification_record(
                actor=request.user, instrument=instrument, data=form.cleaned_data
            )
            messages.success(request, _("The verification was recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("licensing:instrument", pk=pk)
