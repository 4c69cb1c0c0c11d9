"""Reads of credit records and classes, always through `visible_to(user)`."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.core.filtersets import filled
from zhiliang.credit import rules
from zhiliang.credit.filtersets import CreditClassFilterSet, CreditRecordFilterSet
from zhiliang.credit.models import ClassChange, CreditClass, CreditRecord
from zhiliang.credit.rules import CLASSES

ON_ENTERPRISE_PAGE = 20


def record_list(*, user, filters=None):
    qs = CreditRecord.objects.visible_to(user).select_related("enterprise", "enterprise__region")
    return CreditRecordFilterSet(filled(filters), queryset=qs, user=user)


def class_list(*, user, filters=None):
    qs = CreditClass.objects.visible_to(user).select_related("enterprise", "enterprise__region")
    return CreditClassFilterSet(filled(filters), queryset=qs, user=user)


def class_get(*, user, pk) -> CreditClass:
    return (
        CreditClass.objects.visible_to(user)
        .select_related("enterprise", "enterprise__region", "override_by")
        .get(pk=pk)
    )


def class_counts(*, queryset) -> dict:
    """Enterprises per effective class, default ones and overrides: one query."""
    today = timezone.localdate()
    active = Q(override_until__gt=today) & ~Q(override_class="")
    aggregates = {c: Count("id", filter=Q(effective_class=c)) for c in CLASSES}
    return queryset.order_by().aggregate(
        total=Count("id"), default=Count("id", filter=Q(is_default=True)),
        overridden=Count("id", filter=active), **aggregates,
    )  # fmt: skip


def enterprise_credit(*, user, enterprise) -> dict | None:
    """The enterprise page's section: class with reasons, changes and latest records."""
    if not user.has_perm("credit.view_creditclass"):
        return None
    cls = CreditClass.objects.visible_to(user).filter(enterprise=enterprise).first()
    changes = ClassChange.objects.visible_to(user).filter(enterprise=enterprise)
    records = CreditRecord.objects.visible_to(user).filter(enterprise=enterprise)
    return {
        "cls": cls,
        "changes": list(changes.select_related("actor")[:ON_ENTERPRISE_PAGE]),
        "records": list(records[:ON_ENTERPRISE_PAGE]),
        "may_override": user.has_perm("credit.override_creditclass"),
        "model": rules.risk_model(),
    }


def steering(*, plan) -> list[dict]:
    """Per class for a sampling plan: its enterprises in the plan's region (the pool), the
    target share from data/steering.yaml, the plan's draw weight, and the share of the
    plan's drawn enterprises. Two grouped queries."""
    from zhiliang.enterprises.choices import IN_BUSINESS
    from zhiliang.enterprises.models import Enterprise
    from zhiliang.inspections.models import DrawPick

    pool = dict(
        Enterprise.objects.in_region(plan.region.code)
        .filter(status__in=IN_BUSINESS)
        .order_by()
        .values_list("risk_class")
        .annotate(n=Count("id"))
    )
    drawn = dict(
        DrawPick.objects.filter(draw__plan=plan)
        .order_by()
        .values_list("enterprise__risk_class")
        .annotate(n=Count("enterprise_id", distinct=True))
    )
    ratios = rules.steering()["ratios"]
    total_drawn = sum(drawn.values())
    weights = {c: getattr(plan, f"weight_{c.lower()}") for c in CLASSES}
    rows = []
    for c in CLASSES:
        n, d = pool.get(c, 0), drawn.get(c, 0)
        rows.append({
            "cls": c, "pool": n, "weight": weights[c],
            "target_min": ratios[c]["min"], "target_max": ratios[c]["max"],
            "sure": ratios[c]["sure"], "drawn": d,
            "drawn_share_of_class": d / n if n else None,
            "drawn_share": d / total_drawn if total_drawn else None,
        })  # fmt: skip
    return rows
