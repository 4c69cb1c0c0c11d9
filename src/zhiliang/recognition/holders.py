"""The registry of holders: titles from decisions (renewing a valid one), and the
nightly check during validity — expired titles closed, and holders that no longer meet
their scheme's eligibility flagged for revocation (the office decides)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from zhiliang.core.guards import require_perm, require_visible
from zhiliang.core.validators import assign, checked
from zhiliang.recognition import eligibility, rules
from zhiliang.recognition.choices import HolderKind, HolderStatus
from zhiliang.recognition.models import Holder

SCHEME_OF_KIND = {
    HolderKind.BRAND: "brand_product",
    HolderKind.AWARD: "excellence_award",
    HolderKind.NOMINATION: "excellence_award",
    HolderKind.EXCELLENCE: "excellence_award",
    HolderKind.CREDIT_GRADE: "credit_grade",
    HolderKind.STANDARDIZATION: "standardization",
}


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def holder_from_decision(actor, application, day: date, kind=None) -> Holder:
    round_ = application.round
    scheme = rules.scheme(round_.scheme)
    kind = kind or scheme["holder_kind"]
    earlier = Holder.objects.filter(
        kind=kind,
        enterprise=application.enterprise,
        product=application.product,
        status=HolderStatus.VALID,
    ).first()
    holder = Holder(
        kind=kind,
        enterprise=application.enterprise,
        region=application.region,
        product=application.product,
        level=round_.level,
        grade=application.grade,
        year=round_.year,
        valid_from=day,
        valid_until=_add_years(day, int(scheme["periods"]["validity_years"])),
        application=application,
        renews=earlier,
        certificate_number=f"{round_.region.code}-{round_.year}-{application.pk:05d}",
    )
    holder.full_clean(exclude=["enterprise", "region", "application", "renews"])
    if earlier is not None:  # in the count until the renewal is granted
        earlier.status = HolderStatus.RENEWED
        earlier.valid_until = max(min(earlier.valid_until, day), earlier.valid_from)
        earlier._history_user = actor
        earlier.save()
    holder._history_user = actor
    holder.save()
    return holder


def holders_recheck(*, as_of: date | None = None) -> dict:
    """Close expired titles; flag (and unflag) valid ones by their scheme's eligibility:
    one query per rule over all valid holders of a scheme."""
    day = as_of or timezone.localdate()
    expired = list(Holder.objects.filter(status=HolderStatus.VALID, valid_until__lt=day))
    for holder in expired:
        holder.status = HolderStatus.EXPIRED
    changed = expired
    flagged = 0
    for scheme_code in sorted(set(SCHEME_OF_KIND.values())):
        kinds = [k for k, v in SCHEME_OF_KIND.items() if v == scheme_code]
        valid = Holder.objects.filter(kind__in=kinds, status=HolderStatus.VALID).filter(
            ~Q(valid_until__lt=day)
        )
        ids = set(valid.values_list("enterprise_id", flat=True))
        failed = eligibility.failing(scheme_code, ids, day)
        entries = {e["rule"]: e for e in rules.scheme(scheme_code)["eligibility"]}
        for holder in valid:
            reasons = [
                rules.reason_text(rule, entries[rule])
                for rule, bad in failed.items()
                if holder.enterprise_id in bad
            ]
            if bool(reasons) != holder.flagged or reasons != holder.flag_reasons:
                holder.flagged, holder.flag_reasons = bool(reasons), reasons
                changed.append(holder)
            flagged += bool(reasons)
    if changed:
        bulk_update_with_history(
            changed,
            Holder,
            ["status", "flagged", "flag_reasons"],
            batch_size=1000,
            default_change_reason="daily recheck",
        )
    return {"expired": len(expired), "flagged": flagged}


# What a clerk may correct on a holder's record; who holds the title, and its revocation,
# are the decision's and `holder_revoke`'s.
HOLDER_FIELDS = (
    "product", "level", "grade", "year", "valid_from", "valid_until", "certificate_number",
)  # fmt: skip


def holder_update(*, actor, holder: Holder, data: dict) -> Holder:
    """A typing error of a holder's record corrected, checked by `Holder.clean()`, with
    history. A revoked title stays as it was revoked."""
    from zhiliang.recognition.services import _RELATED, _save

    require_perm(actor, "recognition.change_holder")
    require_visible(actor, holder)
    if holder.status == HolderStatus.REVOKED:
        raise ValidationError(_("A revoked title is kept as it was when revoked."))
    assign(holder, data, HOLDER_FIELDS)
    checked(holder, _RELATED)
    return _save(actor, holder, region=holder.region)
