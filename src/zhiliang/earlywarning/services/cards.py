"""Yellow and red cards: issue (with the 专项整治 plan through the plans services),
escalation by the daily job, lifting with evidence once the cell is back in control."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.evidence import evidence_check
from zhiliang.core.guards import require_perm, require_visible
from zhiliang.core.models import Organization
from zhiliang.core.validators import errors_of
from zhiliang.earlywarning import rules
from zhiliang.earlywarning.choices import CardColour, CardStatus
from zhiliang.earlywarning.models import Card
from zhiliang.earlywarning.services._common import check_visible, save
from zhiliang.risk.choices import SignalStatus
from zhiliang.risk.models import Signal

FIELDS = ("region", "colour", "product", "hazard", "problem", "assessment", "signal", "deadline")


def open_signals_of(card: Card):
    """The open signals of the card's cell: its product (or products under it) in its region
    and below."""
    return (
        Signal.objects.in_region(card.region.code)
        .filter(status=SignalStatus.OPEN)
        .filter(Q(product_id=card.product_id) | Q(product__parent_id=card.product_id))
    )


def _refuse_region(actor, region) -> None:
    """A card goes from a city or province office to a region strictly inside it."""
    scope = getattr(actor, "jurisdiction", None)
    if scope is None or len(scope.code) > 4:
        raise ValidationError(
            {"region": _("Cards are issued by a city or province office to a region below it.")}
        )
    if region is None:
        raise ValidationError({"region": _("Choose the region the card goes to.")})
    if region.code == scope.code or not scope.contains(region):
        raise ValidationError(
            {
                "region": _(
                    "%(r)s lies outside your jurisdiction (%(s)s): a card goes to a region "
                    "below the issuing office."
                )
                % {"r": region.name, "s": scope.name}
            }
        )


def _units(region) -> tuple[list[int], list[int]]:
    """Lead: the carded region's government (else its market bureau); cooperating: its
    market regulation bureaus."""
    here = Organization.objects.filter(region=region).order_by("id")
    market = list(here.filter(regulates_market=True).values_list("id", flat=True))
    lead = list(here.filter(kind=OrganizationKind.GOVERNMENT).values_list("id", flat=True)[:1])
    return (lead or market[:1]), [m for m in market if m not in lead]


def _plan(actor, card: Card):
    """The 专项整治 plan of the card, made by the plans services (so reports and 督办 work)."""
    from zhiliang.plans.services import plan_create

    lead, cooperating = _units(card.region)
    days = (card.deadline - card.issued_on).days
    tasks = [
        {
            "title": t["title"],
            "description": card.problem,
            "due_on": card.issued_on + timedelta(days=round(days * float(t["share"]))),
            "lead": lead,
            "cooperating": cooperating,
        }
        for t in rules.cards()["rectification_tasks"]
    ]
    title = _("%(region)s %(product)s special rectification (%(colour)s)") % {
        "region": card.region.name,
        "product": card.product.name,
        "colour": card.get_colour_display(),
    }
    return plan_create(
        actor=actor,
        region=card.region,
        source_text=f"{title}\n#{card.pk}\n{card.problem}",
        meta={
            "title": title,
            "issuer": card.issuer.name,
            "date": card.issued_on.isoformat(),
            "period_start": f"{card.issued_on:%Y-%m}",
            "period_end": f"{card.deadline:%Y-%m}",
        },
        targets=[],
        phases=[],
        tasks=tasks,
    )


def card_issue(*, actor, data: dict, on: date | None = None) -> Card:
    """Issue a card to a region inside the actor's jurisdiction, with its deadline (the
    period of data/cards.yaml unless given) and its 专项整治 plan. Outside: refused with
    the reason, nothing created."""
    require_perm(actor, "earlywarning.add_card")
    data = dict(data)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    _refuse_region(actor, data.get("region"))
    check_visible(actor, data.get("assessment"))
    check_visible(actor, data.get("signal"))
    today = on or timezone.localdate()
    colour = data.get("colour") or CardColour.YELLOW
    data["colour"] = colour
    if not data.get("deadline"):
        data["deadline"] = today + timedelta(days=rules.period_days(colour))
    card = Card(
        issuer=actor.organization,
        issuer_region=actor.jurisdiction,
        issued_on=today,
        issued_colour=colour,
        red_on=today if colour == CardColour.RED else None,
        created_by=actor,
        **data,
    )
    errors = {}
    try:
        card.full_clean(exclude=["assessment", "signal", "plan", "created_by", "lift_evidence"])
    except ValidationError as exc:
        errors = errors_of(exc)
    if (
        not errors
        and Card.objects.filter(
            region=card.region, product=card.product, status=CardStatus.OPEN
        ).exists()
    ):
        errors["region"] = [_("A card is already in force for this product in this region.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        save(card, actor)
        card.plan = _plan(actor, card)
        save(card, actor)
    return card


def _turn_red(card: Card, today: date, reason: str) -> None:
    card.colour = CardColour.RED
    card.red_on = today
    card.deadline = max(card.deadline, today) + timedelta(days=rules.period_days("red"))
    card.escalation_reason = reason[:255]
    card._change_reason = "escalation"
    card.save()


def cards_escalate(*, today: date | None = None) -> int:
    """The daily job: a yellow card whose deadline passed, or whose cell's signal is still
    open the days of data/cards.yaml after issue, turns red. Returns how many turned."""
    today = today or timezone.localdate()
    rule = rules.cards()["escalation"]
    persist = today - timedelta(days=int(rule["signal_persists_days"]))
    yellow = Card.objects.filter(status=CardStatus.OPEN, colour=CardColour.YELLOW)
    turned = 0
    with transaction.atomic():
        if rule.get("on_deadline"):
            for card in yellow.filter(deadline__lt=today).select_for_update():
                _turn_red(card, today, _("The deadline passed without the card being lifted."))
                turned += 1
        for card in yellow.filter(issued_on__lte=persist).select_related("region"):
            if open_signals_of(card).filter(opened_on__lte=card.issued_on).exists():
                _turn_red(card, today, _("The signal of the cell persists."))
                turned += 1
    return turned


def card_lift(*, actor, card: Card, note: str, upload, on: date | None = None) -> Card:
    """Lift a card: the issuing level (or above) does it, with the rectification evidence
    (the core evidence check), once no signal of the cell is open."""
    require_perm(actor, "earlywarning.change_card")
    require_visible(actor, card)
    scope = actor.jurisdiction
    if not scope.contains(card.issuer_region):
        raise ValidationError(_("Only the office that issued the card, or one above it, lifts it."))
    if card.status != CardStatus.OPEN:
        raise ValidationError(_("This card was lifted already."))
    if not (note or "").strip():
        raise ValidationError({"lift_note": _("Say why the card can be lifted.")})
    if upload is None:
        raise ValidationError({"file": _("Attach the evidence of the rectification.")})
    kind, digest = evidence_check(upload)
    if rules.cards()["lifting"].get("no_open_signal") and open_signals_of(card).exists():
        raise ValidationError(
            _(
                "A signal of this product in this region is still open: the cell is not "
                "back in control."
            )
        )
    card.status = CardStatus.LIFTED
    card.lifted_on = on or timezone.localdate()
    card.lift_note = note.strip()
    card.lift_evidence_sha256 = digest
    with transaction.atomic():
        card.lift_evidence.save(f"card-{card.pk}-{digest[:12]}.{kind}", upload, save=False)
        save(card, actor)
    return card
