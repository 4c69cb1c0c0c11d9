from django.db.models import Prefetch
from rest_framework import viewsets

from zhiliang.core.api.permissions import reads_and_writes
from zhiliang.core.api.viewsets import ScopedCreateViewSet, ScopedEditViewSet
from zhiliang.enterprises.models import Product
from zhiliang.licensing import services
from zhiliang.licensing.api.serializers import (
    CertificateKindSerializer,
    CertificateSerializer,
    InstrumentCategorySerializer,
    InstrumentSerializer,
    VerificationSerializer,
)
from zhiliang.licensing.filtersets import (
    CertificateFilterSet,
    InstrumentFilterSet,
    VerificationFilterSet,
)
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
    Verification,
)

READ_INSTRUMENT = "licensing.view_instrument"


class CertificateViewSet(ScopedEditViewSet):
    """Certificates and licences held by enterprises inside your jurisdiction."""

    model = Certificate
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    select_related = ("kind", "holder", "holder__region")
    prefetch_related = (Prefetch("products", queryset=Product.objects.only("id", "code")),)
    create_service = services.certificate_create
    update_service = services.certificate_update


class InstrumentViewSet(ScopedEditViewSet):
    """Measuring instruments under compulsory verification inside your jurisdiction."""

    model = Instrument
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilterSet
    select_related = ("category", "owner", "owner__region")
    create_service = services.instrument_create
    update_service = services.instrument_update


def _verification_record(*, actor, data):
    data = dict(data)
    return services.verification_record(actor=actor, instrument=data.pop("instrument"), data=data)


class VerificationViewSet(ScopedCreateViewSet):
    """Verifications of instruments; recording one moves the instrument's due date on."""

    model = Verification
    serializer_class = VerificationSerializer
    filterset_class = VerificationFilterSet
    perms = reads_and_writes(
        "licensing.view_instrument", "licensing.change_instrument", options=[READ_INSTRUMENT]
    )
    create_service = _verification_record


class CertificateKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of certificate, with validity and renewal window (reference data)."""

    serializer_class = CertificateKindSerializer
    perms = reads_and_writes("licensing.view_certificate", options=["licensing.view_certificate"])
    queryset = CertificateKind.objects.all()
    pagination_class = None


class InstrumentCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The compulsory-verification catalogue (reference data)."""

    serializer_class = InstrumentCategorySerializer
    perms = reads_and_writes(READ_INSTRUMENT, options=[READ_INSTRUMENT])
    queryset = InstrumentCategory.objects.select_related("parent")
    pagination_class = None
