from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiliang.core.guards import in_jurisdiction
from zhiliang.core.models import Region
from zhiliang.core.views import (
    JobExportView,
    PageView,
    ScopedDetailView,
    ScopedListView,
    ServiceActionView,
)
from zhiliang.licensing import selectors, services
from zhiliang.licensing.exports import certificates_xlsx, instruments_xlsx
from zhiliang.licensing.forms import CertificateStatusForm, VerificationForm


class _WithSummary(ScopedListView):
    """A list with counts per child region of the filtered region (or the jurisdiction)."""

    summary = None  # (queryset=, scope=) → rows

    def get_extra_context(self, *, filterset, **kwargs):
        summary = []
        if filterset.is_valid():
            scope = selectors.summary_scope(
                user=self.request.user, region_code=self.request.GET.get("region", "")
            )
            summary = type(self).summary(queryset=filterset.qs, scope=scope)
        return {
            "summary": summary,
            "today": timezone.localdate(),
        }


class CertificateList(_WithSummary):
    permission_required = "licensing.view_certificate"
    import_permission = "licensing.add_certificate"
    selector = selectors.certificate_list
    summary = selectors.certificate_summary_by_region
    template_name = "licensing/certificate_list.html"
    export_writer = certificates_xlsx
    export_name = "certificates"


class InstrumentList(_WithSummary):
    permission_required = "licensing.view_instrument"
    import_permission = "licensing.add_instrument"
    selector = selectors.instrument_list
    summary = selectors.instrument_summary_by_region
    template_name = "licensing/instrument_list.html"
    export_writer = instruments_xlsx
    export_name = "instruments"

    def get_extra_context(self, **kwargs):
        return {**super().get_extra_context(**kwargs), "field_days": selectors.FIELD_LIST_DAYS}


class CertificateDetail(ScopedDetailView):
    permission_required = "licensing.view_certificate"
    getter = selectors.certificate_get
    template_name = "licensing/certificate_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        user = self.request.user
        may_change = user.has_perm("licensing.change_certificate")
        return {
            "others": selectors.certificates_of_holder(user=user, certificate=object),
            "today": timezone.localdate(),
            "status_form": CertificateStatusForm()
            if may_change and object.status in ("valid", "suspended")
            else None,
        }


class InstrumentDetail(ScopedDetailView):
    permission_required = "licensing.view_instrument"
    getter = selectors.instrument_get
    template_name = "licensing/instrument_detail.html"

    def get_extra_context(self, *, object, **kwargs):
        return {
            "verifications": object.verifications.all()[:200],
            "today": timezone.localdate(),
            "verification_form": VerificationForm()
            if self.request.user.has_perm("licensing.change_instrument")
            else None,
        }


class CertificateStatus(ServiceActionView):
    """Suspend, restore, revoke or cancel a certificate (the services check the transition)."""

    permission_required = "licensing.change_certificate"
    getter = selectors.certificate_get
    form_class = CertificateStatusForm
    success_url = "licensing:certificate"
    success_message = gettext_lazy("The status was changed.")
    service = services.certificate_set_status
    service_arg = "certificate"


class InstrumentVerify(ServiceActionView):
    """Record a verification of the instrument; its due date moves on."""

    permission_required = "licensing.change_instrument"
    getter = selectors.instrument_get
    form_class = VerificationForm
    success_url = "licensing:instrument"
    success_message = gettext_lazy("The verification was recorded.")
    service = services.verification_record
    service_arg = "instrument"
    service_data = True


class InstrumentCatalogue(PageView):
    """The compulsory-verification catalogue with the user's instruments in each item."""

    permission_required = "licensing.view_instrument"
    template_name = "licensing/instrument_catalogue.html"

    def get_extra_context(self, **kwargs):
        return {"catalogue": selectors.instrument_catalogue(user=self.request.user)}


class FieldList(JobExportView):
    """The xlsx a field officer takes to a township (or any region inside the jurisdiction)."""

    permission_required = ("licensing.view_instrument", "licensing.view_certificate")
    source = "zhiliang.licensing.exports.field_list_file"

    def get_export(self):
        user = self.request.user
        code = (self.request.GET.get("region") or "").strip()
        region = Region.objects.filter(code=code).first() if code else None
        if code and region is None:
            raise Http404(_("There is no region with code %(c)s.") % {"c": code})
        if not in_jurisdiction(user, region):
            raise Http404(_("Choose a region inside your jurisdiction."))
        instruments, certificates = selectors.field_list(user=user, region_code=region.code)
        return {
            "params": {"region": [region.code]},
            "stem": f"field-list-{region.code}",
            "label": _("Field list: %(region)s") % {"region": region.name},
            "rows": instruments.count() + certificates.count(),
        }
