"""Samples (样品) and their test items: recording, correcting and publishing a result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import (
    NOT_FOUND,
    referable,
    require_in_jurisdiction,
    require_perm,
    require_referable,
    require_visible,
)
from zhiliang.core.models import Organization
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.infrastructure.services.laboratories import laboratory_refusal
from zhiliang.inspections import selectors
from zhiliang.inspections.choices import PlanStatus, Verdict
from zhiliang.inspections.models import DrawPick, FollowUp, Sample, SamplingPlan, TestItem
from zhiliang.inspections.services._common import _date, _int, _save

SAMPLE_FIELDS = (
    "sample_number",
    "brand",
    "model",
    "batch",
    "sampled_on",
    "place",
    "test_units",
    "backup_units",
    "laboratory",
    "tested_on",
    "verdict",
)
ITEM_FIELDS = (
    "item", "standard", "clause", "requirement", "measured_value", "unit", "verdict",
)  # fmt: skip


def overall_verdict(item_verdicts: list[str]) -> str:
    """Any failed item fails the sample; all passed pass it; otherwise it is pending."""
    if any(v == Verdict.FAIL for v in item_verdicts):
        return Verdict.FAIL
    if item_verdicts and all(v == Verdict.PASS for v in item_verdicts):
        return Verdict.PASS
    return Verdict.PENDING


def _clean_items(items: list[dict]) -> list[TestItem]:
    if len(items) > TEST_ITEMS_MAX:
        raise ValidationError(
            _("A sample has at most %(n)s test items.") % {"n": f"{TEST_ITEMS_MAX:,}"}
        )
    out = []
    for n, raw in enumerate(items, start=1):
        unknown = sorted(set(raw) - set(ITEM_FIELDS) - {"order"})
        if unknown:
            raise ValidationError(_("Unknown test item fields: %(f)s.") % {"f": ", ".join(unknown)})
        item = TestItem(**{k: raw[k] for k in ITEM_FIELDS if k in raw})
        item.item = (item.item or "").strip()
        if not item.item:
            raise ValidationError(_("Test item %(n)s has no name.") % {"n": n})
        if item.verdict not in Verdict.values:
            raise ValidationError(
                _("Test item %(n)s: unknown verdict %(v)s.") % {"n": n, "v": item.verdict}
            )
        item.order = raw.get("order", n)
        out.append(item)
    return out


def _verdict_label(value: str) -> str:
    return str(Verdict(value).label) if value in Verdict.values else value


def _check_verdict(sample: Sample, items: list[TestItem], given: str | None) -> None:
    derived = overall_verdict([i.verdict for i in items])
    if items:
        if given and given != derived:
            raise ValidationError(
                {
                    "verdict": _(
                        "The verdict %(g)s disagrees with the test items, which give %(d)s "
                        "(any failed item fails the sample)."
                    )
                    % {"g": _verdict_label(given), "d": _verdict_label(derived)}
                }
            )
        sample.verdict = derived
    elif given:
        if given not in Verdict.values:
            raise ValidationError({"verdict": _("Unknown verdict %(v)s.") % {"v": given}})
        if given != Verdict.PENDING:
            raise ValidationError({"verdict": _("A verdict needs the test items behind it.")})
        sample.verdict = given


def _sample_number(plan: SamplingPlan) -> str:
    prefix = f"CJ{plan.year}-{plan.pk:04d}-"
    n = Sample.objects.filter(plan=plan).count() + 1
    while Sample.objects.filter(sample_number=f"{prefix}{n:05d}").exists():
        n += 1
    return f"{prefix}{n:05d}"


LABORATORY_KINDS = (OrganizationKind.INSPECTION_BODY,)
# A sample's test items (检验项目): a full product standard has a few dozen; far more is an error.
TEST_ITEMS_MAX = 200


def _laboratories(actor):
    return referable(Organization, actor, LABORATORY_KINDS)


def _sample_apply(sample: Sample, actor, data: dict, items: list[dict] | None) -> Sample:
    unknown = sorted(set(data) - set(SAMPLE_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    fields = {}
    for key, value in data.items():
        if key in ("sampled_on", "tested_on") and value not in (None, ""):
            value = _date(value, key)
        elif key in ("test_units", "backup_units"):
            value = _int(value, key)
        elif key == "laboratory" and value is not None:
            if getattr(value, "pk", value) == sample.laboratory_id and sample.pk:
                # The laboratory it has stays, even one the editor may no longer name (of
                # another region, or no longer an inspection body); only a new one is checked.
                continue
            if not isinstance(value, Organization):
                value = _laboratories(actor).filter(pk=value).first()
                if value is None:
                    raise ValidationError({"laboratory": NOT_FOUND})
            require_referable(actor, value, "laboratory", kinds=LABORATORY_KINDS)
        fields[key] = value
    if fields.get("laboratory") is not None:
        # A newly named laboratory is a registered body qualified on the sampling date.
        day = fields.get("sampled_on") or sample.sampled_on
        refusal = laboratory_refusal(fields["laboratory"], day)
        if refusal:
            raise ValidationError({"laboratory": refusal})
    new_items = _clean_items(items) if items is not None else None
    sample_validate(data=fields, instance=sample, test_items=new_items)
    sample._history_user = actor
    sample.save()
    if new_items is not None:
        for old in sample.test_items.all():
            old._history_user = actor
            old.delete()
        for item in new_items:
            item.sample = sample
            _save(item, actor)
    return sample


def sample_validate(
    *, data: dict, instance: Sample, test_items: list[TestItem] | None = None, context=None
) -> Sample:
    """`instance` with `data` (converted already) applied, checked: its own rules
    (`Sample.clean()`), then those that need other rows: the verdict against the test items
    (`test_items`, or else the stored ones), which it follows, and the sample number not
    taken (one is given when empty). `context` may carry the importer's `taken` numbers."""
    sample, data = instance, dict(data)
    given = data.pop("verdict", None)
    for key, value in data.items():
        setattr(sample, key, value)
    if not sample.sample_number:
        sample.sample_number = _sample_number(sample.plan)
    # The number is checked below (with the importer's look-up), the related records were
    # looked up by the callers.
    sample.full_clean(validate_unique=False)
    current = (
        test_items if test_items is not None else list(sample.test_items.all()) if sample.pk else []
    )
    _check_verdict(sample, current, given)
    taken = (context or {}).get("taken")
    if (
        sample.sample_number in taken
        if taken is not None
        else Sample.objects.filter(sample_number=sample.sample_number)
        .exclude(pk=sample.pk)
        .exists()
    ):
        raise ValidationError({"sample_number": _("This sample number is taken.")})
    return sample


