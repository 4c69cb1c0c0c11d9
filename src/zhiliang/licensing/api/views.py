from django.db.models import Prefetch
from rest_framework import mixins, permissions, viewsets

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


class _Mapped(permissions.BasePermission):
    """Reads and writes mapped to permissions of another model (roles grant no others)."""

    read: str = ""
    write: str = ""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return user.has_perm(self.read)
        return bool(self.write) and user.has_perm(self.write)


class VerificationPermission(_Mapped):
    read, write = "licensing.view_instrument", "licensing.change_instrument"


class KindPermission(_Mapped):
    read = "licensing.view_certificate"


class CategoryPermission(_Mapped):
    read = "licensing.view_instrument"


class _Writable(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}


class CertificateViewSet(_Writable):
    """Certificates and licences held by enterprises inside your jurisdiction."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet
    queryset = Certificate.objects.none()

    def get_queryset(self):
        return (
            Certificate.objects.visible_to(self.request.user)
            .select_related("kind", "holder", "holder__region")
            .prefetch_related(Prefetch("products", queryset=Product.objects.only("id", "code")))
        )

    def perform_create(self, serializer):
        serializer.instance = services.certificate_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.certificate_update(
            actor=self.request.user, certificate=serializer.instance, data=serializer.validated_data
        )


class InstrumentViewSet(_Writable):
    """Measuring instruments under compulsory verification inside your jurisdiction."""

    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilterSet
    queryset = Instrument.objects.none()

    def get_queryset(self):
        return Instrument.objects.visible_to(self.request.user).select_related(
            "category", "owner", "owner__region"
        )

    def perform_create(self, serializer):
        serializer.instance = services.instrument_create(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.instrument_update(
            actor=self.request.user, instrument=serializer.instance, data=serializer.validated_data
        )


class VerificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Verifications of instruments; recording one moves the instrument's due date on."""

    serializer_class = VerificationSerializer
    filterset_class = VerificationFilterSet
    permission_classes = [VerificationPermission]
    queryset = Verification.objects.none()

    def get_queryset(self):
        return Verification.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        instrument = data.pop("instrument")
        serializer.instance = services.verification_record(
            actor=self.request.user, instrument=instrument, data=data
        )


class CertificateKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of certificate, with validity and renewal window (reference data)."""

    serializer_class = CertificateKindSerializer
    permission_classes = [KindPermission]
    queryset = CertificateKind.objects.all()
    pagination_class = None


class InstrumentCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The compulsory-verification catalogue (reference data)."""

    serializer_class = InstrumentCategorySerializer
    permission_classes = [CategoryPermission]
    queryset = InstrumentCategory.objects.select_related("parent")
    pagination_class = None
