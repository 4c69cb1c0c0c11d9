"""Eligibility against the registries: each rule is one set-based query returning the
enterprises (of those asked) that fail it. Used at application, at decision and every
night for the holders (`holders_recheck`)."""

from datetime import date

from django.db.models import Q

from zhiliang.cases.choices import CaseKind
from zhiliang.cases.models import Case
from zhiliang.credit.models import CreditClass
from zhiliang.inspections.choices import Verdict
from zhiliang.inspections.draw.keys import months_before
from zhiliang.inspections.models import Sample
from zhiliang.licensing.choices import CertificateStatus
from zhiliang.licensing.models import Certificate
from zhiliang.penalties import listing_rules
from zhiliang.penalties.selectors import seriously_listed_ids
from zhiliang.recognition import rules


def _since(as_of: date, years) -> date:
    return months_before(as_of, int(years) * 12)


def no_failed_sample(ids, as_of, params):
    """A failed sample (sampled within the window), unless its re-test passed."""
    return (
        Sample.objects.filter(
            enterprise_id__in=ids,
            verdict=Verdict.FAIL,
            sampled_on__gte=_since(as_of, params["years"]),
            sampled_on__lte=as_of,
        )
        .exclude(follow_up__retest_verdict=Verdict.PASS)
        .values_list("enterprise_id", flat=True)
    )


def not_seriously_listed(ids, as_of, params):
    """On the list on `as_of`, where the list's measures bar from awards (penalties' data)."""
    if not listing_rules.measures().get("barred_from_awards"):
        return []
    listed = seriously_listed_ids(as_of=as_of)
    return listed.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True)


def credit_not_d(ids, as_of, params):
    return CreditClass.objects.filter(enterprise_id__in=ids, effective_class="D").values_list(
        "enterprise_id", flat=True
    )


def certificates_valid(ids, as_of, params):
    """A certificate suspended or revoked within the window, or one still marked valid
    whose expiry has passed (lapsed, not renewed)."""
    since = _since(as_of, params["years"])
    bad = Q(
        status__in=(CertificateStatus.SUSPENDED, CertificateStatus.REVOKED),
        status_changed_on__gte=since,
    ) | Q(status=CertificateStatus.VALID, expires_on__lt=as_of)
    return Certificate.objects.filter(bad, holder_id__in=ids).values_list("holder_id", flat=True)


def no_major_accident(ids, as_of, params):
    return Case.objects.filter(
        kind=CaseKind.ACCIDENT,
        enterprise_id__in=ids,
        grade__in=params["grades"],
        opened_at__date__gte=_since(as_of, params["years"]),
        opened_at__date__lte=as_of,
    ).values_list("enterprise_id", flat=True)


RULES = {
    "no_failed_sample": no_failed_sample,
    "not_seriously_listed": not_seriously_listed,
    "credit_not_d": credit_not_d,
    "certificates_valid": certificates_valid,
    "no_major_accident": no_major_accident,
}


def failing(scheme_code: str, ids, as_of: date) -> dict[str, set[int]]:
    """rule → the ids (of `ids`) failing it: one query per rule of the scheme."""
    ids = list(ids)
    out = {}
    for entry in rules.scheme(scheme_code)["eligibility"]:
        out[entry["rule"]] = set(RULES[entry["rule"]](ids, as_of, entry)) if ids else set()
    return out


def check(scheme_code: str, enterprise_id: int, as_of: date) -> list[dict]:
    """Each rule of the scheme for one enterprise: passed or not, with its reason."""
    failed = failing(scheme_code, [enterprise_id], as_of)
    out = []
    for entry in rules.scheme(scheme_code)["eligibility"]:
        meta = rules.rule_texts()["rules"][entry["rule"]]
        out.append(
            {
                "rule": entry["rule"],
                "passed": enterprise_id not in failed[entry["rule"]],
                "params": {k: v for k, v in entry.items() if k != "rule"},
                "reason": rules.reason_text(entry["rule"], entry),
                "source": meta["source"],
                "sure": bool(meta["sure"]),
                "as_of": as_of.isoformat(),
            }
        )
    return out
