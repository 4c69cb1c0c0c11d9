"""Writes of the assessments app: schemes from YAML, target links, runs, decisions, publishing."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.assessments import scoring
from zhiliang.assessments.choices import ItemKind, ResultStatus, ScoringRule, SubjectKind
from zhiliang.assessments.models import (
    AssessmentResult,
    AssessmentScheme,
    ItemEvidence,
    ItemScore,
    ResultEntry,
    SchemeItem,
    TargetLink,
)
from zhiliang.core.choices import OrganizationKind
from zhiliang.core.models import Organization, Region
from zhiliang.indicators import periods
from zhiliang.indicators.choices import Direction
from zhiliang.indicators.models import Indicator, IndicatorValue
from zhiliang.plans.models import Target
from zhiliang.plans.services import evidence_check, target_set_indicator

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SCHEME = DATA / "default_scheme.yaml"


def _require_visible(actor, model, obj) -> None:
    if not model.objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied


def _require_managed(actor, model, obj) -> None:
    # A district sees the city's published ranking but changes only its own results.
    if not model.objects.managed_by(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied


def _check_scope(actor, region: Region) -> None:
    scope = actor.jurisdiction
    if scope is None or not region.code.startswith(scope.code):
        raise PermissionDenied(_("This region lies outside your jurisdiction."))


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


# -- schemes --------------------------------------------------------------------------------


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
    if actor is not None and not actor.has_perm("assessments.add_assessmentscheme"):
        raise PermissionDenied
    if actor is not None:
        _check_scope(actor, region)
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


# -- target links ------------------------------------------------------------------------------


def targetlink_set(*, actor, target: Target, indicator: Indicator, suggested: bool = False):
    """Confirm the indicator a target is measured by (a new link or a changed one)."""
    existing = TargetLink.objects.filter(target=target).first()
    needed = "assessments.change_targetlink" if existing else "assessments.add_targetlink"
    if not actor.has_perm(needed):
        raise PermissionDenied
    _require_visible(actor, Target, target)
    if not indicator.active:
        raise ValidationError(_("The indicator %(c)s is not active.") % {"c": indicator.code})
    with transaction.atomic():
        link = existing or TargetLink(target=target)
        link.indicator, link.suggested, link.confirmed_by = indicator, suggested, actor
        link._history_user = actor
        link.save()
        # The plan's own field says the same, for the plans API and board.
        if actor.has_perm("plans.change_target") and target.indicator_code != indicator.code:
            target_set_indicator(actor=actor, target=target, indicator_code=indicator.code)
    return link


# -- results -----------------------------------------------------------------------------------


def subjects_of(*, region: Region, subject_kind: str) -> list:
    if subject_kind == SubjectKind.REGION:
        return list(Region.objects.filter(parent=region).order_by("code"))
    return list(
        Organization.objects.filter(
            region=region, is_active=True, kind=OrganizationKind.DEPARTMENT
        ).order_by("name")
    )


def _snapshot(scheme: AssessmentScheme, items: list[SchemeItem]) -> dict:
    return {
        "code": scheme.code,
        "name": scheme.name,
        "total_points": str(scheme.total_points),
        "grade_bands": scheme.grade_bands,
        "items": [
            {
                "name": i.name,
                "kind": i.kind,
                "indicator": i.indicator.code if i.indicator else "",
                "direction": i.indicator.direction if i.indicator else "",
                "points": str(i.points),
                "rule": i.rule,
                "target": None if i.target is None else str(i.target),
                "floor": None if i.floor is None else str(i.floor),
                "veto_grade": i.veto_grade,
            }
            for i in items
        ],
    }


def result_run(
    *, actor, scheme: AssessmentScheme, region: Region, subject_kind: str, period: str = ""
) -> AssessmentResult:
    """Score every region below `region` (or its departments) on the scheme: a new version.

    Indicator items read the period's values in one query and keep them on the scores.
    Manual checks wait for a decision; veto items start as not applied.
    """
    if not actor.has_perm("assessments.add_assessmentresult"):
        raise PermissionDenied
    _require_visible(actor, AssessmentScheme, scheme)
    _check_scope(actor, region)
    if not region.code.startswith(scheme.region.code):
        raise ValidationError(_("The scheme applies to %(r)s and below.") % {"r": scheme.region})
    if subject_kind not in SubjectKind.values:
        raise ValidationError(_("Choose regions or departments."))
    period = (period or scheme.period).strip()
    try:
        periods.parse(period)
    except periods.PeriodError as exc:
        raise ValidationError(str(exc)) from None
    subjects = subjects_of(region=region, subject_kind=subject_kind)
    if not subjects:
        raise ValidationError(_("%(r)s has nothing of that kind to assess.") % {"r": region})
    items = list(scheme.items.select_related("indicator"))
    if not items:
        raise ValidationError(_("The scheme has no items."))
    with transaction.atomic():
        # Lock the scheme row so that two runs cannot take the same version number.
        AssessmentScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        version = (
            AssessmentResult.objects.filter(
                scheme=scheme, region=region, subject_kind=subject_kind, period=period
            ).aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        result = AssessmentResult(
            scheme=scheme,
            region=region,
            subject_kind=subject_kind,
            period=period,
            version=version,
            scheme_snapshot=_snapshot(scheme, items),
            run_by=actor,
        )
        result._history_user = actor
        result.save()
        entries = [
            ResultEntry(
                result=result,
                region=s if subject_kind == SubjectKind.REGION else None,
                organization=s if subject_kind == SubjectKind.ORGANIZATION else None,
                name=s.name,
            )
            for s in subjects
        ]
        entries = bulk_create_with_history(entries, ResultEntry, default_user=actor)
        entry_region = {
            e.pk: (e.region_id if e.region_id else e.organization.region_id) for e in entries
        }
        values = _values(items, set(entry_region.values()), period)
        scores = [
            _score(entry, item, values.get((item.indicator_id, entry_region[entry.pk])), period)
            for entry in entries
            for item in items
        ]
        bulk_create_with_history(scores, ItemScore, default_user=actor)
        result_recompute(result=result)
    return result


def _values(items, region_ids: set[int], period: str) -> dict:
    indicator_ids = [i.indicator_id for i in items if i.indicator_id]
    rows = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, region_id__in=region_ids, period=period
    ).values("indicator_id", "region_id", "value", "numerator", "denominator")
    return {(r["indicator_id"], r["region_id"]): r for r in rows}


def _score(entry: ResultEntry, item: SchemeItem, row: dict | None, period: str) -> ItemScore:
    score = ItemScore(
        entry=entry,
        item=item,
        order=item.order,
        name=item.name,
        kind=item.kind,
        indicator_code=item.indicator.code if item.indicator else "",
        unit=item.indicator.unit if item.indicator else "",
        points=item.points,
        veto_grade=item.veto_grade,
    )
    if item.kind == ItemKind.VETO:
        # Applies when its indicator (e.g. major incidents) misses the threshold; office
        # staff confirm or lift it with evidence before publishing.
        score.passed = False
        if item.indicator_id and row is not None and row["value"] is not None:
            score.value, score.value_period = row["value"], period
            lower = item.indicator.direction == Direction.LOWER
            if not scoring.reaches(row["value"], item.target, lower_is_better=lower):
                score.passed = True
                score.note = _("%(i)s: %(v)s in %(p)s") % {
                    "i": item.indicator.name,
                    "v": scoring.figure(row["value"], item.indicator.unit),
                    "p": period,
                }
    elif item.kind == ItemKind.INDICATOR:
        if row is None or row["value"] is None:
            score.note = _("no value for %(p)s") % {"p": period}
        else:
            score.value, score.value_period = row["value"], period
            score.numerator, score.denominator = row["numerator"], row["denominator"]
        score.score = scoring.item_score(
            rule=item.rule,
            points=item.points,
            value=score.value,
            target=item.target,
            floor=item.floor,
            lower_is_better=item.indicator.direction == Direction.LOWER,
        )
    return score


def result_recompute(*, result: AssessmentResult) -> None:
    """Totals from the item scores (one grouped query), then grades and ranks."""
    sums = {
        r["entry_id"]: r
        for r in ItemScore.objects.filter(entry__result=result)
        .values("entry_id")
        .annotate(
            total=Sum("score", filter=~Q(kind=ItemKind.VETO)),
            vetoes=Count("id", filter=Q(kind=ItemKind.VETO, passed=True)),
            veto_grade=Max("veto_grade", filter=Q(kind=ItemKind.VETO, passed=True)),
        )
    }
    entries = list(result.entries.all())
    bands = result.scheme_snapshot.get("grade_bands") or result.scheme.grade_bands
    for entry in entries:
        row = sums.get(entry.pk, {})
        entry.total = scoring.quantize(row.get("total") or 0)
        entry.vetoed = bool(row.get("vetoes"))
        entry.grade = scoring.grade_for(
            entry.total, bands, veto_grade=row.get("veto_grade") if entry.vetoed else None
        )
    standing = scoring.ranks([(e.pk, e.total, e.vetoed) for e in entries])
    for entry in entries:
        entry.rank = standing[entry.pk]
    bulk_update_with_history(
        entries, ResultEntry, ["total", "vetoed", "grade", "rank"], batch_size=500
    )


def _require_draft(result: AssessmentResult) -> None:
    if result.is_frozen:
        raise ValidationError(
            _("This result is published and frozen; run the scheme again for a new version.")
        )


def itemscore_decide(
    *, actor, score: ItemScore, passed: bool, note: str = "", files=()
) -> ItemScore:
    """Office staff decide a manual check (passed?) or a veto item (applies?) with evidence."""
    if not actor.has_perm("assessments.add_assessmentresult"):
        raise PermissionDenied
    _require_managed(actor, ItemScore, score)
    result = AssessmentResult.objects.get(pk=score.entry.result_id)
    _require_draft(result)
    if score.kind == ItemKind.INDICATOR:
        raise ValidationError(_("Indicator items are scored from the indicator values."))
    if passed is None:
        raise ValidationError(_("Say whether the check passed (or the veto applies)."))
    note = (note or "").strip()
    if score.kind == ItemKind.VETO and passed and not note:
        raise ValidationError(_("Describe the incident that applies the veto."))
    with transaction.atomic():
        score.passed, score.note, score.decided_by = bool(passed), note, actor
        if score.kind == ItemKind.MANUAL:
            score.score = scoring.item_score(
                rule=ScoringRule.PASS_FAIL, points=score.points, passed=score.passed
            )
        score._history_user = actor
        score.save()
        for upload in files:
            evidence_add(actor=actor, score=score, upload=upload)
        result_recompute(result=result)
    return score


def evidence_add(*, actor, score: ItemScore, upload) -> ItemEvidence:
    if not actor.has_perm("assessments.add_assessmentresult"):
        raise PermissionDenied
    _require_managed(actor, ItemScore, score)
    _require_draft(score.entry.result)
    kind, sha = evidence_check(upload)
    evidence = ItemEvidence(
        score=score,
        original_name=(upload.name or f"evidence.{kind}")[:255],
        kind=kind,
        size=upload.size,
        sha256=sha,
        uploaded_by=actor,
    )
    evidence.file.save(f"{sha[:16]}.{kind}", upload, save=False)
    evidence._history_user = actor
    evidence.save()
    return evidence


def result_publish(*, actor, result: AssessmentResult) -> AssessmentResult:
    """Freeze a draft for viewers; an earlier published version of it is superseded."""
    if not actor.has_perm("assessments.publish_assessmentresult"):
        raise PermissionDenied
    _require_managed(actor, AssessmentResult, result)
    _require_draft(result)
    open_checks = ItemScore.objects.filter(
        entry__result=result, kind=ItemKind.MANUAL, passed__isnull=True
    ).count()
    if open_checks:
        raise ValidationError(
            _("%(n)d manual checks are not decided yet; decide them before publishing.")
            % {"n": open_checks}
        )
    with transaction.atomic():
        earlier = AssessmentResult.objects.filter(
            scheme=result.scheme_id,
            region=result.region_id,
            subject_kind=result.subject_kind,
            period=result.period,
            status=ResultStatus.PUBLISHED,
        )
        for old in earlier:
            old.status = ResultStatus.SUPERSEDED
            old._history_user = actor
            old.save(update_fields=["status"])
        result.status = ResultStatus.PUBLISHED
        result.published_by, result.published_at = actor, timezone.now()
        result._history_user = actor
        result.save()
    return result