def sample_pick_for(*, plan: SamplingPlan, enterprise: Enterprise) -> DrawPick | None:
    """The pick of a published draw of the plan that drew this enterprise (the latest
    draw's, if several did), or None for a sample taken outside the draw."""
    return (
        DrawPick.objects.filter(
            draw__plan=plan, draw__published_at__isnull=False, enterprise=enterprise
        )
        .order_by("-draw__published_at")
        .first()
    )


# The two rules below are the only ones: the services enforce them, the pages show or hide
# their buttons by them.


def sample_edit_refusal(sample: Sample) -> str | None:
    """Why the sample's data and result may not change any more, or None if they may."""
    if sample.published_at is not None:
        return _("This result is published and cannot change.")
    if FollowUp.objects.filter(sample_id=sample.pk).exists():
        return _("The follow-up has started; the result cannot change.")
    return None


def sample_publish_refusal(sample: Sample) -> str | None:
    """Why the sample's result may not be published, or None if it may."""
    if sample.published_at is not None:
        return _("This result is published already.")
    if sample.verdict == Verdict.PENDING:
        return _("A pending result cannot be published.")
    return None


@transaction.atomic
def sample_record(
    *,
    actor,
    plan: SamplingPlan,
    enterprise: Enterprise,
    product: Product,
    data: dict,
    test_items: list[dict] | None = None,
    pick: DrawPick | None = None,
) -> Sample:
    """Record a sample (and its test items, if known). A sample of a drawn enterprise is
    linked to its pick, which must belong to a published draw of the plan: the one given, or
    else the one `sample_pick_for` finds (pages, API and importer alike)."""
    require_perm(actor, "inspections.add_sample")
    if not selectors.plans_open_to(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("This plan is not yours to sample for."))
    require_in_jurisdiction(actor, enterprise.region)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("This plan is closed."))
    if product.parent_id is None:
        raise ValidationError({"product": _("Name the product, not its category.")})
    if not plan.region.contains(enterprise.region):
        raise ValidationError(
            {"enterprise": _("The enterprise lies outside the plan's jurisdiction.")}
        )
    if pick is None:
        pick = sample_pick_for(plan=plan, enterprise=enterprise)
    else:
        require_referable(actor, pick, "pick")
        if pick.draw.plan_id != plan.pk or pick.draw.published_at is None:
            raise ValidationError({"pick": _("The pick is not of a published draw of this plan.")})
        if pick.enterprise_id != enterprise.pk:
            raise ValidationError({"pick": _("The pick drew another enterprise.")})
    sample = Sample(
        plan=plan,
        pick=pick,
        enterprise=enterprise,
        region=enterprise.region,
        product=product,
        created_by=actor,
    )
    return _sample_apply(sample, actor, dict(data), test_items)


@transaction.atomic
def sample_update(
    *, actor, sample: Sample, data: dict, test_items: list[dict] | None = None
) -> Sample:
    require_perm(actor, "inspections.change_sample")
    require_visible(actor, sample)
    refusal = sample_edit_refusal(Sample.objects.get(pk=sample.pk))
    if refusal:
        raise ValidationError(refusal)
    return _sample_apply(sample, actor, dict(data), test_items)


@transaction.atomic
def sample_publish(*, actor, sample: Sample) -> Sample:
    require_perm(actor, "inspections.publish_sample")
    require_visible(actor, sample)
    refusal = sample_publish_refusal(sample)
    if refusal:
        raise ValidationError(refusal)
    sample.published_at = timezone.now()
    sample._history_user = actor
    sample.save(update_fields=["published_at", "updated_at"])
    return sample
