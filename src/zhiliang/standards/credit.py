"""The standards registry's share of quality credit: one selector in the shape of
`credit/sources.py`, plugged in by the app's `ready()`."""

from django.db.models import F

from zhiliang.standards import rules
from zhiliang.standards.models import Drafting


def standard_led(enterprise_ids, today):
    """An enterprise led the drafting of a national or industry standard (the levels are
    data): a positive record, dated the standard's issue; `detail` is the standard's number."""
    from zhiliang.credit.sources import _shape

    levels = rules.rules()["drafting"]["credit_levels"]
    qs = Drafting.objects.filter(role="lead", enterprise__isnull=False,
                                 standard__level__in=levels)  # fmt: skip
    return _shape(qs, enterprise="enterprise_id", occurred=F("standard__issued_on"),
                  detail=F("standard__number"), enterprise_ids=enterprise_ids)  # fmt: skip
