"""Assessment schemes: read from YAML, checked, stored with their items."""

from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.assessments import scoring
from zhiliang.assessments.auto_items import AUTO_ITEMS, auto_choices
from zhiliang.assessments.choices import ItemKind, ScoringRule
from zhiliang.assessments.models import AssessmentScheme, SchemeItem
from zhiliang.assessments.rules import grade_bands, number
from zhiliang.core import yamldata
from zhiliang.core.guards import require_in_jurisdiction, require_perm
from zhiliang.core.models import Region
from zhiliang.indicators.models import Indicator

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SCHEME = DATA / "default_scheme.yaml"


def _item(order: int, raw: dict, indicators: dict[str, Indicator]) -> SchemeItem:
    """A YAML item as an unsaved SchemeItem: defaults filled in, the model's rules checked."""
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
        points=number(raw.get("points", 0), name) or Decimal(0),
        target=number(raw.get("target"), name),
        floor=number(raw.get("floor"), name),
        veto_grade=str(raw.get("veto_grade") or "").strip(),
        guidance=str(raw.get("guidance") or raw.get("source") or "").strip(),
        auto_rule=str(raw.get("auto") or "").strip(),
    )
    if item.auto_rule and item.auto_rule not in AUTO_ITEMS:
        raise ValidationError(
            _("%(i)s: unknown automatic check %(a)s (known: %(k)s).")
            % {"i": name, "a": item.auto_rule, "k": "、".join(auto_choices())}
        )
    if kind == ItemKind.INDICATOR or (kind == ItemKind.VETO and raw.get("indicator")):
        code = str(raw.get("indicator") or "")
        if code not in indicators:
            raise ValidationError(
                _("%(i)s: the catalogue has no indicator %(c)s.") % {"i": name, "c": code}
            )
        item.indicator = indicators[code]
    if kind == ItemKind.VETO:
        # A veto item gives a grade, not points: the file need not say so.
        item.points, item.rule = Decimal(0), ScoringRule.PASS_FAIL
    try:
        item.full_clean(exclude=["scheme"])
    except ValidationError as exc:
        raise ValidationError(f"{name}: {' '.join(exc.messages)}") from None
    return item


def scheme_validate(*, data: dict, instance: AssessmentScheme) -> None:
    """The rules across a scheme's items (`data["items"]`, saved or not): each veto item
    names one of the scheme's grades, and the items' points add up to the scheme's total."""
    grades = {band[0] for band in grade_bands(instance.grade_bands)}
    items = data["items"]
    for item in items:
        if item.kind == ItemKind.VETO and item.veto_grade not in grades:
            raise ValidationError(
                _("%(i)s: a veto item names the grade it gives, one of %(g)s.")
                % {"i": item.name, "g": "、".join(sorted(grades))}
            )
    scored = sum((i.points or 0 for i in items if i.kind != ItemKind.VETO), Decimal(0))
    if instance.total_points is not None and scored != instance.total_points:
        raise ValidationError(
            _("The items' points add up to %(s)s, not the scheme's %(t)s.")
            % {"s": scoring.figure(scored), "t": scoring.figure(instance.total_points)}
        )


def scheme_parse(data: dict) -> tuple[dict, list[SchemeItem]]:
    """Check a scheme as read from YAML; return its fields and unsaved items."""
    if not isinstance(data, dict):
        raise ValidationError(_("A scheme is a mapping with code, name, period and items."))
    for key in ("code", "name", "period", "items"):
        if not data.get(key):
            raise ValidationError(_("The scheme has no %(k)s.") % {"k": key})
    fields = {
        "name": str(data["name"])[:200],
        "period": str(data["period"]),
        "total_points": number(data.get("total_points", 100), "total_points"),
        "grade_bands": data.get("grade_bands") or [["A", 90], ["B", 80], ["C", 60], ["D", 0]],
        "description": str(data.get("description") or ""),
        "source": str(data.get("source") or ""),
    }
    scheme = AssessmentScheme(code=str(data["code"])[:64], **fields)
    try:
        # The scheme's own rules (period, grade bands); the region comes from the caller.
        scheme.full_clean(exclude=["region"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    fields["grade_bands"] = scheme.grade_bands
    codes = {str(i.get("indicator")) for i in data["items"] if i.get("indicator")}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    items = [_item(n, raw, indicators) for n, raw in enumerate(data["items"])]
    scheme_validate(data={"items": items}, instance=scheme)
    return fields, items


def scheme_load(*, data: dict, region: Region, actor=None) -> AssessmentScheme:
    """Create or replace the scheme with this code in this region, items and all."""
    if actor is not None:
        require_perm(actor, "assessments.add_assessmentscheme")
        require_in_jurisdiction(actor, region)
    fields, items = scheme_parse(data)
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
        data = yamldata.load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationError(_("The scheme file is not valid YAML: %(e)s") % {"e": exc}) from None
    return scheme_load(data=data, region=region, actor=actor)
