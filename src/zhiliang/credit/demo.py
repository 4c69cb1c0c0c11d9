"""The demo's credit: records derived from what the other loaders made, and every
enterprise classified. Idempotent (the refresh and the classification are)."""

from django.utils.translation import gettext as _

from zhiliang.credit.scoring import classify
from zhiliang.credit.services import credit_records_refresh


def demo_credit_step(*, seed: int) -> str:
    records = credit_records_refresh()
    counts = classify()
    return _("credit: %(n)s records; classes A %(a)s, B %(b)s, C %(c)s, D %(d)s") % {
        "n": f"{records:,}",
        "a": f"{counts['A']:,}",
        "b": f"{counts['B']:,}",
        "c": f"{counts['C']:,}",
        "d": f"{counts['D']:,}",
    }
