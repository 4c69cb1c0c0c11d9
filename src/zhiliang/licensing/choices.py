from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid (有效)")
    SUSPENDED = "suspended", _("suspended (暂停)")
    REVOKED = "revoked", _("revoked (撤销)")
    CANCELLED = "cancelled", _("cancelled (注销)")
    EXPIRED = "expired", _("expired (过期)")


# A certificate in one of these states no longer counts as held.
ENDED_STATUSES = (
    CertificateStatus.SUSPENDED,
    CertificateStatus.REVOKED,
    CertificateStatus.CANCELLED,
    CertificateStatus.EXPIRED,
)


class VerificationMode(models.TextChoices):
    FIRST_ONLY = "first_only", _("first verification only (首次检定)")
    PERIODIC = "periodic", _("periodic verification (周期检定)")


class VerificationResult(models.TextChoices):
    PASS = "pass", _("pass (合格)")
    FAIL = "fail", _("fail (不合格)")


class InstrumentStatus(models.TextChoices):
    IN_USE = "in_use", _("in use (在用)")
    STOPPED = "stopped", _("out of use (停用)")
    SCRAPPED = "scrapped", _("scrapped (报废)")
