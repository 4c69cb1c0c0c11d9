"""Assessment schemes: read from YAML, checked, stored with their items."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.assessments import scoring
from zhiliang.assessments.choices import ItemKind, ScoringRule
from zhiliang.assessments.models import AssessmentScheme, SchemeItem
from zhiliang.core.guards import require_in_jurisdiction, require_perm
from zhiliang.core.models import Region
from zhiliang.indicators import periods
from zhiliang.indicators.models import Indicator

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SCHEME = DATA / "default_scheme.yaml"


def _decimal(value, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("%(w)s: %(v)s is not a number.") % {"w": what, "v": value}
        ) from None
    if not number.is_finite():
        raise ValidationError(_("%(w)s: %(v)s is not a number.") % {"w": what, "v": value})
    return number


def _bands(raw) -> list[list]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_("Grade bands must be a list of [grade, least points] pairs."))
    bands = []
    for band in raw:
        if isinstance(band, dict):
            band = [band.get("grade"), band.get("min")]
        if not isinstance(band, list | tuple) or len(band) != 2 or not str(band[0] or "").strip():
            raise ValidationError(_("Grade bands must be a list of [grade, least points] pairs."))
        bands.append([str(band[0]).strip(), float(_decimal(band[1], str(band[0])))])
    if len({b[0] for b in bands}) != len(bands):
        raise ValidationError(_("A grade appears twice in the grade bands."))
    return sorted(bands, key=lambda b: b[1], reverse=True)


def _item(order: int, raw: dict, indicators: dict[str, Indicator], grades: set[str]) -> SchemeItem:
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ValidationError(_("Item %(n)d has no name.") % {"n": order + 1})
    kind = raw.get("kind") or (ItemKind.INDICATOR if raw.get("indicator") else ItemKind.MANUAL)
    if kind not in ItemKind.values:
        raise ValidationError(_("%(i)s: unknown kind %(k)s.") % {"i": name, "k": kind})
    rule = raw.get("rule") or (ScoringRule.LINEAR if kind == ItemKind.INDICATOR else "pass_fail")
    if rule not in ScoringRule.values:
        raise ValidationError(_("%(i)s: unknown scoring rule %(r)s.") % {"i": name, "r": rule})
    item = SchemeItem(
        order=order,
        name=name[:200],
        kind=kind,
        rule=rule,
        points=_decimal(raw.get("points", 0), name) or Decimal(0),
        target=_decimal(raw.get("target"), name),
        floor=_decimal(raw.get("floor"), name),
        veto_grade=str(raw.get("veto_grade") or "").strip(),
        guidance=str(raw.get("guidance") or raw.get("source") or "").strip(),
    )
    if item.points < 0:
        raise ValidationError(_("%(i)s: points cannot be negative.") % {"i": name})
    if kind == ItemKind.INDICATOR or (kind == ItemKind.VETO and raw.get("indicator")):
        code = str(raw.get("indicator") or "")
        if code not in indicators:
            raise ValidationError(
                _("%(i)s: the catalogue has no indicator %(c)s.") % {"i": name, "c": code}
            )
        item.indicator = indicators[code]
        if item.target is None:
            raise ValidationError(_("%(i)s: an indicator item needs a target.") % {"i": name})
    elif kind == ItemKind.MANUAL and rule != ScoringRule.PASS_FAIL:
        raise ValidationError(_("%(i)s: a manual check is scored pass/fail.") % {"i": name})
    if kind == ItemKind.VETO:
        item.points = Decimal(0)
        item.rule = ScoringRule.PASS_FAIL
        if item.veto_grade not in grades:
            raise ValidationError(
                _("%(i)s: a veto item names the grade it gives, one of %(g)s.")
                % {"i": name, "g": "、".join(sorted(grades))}
            )
    return item


def scheme_validate(data: dict) -> tuple[dict, list[SchemeItem]]:
    """Check a scheme as read from YAML; return its fields and unsaved items."""
    if not isinstance(data, dict):
        raise ValidationError(_("A scheme is a mapping with code, name, period and items."))
    for key in ("code", "name", "period", "items"):
        if not data.get(key):
            raise ValidationError(_("The scheme has no %(k)s.") % {"k": key})
    try:
        periods.parse(str(data["period"]))
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from None
    bands = _bands(data.get("grade_bands") or [["A", 90], ["B", 80], ["C", 60], ["D", 0]])
    codes = {str(i.get("indicator")) for i in data["items"] if i.get("indicator")}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    items = [
        _item(n, raw, indicators, {b[0] for b in bands}) for n, raw in enumerate(data["items"])
    ]
    total = _decimal(data.get("total_points", 100), "total_points")
    scored = sum((i.points for i in items if i.kind != ItemKind.VETO), Decimal(0))
    if scored != total:
        raise ValidationError(
            _("The items' points add up to %(s)s, not the scheme's %(t)s.")
            % {"s": scoring.figure(scored), "t": scoring.figure(total)}
        )
    fields = {
        "name": str(data["name"])[:200],
        "period": str(data["period"]),
        "total_points": total,
        "grade_bands": bands,
        "description": str(data.get("description") or ""),
        "source": str(data.get("source") or ""),
    }
    return fields, items


def scheme_load(*, data: dict, region: Region, actor=None) -> AssessmentScheme:
    """Create or replace the scheme with this code in this region, items and all."""
    if actor is not None:
        require_perm(actor, "assessments.add_assessmentscheme")
        require_in_jurisdiction(actor, region)
    fields, items = scheme_validate(data)
    with transaction.atomic():
        scheme, _created = AssessmentScheme.objects.update_or_create(
            region=region, code=str(data["code"])[:64], defaults=fields
        )
        scheme.items.all().delete()
        for item in items:
            item.scheme = scheme
        bulk_create_with_history(items, SchemeItem, default_user=actor)
    return scheme


def scheme_load_file(*, path: Path = DEFAULT_SCHEME, region: Region, actor=None):
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationError(_("The scheme file is not valid YAML: %(e)s") % {"e": exc}) from None
    return scheme_load(data=data, region=region, actor=actor)
