"""Reads of the standards registry through `visible_to`, and the page figures (one grouped
query each)."""

from django.db.models import Count, Q
from django.utils import timezone

from zhiliang.core.filtersets import filled
from zhiliang.enterprises.models import EnterpriseProduct
from zhiliang.standards import rules
from zhiliang.standards.filtersets import (
    AdoptionFilterSet,
    DraftingFilterSet,
    EnterpriseStandardFilterSet,
    PilotFilterSet,
    StandardFilterSet,
    _status_q,
)
from zhiliang.standards.models import (
    Adoption,
    Drafting,
    EnterpriseStandard,
    Pilot,
    Review,
    Standard,
)


def _rate(part, whole):
    return part / whole * 100 if whole else None


def standard_list(*, user, filters=None):
    qs = Standard.objects.visible_to(user).select_related("region", "enterprise")
    return StandardFilterSet(filled(filters), queryset=qs, user=user)


def standard_get(*, user, pk) -> Standard:
    return (
        Standard.objects.visible_to(user)
        .select_related("region", "enterprise", "replaced_by")
        .get(pk=pk)
    )


def standard_parts(*, user, standard: Standard) -> dict:
    """What the standard's page lists: its reviews, adoptions, draftings, the enterprises
    applying it (all through `visible_to`)."""
    return {
        "reviews": list(
            Review.objects.visible_to(user).filter(standard=standard).order_by("-due_on")
        ),  # fmt: skip
        "adoptions": list(Adoption.objects.visible_to(user).filter(standard=standard)),
        "draftings": list(
            Drafting.objects.visible_to(user)
            .filter(standard=standard)
            .select_related("enterprise", "region")
        ),  # fmt: skip
        "applied": list(
            EnterpriseStandard.objects.visible_to(user)
            .filter(standard=standard)
            .select_related("enterprise", "product")[:50]
        ),  # fmt: skip
        "replaces": list(Standard.objects.visible_to(user).filter(replaced_by=standard)),
    }


def standard_counts(*, user) -> dict:
    """Standards by level and status, and those overdue for review: one aggregate."""
    today = timezone.localdate()
    qs = Standard.objects.visible_to(user).order_by()
    aggregates = {"total": Count("pk"),
                  "overdue": Count("pk", filter=Q(review_due_on__lt=today)
                                   & _status_q("current", today))}  # fmt: skip
    for code, _label in rules.level_choices():
        aggregates[code] = Count("pk", filter=Q(level=code))
    row = qs.aggregate(**aggregates)
    row["levels"] = [(label, row[code]) for code, label in rules.level_choices()]
    return row


def enterprise_standard_list(*, user, filters=None):
    qs = EnterpriseStandard.objects.visible_to(user).select_related(
        "enterprise", "product", "standard", "region"
    )
    return EnterpriseStandardFilterSet(filled(filters), queryset=qs, user=user)


def enterprise_standard_get(*, user, pk) -> EnterpriseStandard:
    return (
        EnterpriseStandard.objects.visible_to(user)
        .select_related("enterprise", "product__parent", "standard", "region")
        .get(pk=pk)
    )


def coverage(*, user) -> dict:
    """标准覆盖率 over the user's jurisdiction, as the catalogue counts it (products made by
    enterprises in business with a self-declared standard ÷ those products); declarations
    complete ÷ declared. Two aggregates."""
    made = (
        EnterpriseProduct.objects.visible_to(user)
        .order_by()
        .aggregate(
            products=Count("pk", distinct=True),
            covered=Count("pk", distinct=True, filter=Q(standards_applied__isnull=False)),
        )
    )
    declared = (
        EnterpriseStandard.objects.visible_to(user)
        .order_by()
        .aggregate(
            declared=Count("pk", filter=Q(declared_on__isnull=False)),
            complete=Count("pk", filter=Q(complete=True)),
        )
    )
    return {**made, **declared, "rate": _rate(made["covered"], made["products"]),
            "complete_rate": _rate(declared["complete"], declared["declared"])}  # fmt: skip


def adoption_list(*, user, filters=None):
    qs = Adoption.objects.visible_to(user).select_related(
        "standard", "enterprise", "product", "region"
    )
    return AdoptionFilterSet(filled(filters), queryset=qs, user=user)


def drafting_list(*, user, filters=None):
    qs = Drafting.objects.visible_to(user).select_related("standard", "enterprise", "region")
    return DraftingFilterSet(filled(filters), queryset=qs, user=user)


def drafting_by_level(*, user) -> list[dict]:
    """制修订标准数 by level and role: distinct standards, one grouped query."""
    rows = (
        Drafting.objects.visible_to(user).order_by()
        .values("standard__level", "role")
        .annotate(standards=Count("standard", distinct=True))
    )  # fmt: skip
    return [
        {**row, "level_label": rules.label(rules.level_choices, row["standard__level"]),
         "role_label": rules.label(rules.role_choices, row["role"])}
        for row in sorted(rows, key=lambda r: (r["standard__level"], r["role"]))
    ]  # fmt: skip


def adoption_get(*, user, pk) -> Adoption:
    return Adoption.objects.visible_to(user).get(pk=pk)


def drafting_get(*, user, pk) -> Drafting:
    return Drafting.objects.visible_to(user).get(pk=pk)


def pilot_list(*, user, filters=None):
    qs = Pilot.objects.visible_to(user).select_related("region", "enterprise")
    return PilotFilterSet(filled(filters), queryset=qs, user=user)


def pilot_get(*, user, pk) -> Pilot:
    return Pilot.objects.visible_to(user).select_related("region", "enterprise").get(pk=pk)
