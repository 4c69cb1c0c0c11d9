"""Reads of the certificate and instrument registries, always through `visible_to(user)`."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.freshness import cached_aggregate
from zhiliang.core.models import Region
from zhiliang.licensing.catalogue import RECALLED, instrument_catalogue_published
from zhiliang.licensing.choices import CertificateStatus, InstrumentStatus, VerificationMode
from zhiliang.licensing.filtersets import (
    CertificateFilterSet,
    InstrumentFilterSet,
    VerificationFilterSet,
    due_within_q,
    expiring_q,
    overdue_q,
)
from zhiliang.licensing.models import Certificate, Instrument, InstrumentCategory, Verification

# How far ahead the field staff's list looks for instruments falling due (an office's
# working choice, not a regulatory figure; the page lets the user change it).
FIELD_LIST_DAYS = 30


def _clean(filters):
    data = filters.copy() if filters is not None else {}
    for key in [k for k in data if not any(str(v).strip() for v in _values(data, k))]:
        del data[key]
    return data


def _values(data, key) -> list:
    return data.getlist(key) if hasattr(data, "getlist") else [data[key]]


def summary_scope(*, user, region_code: str = "") -> Region | None:
    """The region whose children a list's summary shows: the filtered region when it lies
    inside the user's jurisdiction, else the jurisdiction."""
    scope = user.jurisdiction
    code = (region_code or "").strip()
    if scope is None or not code or code == scope.code:
        return scope
    region = Region.objects.filter(code=code).first()
    return region if region is not None and scope.contains(region) else scope


def certificate_list(*, user, filters=None):
    qs = Certificate.objects.visible_to(user).select_related("kind", "holder", "holder__region")
    return CertificateFilterSet(_clean(filters), queryset=qs, user=user)


def certificate_get(*, user, pk) -> Certificate:
    return (
        Certificate.objects.visible_to(user)
        .select_related("kind", "holder", "holder__region")
        .prefetch_related("products")
        .get(pk=pk)
    )


def certificates_of_holder(*, user, certificate: Certificate, limit: int = 50):
    """The holder's other certificates, newest first (the certificate page lists them)."""
    return (
        certificate_list(user=user, filters={"enterprise": certificate.holder_id})
        .qs.exclude(pk=certificate.pk)
        .order_by("-issued_on")[:limit]
    )


def instrument_list(*, user, filters=None):
    qs = Instrument.objects.visible_to(user).select_related(
        "category", "category__parent", "owner", "owner__region"
    )
    return InstrumentFilterSet(_clean(filters), queryset=qs, user=user)


def instrument_get(*, user, pk) -> Instrument:
    return (
        Instrument.objects.visible_to(user)
        .select_related("category", "category__parent", "owner", "owner__region")
        .get(pk=pk)
    )


