"""Award and brand holders as positive credit records (credit/sources.py PLUGGED_SOURCES):
dated from the grant, ended when the title ends (expiry, revocation)."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from zhiliang.credit.sources import _shape
from zhiliang.recognition.choices import HolderKind, HolderStatus
from zhiliang.recognition.models import Holder

KINDS = (HolderKind.AWARD, HolderKind.NOMINATION, HolderKind.BRAND)


def recognition_title(enterprise_ids, today):
    qs = Holder.objects.filter(kind__in=KINDS).filter(~Q(status=HolderStatus.RENEWED))
    ended = Coalesce(F("revoked_on"), F("valid_until"))
    return _shape(
        qs,
        enterprise="enterprise_id",
        occurred=F("valid_from"),
        ended=ended,
        detail=F("kind"),
        enterprise_ids=enterprise_ids,
    )


def plug() -> None:
    from zhiliang.credit.sources import PLUGGED_SOURCES

    PLUGGED_SOURCES["recognition_title"] = ("recognition.holder", recognition_title)
