"""Reads of risk monitoring, always through `visible_to(user)`."""

from django.db.models import Count, Q

from zhiliang.core.filtersets import filled
from zhiliang.monitoring.choices import Verdict
from zhiliang.monitoring.filtersets import PlanFilterSet, PurchaseFilterSet
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem

PURCHASE_RELATED = ("plan", "product", "region", "enterprise")


def plan_list(*, user, filters=None):
    qs = (
        Plan.objects.visible_to(user)
        .select_related("region")
        .annotate(
            bought=Count("purchases", distinct=True),
            failed=Count("purchases", filter=Q(purchases__verdict=Verdict.FAIL), distinct=True),
        )
        .order_by("-year", "name", "pk")
    )
    return PlanFilterSet(filled(filters), queryset=qs, user=user)


def plan_get(*, user, pk) -> Plan:
    return Plan.objects.visible_to(user).select_related("region").get(pk=pk)


def plan_managed(*, user, plan) -> bool:
    """Whether the user may change the plan (its own region's, not one read from above)."""
    return Plan.objects.managed_by(user).filter(pk=plan.pk).exists()


def plan_items(*, plan) -> list[TestItem]:
    return list(TestItem.objects.filter(plan=plan).select_related("product"))


def plan_summary(*, plan, user) -> list[dict]:
    """Purchases and failures per product of the plan in the user's jurisdiction (one
    grouped query)."""
    return list(
        Purchase.objects.visible_to(user)
        .filter(plan=plan)
        .values("product__code", "product__name")
        .annotate(
            bought=Count("pk"),
            failed=Count("pk", filter=Q(verdict=Verdict.FAIL)),
            pending=Count("pk", filter=Q(verdict=Verdict.PENDING)),
        )
        .order_by("product__code")
    )


def purchase_list(*, user, filters=None):
    qs = Purchase.objects.visible_to(user).select_related(*PURCHASE_RELATED)
    return PurchaseFilterSet(filled(filters), queryset=qs, user=user)


def purchase_get(*, user, pk) -> Purchase:
    return Purchase.objects.visible_to(user).select_related(*PURCHASE_RELATED, "case").get(pk=pk)


def purchase_results(*, purchase) -> list[Result]:
    return list(
        Result.objects.filter(purchase=purchase).select_related("item").order_by("item__name")
    )
