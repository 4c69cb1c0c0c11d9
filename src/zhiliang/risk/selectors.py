"""Reads of the risk app, always through `visible_to(user)`."""

import numpy as np
from django.db.models import Count, Q

from zhiliang.core.filtersets import filled
from zhiliang.core.models import Region
from zhiliang.core.summaries import head_and_total
from zhiliang.enterprises.models import Product
from zhiliang.inspections.choices import Verdict
from zhiliang.inspections.models import Sample
from zhiliang.risk.choices import SignalStatus
from zhiliang.risk.filtersets import RiskInformationFilterSet, SignalFilterSet
from zhiliang.risk.models import Calibration, RiskInformation, Signal
from zhiliang.risk.signals.cells import grouped, period_bounds, period_label, period_of

NEW_DAYS = 30  # "new signals": opened within this many days

RELATED = ("region", "product", "enterprise")
SIGNAL_RELATED = ("region", "product", "product__parent")


def risk_information_list(*, user, filters=None):
    qs = RiskInformation.objects.visible_to(user).select_related(*RELATED)
    return RiskInformationFilterSet(filled(filters), queryset=qs, user=user)


def risk_information_get(*, user, pk) -> RiskInformation:
    return RiskInformation.objects.visible_to(user).select_related(*RELATED).get(pk=pk)


def signal_list(*, user, filters=None):
    qs = Signal.objects.visible_to(user).select_related(*SIGNAL_RELATED)
    return SignalFilterSet(filled(filters), queryset=qs, user=user)


def signal_get(*, user, pk) -> Signal:
    return Signal.objects.visible_to(user).select_related(*SIGNAL_RELATED).get(pk=pk)


def signal_grid(*, user) -> dict:
    """Open signals per product category × region one level below the user's scope (a
    county user: the county itself), in one grouped query."""
    scope = user.jurisdiction
    if scope is None:
        return {"regions": [], "rows": []}
    length = {2: 4, 4: 6}.get(len(scope.code), len(scope.code))
    # The scope's own cells first (a city's signals over the whole city), then its children.
    regions = [scope]
    if length != len(scope.code):
        regions += list(
            Region.objects.subtree(scope.code).filter(level=scope.level + 1).order_by("code")
        )
    counts = (
        Signal.objects.visible_to(user)
        .filter(status=SignalStatus.OPEN)
        .values("product__parent__code", "region__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    cell = {}
    for row in counts:  # the open signals' groups, not rows
        code = row["region__code"]
        code = code if len(code) == len(scope.code) else code[:length]
        key = (row["product__parent__code"], code)
        cell[key] = cell.get(key, 0) + row["n"]
    categories = Product.objects.filter(parent__isnull=True).order_by("code")
    rows = [
        {"category": c, "cells": [cell.get((c.code, r.code), 0) for r in regions]}
        for c in categories
    ]
    return {"regions": regions, "rows": rows}


def signal_counts(*, user, since) -> dict:
    qs = Signal.objects.visible_to(user)
    return qs.order_by().aggregate(
        open=Count("id", filter=Q(status=SignalStatus.OPEN)),
        new=Count("id", filter=Q(status=SignalStatus.OPEN, opened_on__gte=since)),
    )


def home_new_signals(*, user, since, limit: int = 5):
    """The newest open signals and how many were opened since `since`, in one query."""
    qs = (
        Signal.objects.visible_to(user)
        .filter(status=SignalStatus.OPEN, opened_on__gte=since)
        .select_related(*SIGNAL_RELATED)
        .order_by("-opened_on", "-id")
    )
    return head_and_total(qs, limit)


def open_signals():
    """Every open signal (the command line: the operator's whole database)."""
    return (
        Signal.objects.filter(status=SignalStatus.OPEN)
        .select_related("region", "product")
        .order_by("product__code", "region__code", "method")
    )


def latest_calibration() -> Calibration | None:
    return Calibration.objects.order_by("-computed_at", "-id").first()


def failure_trend(*, user, unit: str, periods: int, today):
    """Decided samples and failures per period in the user's jurisdiction (one grouped query)."""
    first = period_of(today, unit) - periods + 1
    qs = Sample.objects.visible_to(user).filter(
        sampled_on__range=(period_bounds(first, unit)[0], today),
        verdict__in=[Verdict.PASS, Verdict.FAIL],
    )
    rows = grouped(
        qs, "sampled_on", unit, n=Count("id"), x=Count("id", filter=Q(verdict=Verdict.FAIL))
    )
    col = rows[:, 2] - first
    n = np.bincount(col, weights=rows[:, 3], minlength=periods)
    x = np.bincount(col, weights=rows[:, 4], minlength=periods)
    return [
        {
            "label": period_label(first + i, unit),
            "n": int(n[i]),
            "x": int(x[i]),
            "rate": x[i] / n[i] if n[i] else None,
        }
        for i in range(periods)
    ]


def cards_for_region_year(region, year: int) -> dict:
    """Yellow and red cards received and issued by `region` in `year` (the early-warning app
    holds the cards): for a veto or deduction item of an assessment scheme."""
    from zhiliang.earlywarning.selectors import cards_for_region_year as counts

    return counts(region, year)
