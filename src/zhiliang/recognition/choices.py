from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open for applications")
    REVIEW = "review", _("under review")
    PUBLICITY = "publicity", _("public notice")
    DECIDED = "decided", pgettext_lazy("round", "decided")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    REFUSED = "refused", _("refused at the formal check")
    ACCEPTED = "accepted", _("passed the formal check")
    SCORING = "scoring", _("being scored")
    CONSENSUS = "consensus", _("sent back for consensus")
    SCORED = "scored", _("scored")
    SITE_REVIEWED = "site_reviewed", _("site review done")
    PUBLICITY = "publicity", _("on public notice")
    AWARDED = "awarded", _("awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")


# An application still in the round's work (not refused nor decided).
OPEN_APPLICATION = frozenset(
    {"submitted", "accepted", "scoring", "consensus", "scored", "site_reviewed", "publicity"}
)


class HolderKind(models.TextChoices):
    BRAND = "brand", _("brand product (名牌产品)")
    AWARD = "award", _("quality award (质量奖)")
    NOMINATION = "nomination", _("quality award nomination (提名奖)")
    EXCELLENCE = "excellence", _("performance-excellence adopter (卓越绩效导入)")
    CREDIT_GRADE = "credit_grade", _("quality-credit grade (质量信用等级)")
    STANDARDIZATION = "standardization", _("standardisation good practice (标准化良好行为)")


class HolderStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    RENEWED = "renewed", _("renewed")
    REVOKED = "revoked", _("revoked")


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")
