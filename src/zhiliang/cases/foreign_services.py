"""Writes of foreign recalls: record one (entered or imported), propose its matches to
enterprises of the registry, confirm or reject a match, and from a confirmed match open a
recall case or an item of risk information. Role check, guard, full_clean, history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.cases import foreign_rules
from zhiliang.cases.foreign_models import (
    ForeignMatch,
    ForeignRecall,
    MatchBasis,
    MatchStatus,
)
from zhiliang.cases.services import _save
from zhiliang.core.guards import require_in_jurisdiction, require_perm, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.enterprises.models import Enterprise

FIELDS = (
    "source",
    "reference",
    "notified_on",
    "product_description",
    "brand",
    "model",
    "manufacturer",
    "uscc",
    "country",
    "hazard",
    "hs_code",
    "product",
)
MIN_CORE = 2  # a shorter name core (one character) would match half the registry


def foreign_recall_validate(*, data: dict, instance=None, context=None) -> ForeignRecall:
    """The would-be record, checked (nothing saved): its own rules, and its reference not
    taken for its source (`context["taken"]`: (source, reference) pairs, for an import)."""
    context = context or {}
    recall = ForeignRecall(**{k: v for k, v in data.items() if k in FIELDS})
    errors = {}
    try:
        recall.full_clean(
            exclude=["region", "office", "product", "created_by"], validate_constraints=False
        )
    except ValidationError as exc:
        errors = errors_of(exc)
    key = (recall.source, (recall.reference or "").strip())
    if "reference" not in errors and key[1] and _is_taken(key, context.get("taken")):
        errors["reference"] = [
            _("%(s)s notice %(r)s is recorded already.") % {"s": recall.source_label, "r": key[1]}
        ]
    if errors:
        raise ValidationError(errors)
    return recall


def _is_taken(key: tuple, taken) -> bool:
    if taken is not None:
        return key in taken
    return ForeignRecall.objects.filter(source=key[0], reference=key[1]).exists()


def foreign_recall_create(*, actor, data: dict) -> ForeignRecall:
    """A notice entered by the office: recorded for its jurisdiction, matches proposed."""
    require_perm(actor, "cases.add_foreignrecall")
    region = actor.jurisdiction
    if region is None:
        raise ValidationError(_("Your account has no jurisdiction to record a notice for."))
    recall = foreign_recall_validate(data=data)
    recall.region, recall.office, recall.created_by = region, actor.organization, actor
    with transaction.atomic():
        _save(recall, actor)
        foreign_recall_match(recall=recall, actor=actor)
    return recall


def match_candidates(recall: ForeignRecall) -> list[tuple[int, str]]:
    """(enterprise id, basis) of the registry's enterprises in the recall's area that may
    have made the product: by USCC when the notice gives one, else the manufacturer's name
    core or the brand found in the enterprise's name (lower case, spaces dropped) — one
    query, in the database."""
    within = Enterprise.objects.in_region(recall.region.code)
    if recall.uscc:
        return [
            (pk, MatchBasis.USCC)
            for pk in within.filter(uscc=recall.uscc).values_list("pk", flat=True)
        ]
    name = foreign_rules.name_core(recall.manufacturer)
    brand = foreign_rules.name_core(recall.brand)
    if len(name) < MIN_CORE and len(brand) < MIN_CORE:
        return []
    plain = Replace(Lower(F("name")), Value(" "), Value(""))
    qs = within.annotate(plain=plain)
    found = []
    if len(name) >= MIN_CORE:
        found += [
            (pk, MatchBasis.NAME)
            for pk in qs.filter(plain__contains=name).values_list("pk", flat=True)[:50]
        ]
    if len(brand) >= MIN_CORE:
        seen = {pk for pk, _b in found}
        more = qs.filter(plain__contains=brand).exclude(pk__in=seen)
        found += [(pk, MatchBasis.BRAND) for pk in more.values_list("pk", flat=True)[:50]]
    return found


def foreign_recall_match(*, recall: ForeignRecall, actor=None) -> int:
    """Propose the candidates not yet matched (a rejected match is not proposed again)."""
    known = set(recall.matches.values_list("enterprise_id", flat=True))
    new = [
        ForeignMatch(foreign_recall=recall, enterprise_id=pk, basis=basis)
        for pk, basis in match_candidates(recall)
        if pk not in known
    ]
    for match in new:
        _save(match, actor)
    return len(new)


def foreign_match_decide(*, actor, match: ForeignMatch, confirm: bool, note: str = ""):
    """The office confirms that the enterprise made the product, or rejects the match."""
    require_perm(actor, "cases.change_foreignmatch")
    require_visible(actor, match)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("This match was decided already."))
    match.status = MatchStatus.CONFIRMED if confirm else MatchStatus.REJECTED
    match.decided_by, match.decided_at = actor, timezone.now()
    match.note = (note or "").strip()[:255]
    return _save(match, actor)


def _confirmed(actor, match: ForeignMatch) -> None:
    require_visible(actor, match)
    if match.status != MatchStatus.CONFIRMED:
        raise ValidationError(_("Confirm the match first."))


def foreign_match_open_recall(*, actor, match: ForeignMatch, data: dict):
    """A recall case of the enterprise for the product recalled abroad (origin: foreign)."""
    from zhiliang.cases.recall_services import recall_open

    _confirmed(actor, match)
    if match.recall_case_id:
        raise ValidationError(_("A recall case was opened from this match already."))
    notice = match.foreign_recall
    product = data.get("product") or notice.product
    case_data = {
        "title": notice.product_description[:200],
        "enterprise": match.enterprise,
        "product": product,
        "opened_at": data.get("opened_at") or timezone.now(),
        "origin": "foreign",
        "defect": _("%(s)s notice %(r)s: %(d)s")
        % {"s": notice.source_label, "r": notice.reference, "d": notice.product_description},
        "hazard": notice.hazard,
        "batches": notice.model,
        "units_affected": data.get("units_affected"),
        "method": data.get("method"),
        "country": notice.country,
    }
    with transaction.atomic():
        case = recall_open(actor=actor, data=case_data)
        match.recall_case = case
        _save(match, actor)
    return case


def foreign_match_to_risk(*, actor, match: ForeignMatch):
    """An item of risk information (source: foreign notification) for the enterprise."""
    from zhiliang.risk.choices import SourceKind
    from zhiliang.risk.services import risk_information_create

    _confirmed(actor, match)
    if match.risk_item_id:
        raise ValidationError(_("Risk information was recorded from this match already."))
    notice = match.foreign_recall
    if notice.product_id is None:
        raise ValidationError(_("Name the product of the catalogue on the notice first."))
    require_in_jurisdiction(actor, match.enterprise.region)
    data = {
        "source_kind": SourceKind.FOREIGN,
        "reference": f"{notice.source}:{notice.reference}"[:64],
        "product": notice.product,
        "hazard": notice.hazard,
        "region": match.enterprise.region,
        "enterprise": match.enterprise,
        "occurred_on": notice.notified_on,
        "text": f"{notice.source_label} {notice.reference} {notice.product_description}",
    }
    with transaction.atomic():
        item = risk_information_create(actor=actor, data=data)
        match.risk_item = item
        _save(match, actor)
    return item


def foreign_recall_set_product(*, actor, recall: ForeignRecall, product) -> ForeignRecall:
    require_perm(actor, "cases.change_foreignrecall")
    require_visible(actor, recall)
    recall.product = product
    return _save(recall, actor)
