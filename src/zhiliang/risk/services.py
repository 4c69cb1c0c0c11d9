"""Writes of the risk app: the risk-information registry (role check, guard, rules,
history), the feed of failed samples, and the signals computed by the daily job."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_perm,
    require_referable,
    require_visible,
    save_in_jurisdiction,
)
from zhiliang.risk.choices import SourceKind
from zhiliang.risk.models import RiskInformation

_LOOKED_UP = ["region", "product", "enterprise", "sample"]


def risk_information_validate(*, data: dict, instance=None, context=None) -> RiskInformation:
    """`instance` (or a new item) with `data` applied and checked: its own rules and its
    reference not taken for its source. The importer passes `taken_references`."""
    context = context or {}
    item = instance or RiskInformation()
    data = dict(data)
    if data.get("enterprise") is not None and data.get("region") is None:
        data["region"] = data["enterprise"].region
    for field, value in data.items():
        setattr(item, field, value)
    errors = {}
    try:
        item.full_clean(exclude=_LOOKED_UP, validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    if item.region_id is None and "region" not in errors:
        errors["region"] = [_("Give the region, or the enterprise.")]
    if item.product_id is None and "product" not in errors:
        errors["product"] = [_("Give the product of the catalogue.")]
    if item.reference and "reference" not in errors and _reference_taken(item, context):
        errors["reference"] = [
            _("An item with reference %(r)s is already registered for this source.")
            % {"r": item.reference}
        ]
    if errors:
        raise ValidationError(errors)
    return item


def _reference_taken(item, context) -> bool:
    taken = context.get("taken_references")
    if taken is not None:
        return (item.source_kind, item.reference) in taken
    return (
        RiskInformation.objects.filter(source_kind=item.source_kind, reference=item.reference)
        .exclude(pk=item.pk)
        .exists()
    )


def _guard(actor, data: dict) -> None:
    require_referable(actor, data.get("enterprise"), "enterprise")


def risk_information_create(*, actor, data: dict) -> RiskInformation:
    require_perm(actor, "risk.add_riskinformation")
    _guard(actor, data)
    if data.get("source_kind") == SourceKind.SAMPLING:
        raise ValidationError(
            {"source_kind": [_("Sampling results come in from the samples by themselves.")]}
        )
    return save_in_jurisdiction(actor, risk_information_validate(data=data))


def risk_information_update(*, actor, item: RiskInformation, data: dict) -> RiskInformation:
    require_perm(actor, "risk.change_riskinformation")
    require_visible(actor, item)
    _guard(actor, data)
    if item.sample_id is not None:
        raise ValidationError(
            _("An item fed from a sample follows the sample; correct the sample.")
        )
    return save_in_jurisdiction(actor, risk_information_validate(data=data, instance=item))


def risk_information_delete(*, actor, item: RiskInformation) -> None:
    require_perm(actor, "risk.delete_riskinformation")
    require_visible(actor, item)
    item._history_user = actor
    item.delete()


def risk_information_bulk_create(*, actor, rows: list[dict]) -> int:
    """Imported items (checked by `risk_information_validate`) with their history, all or
    nothing. Rows name related records by id."""
    require_perm(actor, "risk.add_riskinformation")
    objs = [RiskInformation(**row) for row in rows]
    with transaction.atomic():
        bulk_create_with_history(
            objs,
            RiskInformation,
            batch_size=2000,
            default_user=actor,
            default_change_reason="import",
        )
    return len(objs)


def risk_information_feed_sampling(*, since: date | None = None) -> int:
    """One item per failed supervision sample not yet fed (set-based: one read of the
    missing samples, bulk inserts with their history). Returns how many were added."""
    from zhiliang.inspections.choices import Verdict
    from zhiliang.inspections.models import Sample

    failed = Sample.objects.filter(verdict=Verdict.FAIL).exclude(
        pk__in=RiskInformation.objects.filter(sample__isnull=False).values("sample_id")
    )
    if since is not None:
        failed = failed.filter(sampled_on__gte=since)
    added = 0
    rows = failed.order_by("pk").values_list(
        "pk", "product_id", "region_id", "enterprise_id", "sampled_on", "sample_number"
    )
    batch = []
    with transaction.atomic():
        for pk, product, region, enterprise, day, number in rows.iterator(chunk_size=5000):
            batch.append(
                RiskInformation(
                    source_kind=SourceKind.SAMPLING,
                    reference=number,
                    product_id=product,
                    hazard="quality",
                    region_id=region,
                    enterprise_id=enterprise,
                    occurred_on=day,
                    sample_id=pk,
                )
            )
            if len(batch) == 5000:
                added += _bulk(batch)
                batch = []
        added += _bulk(batch)
    return added


def _bulk(batch) -> int:
    if batch:
        bulk_create_with_history(
            batch, RiskInformation, batch_size=2000, default_change_reason="sampling"
        )
    return len(batch)


def risk_information_feed_accidents(*, since: date | None = None, ids=None) -> int:
    """Accidents as risk information (source "accident"), one item per accident with a
    product of the catalogue, referenced by its case number: new accidents added, changed
    ones (product, region, enterprise, date, text) brought up to date. Set-based: the
    accidents read in chunks with their items, bulk inserts and updates with history.
    The daily job runs it over all accidents; the case service runs it for one at once.
    Returns how many items were added or changed."""
    from simple_history.utils import bulk_update_with_history

    from zhiliang.cases.selectors import accidents_for_risk

    rows = accidents_for_risk(since=since).filter(product__isnull=False).order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    fields = ("product", "region", "enterprise", "occurred_on", "text", "updated_at")
    touched = 0
    chunk = []
    with transaction.atomic():
        for row in rows.iterator(chunk_size=5000):
            chunk.append(row)
            if len(chunk) == 5000:
                touched += _feed_accident_chunk(chunk, fields, bulk_update_with_history)
                chunk = []
        touched += _feed_accident_chunk(chunk, fields, bulk_update_with_history)
    return touched


def _feed_accident_chunk(rows, fields, bulk_update) -> int:
    from django.utils import timezone

    if not rows:
        return 0
    items = RiskInformation.objects.filter(
        source_kind=SourceKind.ACCIDENT, reference__in=[r["number"] for r in rows]
    )
    known = {item.reference: item for item in items}
    new, changed = [], []
    for row in rows:
        values = {
            "product_id": row["product_id"],
            "region_id": row["region_id"],
            "enterprise_id": row["enterprise_id"],
            "occurred_on": timezone.localtime(row["opened_at"]).date(),
            "text": row["title"],
        }
        item = known.get(row["number"])
        if item is None:
            # The hazard of an accident is known once it is investigated: "to be determined".
            new.append(
                RiskInformation(
                    source_kind=SourceKind.ACCIDENT,
                    reference=row["number"],
                    hazard="quality",
                    **values,
                )
            )
        elif any(getattr(item, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(item, field, value)
            item.updated_at = timezone.now()  # a bulk update skips auto_now
            changed.append(item)
    if new:
        bulk_create_with_history(
            new, RiskInformation, batch_size=2000, default_change_reason="accident"
        )
    if changed:
        bulk_update(
            changed,
            RiskInformation,
            list(fields),
            batch_size=2000,
            default_change_reason="accident",
        )
    return len(new) + len(changed)
