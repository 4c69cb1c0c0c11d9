"""Writes of risk monitoring: plans, test items, purchases and results.

Every write: the role, the guard (the jurisdiction of the record's region), the record's
rules (`Model.clean()`), the rules that need other rows (the validators here), history.
A result's verdict comes from its item's limits; a purchase fails when any of its results
does. A failed purchase becomes an item of risk information (source: risk monitoring) and
counts in the risk signals — never a credit record: only `purchase_open_case`, an officer's
explicit act, opens a case against the producer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zhiliang.core.guards import (
    require_managed,
    require_perm,
    require_referable,
    require_visible,
    save_in_jurisdiction,
)
from zhiliang.monitoring.choices import Verdict
from zhiliang.monitoring.models import Plan, Purchase, Result, TestItem


def _checked(record, data: dict, *, exclude=()) -> dict:
    for field, value in data.items():
        setattr(record, field, value)
    try:
        record.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        return dict(exc.error_dict)
    return {}


# -- plans and items -----------------------------------------------------------------------


def plan_validate(*, data: dict, instance=None, context=None) -> Plan:
    plan = instance or Plan()
    errors = _checked(plan, data, exclude=["region"])
    if plan.region_id is None:
        errors["region"] = [_("Give the plan's region.")]
    if errors:
        raise ValidationError(errors)
    return plan


def plan_create(*, actor, data: dict) -> Plan:
    require_perm(actor, "monitoring.add_plan")
    plan = plan_validate(data=data)
    return save_in_jurisdiction(actor, plan)


def plan_update(*, actor, plan: Plan, data: dict) -> Plan:
    require_perm(actor, "monitoring.change_plan")
    require_managed(actor, plan)
    plan = plan_validate(data=data, instance=plan)
    return save_in_jurisdiction(actor, plan)


def item_validate(*, data: dict, instance=None, context=None) -> TestItem:
    item = instance or TestItem()
    errors = _checked(item, data, exclude=["plan", "product"])
    if item.plan_id is None:
        errors["plan"] = [_("Give the plan.")]
    if item.product_id is None:
        errors["product"] = [_("Give the product of the catalogue.")]
    if not errors:
        same = TestItem.objects.filter(plan=item.plan, product=item.product, name=item.name)
        if same.exclude(pk=item.pk).exists():
            errors["name"] = [_("The plan already tests %(n)s on this product.") % {"n": item.name}]
    if errors:
        raise ValidationError(errors)
    return item


def item_create(*, actor, data: dict) -> TestItem:
    require_perm(actor, "monitoring.add_testitem")
    plan = data.get("plan")
    if plan is not None:
        require_managed(actor, plan)
    item = item_validate(data=data)
    return save_in_jurisdiction(actor, item, item.plan.region)


def item_update(*, actor, item: TestItem, data: dict) -> TestItem:
    require_perm(actor, "monitoring.change_testitem")
    require_managed(actor, item)
    if item.results.exists() and any(
        k in data and data[k] != getattr(item, k) for k in ("limit_min", "limit_max", "product")
    ):
        raise ValidationError(
            {"limit_max": [_("Results were judged against these limits; add a new item instead.")]}
        )
    item = item_validate(data=data, instance=item)
    return save_in_jurisdiction(actor, item, item.plan.region)


# -- purchases -----------------------------------------------------------------------------


def purchase_validate(*, data: dict, instance=None, context=None) -> Purchase:
    """The purchase's own rules; its product must be one the plan tests, its region inside
    the plan's, its number not taken."""
    purchase = instance or Purchase()
    errors = _checked(purchase, data, exclude=["plan", "product", "region", "enterprise"])
    for field, text in (
        ("plan", _("Give the plan.")),
        ("product", _("Give the product of the catalogue.")),
        ("region", _("Give the region it was bought in.")),
    ):
        if getattr(purchase, f"{field}_id") is None:
            errors[field] = [text]
    plan = purchase.plan if purchase.plan_id else None
    tested = plan is not None and purchase.product_id and "product" not in errors
    if tested and not plan.items.filter(product_id=purchase.product_id).exists():
        errors["product"] = [_("The plan has no test item for this product.")]
    if plan and purchase.region_id and not plan.region.contains(purchase.region):
        errors["region"] = [_("This region lies outside the plan's.")]
    others = Purchase.objects.filter(number=purchase.number).exclude(pk=purchase.pk)
    if purchase.number and "number" not in errors and others.exists():
        errors["number"] = [_("Sample %(n)s is already registered.") % {"n": purchase.number}]
    if errors:
        raise ValidationError(errors)
    return purchase


