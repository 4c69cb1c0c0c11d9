"""Reads of the early-warning app, always through `visible_to(user)`."""

from datetime import date, timedelta

from django.db.models import Count, Q

from zhiliang.core.filtersets import filled
from zhiliang.core.summaries import head_and_total
from zhiliang.earlywarning.choices import (
    CardColour,
    CardStatus,
    Decision,
    WarningKind,
    WarningStatus,
)
from zhiliang.earlywarning.filtersets import (
    ActionFilterSet,
    AssessmentFilterSet,
    CardFilterSet,
    WarningFilterSet,
)
from zhiliang.earlywarning.models import Action, Card, RiskAssessment, RiskWarning

ASSESSMENT_RELATED = ("region", "product", "signal", "information", "assessed_by")
WARNING_RELATED = ("region", "product", "assessment")
CARD_RELATED = ("region", "product", "issuer", "issuer_region", "plan", "assessment")
ACTION_RELATED = (
    "region", "card__region", "card__product", "warning", "sampling_plan", "case", "made_warning",
)  # fmt: skip
DUE_DAYS = 30  # "cards due": the deadline within this many days (or passed)


def assessment_list(*, user, filters=None):
    qs = RiskAssessment.objects.visible_to(user).select_related(*ASSESSMENT_RELATED)
    return AssessmentFilterSet(filled(filters), queryset=qs, user=user)


def assessment_get(*, user, pk) -> RiskAssessment:
    return (
        RiskAssessment.objects.visible_to(user)
        .select_related(*ASSESSMENT_RELATED)
        .prefetch_related("products", "regions", "enterprises")
        .get(pk=pk)
    )


def warning_list(*, user, filters=None):
    qs = RiskWarning.objects.visible_to(user).select_related(*WARNING_RELATED)
    return WarningFilterSet(filled(filters), queryset=qs, user=user)


def warning_get(*, user, pk) -> RiskWarning:
    return (
        RiskWarning.objects.visible_to(user)
        .select_related(*WARNING_RELATED)
        .prefetch_related("enterprises")
        .get(pk=pk)
    )


def card_list(*, user, filters=None):
    qs = Card.objects.visible_to(user).select_related(*CARD_RELATED)
    return CardFilterSet(filled(filters), queryset=qs, user=user)


def card_get(*, user, pk) -> Card:
    return Card.objects.visible_to(user).select_related(*CARD_RELATED).get(pk=pk)


def action_list(*, user, filters=None):
    qs = Action.objects.visible_to(user).select_related(*ACTION_RELATED)
    return ActionFilterSet(filled(filters), queryset=qs, user=user)


def actions_of(*, user, card=None, warning=None):
    qs = Action.objects.visible_to(user).select_related(*ACTION_RELATED)
    return qs.filter(card=card) if card is not None else qs.filter(warning=warning)


def open_cards(*, user, limit: int = 30):
    qs = Card.objects.visible_to(user).filter(status=CardStatus.OPEN)
    return qs.select_related(*CARD_RELATED).order_by("deadline", "id")[:limit]


def open_warnings(*, user, limit: int = 30):
    qs = RiskWarning.objects.visible_to(user).filter(status=WarningStatus.PUBLISHED)
    return qs.select_related(*WARNING_RELATED).order_by("-published_on", "-id")[:limit]


def home_cards_due(*, user, today: date, limit: int = 5):
    """Cards in force whose deadline has passed or falls within DUE_DAYS, soonest first."""
    qs = (
        Card.objects.visible_to(user)
        .filter(status=CardStatus.OPEN, deadline__lte=today + timedelta(days=DUE_DAYS))
        .select_related("region", "product")
        .order_by("deadline", "id")
    )
    return head_and_total(qs, limit)


def home_pending_assessments(*, user, limit: int = 5):
    qs = (
        RiskAssessment.objects.visible_to(user)
        .filter(decision=Decision.PENDING)
        .select_related("region", "product")
        .order_by("created_at", "id")
    )
    return head_and_total(qs, limit)


def home_alerts(*, user, limit: int = 5):
    """Published internal alerts to the user's region (and the regions above it)."""
    qs = (
        RiskWarning.objects.visible_to(user)
        .filter(kind=WarningKind.ALERT, status=WarningStatus.PUBLISHED)
        .select_related("region", "product")
        .order_by("-published_on", "-id")
    )
    return head_and_total(qs, limit)


def public_warnings():
    """Published consumer risk warnings, for the public pages (no login)."""
    return (
        RiskWarning.objects.filter(kind=WarningKind.CONSUMER, status=WarningStatus.PUBLISHED)
        .select_related("region", "product")
        .order_by("-published_on", "-id")
    )


def cards_for_region_year(region, year: int) -> dict:
    """Cards of one region and year in one grouped query, for an assessment scheme's veto or
    deduction item: received (issued to the region or below it in the year; `red` counts
    the cards that turned or were issued red that year) and issued by the region's offices.
    Not scoped by a user: the assessment engine reads every region it assesses."""
    received = Card.objects.in_region(region.code)
    counts = received.order_by().aggregate(
        yellow=Count("id", filter=Q(issued_on__year=year, issued_colour=CardColour.YELLOW)),
        red=Count("id", filter=Q(red_on__year=year)),
        open=Count("id", filter=Q(issued_on__year__lte=year, status=CardStatus.OPEN)),
    )
    issued = (
        Card.objects.filter(issuer_region=region)
        .order_by()
        .aggregate(
            yellow=Count("id", filter=Q(issued_on__year=year, issued_colour=CardColour.YELLOW)),
            red=Count("id", filter=Q(red_on__year=year)),
        )
    )
    return {
        "received_yellow": counts["yellow"],
        "received_red": counts["red"],
        "open": counts["open"],
        "issued_yellow": issued["yellow"],
        "issued_red": issued["red"],
    }


def red_cards_received(region, year: int) -> list[dict]:
    """Red cards held by `region` or a region below it that turned (or were issued) red in
    `year`: the evidence of an assessment scheme's `auto: red_card` item."""
    cards = (
        Card.objects.in_region(region.code)
        .filter(red_on__year=year)
        .select_related("region", "product")
        .order_by("red_on", "id")
    )
    return [
        {"card": c.pk, "region": c.region.name, "product": c.product.name,
         "problem": c.problem, "on": c.red_on}
        for c in cards
    ]  # fmt: skip
