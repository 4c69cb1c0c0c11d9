"""Risk assessments: a signal or an item of risk information taken into the matrix."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.guards import require_perm, require_visible
from zhiliang.core.validators import errors_of
from zhiliang.earlywarning import rules
from zhiliang.earlywarning.choices import Decision
from zhiliang.earlywarning.models import RiskAssessment
from zhiliang.earlywarning.services._common import (
    check_referable,
    check_regions,
    check_visible,
    save,
)

FIELDS = ("signal", "information", "hazard", "scenario", "severity", "steps")
_LOOKED_UP = ["signal", "information", "product", "region", "assessed_by"]


def _steps(value) -> list[dict]:
    """Steps as given (dicts of text and p; a bare number is a step without text)."""
    out = []
    for step in value or []:
        if isinstance(step, dict):
            out.append({"text": str(step.get("text", "")).strip(), "p": step.get("p")})
        else:
            out.append({"text": "", "p": step})
    return out


def assessment_validate(*, data: dict, instance=None) -> RiskAssessment:
    """The assessment with `data` applied, its probability (the product of the steps) and
    level (the matrix of data/matrix.yaml) computed, checked by its own rules."""
    item = instance or RiskAssessment()
    for field in FIELDS:
        if field in data:
            value = _steps(data[field]) if field == "steps" else data[field]
            setattr(item, field, value)
    source = item.signal or item.information
    if source is not None and item.product_id is None:
        item.product, item.region = source.product, source.region
    if not item.hazard and item.information is not None:
        item.hazard = item.information.hazard
    errors = {}
    try:
        item.full_clean(exclude=_LOOKED_UP)
    except ValidationError as exc:
        errors = errors_of(exc)
    if not errors:
        item.probability = rules.chain(s["p"] for s in item.steps)
        item.level = rules.risk_level(int(item.severity), item.probability)
    if errors:
        raise ValidationError(errors)
    return item


def assessment_start(*, actor, data: dict) -> RiskAssessment:
    """An analyst takes a signal or an item of risk information (each must be visible to
    them, else "not found") into an assessment; affected regions lie in the jurisdiction."""
    require_perm(actor, "earlywarning.add_riskassessment")
    data = dict(data)
    check_visible(actor, data.get("signal"))
    check_visible(actor, data.get("information"))
    products = list(data.pop("products", []) or [])
    regions = list(data.pop("regions", []) or [])
    enterprises = list(data.pop("enterprises", []) or [])
    check_regions(actor, regions)
    check_referable(actor, enterprises, "enterprises")
    item = assessment_validate(data=data)
    item.assessed_by = actor
    with transaction.atomic():
        save(item, actor)
        item.products.set(products or [item.product])
        item.regions.set(regions or [item.region])
        item.enterprises.set(enterprises)
    return item


def assessment_decide(*, actor, assessment: RiskAssessment, decision: str, note: str = ""):
    """The decision on an assessment awaiting one: no action, monitor, warn or card."""
    require_perm(actor, "earlywarning.change_riskassessment")
    require_visible(actor, assessment)
    if assessment.decision != Decision.PENDING:
        raise ValidationError(_("This assessment was decided already."))
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationError({"decision": _("Choose a decision.")})
    assessment.decision = decision
    assessment.decision_note = (note or "").strip()
    assessment.decided_on = timezone.localdate()
    return save(assessment, actor)