def _guard_references(actor, data: dict) -> None:
    if data.get("plan") is not None:
        require_visible(actor, data["plan"])
    require_referable(actor, data.get("enterprise"), "enterprise")


def purchase_create(*, actor, data: dict) -> Purchase:
    require_perm(actor, "monitoring.add_purchase")
    _guard_references(actor, data)
    purchase = purchase_validate(data=data)
    return save_in_jurisdiction(actor, purchase)


def purchase_update(*, actor, purchase: Purchase, data: dict) -> Purchase:
    require_perm(actor, "monitoring.change_purchase")
    require_visible(actor, purchase)
    _guard_references(actor, data)
    if purchase.results.exists() and any(
        k in data and data[k] != getattr(purchase, k) for k in ("plan", "product")
    ):
        raise ValidationError({"product": [_("The purchase has results; its product stays.")]})
    purchase = purchase_validate(data=data, instance=purchase)
    with transaction.atomic():
        save_in_jurisdiction(actor, purchase)
        Result.objects.filter(purchase=purchase).update(region=purchase.region)
    return purchase


# -- results -------------------------------------------------------------------------------


def result_validate(*, data: dict, instance=None, context=None) -> Result:
    """The result's own rules (its item of the purchase's plan and product, its dates) and
    one result per purchase and item. `context` may carry the importer's `taken`
    ({(purchase id, item id)}) and the results of the file before it (`seen`)."""
    context = context or {}
    result = instance or Result()
    errors = _checked(result, data, exclude=["purchase", "item", "region", "verdict"])
    if result.purchase_id is None:
        errors["purchase"] = [_("Give the sample number of the purchase.")]
    if result.item_id is None:
        errors["item"] = [_("Give the test item.")]
    if not errors:
        key = (result.purchase_id, result.item_id)
        taken = context.get("taken")
        if taken is not None:
            repeated = key in taken
        else:
            same = Result.objects.filter(purchase_id=key[0], item_id=key[1])
            repeated = same.exclude(pk=result.pk).exists()
        if repeated:
            errors["item"] = [
                _("%(i)s of sample %(n)s is already recorded.")
                % {"i": result.item.name, "n": result.purchase.number}
            ]
    if errors:
        raise ValidationError(errors)
    result.region_id = result.purchase.region_id
    result.verdict = Verdict.PASS if result.item.passes(result.value) else Verdict.FAIL
    return result


def result_create(*, actor, data: dict) -> Result:
    require_perm(actor, "monitoring.add_result")
    if data.get("purchase") is not None:
        require_visible(actor, data["purchase"])
    result = result_validate(data=data)
    with transaction.atomic():
        save_in_jurisdiction(actor, result, result.purchase.region)
        purchases_judge(purchase_ids=[result.purchase_id], actor=actor)
    return result


def results_bulk_create(*, actor, rows: list[dict], check_rights: bool = True) -> int:
    """Imported results (checked by `result_validate`), all or nothing: verdicts from the
    items' limits, the purchases judged again, failed ones into the risk information."""
    if check_rights:
        require_perm(actor, "monitoring.add_result")
    objs = [result_validate(data=row, context={"taken": set()}) for row in rows]
    with transaction.atomic():
        bulk_create_with_history(
            objs, Result, batch_size=2000, default_user=actor, default_change_reason="import"
        )
        purchases_judge(purchase_ids={r.purchase_id for r in objs}, actor=actor)
    return len(objs)


def purchases_judge(*, purchase_ids, actor=None) -> int:
    """Each purchase's verdict from its results (one grouped query): failed when any result
    is beyond a limit, passed when it has results and none is. Failed purchases are fed
    into the risk information. Returns the purchases whose verdict changed."""
    rows = (
        Purchase.objects.filter(pk__in=list(purchase_ids))
        .annotate(n=Count("results"), failed=Count("results", filter=Q(results__verdict="fail")))
        .only("pk", "verdict")
    )
    changed = []
    for purchase in rows:  # the purchases of one import
        verdict = (
            Verdict.FAIL if purchase.failed else Verdict.PASS if purchase.n else Verdict.PENDING
        )
        if purchase.verdict != verdict:
            purchase.verdict = verdict
            changed.append(purchase)
    if changed:
        bulk_update_with_history(
            changed, Purchase, ["verdict"], default_user=actor, default_change_reason="results"
        )
    risk_information_feed(purchase_ids=purchase_ids)
    return len(changed)