def instrument_catalogue(*, user) -> dict:
    """The compulsory-verification catalogue as inspectors read it, and how sure it is.

    `items`: first-level items in code order, each {"category", "count", "children"}, the
    children {"category", "count"} in code order; `count` is the number of instruments
    visible to the user in the item (a first-level item's includes its children's).
    `held` and `published`: first- and second-level item counts in the database and in
    the announcement (from the data file); `recalled`: items marked "?"; `instruments`:
    all instruments visible to the user.
    """
    per_category = dict(
        Instrument.objects.visible_to(user)
        .order_by()
        .values("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    categories = list(InstrumentCategory.objects.order_by("code"))
    children = defaultdict(list)
    for c in categories:
        if c.parent_id is not None:
            children[c.parent_id].append({"category": c, "count": per_category.get(c.pk, 0)})
    items = []
    for c in categories:
        if c.parent_id is None:
            kids = children[c.pk]
            own = per_category.get(c.pk, 0)
            items.append(
                {"category": c, "count": own + sum(k["count"] for k in kids), "children": kids}
            )
    return {
        "items": items,
        "held": {
            "first_level": len(items),
            "second_level": sum(len(i["children"]) for i in items),
        },
        "published": instrument_catalogue_published(),
        "recalled": sum(1 for c in categories if c.mark == RECALLED),
        "instruments": sum(per_category.values()),
    }


def verification_list(*, user, filters=None):
    qs = Verification.objects.visible_to(user).select_related(
        "instrument", "instrument__category", "instrument__owner"
    )
    return VerificationFilterSet(_clean(filters), queryset=qs)


def field_list(*, user, region_code: str, today: date | None = None, days: int = FIELD_LIST_DAYS):
    """What field staff visit in a township: instruments overdue or due soon, certificates
    inside their renewal window. Both querysets are scoped to the user and the region."""
    today = today or timezone.localdate()
    instruments = (
        Instrument.objects.visible_to(user)
        .in_region(region_code)
        .filter(overdue_q(today) | due_within_q(today, days))
        .select_related("category", "owner", "owner__region")
        .order_by("owner__region_id", "owner__name", "next_due_on", "id")
    )
    certificates = (
        Certificate.objects.visible_to(user)
        .in_region(region_code)
        .filter(expiring_q(today))
        .select_related("kind", "holder", "holder__region")
        .order_by("holder__region_id", "holder__name", "expires_on", "id")
    )
    return instruments, certificates


def _child_code_expr(scope: Region, field: str):
    digits = {2: 4, 4: 6}.get(len(scope.code), 9)
    return F(f"{field}_id") / 10 ** (10 - digits)


def _named(rows: list[dict], scope: Region) -> list[dict]:
    regions = dict(
        Region.objects.filter(code__in=[str(r["child"]) for r in rows]).values_list("code", "name")
    )
    for r in rows:
        code = str(r["child"])
        r["code"] = code if code in regions else scope.code
        r["name"] = regions.get(code) or _("%(name)s (no township given)") % {"name": scope.name}
    return rows


def certificate_summary_by_region(
    *, queryset, scope: Region | None, today: date | None = None
) -> list[dict]:
    """Per child region of `scope` (the user's jurisdiction or a region inside it): valid,
    expiring and ended certificates of the (filtered, visible) queryset — one grouped query."""
    if scope is None:
        return []
    today = today or timezone.localdate()
    qs = queryset.order_by()
    rows = list(
        qs.annotate(child=_child_code_expr(scope, "holder__region"))
        .values("child")
        .annotate(
            total=Count("id"),
            valid=Count("id", filter=Q(status=CertificateStatus.VALID)),
            expiring=Count("id", filter=expiring_q(today)),
            ended=Count("id", filter=~Q(status=CertificateStatus.VALID)),
        )
        .order_by("child")
    )
    return _named(rows, scope)


def instrument_summary_by_region(
    *, queryset, scope: Region | None, today: date | None = None
) -> list[dict]:
    """Per child region of `scope`: instruments, overdue, due soon, coverage — one query."""
    if scope is None:
        return []
    today = today or timezone.localdate()
    qs = queryset.order_by()
    periodic_in_use = Q(status=InstrumentStatus.IN_USE, mode=VerificationMode.PERIODIC)
    rows = list(
        qs.annotate(child=_child_code_expr(scope, "owner__region"))
        .values("child")
        .annotate(
            total=Count("id"),
            in_use=Count("id", filter=Q(status=InstrumentStatus.IN_USE)),
            periodic=Count("id", filter=periodic_in_use),
            covered=Count("id", filter=periodic_in_use & Q(next_due_on__gte=today)),
            overdue=Count("id", filter=overdue_q(today)),
            due_soon=Count("id", filter=due_within_q(today, FIELD_LIST_DAYS)),
        )
        .order_by("child")
    )
    for r in rows:
        r["coverage"] = round(100 * r["covered"] / r["periodic"], 1) if r["periodic"] else None
    return _named(rows, scope)


def home_certificates(*, user) -> dict:
    """Valid certificates inside their kind's renewal window and, of those, the ones
    expiring within 30 days: one query over the certificates (the windows are data,
    certificate_kinds.yaml, read from their small table first)."""
    today = timezone.localdate()
    return cached_aggregate(
        Certificate.objects.visible_to(user),
        expiring=Count("id", filter=expiring_q(today)),
        within_30=Count("id", filter=expiring_q(today, 30)),
    )


def home_instruments(*, user) -> dict:
    """Instruments in use whose verification is overdue or due within FIELD_LIST_DAYS."""
    today = timezone.localdate()
    return cached_aggregate(
        Instrument.objects.visible_to(user),
        overdue=Count("id", filter=overdue_q(today)),
        due_soon=Count("id", filter=due_within_q(today, FIELD_LIST_DAYS)),
    )
