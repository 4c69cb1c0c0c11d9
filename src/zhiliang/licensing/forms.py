from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhiliang.licensing.choices import CertificateStatus, VerificationResult


class CertificateStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("new status"),
        choices=[
            (s.value, s.label)
            for s in (
                CertificateStatus.SUSPENDED,
                CertificateStatus.VALID,
                CertificateStatus.REVOKED,
                CertificateStatus.CANCELLED,
            )
        ],
    )
    on = forms.DateField(label=_("on"), initial=timezone.localdate)


class VerificationForm(forms.Form):
    verified_on = forms.DateField(label=_("verified on"), initial=timezone.localdate)
    result = forms.ChoiceField(label=_("result"), choices=VerificationResult.choices)
    certificate_number = forms.CharField(
        label=_("verification certificate number"), max_length=64, required=False
    )
    verifier = forms.CharField(label=_("verification body"), max_length=100, required=False)