def risk_information_feed(*, purchase_ids=None) -> int:
    """One item of risk information per failed purchase (source: risk monitoring; its
    reference the sample number), with the hazard and the measured value of its first failed
    item. A purchase already fed is left alone. Returns the items added."""
    from zhiliang.risk.choices import SourceKind
    from zhiliang.risk.models import RiskInformation

    failed = Result.objects.filter(verdict=Verdict.FAIL).select_related("purchase", "item")
    if purchase_ids is not None:
        failed = failed.filter(purchase_id__in=list(purchase_ids))
    fed = set(
        RiskInformation.objects.filter(source_kind=SourceKind.MONITORING).values_list(
            "reference", flat=True
        )
    )
    items = {}
    for r in failed.order_by("purchase_id", "item__name"):  # failed results only
        p = r.purchase
        if p.number in fed or p.number in items:
            continue
        limit = _limit_words(r.item)
        items[p.number] = RiskInformation(
            source_kind=SourceKind.MONITORING,
            reference=p.number,
            product_id=p.product_id,
            hazard=r.item.hazard,
            region_id=p.region_id,
            enterprise_id=p.enterprise_id,
            occurred_on=p.bought_on,
            text=_(
                "Risk monitoring: %(sample)s (%(brand)s) bought at %(shop)s; %(item)s measured "
                "%(value)s %(unit)s against %(limit)s (%(standard)s)."
            )
            % {
                "sample": p.sample_name,
                "brand": p.brand or "—",
                "shop": p.shop,
                "item": r.item.name,
                "value": f"{r.value.normalize():f}",
                "unit": r.item.unit,
                "limit": limit,
                "standard": r.item.standard,
            },
        )
    if items:
        bulk_create_with_history(
            list(items.values()), RiskInformation, default_change_reason="risk monitoring"
        )
    return len(items)


def _limit_words(item: TestItem) -> str:
    low = None if item.limit_min is None else f"{item.limit_min.normalize():f}"
    high = None if item.limit_max is None else f"{item.limit_max.normalize():f}"
    if low and high:
        return _("%(a)s to %(b)s") % {"a": low, "b": high}
    return f"≥ {low}" if low else f"≤ {high}"


# -- a case, explicitly --------------------------------------------------------------------


def purchase_open_case(*, actor, purchase: Purchase, data: dict):
    """Open a supervised case (挂牌督办) against the producer of a failed purchase: the
    only way a monitoring result reaches the enforcement and credit records. `data`:
    number, office, due_on (and optionally description)."""
    from zhiliang.cases.services import supervised_list

    require_perm(actor, "monitoring.change_purchase")
    require_visible(actor, purchase)
    if purchase.verdict != Verdict.FAIL:
        raise ValidationError(_("Only a purchase beyond a limit can lead to a case."))
    if purchase.enterprise_id is None:
        raise ValidationError(_("The producer is not known: name it on the purchase first."))
    if purchase.case_id is not None:
        raise ValidationError(_("A case was already opened on this purchase."))
    failed = purchase.results.filter(verdict=Verdict.FAIL).select_related("item")
    violation = "；".join(f"{r.item.name} {r.value.normalize():f}{r.item.unit}" for r in failed)
    with transaction.atomic():
        case = supervised_list(
            actor=actor,
            data={
                "number": data["number"],
                "title": _("Risk monitoring: %(s)s beyond a limit") % {"s": purchase.sample_name},
                "enterprise": purchase.enterprise,
                "product": purchase.product,
                "violation": violation[:255],
                "office": data["office"],
                "opened_at": data.get("opened_at") or timezone.now(),
                "due_on": data["due_on"],
                "description": data.get("description", ""),
            },
        )
        purchase.case = case
        purchase._history_user = actor
        purchase.save(update_fields=["case", "updated_at"])
    return case
